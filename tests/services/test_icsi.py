"""ICSI per oocyte on a real database: maturity, witnessed source, injections, checks, summary."""

from datetime import timedelta

import pytest
from sqlalchemy import event

from bench_app.domain.enums import FertilizationResult, Maturity, SpermSourceKind
from bench_app.domain.errors import ValidationError, WitnessRequired
from tests.services import cryo_fixtures as cf
from tests.services.retrieval_fixtures import eli_witness, make_procedure, receive

MAT = ["MII", "MII", "MII", "MII", "MII", "MII", "MII", "MI", "GV", "atretic", "degenerated", "MII"]


@pytest.fixture
def fresh(services, team, clock):
    """A couple whose man had a micro-TESE today with one positive sample; an OPU of 14 COCs."""
    couple, cycle, proc = make_procedure(services, team, clock)
    sample = receive(services, team, clock, proc)
    services.processing.record_finding(team.embryologist, sample_id=sample.id, assessed_at=sample.received_at,
                                       sperm_found=True, twitching=5)
    opu = services.icsi.record_opu(team.embryologist, cycle_id=cycle.id, retrieved_at=clock.now - timedelta(hours=3),
                                   cocs_retrieved=14)
    return couple, cycle, sample, opu


def start(services, team, opu, sample, **kw):
    kw.setdefault("witness", eli_witness("MRN M-200", sample.code, "dish ICSI-1"))
    return services.icsi.start_session(team.embryologist, retrieval_id=opu.id, source_kind="fresh_sample",
                                       source_sample_id=sample.id, **kw)


def test_maturity_grid_and_codes(services, team, fresh):
    _, cycle, _, opu = fresh
    rows = services.icsi.set_maturities(team.embryologist, retrieval_id=opu.id, maturities=MAT)
    assert [r.maturity.value for r in rows] == MAT and len({r.code for r in rows}) == 12
    assert all(r.code.startswith("O-") for r in rows)
    with pytest.raises(ValidationError, match="more than the 14 COCs"):
        services.icsi.set_maturities(team.embryologist, retrieval_id=opu.id, maturities=["MII"] * 15)
    with pytest.raises(ValidationError, match="say why"):
        services.icsi.set_maturities(team.embryologist, retrieval_id=opu.id, maturities=["MI"] + MAT[1:])
    rows = services.icsi.set_maturities(team.embryologist, retrieval_id=opu.id, maturities=["MI"] + MAT[1:],
                                        reason="polar body seen on second look was a fragment")
    assert rows[0].maturity == Maturity.MI


def test_wrong_patient_source_is_refused(services, team, clock, fresh):
    _, _, _, opu = fresh
    _, _, other_proc = make_procedure(services, team, clock, mrn="M-999")
    other = receive(services, team, clock, other_proc)
    services.processing.record_finding(team.embryologist, sample_id=other.id, assessed_at=other.received_at,
                                       sperm_found=True, twitching=1)
    with pytest.raises(ValidationError, match="another patient"):
        start(services, team, opu, other)


def test_the_source_match_is_witnessed(services, team, fresh):
    _, _, sample, opu = fresh
    with pytest.raises(WitnessRequired):
        start(services, team, opu, sample, witness=None)
    sess = start(services, team, opu, sample)
    assert sess.witnessed_by == "eli" and sess.source.source_class == "fresh testicular"
    assert sess.source.sample_code == sample.code


def test_only_mii_is_injected_without_an_exception(services, team, clock, fresh):
    _, cycle, sample, opu = fresh
    rows = services.icsi.set_maturities(team.embryologist, retrieval_id=opu.id, maturities=MAT)
    sess = start(services, team, opu, sample)
    mi = rows[7]
    with pytest.raises(ValidationError, match="only MII"):
        services.icsi.inject(team.embryologist, session_id=sess.id, oocyte_id=mi.id, sperm_motility="twitching")
    row = services.icsi.inject(team.embryologist, session_id=sess.id, oocyte_id=mi.id, sperm_motility="twitching",
                               non_mii_reason="in-vitro matured overnight (rescue IVM)")
    assert row.injected and row.non_mii_reason.startswith("in-vitro")
    with pytest.raises(ValidationError, match="already injected"):
        services.icsi.inject(team.embryologist, session_id=sess.id, oocyte_id=mi.id, sperm_motility="twitching",
                             non_mii_reason="x")
    with pytest.raises(ValidationError, match="viability test"):
        services.icsi.inject(team.embryologist, session_id=sess.id, oocyte_id=rows[0].id, sperm_motility="immotile")


