"""The outcomes summaries equal a recomputation from the raw records after every writing path.

Each service that changes a record the figures read (a procedure created, a finding recorded or
corrected, an OPU and its maturities, an ICSI dish started with fresh or thawed sperm, an injection,
a fertilization check, a cycle outcome recorded or corrected) keeps the procedure, dish and OPU
summaries in the same transaction. After each step here the summary tables are read back and
compared with the rows their raw-record definitions give, and the figures summed from the
summaries with the same figures summed from the raw records.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import func, select

from bench_app.domain.enums import CycleType
from bench_app.persistence import outcome_summaries as summaries
from bench_app.persistence.models import DishOutcomeSummary, OpuOutcomeSummary, ProcedureOutcomeSummary
from bench_app.services import outcomes_queries as q
from tests.services import cryo_fixtures as cf
from tests.services.outcomes_fixtures import couple_with_cycle, retrieval
from tests.services.retrieval_fixtures import eli_witness

WINDOW = q.Window(date(2025, 1, 1), date(2025, 12, 31))


def t(month: int, day: int, hour: int = 8, minute: int = 0) -> datetime:
    return datetime(2025, month, day, hour, minute, tzinfo=timezone.utc)


def _rows(s, stmt) -> list[tuple]:
    return sorted(tuple(r) for r in s.execute(stmt))


def raw_sums(s, family: str, by: tuple[str, ...]) -> list[q.StratumSums]:
    """The family's sums from its raw-record builder (the one that lists a figure's records)."""
    fam = q.FAMILIES[family]
    facts = fam.build(WINDOW, q.StrataBuilder(WINDOW, by)).subquery()
    dims = [facts.c[f"dim_{d}"] for d in by]
    stmt = select(*dims, *(func.coalesce(func.sum(facts.c[n]), 0) for n in fam.sums)).group_by(*dims)
    return sorted((tuple((d, str(v)) for d, v in zip(by, row[:len(by)])),
                   tuple(int(v) for v in row[len(by):])) for row in s.execute(stmt, q.window_params(WINDOW, by)))


def assert_summaries_match(services) -> dict[str, list[tuple]]:
    with services.db.read() as s:
        tables = {
            "procedures": (ProcedureOutcomeSummary, summaries.expected_procedures()),
            "dishes": (DishOutcomeSummary, summaries.expected_dishes()),
            "opus": (OpuOutcomeSummary, summaries.expected_opus()),
        }
        got = {}
        for name, (model, expected) in tables.items():
            stored = _rows(s, select(*model.__table__.c))
            assert stored == _rows(s, expected), name
            got[name] = [r[:5] for r in stored] if name == "procedures" else stored
            if name == "procedures":
                got["first_sperm"] = {r[0]: r[5:] for r in stored}
        for family in ("procedures", "samples", "oocytes", "opus"):
            for by in ((), ("embryologist", "population"), ("month", "sperm_source")):
                fast = sorted((r.stratum, tuple(r.sums[n] for n in q.FAMILIES[family].sums))
                              for r in q.family_sums(s, family, WINDOW, by))
                assert fast == raw_sums(s, family, by), (family, by)
        return got


def test_every_writing_path_keeps_the_summaries(services, team, clock):
    clock.now = t(9, 1, 12)
    emma, eli, w = team.embryologist, team.embryologist2, eli_witness()
    couple, _, cycle = couple_with_cycle(services, emma, "S-1", date(2025, 3, 1))
    man = couple.male.id

    # A procedure created: its row, all zero.
    proc = services.retrieval.create_procedure(
        emma, patient_id=man, cycle_id=cycle.id, procedure_type="micro-TESE", started_at=t(3, 5),
        surgeon="Dr. Aydin", anaesthesia="general", side="both", indication="NOA", planned_use="both")
    assert assert_summaries_match(services)["procedures"] == [(proc.id, 0, 0, 0, 0)]

    # Findings: one sample searched without sperm, a second with sperm.
    empty = services.retrieval.receive_sample(emma, procedure_id=proc.id, received_at=t(3, 5, 8, 10), witness=w)
    assert assert_summaries_match(services)["procedures"] == [(proc.id, 1, 0, 0, 0)]
    services.processing.record_finding(emma, sample_id=empty.id, assessed_at=t(3, 5, 8, 40), sperm_found=False)
    assert assert_summaries_match(services)["procedures"] == [(proc.id, 1, 1, 0, 0)]
    found = services.retrieval.receive_sample(emma, procedure_id=proc.id, received_at=t(3, 5, 8, 15), witness=w)
    services.processing.record_finding(emma, sample_id=found.id, assessed_at=t(3, 5, 8, 50), sperm_found=True,
                                       twitching=4)
    assert assert_summaries_match(services)["procedures"] == [(proc.id, 2, 2, 1, 0)]

    # The search of the positive sample (a step, then corrected): time to first sperm from its start.
    step = services.processing.add_step(emma, sample_id=found.id, kind="search", started_at=t(3, 5, 8, 20),
                                        witness=w).steps[-1]
    services.processing.release(emma)
    assert assert_summaries_match(services)["first_sperm"] == {proc.id: (t(3, 5, 8, 20), t(3, 5, 8, 50))}
    services.processing.correct_step(emma, step.id, reason="clock of the microscope PC", started_at=t(3, 5, 8, 25))
    assert assert_summaries_match(services)["first_sperm"] == {proc.id: (t(3, 5, 8, 25), t(3, 5, 8, 50))}

    # A finding corrected to "no sperm", then back.
    finding_id = services.retrieval.get_sample(found.id).findings[-1].id
    services.processing.correct_finding(emma, finding_id, reason="misread droplet", sperm_found=False, twitching=0)
    assert assert_summaries_match(services)["procedures"] == [(proc.id, 2, 2, 0, 0)]
    assert assert_summaries_match(services)["first_sperm"] == {proc.id: (None, None)}
    services.processing.correct_finding(emma, finding_id, reason="re-checked: twitching sperm", sperm_found=True,
                                        twitching=4)
    assert assert_summaries_match(services)["procedures"] == [(proc.id, 2, 2, 1, 0)]

    # An OPU, its maturities, and a maturity corrected before injection.
    opu = services.icsi.record_opu(emma, cycle_id=cycle.id, retrieved_at=t(3, 5, 9), cocs_retrieved=4)
    assert assert_summaries_match(services)["opus"] == [(opu.id, 0)]
    rows = services.icsi.set_maturities(emma, retrieval_id=opu.id, maturities=["MII", "MII", "GV", "MI"])
    assert assert_summaries_match(services)["opus"] == [(opu.id, 2)]
    rows = services.icsi.set_maturities(emma, retrieval_id=opu.id, maturities=["MII", "MII", "MII", "MI"],
                                        reason="re-assessed after denudation")
    assert assert_summaries_match(services)["opus"] == [(opu.id, 3)]

    # The dish with the procedure's fresh sperm; injections by two embryologists; checks.
    sess = services.icsi.start_session(emma, retrieval_id=opu.id, source_kind="fresh_sample",
                                       source_sample_id=found.id, started_at=t(3, 5, 13), witness=w)
    services.icsi.inject(emma, session_id=sess.id, oocyte_id=rows[0].id, sperm_motility="twitching",
                         injected_at=t(3, 5, 13, 10))
    services.icsi.inject(eli, session_id=sess.id, oocyte_id=rows[1].id, sperm_motility="twitching", damaged=True,
                         injected_at=t(3, 5, 13, 20))
    services.icsi.inject(emma, session_id=sess.id, oocyte_id=rows[2].id, sperm_motility="twitching",
                         injected_at=t(3, 5, 13, 5))
    dishes = assert_summaries_match(services)["dishes"]
    assert [(d[0], d[1], d[3:]) for d in dishes] == sorted([
        (sess.id, emma.id, (2, 0, 2, 0, 0, 0, 0)), (sess.id, eli.id, (1, 1, 1, 0, 0, 0, 0))])
    assert {d[1]: d[2] for d in dishes} == {emma.id: t(3, 5, 13, 5), eli.id: t(3, 5, 13, 20)}
    services.icsi.record_check(emma, oocyte_id=rows[0].id, checked_at=t(3, 6, 6, 10), result="2PN", polar_bodies=2)
    services.icsi.record_check(emma, oocyte_id=rows[2].id, checked_at=t(3, 6, 9, 0), result="1PN",
                               window_reason="weekend rota")
    services.icsi.record_check(emma, oocyte_id=rows[1].id, checked_at=t(3, 6, 6, 20), result="degenerated")
    dishes = assert_summaries_match(services)["dishes"]
    assert sorted((d[1], d[3:]) for d in dishes) == sorted([
        (emma.id, (2, 0, 2, 1, 1, 2, 1)), (eli.id, (1, 1, 1, 0, 0, 1, 1))])

    # The cycle's outcome: a clinical pregnancy, then corrected to none.
    outcome = services.outcome_records.record_outcome(
        emma, cycle_id=cycle.id, transfer="yes", transfer_on=date(2025, 3, 10), pregnancy_test="positive",
        pregnancy_test_on=date(2025, 3, 21), clinical_pregnancy="yes", clinical_pregnancy_on=date(2025, 4, 9))
    assert assert_summaries_match(services)["procedures"] == [(proc.id, 2, 2, 1, 1)]
    services.outcome_records.correct_outcome(emma, outcome.id, reason="the sac was not confirmed",
                                             clinical_pregnancy="no", clinical_pregnancy_on=None)
    assert assert_summaries_match(services)["procedures"] == [(proc.id, 2, 2, 1, 0)]

    # Frozen sperm: a second man's sample frozen, thawed for his cycle, injected; the pregnancy reaches
    # his procedure through the thaw.
    services.patients.record_consent(emma, patient_id=man, permitted_uses=["storage", "treatment"],
                                     signed_on=date(2025, 3, 1), storage_expiry=date(2035, 3, 1))
    tank = cf.small_tank(services, team)
    positions = [(p.location_id, p.slot) for p in services.storage.propose_positions(2, tank_id=tank.id)]
    proc2, (frozen_sample,) = retrieval(services, emma, w, man, None, t(4, 2), [True])
    fz = services.cryo.freeze(emma, **cf.freeze_kwargs(source_kind="tissue_sample", sample_ids=[frozen_sample.id],
                                                       positions=positions, frozen_at=t(4, 2, 11)))
    cycle2 = services.patients.create_cycle(emma, couple_id=couple.id, cycle_type=CycleType.ICSI,
                                           start_date=date(2025, 5, 1))
    thaw = services.cryo.thaw(emma, device_ids=[fz.devices[0].id], cycle_id=cycle2.id, witness=w, sperm_found=True,
                              twitching=3, immotile=5, thawed_at=t(5, 6, 8))
    opu2 = services.icsi.record_opu(emma, cycle_id=cycle2.id, retrieved_at=t(5, 6, 9), cocs_retrieved=1)
    (oocyte2,) = services.icsi.set_maturities(emma, retrieval_id=opu2.id, maturities=["MII"])
    sess2 = services.icsi.start_session(emma, retrieval_id=opu2.id, source_kind="thaw_event",
                                        source_thaw_event_id=thaw.id, started_at=t(5, 6, 12), witness=w)
    services.icsi.inject(emma, session_id=sess2.id, oocyte_id=oocyte2.id, sperm_motility="twitching",
                         injected_at=t(5, 6, 12, 30))
    services.outcome_records.record_outcome(
        emma, cycle_id=cycle2.id, transfer="yes", transfer_on=date(2025, 5, 11), pregnancy_test="positive",
        pregnancy_test_on=date(2025, 5, 22), clinical_pregnancy="yes", clinical_pregnancy_on=date(2025, 6, 10))
    procs = dict((r[0], r[1:]) for r in assert_summaries_match(services)["procedures"])
    assert procs == {proc.id: (2, 2, 1, 0), proc2.id: (1, 1, 1, 1)}

    # The indicators read them: SRR 2/2 procedures, 2 of 3 samples; pregnancy per positive retrieval 1/2.
    rep = services.outcomes.report(emma, start=WINDOW.start, end=WINDOW.end,
                                   indicators=["srr_procedure", "srr_sample", "pregnancy_per_positive_retrieval",
                                               "icsi_2pn", "proportion_mii"])
    figures = {(v.indicator, v.stratum): (v.numerator, v.denominator) for v in rep.values}
    assert figures[("srr_procedure", ())] == (2, 2)
    assert figures[("srr_sample", ())] == (2, 3)
    assert figures[("pregnancy_per_positive_retrieval", ())] == (1, 2)
    assert figures[("icsi_2pn", ())] == (1, 4)
    assert figures[("proportion_mii", ())] == (4, 5)


def test_rebuild_gives_what_the_services_kept(services, team, clock):
    """The migration's and the bulk history's rebuild gives the same rows as the services kept."""
    clock.now = t(9, 1, 12)
    emma, w = team.embryologist, eli_witness()
    couple, _, cycle = couple_with_cycle(services, emma, "R-1", date(2025, 3, 1))
    proc, samples = retrieval(services, emma, w, couple.male.id, cycle.id, t(3, 5), [False, True])
    opu = services.icsi.record_opu(emma, cycle_id=cycle.id, retrieved_at=t(3, 5, 9), cocs_retrieved=2)
    rows = services.icsi.set_maturities(emma, retrieval_id=opu.id, maturities=["MII", "GV"])
    sess = services.icsi.start_session(emma, retrieval_id=opu.id, source_kind="fresh_sample",
                                       source_sample_id=samples[1].id, started_at=t(3, 5, 13), witness=w)
    services.icsi.inject(emma, session_id=sess.id, oocyte_id=rows[0].id, sperm_motility="twitching",
                         injected_at=t(3, 5, 13, 10))
    kept = assert_summaries_match(services)
    with services.db.write() as s:
        for model in (ProcedureOutcomeSummary, DishOutcomeSummary, OpuOutcomeSummary):
            s.execute(model.__table__.delete())
        summaries.rebuild_all(s)
    assert assert_summaries_match(services) == kept
    assert kept["procedures"] == [(proc.id, 2, 2, 1, 0)] and kept["opus"] == [(opu.id, 1)]
