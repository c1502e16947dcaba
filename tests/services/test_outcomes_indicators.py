"""Each indicator on a hand-built month, with the expected value worked out by hand here.

March 2025 (the clock stands at 1 June, when the pregnancies are known):
- man A, NOA 47,XXY: micro-TESE on 5 March, samples [no, yes, yes], searches found sperm after 30 and 5 min;
- man B, OA 46,XY: TESA on 6 March, one sample with sperm after 12 min; his ejaculate frozen (12 motile of 42)
  and thawed twice: 5 motile of 20 with sperm found, then none found;
- man C, NOA, no work-up: micro-TESE in February with no sperm, then aromatase inhibitor from 15 February,
  then micro-TESE on 3 March [no, no] (a repeat after no sperm);
- man D, NOA: micro-TESE on 10 March (recorded by eli), [no, yes after 40 min]; his sperm injected fresh into
  4 of 6 COCs (4 MII): 2PN, 1PN, 2PN checked at 19 h, damaged then degenerated; clinical pregnancy;
- couple E: ejaculate ICSI of 2 MII of 2 COCs, woman 35: both 2PN in the window; pregnancy test negative.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta, timezone

import pytest

from tests.services import cryo_fixtures as cf
from tests.services.outcomes_fixtures import couple_with_cycle, pregnancy, retrieval
from tests.services.retrieval_fixtures import eli_witness

MARCH = (date(2025, 3, 1), date(2025, 3, 31))


def t(day: int, hour: int = 8, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2025, month, day, hour, minute, tzinfo=timezone.utc)


@pytest.fixture
def month(services, team, clock):
    clock.now = t(1, 12, month=6)
    emma, eli, w = team.embryologist, team.embryologist2, eli_witness()
    rec = services.outcome_records
    a, a_diag, _ = couple_with_cycle(services, emma, "A-1", date(2025, 3, 1), etiology="Klinefelter 47,XXY")
    rec.record_workup(emma, diagnosis_id=a_diag.id, karyotype="47,XXY")
    a1, _ = retrieval(services, emma, w, a.male.id, None, t(5), [False, True, True], search_minutes=[50, 30, 5])
    b, b_diag, b_cycle = couple_with_cycle(services, emma, "B-1", date(2025, 3, 1), azoospermia="OA", etiology="vasectomy")
    rec.record_workup(emma, diagnosis_id=b_diag.id, karyotype="46,XY")
    b1, _ = retrieval(services, emma, w, b.male.id, None, t(6), [True], procedure_type="TESA", search_minutes=[12])
    c, _, _ = couple_with_cycle(services, emma, "C-1", date(2025, 2, 1))
    retrieval(services, emma, w, c.male.id, None, t(2, month=2), [False])
    rec.add_treatment(emma, patient_id=c.male.id, treatment="aromatase_inhibitor", started_on=date(2025, 2, 15))
    c1, _ = retrieval(services, emma, w, c.male.id, None, t(3), [False, False])
    d, _, d_cycle = couple_with_cycle(services, emma, "D-1", date(2025, 3, 8))
    d1, d_samples = retrieval(services, eli, cf.emma_witness(), d.male.id, d_cycle.id, t(10), [False, True],
                              search_minutes=[60, 40])
    # B's ejaculate: frozen 12 motile of 42, two straws thawed.
    man_b = services.patients.get_patient(b.male.id).patient
    services.patients.record_consent(emma, patient_id=man_b.id, permitted_uses=["storage", "treatment"],
                                     signed_on=date(2025, 3, 1), storage_expiry=date(2035, 3, 1))
    tank = cf.small_tank(services, team)
    positions = [(p.location_id, p.slot) for p in services.storage.propose_positions(2, tank_id=tank.id)]
    fz = cf.freeze_ejaculate(services, emma, man_b.id, positions, frozen_at=t(7))
    services.cryo.thaw(emma, device_ids=[fz.devices[0].id], cycle_id=b_cycle.id, witness=w, sperm_found=True,
                       progressive=2, twitching=3, immotile=15, thawed_at=t(12))
    services.cryo.thaw(emma, device_ids=[fz.devices[1].id], cycle_id=b_cycle.id, witness=w, sperm_found=False,
                       thawed_at=t(13))
    # D's ICSI with fresh testicular sperm.
    icsi = services.icsi
    opu = icsi.record_opu(emma, cycle_id=d_cycle.id, retrieved_at=t(10, 9), cocs_retrieved=6)
    rows = icsi.set_maturities(emma, retrieval_id=opu.id, maturities=["MII"] * 4 + ["MI", "GV"])
    sess = icsi.start_session(emma, retrieval_id=opu.id, source_kind="fresh_sample", source_sample_id=d_samples[1].id,
                              started_at=t(10, 10), witness=w)
    for i, r in enumerate(rows[:4]):
        icsi.inject(emma, session_id=sess.id, oocyte_id=r.id, sperm_motility="twitching", injected_at=t(10, 11),
                    damaged=i == 3)
    for r, result, hours in zip(rows[:4], ["2PN", "1PN", "2PN", "degenerated"], [17, 17, 19, 17]):
        icsi.record_check(eli, oocyte_id=r.id, checked_at=t(10, 11) + timedelta(hours=hours), result=result,
                          window_reason="" if hours == 17 else "single embryologist on duty")
    pregnancy(services, emma, d_cycle.id, date(2025, 3, 8), pregnant=True)
    # E: ejaculate ICSI, woman born 1990 (35).
    e, _, e_cycle = couple_with_cycle(services, emma, "E-1", date(2025, 3, 12))
    opu_e = icsi.record_opu(eli, cycle_id=e_cycle.id, retrieved_at=t(14, 9), cocs_retrieved=2)
    rows_e = icsi.set_maturities(eli, retrieval_id=opu_e.id, maturities=["MII", "MII"])
    sess_e = icsi.start_session(eli, retrieval_id=opu_e.id, source_kind="ejaculate", started_at=t(14, 10),
                                witness=cf.emma_witness())
    for r in rows_e:
        icsi.inject(eli, session_id=sess_e.id, oocyte_id=r.id, sperm_motility="progressive", injected_at=t(14, 11))
        icsi.record_check(eli, oocyte_id=r.id, checked_at=t(14, 11) + timedelta(hours=17), result="2PN")
    pregnancy(services, emma, e_cycle.id, date(2025, 3, 12), pregnant=False)
    return dict(a1=a1, b1=b1, c1=c1, d1=d1, d_oocytes=rows, e_oocytes=rows_e, thaw_device=fz.devices[0])


def report(services, team, by=()):
    return services.outcomes.report(team.supervisor, start=MARCH[0], end=MARCH[1], by=by)


def fig(rep, indicator, **stratum):
    found = [v for v in rep.values if v.indicator == indicator and dict(v.stratum) == stratum]
    assert len(found) == 1, (indicator, stratum, [v.stratum for v in rep.values if v.indicator == indicator])
    return found[0]


def frac(v):
    return v.numerator, v.denominator


def test_retrieval_rates_and_time_to_first_sperm(services, team, month):
    rep = report(services, team)
    assert frac(fig(rep, "srr_procedure")) == (3, 4)  # A1, B1, D1 of A1, B1, C1, D1 (C's February one is outside)
    assert frac(fig(rep, "srr_sample")) == (4, 8)  # A1 2 of 3, B1 1 of 1, C1 0 of 2, D1 1 of 2
    ttf = fig(rep, "time_to_first_sperm")
    # First sperm per procedure: A1 5 min (its third sample was first), B1 12, D1 40.
    # Quartiles by linear interpolation: q1 = 5 + 0.5 * (12 - 5), q3 = 12 + 0.5 * (40 - 12).
    assert (ttf.denominator, ttf.rate, ttf.low, ttf.high) == (3, 12, 8.5, 26)
    assert ttf.small_denominator
    assert frac(fig(rep, "pregnancy_per_positive_retrieval")) == (1, 3)  # D1's sperm gave D's pregnancy


def test_retrieval_breakdowns(services, team, month):
    rep = report(services, team, by=("procedure_type",))
    assert frac(fig(rep, "srr_procedure", procedure_type="micro-TESE")) == (2, 3)
    assert frac(fig(rep, "srr_procedure", procedure_type="TESA")) == (1, 1)
    rep = report(services, team, by=("attempt", "treatment"))
    assert frac(fig(rep, "srr_procedure", attempt="first", treatment="none")) == (3, 3)
    assert frac(fig(rep, "srr_procedure", attempt="repeat after no sperm", treatment="aromatase_inhibitor")) == (0, 1)
    rep = report(services, team, by=("karyotype",))
    assert frac(fig(rep, "srr_procedure", karyotype="47,XXY")) == (1, 1)
    assert frac(fig(rep, "srr_procedure", karyotype="46,XY")) == (1, 1)
    assert frac(fig(rep, "srr_procedure", karyotype="not_tested")) == (1, 2)  # C and D, never "normal"
    rep = report(services, team, by=("embryologist", "diagnosis"))
    assert frac(fig(rep, "srr_procedure", embryologist="emma", diagnosis="NOA")) == (1, 2)
    assert frac(fig(rep, "srr_procedure", embryologist="emma", diagnosis="OA")) == (1, 1)
    assert frac(fig(rep, "srr_procedure", embryologist="eli", diagnosis="NOA")) == (1, 1)
    rep = report(services, team, by=("month",))
    assert frac(fig(rep, "srr_procedure", month="2025-03")) == (3, 4)
    wide = services.outcomes.report(team.supervisor, start=date(2024, 12, 1), end=date(2025, 3, 31), by=("quarter",))
    assert frac(fig(wide, "srr_procedure", quarter="2025-Q1")) == (3, 5)  # C's February attempt is in Q1 too
    assert [v.stratum for v in wide.values if v.indicator == "srr_procedure"] == [(("quarter", "2025-Q1"),)]
    yearly = services.outcomes.report(team.supervisor, start=date(2025, 1, 1), end=date(2025, 12, 31), by=("year",))
    assert frac(fig(yearly, "srr_procedure", year="2025")) == (3, 5)


def test_thaw_and_cryosurvival(services, team, month):
    rep = report(services, team)
    assert frac(fig(rep, "thaw_sperm_found")) == (1, 2)
    surv = fig(rep, "cryosurvival")
    # Post-thaw 5 motile of 20 counted; pre-freeze 12 of 42: (5/20) / (12/42) = 0.875.
    assert (surv.numerator, surv.denominator, surv.baseline_numerator, surv.baseline_denominator) == (5, 20, 12, 42)
    assert surv.rate == pytest.approx(0.875)
    se = math.sqrt(1 / 5 - 1 / 20 + 1 / 12 - 1 / 42)
    assert surv.low == pytest.approx(0.875 * math.exp(-1.959963984540054 * se))
    assert surv.verdict == "meets competency"
    rep = report(services, team, by=("sperm_source",))
    assert frac(fig(rep, "thaw_sperm_found", sperm_source="ejaculate frozen")) == (1, 2)


def test_icsi_rates_and_the_vienna_population(services, team, month):
    rep = report(services, team)
    assert frac(fig(rep, "icsi_damage")) == (1, 6)
    assert frac(fig(rep, "icsi_2pn")) == (4, 6)
    assert frac(fig(rep, "icsi_1pn")) == (1, 6)
    assert frac(fig(rep, "proportion_mii")) == (6, 8)
    assert frac(fig(rep, "checks_in_window")) == (5, 6)
    assert frac(fig(rep, "pregnancy_per_cycle")) == (1, 2)
    vienna = fig(rep, "icsi_2pn", population="Vienna reference (ejaculate, woman <= 39)")
    surgical = fig(rep, "icsi_2pn", population="surgical sperm")
    assert frac(vienna) == (2, 2) and frac(surgical) == (2, 4)
    assert vienna.verdict == "meets benchmark" and surgical.verdict == ""  # consensus levels are for Vienna's
    assert fig(rep, "icsi_2pn").verdict == ""
    rep = report(services, team, by=("sperm_source",))
    assert frac(fig(rep, "icsi_2pn", sperm_source="testicular fresh")) == (2, 4)
    assert frac(fig(rep, "icsi_2pn", sperm_source="ejaculate fresh")) == (2, 2)
    rep = report(services, team, by=("embryologist",))
    assert frac(fig(rep, "icsi_damage", embryologist="emma")) == (1, 4)
    assert frac(fig(rep, "proportion_mii", embryologist="eli")) == (2, 2)


def test_records_behind_each_figure(services, team, month):
    out = services.outcomes.records(team.supervisor, "srr_procedure", start=MARCH[0], end=MARCH[1])
    assert {r.id for r in out.numerator} == {month["a1"].id, month["b1"].id, month["d1"].id}
    assert {r.id for r in out.denominator} == {month[k].id for k in ("a1", "b1", "c1", "d1")}
    pn2 = services.outcomes.records(team.supervisor, "icsi_2pn", start=MARCH[0], end=MARCH[1],
                                    stratum=(("population", "surgical sperm"),))
    d = month["d_oocytes"]
    assert [r.code for r in pn2.numerator] == [d[0].code, d[2].code]
    assert [r.code for r in pn2.denominator] == [o.code for o in d[:4]]
    mii = services.outcomes.records(team.supervisor, "proportion_mii", start=MARCH[0], end=MARCH[1])
    assert len(mii.numerator) == 6 and {r.kind for r in mii.denominator} == {"opu"}
    ttf = services.outcomes.records(team.supervisor, "time_to_first_sperm", start=MARCH[0], end=MARCH[1])
    assert {r.id for r in ttf.denominator} == {month["a1"].id, month["b1"].id, month["d1"].id}
    # named as people know them: a procedure by its type, time and MRN, an OPU by its time; never "procedure #12"
    for record in (*out.denominator, *ttf.denominator, *mii.denominator):
        assert "#" not in record.code and ", MRN " in record.code
    assert all(r.code.split(" ")[0] in ("micro-TESE", "TESE", "TESA", "PESA", "MESA") for r in out.denominator)
    assert all(r.code.startswith("Oocyte retrieval ") for r in mii.denominator)


def test_an_empty_period_has_no_rate(services, team, month):
    rep = services.outcomes.report(team.supervisor, start=date(2024, 1, 1), end=date(2024, 1, 31))
    srr = fig(rep, "srr_procedure")
    assert (srr.numerator, srr.denominator, srr.rate, srr.low) == (0, 0, None, None)
    assert srr.rate_text() == "no data"


def test_thawed_sperm_keeps_its_source_and_its_retrieval(services, team, clock):
    """Two ICSI cycles with thawed sperm: one man's frozen micro-TESE sample, another's frozen ejaculate.

    Each dish is classed by its own thaw (a query reading every session's thaws would class both alike),
    and the micro-TESE's pregnancy, through the freeze and the thaw, counts for its retrieval.
    """
    clock.now = t(1, 12, month=6)
    emma, w = team.embryologist, eli_witness()
    tank = cf.small_tank(services, team)
    free = iter(services.storage.propose_positions(4, tank_id=tank.id))
    icsi = services.icsi
    cycles = {}
    for mrn, surgical in (("T-1", True), ("T-2", False)):
        couple, _, cycle = couple_with_cycle(services, emma, mrn, date(2025, 4, 1))
        services.patients.record_consent(emma, patient_id=couple.male.id, permitted_uses=["storage", "treatment"],
                                         signed_on=date(2025, 3, 1), storage_expiry=date(2035, 3, 1))
        places = [(p.location_id, p.slot) for p in (next(free), next(free))]
        if surgical:
            _, samples = retrieval(services, emma, w, couple.male.id, None, t(5, month=3), [True])
            frozen = services.cryo.freeze(emma, **cf.freeze_kwargs(source_kind="tissue_sample",
                                                                   sample_ids=[samples[0].id], positions=places,
                                                                   frozen_at=t(5, 14, month=3)))
        else:
            frozen = cf.freeze_ejaculate(services, emma, couple.male.id, places, frozen_at=t(5, 14, month=3))
        thaw = services.cryo.thaw(emma, device_ids=[frozen.devices[0].id], cycle_id=cycle.id, witness=w,
                                  sperm_found=True, twitching=4, thawed_at=t(10, 7, month=4))
        opu = icsi.record_opu(emma, cycle_id=cycle.id, retrieved_at=t(10, 9, month=4), cocs_retrieved=1)
        (oocyte,) = icsi.set_maturities(emma, retrieval_id=opu.id, maturities=["MII"])
        sess = icsi.start_session(emma, retrieval_id=opu.id, source_kind="thaw_event", source_thaw_event_id=thaw.id,
                                  started_at=t(10, 10, month=4), witness=w)
        icsi.inject(emma, session_id=sess.id, oocyte_id=oocyte.id, sperm_motility="twitching",
                    injected_at=t(10, 11, month=4))
        pregnancy(services, emma, cycle.id, date(2025, 4, 1), pregnant=surgical)
        cycles[mrn] = cycle
    april = dict(start=date(2025, 4, 1), end=date(2025, 4, 30))
    rep = services.outcomes.report(team.supervisor, **april, by=("sperm_source", "procedure_type"))
    assert frac(fig(rep, "icsi_damage", sperm_source="testicular frozen", procedure_type="micro-TESE")) == (0, 1)
    assert frac(fig(rep, "icsi_damage", sperm_source="ejaculate frozen", procedure_type="none (ejaculate)")) == (0, 1)
    assert frac(fig(rep, "pregnancy_per_cycle", sperm_source="testicular frozen",
                    procedure_type="micro-TESE")) == (1, 1)
    rep = services.outcomes.report(team.supervisor, **april, by=("population",))
    assert frac(fig(rep, "pregnancy_per_cycle", population="surgical sperm")) == (1, 1)
    assert frac(fig(rep, "pregnancy_per_cycle", population="Vienna reference (ejaculate, woman <= 39)")) == (0, 1)
    march = services.outcomes.report(team.supervisor, start=date(2025, 3, 1), end=date(2025, 3, 31))
    assert frac(fig(march, "pregnancy_per_positive_retrieval")) == (1, 1)  # through freeze, thaw and ICSI