def test_fertilization_window_is_flagged_and_needs_a_reason(services, team, clock, fresh):
    _, cycle, sample, opu = fresh
    rows = services.icsi.set_maturities(team.embryologist, retrieval_id=opu.id, maturities=MAT)
    sess = start(services, team, opu, sample)
    for r in rows[:2]:
        services.icsi.inject(team.embryologist, session_id=sess.id, oocyte_id=r.id, sperm_motility="twitching")
    injected_at = clock.now
    clock.advance(hours=17)
    ok = services.icsi.record_check(team.embryologist2, oocyte_id=rows[0].id, checked_at=injected_at + timedelta(hours=17),
                                    result="2PN", polar_bodies=2)
    assert not ok.outside_window and ok.hours_at_check == pytest.approx(17)
    clock.advance(hours=3)
    late = injected_at + timedelta(hours=19, minutes=30)
    with pytest.raises(ValidationError, match="outside 16-18 h"):
        services.icsi.record_check(team.embryologist2, oocyte_id=rows[1].id, checked_at=late, result="1PN")
    row = services.icsi.record_check(team.embryologist2, oocyte_id=rows[1].id, checked_at=late, result="1PN",
                                     window_reason="Sunday: single embryologist on duty")
    assert row.outside_window and row.window_reason.startswith("Sunday")
    with pytest.raises(ValidationError, match="not injected"):
        services.icsi.record_check(team.embryologist2, oocyte_id=rows[2].id, checked_at=late, result="2PN",
                                   window_reason="x")


def test_summary_rates_against_vienna(services, team, clock, fresh):
    _, cycle, sample, opu = fresh
    rows = services.icsi.set_maturities(team.embryologist, retrieval_id=opu.id, maturities=MAT)
    sess = start(services, team, opu, sample)
    mii = [r for r in rows if r.maturity == Maturity.MII]  # 8 MII
    for i, r in enumerate(mii):
        services.icsi.inject(team.embryologist, session_id=sess.id, oocyte_id=r.id, sperm_motility="twitching",
                             damaged=i == 7)
    t = clock.now
    clock.advance(hours=17)
    results = ["2PN"] * 5 + ["1PN", "0PN", "degenerated"]
    for r, res in zip(mii, results):
        services.icsi.record_check(team.embryologist, oocyte_id=r.id, checked_at=t + timedelta(hours=17), result=res)
    summary = services.icsi.cycle_summary(cycle.id)
    assert (summary.cocs, summary.mii, summary.injected, summary.damaged, summary.pn2, summary.pn1) == (14, 8, 8, 1, 5, 1)
    by_name = {i.benchmark.name: i for i in summary.indicators}
    fert = by_name["ICSI normal fertilization (2PN/MII injected)"]
    assert (fert.rate.numerator, fert.rate.denominator) == (5, 8) and fert.verdict == "below competency"
    damage = by_name["ICSI damage rate"]
    assert damage.rate.percent_text() == "12.5% (1/8)" and damage.verdict == "below competency"
    assert summary.sperm_sources == ("fresh testicular",)
    src = services.icsi.sperm_source_of(mii[0].id)
    assert src.sample_id == sample.id and src.procedure_id is not None


def test_thawed_source(services, team, clock):
    man, cycle, _ = cf.patient(services, team, clock)
    tank = cf.small_tank(services, team)
    positions = [(p.location_id, p.slot) for p in services.storage.propose_positions(2, tank_id=tank.id)]
    fz = cf.freeze_ejaculate(services, team.embryologist, man.id, positions)
    thaw = services.cryo.thaw(team.embryologist, device_ids=[fz.devices[0].id], cycle_id=cycle.id,
                              witness=cf.eli_witness(), sperm_found=True, twitching=3)
    opu = services.icsi.record_opu(team.embryologist, cycle_id=cycle.id, retrieved_at=clock.now, cocs_retrieved=3)
    assert services.icsi.thaw_sources(cycle.id)[0][0] == thaw.id
    sess = services.icsi.start_session(team.embryologist, retrieval_id=opu.id, source_kind=SpermSourceKind.THAW_EVENT,
                                       source_thaw_event_id=thaw.id, witness=eli_witness("x"))
    assert sess.source.source_class == "frozen ejaculate" and sess.source.device_codes == (fz.devices[0].code,)
    # A second dish of the same cycle from the other straw: the grid reads each dish's witness and source
    # with the dishes, in a fixed number of statements however many dishes the cycle has.
    second = services.cryo.thaw(team.embryologist, device_ids=[fz.devices[1].id], cycle_id=cycle.id,
                                witness=cf.eli_witness(), sperm_found=True, twitching=2)
    services.icsi.start_session(team.embryologist, retrieval_id=opu.id, source_kind=SpermSourceKind.THAW_EVENT,
                                source_thaw_event_id=second.id, witness=eli_witness("x"))
    seen: list[str] = []
    event.listen(services.db.engine, "after_cursor_execute", lambda *a: seen.append(a[2]))
    grid = services.icsi.cycle_grid(cycle.id)
    assert len([st for st in seen if st.lstrip().upper().startswith("SELECT")]) <= 5, seen
    assert [x.source.device_codes for x in grid.sessions] == [(fz.devices[0].code,), (fz.devices[1].code,)]
    assert [x.witnessed_by for x in grid.sessions] == ["eli", "eli"]
    assert grid.sessions[0] == sess   # the same as the session read on its own when it started


