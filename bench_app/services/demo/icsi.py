"""Demo area: OPUs, maturity of every oocyte, witnessed ICSI sessions, injections, 16-18 h checks.

ICSI cycles use the male partner's fresh sample from the same morning's retrieval;
frozen-sperm cycles use that morning's thaw; a cycle with neither uses an extended
search of the ejaculate pellet (cryptozoospermia). Checks land mostly at 16-18 h and
a few late, with a reason; today's cycles have their checks still due tomorrow.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bench_app.domain.enums import CycleStatus, CycleType, Maturity
from bench_app.domain.names import listing_of
from bench_app.services.demo.plan import CouplePlan, CyclePlan
from bench_app.services.demo.retrievals import _cutoff
from bench_app.services.demo.timeline import local_moment
from bench_app.services.demo.world import DemoWorld
from bench_app.services.witness_service import WitnessInput

MATURITY = (("MII", 76), ("MI", 9), ("GV", 7), ("atretic", 4), ("degenerated", 4))
RESULTS = (("2PN", 66), ("1PN", 4), ("3PN+", 4), ("0PN", 16), ("degenerated", 6), ("not_assessable", 4))


def demo_icsi(world: DemoWorld) -> None:
    cutoff = _cutoff(world)
    for plan in world.couples:
        if plan.female is None:
            continue
        for cycle in plan.cycles:
            if cycle.cycle_type in (CycleType.ICSI, CycleType.FROZEN_SPERM_ICSI) \
                    and cycle.status != CycleStatus.CANCELLED and cycle.start_date <= world.today:
                _schedule(world, plan, cycle, cutoff)


def _pick(rng, table) -> str:
    return rng.choices([v for v, _ in table], weights=[w for _, w in table])[0]


def _schedule(world: DemoWorld, plan: CouplePlan, cycle: CyclePlan, cutoff: datetime) -> None:
    rng, icsi = world.rng, world.services.icsi
    performer, witness = rng.sample(world.team.embryologists, 2)
    opu_at = local_moment(cycle.start_date, 8, 0) + timedelta(minutes=rng.randrange(0, 60, 5))
    if cycle.start_date == world.today:
        opu_at = min(opu_at, cutoff - timedelta(hours=5))
    cocs = rng.randint(4, 18)
    maturities = [_pick(rng, MATURITY) for _ in range(cocs)]
    state: dict = {}

    def opu() -> None:
        state["opu"] = icsi.record_opu(performer, cycle_id=cycle.cycle_id, retrieved_at=opu_at, cocs_retrieved=cocs,
                                       denuded_at=opu_at + timedelta(hours=2)).id

    def maturity() -> None:
        state["rows"] = icsi.set_maturities(performer, retrieval_id=state["opu"], maturities=maturities)

    session_at = opu_at + timedelta(hours=4, minutes=rng.randrange(0, 40, 5))
    if session_at > cutoff:
        return
    # Written once the oocytes are denuded and graded: nothing is recorded ahead of time.
    world.agenda.at(opu_at + timedelta(hours=2, minutes=5), opu)
    world.agenda.at(opu_at + timedelta(hours=2, minutes=10), maturity)

    def session() -> None:
        source = _source(world, cycle)
        if source is None:
            return
        kind, sample_id, thaw_id, label = source
        ident = (f"{listing_of(plan.female)} MRN {plan.female.mrn}",
                 f"{listing_of(plan.male)} MRN {plan.male.mrn}",
                 label, f"ICSI dish {cycle.cycle_id}")
        state["session"] = icsi.start_session(
            performer, retrieval_id=state["opu"], source_kind=kind, source_sample_id=sample_id,
            source_thaw_event_id=thaw_id, started_at=session_at,
            notes="Extended search of the centrifuged ejaculate pellet (cryptozoospermia)." if kind == "ejaculate" else "",
            witness=WitnessInput(username=witness.username, secret=world.team.pin(witness.username),
                                 identifiers=ident, method=rng.choice(("manual", "scan")))).id
        world.witness_records += 1
        for n, row in enumerate(state["rows"]):
            ivm = row.maturity == Maturity.MI and rng.random() < 0.3
            if row.maturity != Maturity.MII and not ivm:
                continue
            at = session_at + timedelta(minutes=5 + n)
            if at <= cutoff:
                world.agenda.at(at, lambda row=row, at=at, ivm=ivm: inject(row, at, ivm))

    def inject(row, at: datetime, ivm: bool) -> None:
        motility = rng.choice(("twitching", "twitching", "non_progressive", "immotile"))
        icsi.inject(performer, session_id=state["session"], oocyte_id=row.id, injected_at=at,
                    sperm_motility=motility, viability_test="HOS" if motility == "immotile" else "none",
                    techniques=["laser_assisted_selection"] if motility == "immotile" else [],
                    damaged=rng.random() < 0.04,
                    non_mii_reason="matured in vitro after 4 h culture (rescue IVM)" if ivm else "")
        _check(world, plan, row.id, at, cutoff)

    world.agenda.at(session_at, session)


def _source(world: DemoWorld, cycle: CyclePlan):
    icsi = world.services.icsi
    if cycle.cycle_type == CycleType.FROZEN_SPERM_ICSI:
        thaws = [t for t in world.services.cryo.thaws_for_cycle(cycle.cycle_id) if t.sperm_found]
        if thaws:
            return "thaw_event", None, thaws[0].id, ", ".join(thaws[0].device_codes)
    else:
        fresh = icsi.fresh_sources(cycle.cycle_id)
        if fresh:
            return "fresh_sample", fresh[0][0], None, fresh[0][1].split()[0]
    if world.rng.random() < 0.5:
        return "ejaculate", None, None, "ejaculate pellet"
    return None


def _check(world: DemoWorld, plan: CouplePlan, oocyte_id: int, injected_at: datetime, cutoff: datetime) -> None:
    rng = world.rng
    late = rng.random() < 0.1
    at = injected_at + (timedelta(hours=19, minutes=rng.randrange(0, 50, 5)) if late
                        else timedelta(hours=16, minutes=rng.randrange(10, 115, 5)))
    if at > cutoff:
        return  # still due: it shows on the worksheet
    result = _pick(rng, RESULTS)
    checker = rng.choice(world.team.embryologists)

    def check() -> None:
        world.services.icsi.record_check(
            checker, oocyte_id=oocyte_id, checked_at=at, result=result,
            polar_bodies=2 if result == "2PN" else rng.choice((1, 2)),
            window_reason="Weekend rota: single embryologist on duty; checked after the OPU list." if late else "")

    world.agenda.at(at, check)
