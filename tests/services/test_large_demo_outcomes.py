"""The large demo's outcomes records keep the services' rules, and its rates look like a lab's."""

from datetime import date

from sqlalchemy import select

from bench_app.domain.outcomes import Answer, OutcomeValues, PregnancyTest, outcome_errors, workup_errors
from bench_app.persistence.models import Cycle, CycleOutcome, MaleWorkup
from bench_app.services.demo.large import LargeScale, build_large
from bench_app.services.demo.people import demo_people
from tests.services.test_outcome_summaries import assert_summaries_match


def test_bulk_outcomes_follow_the_rules(services):
    team = demo_people(services)
    users = {u.username: u.id for u in services.users.list_users(team.admin)}
    today = date(2026, 11, 20)
    counts = build_large(services.db, users=users, today=today, chunk=100,
                         scale=LargeScale(couples=300, tanks=1, canisters=4, canes=6, positions=60))
    assert counts["male_workups"] > 250 and counts["cycle_outcomes"] > 400
    assert services.audit.verify().ok
    with services.db.read() as s:
        for w in s.execute(select(MaleWorkup)).scalars():
            values = {c: getattr(w, c) for c in ("hormones_on", "fsh_iu_l", "lh_iu_l", "testosterone_nmol_l",
                                                 "estradiol_pmol_l", "volumes_on", "volume_left_ml", "volume_right_ml",
                                                 "karyotype", "y_microdeletion", "histology", "histology_on",
                                                 "cryptorchidism", "chemo_radiation", "steroid_use", "varicocele")}
            assert workup_errors(values, today) == {}, values
        for o, start in s.execute(select(CycleOutcome, Cycle.start_date).join(Cycle, Cycle.id == CycleOutcome.cycle_id)):
            v = OutcomeValues(Answer(o.transfer), o.transfer_on, PregnancyTest(o.pregnancy_test), o.pregnancy_test_on,
                              Answer(o.clinical_pregnancy), o.clinical_pregnancy_on, Answer(o.live_birth),
                              o.live_birth_on)
            assert outcome_errors(v, start, today) == {}, v
    assert_summaries_match(services)  # the bulk rows bypass the services: their summaries are rebuilt after
    report = services.outcomes.report(team.supervisor, start=date(2000, 1, 1), end=today,
                                      by=("procedure_type", "diagnosis", "attempt"), indicators=["srr_procedure"])
    rates = {tuple(v for _, v in x.stratum): x for x in report.values}
    oa = [x for k, x in rates.items() if k[1] == "OA"]
    assert sum(x.numerator for x in oa) / sum(x.denominator for x in oa) > 0.85
    first = rates[("micro-TESE", "NOA", "first")]
    assert 0.35 < first.rate < 0.7, first