def test_rates_are_judged_on_checked_oocytes_only(services, team, clock, fresh):
    _, cycle, sample, opu = fresh
    rows = services.icsi.set_maturities(team.embryologist, retrieval_id=opu.id, maturities=MAT)
    sess = start(services, team, opu, sample)
    mii = [r for r in rows if r.maturity == Maturity.MII]
    for r in mii:
        services.icsi.inject(team.embryologist, session_id=sess.id, oocyte_id=r.id, sperm_motility="twitching")
    by_name = {i.benchmark.name: i for i in services.icsi.cycle_summary(cycle.id).indicators}
    fert = by_name["ICSI normal fertilization (2PN/MII injected)"]
    assert fert.verdict == "check pending" and fert.pending == 8 and fert.rate.denominator == 0
    assert by_name["ICSI damage rate"].verdict == "check pending"
    assert by_name["Proportion MII at ICSI"].verdict == ""  # known at denudation, judged at once
    t = clock.now
    clock.advance(hours=17)
    for r in mii[:3]:
        services.icsi.record_check(team.embryologist, oocyte_id=r.id, checked_at=t + timedelta(hours=17), result="2PN")
    fert = {i.benchmark.name: i for i in services.icsi.cycle_summary(cycle.id).indicators}[fert.benchmark.name]
    assert (fert.rate.numerator, fert.rate.denominator, fert.pending, fert.verdict) == (3, 3, 5, "check pending")
    for r in mii[3:]:
        services.icsi.record_check(team.embryologist, oocyte_id=r.id, checked_at=t + timedelta(hours=17), result="0PN")
    fert = {i.benchmark.name: i for i in services.icsi.cycle_summary(cycle.id).indicators}[fert.benchmark.name]
    assert (fert.rate.numerator, fert.rate.denominator, fert.verdict) == (3, 8, "below competency")


def _statements_holding_the_lock(services, call):
    """The statements a call runs between the lab-wide write lock taken and the commit (the lock's own not counted)."""
    seen: list[str] = []

    def after(conn, cursor, statement, params, context, executemany):
        seen.append(statement)

    event.listen(services.db.engine, "after_cursor_execute", after)
    try:
        value = call()
    finally:
        event.remove(services.db.engine, "after_cursor_execute", after)
    marks = [i for i, st in enumerate(seen) if "pg_advisory_xact_lock" in st or "BEGIN IMMEDIATE" in st]
    assert len(marks) == 1, seen
    return value, seen[marks[0] + 1:]


def test_a_save_answers_with_what_it_stored_and_asks_the_server_little_while_it_holds_the_lock(
        services, team, clock, fresh):
    """An injection and a check return the grid's own row, though built from the records in hand; while
    each holds the lab-wide write lock it runs its checks in one statement, its record, the dish's summary
    in one statement, and its event with the head's move (on PostgreSQL with the notification, in one statement);
    the chain's head comes with the checks, and nothing is read back."""
    _, cycle, sample, opu = fresh
    rows = services.icsi.set_maturities(team.embryologist, retrieval_id=opu.id, maturities=MAT)
    sess = start(services, team, opu, sample)
    injected, held = _statements_holding_the_lock(services, lambda: services.icsi.inject(
        team.embryologist, session_id=sess.id, oocyte_id=rows[0].id, sperm_motility="twitching",
        techniques=("pentoxifylline",)))
    assert injected == next(o for o in services.icsi.cycle_grid(cycle.id).oocytes if o.id == rows[0].id)
    assert len(held) <= 5 and not any("FROM audit_head" in st for st in held), held
    clock.advance(hours=17)
    checked, held = _statements_holding_the_lock(services, lambda: services.icsi.record_check(
        team.embryologist2, oocyte_id=rows[0].id, checked_at=clock.now, result="2PN", polar_bodies=2))
    assert checked == next(o for o in services.icsi.cycle_grid(cycle.id).oocytes if o.id == rows[0].id)
    assert checked.injected_by == team.embryologist.username and checked.checked_by == team.embryologist2.username
    assert len(held) <= 5 and not any("FROM audit_head" in st for st in held), held
    assert services.audit.verify().ok
