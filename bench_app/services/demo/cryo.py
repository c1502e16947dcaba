"""Demo area: three tanks, frozen testicular sperm and banked ejaculates, moves, thaws, discards.

Samples marked "freeze" in the day's retrieval are frozen that afternoon (pooled when
there are several); men banking before cancer treatment freeze ejaculate vials; men whose
storage consent is near or past expiry have straws carried over from the paper register,
so the expiry lists are not empty. Frozen-sperm ICSI cycles thaw one of the man's devices
on their day; a few devices move during tank maintenance; one expired patient's straws are
discarded with a supervisor's approval, and another request waits for approval.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone

from bench_app.domain.enums import CycleStatus, CycleType, Disposition
from bench_app.domain.errors import ValidationError
from bench_app.domain.storage import witness_identifiers
from bench_app.services.demo.people import DEMO_USERS
from bench_app.services.demo.plan import CouplePlan
from bench_app.services.demo.retrievals import _cutoff
from bench_app.services.demo.timeline import local_moment
from bench_app.services.demo.world import DemoWorld
from bench_app.services.witness_service import WitnessInput

TANKS = (("Tank A", 4, 6, 5, "cane"), ("Tank B", 3, 5, 6, "goblet"), ("Tank C", 2, 4, 5, "cane"))
COLOURS = ("blue", "green", "yellow", "white", "red", "purple")


def demo_cryo(world: DemoWorld) -> None:
    state: dict = {"tanks": [], "moved": 0}
    first = min(p.registered_at for p in world.couples) - timedelta(hours=1)
    world.agenda.at(first, lambda: _tanks(world, state))
    cutoff = _cutoff(world)
    for plan in world.couples:
        for cycle in plan.cycles:
            if cycle.status == CycleStatus.CANCELLED or cycle.start_date > world.today:
                continue
            if cycle.cycle_type == CycleType.SURGICAL_RETRIEVAL and cycle.procedure:
                at = local_moment(cycle.start_date, 15, 0) + timedelta(minutes=world.rng.randrange(0, 60, 5))
                if at <= cutoff:
                    world.agenda.at(at, lambda plan=plan, day=cycle.start_date: _freeze_samples(world, state, plan, day))
            elif cycle.cycle_type == CycleType.SPERM_BANKING and cycle.start_date > plan.registered_at.date():
                at = local_moment(cycle.start_date, 11, 0)
                if at <= cutoff:
                    world.agenda.at(at, lambda plan=plan, at=at: _freeze_ejaculate(world, state, plan, at, at))
            elif cycle.cycle_type == CycleType.FROZEN_SPERM_ICSI:
                at = local_moment(cycle.start_date, 9, 0) + timedelta(minutes=world.rng.randrange(0, 45, 5))
                if at <= cutoff:
                    world.agenda.at(at, lambda plan=plan, cycle=cycle, at=at: _thaw(world, plan, cycle.cycle_id, at))
        legacy = [c for person, c in plan.consents if person is plan.male and "paper register" in c.notes]
        if legacy:
            frozen = datetime.combine(legacy[0].signed_on + timedelta(days=1), time(10, 0)).astimezone(timezone.utc)
            at = plan.registered_at + timedelta(hours=1)
            world.agenda.at(at, lambda plan=plan, at=at, frozen=frozen: _freeze_ejaculate(world, state, plan, at, frozen,
                                                                                        carried_over=True))
    last = cutoff - timedelta(days=2)
    world.agenda.at(last, lambda: _maintenance_moves(world, state))
    world.agenda.at(last + timedelta(hours=2), lambda: _discards(world, state))


def _witness(world: DemoWorld, witness, identifiers) -> WitnessInput:
    return WitnessInput(username=witness.username, secret=world.team.pin(witness.username),
                        identifiers=tuple(identifiers), method=world.rng.choice(("manual", "scan")))


def _tanks(world: DemoWorld, state: dict) -> None:
    existing = {t.name: t.id for t in world.services.storage.tanks()}
    for name, canisters, holders, positions, kind in TANKS:
        if name in existing:  # the demo run again on its own database: fill the same tanks
            state["tanks"].append(existing[name])
            continue
        node = world.services.storage.create_tank(world.team.supervisor, name=name, canisters=canisters,
                                                  holders_per_canister=holders, positions_per_holder=positions,
                                                  holder_kind=kind)
        state["tanks"].append(node.id)


def _place(world: DemoWorld, state: dict, count: int) -> list[tuple[int, int]]:
    tank = world.rng.choice(state["tanks"][:2])
    proposals = world.services.storage.propose_positions(count, tank_id=tank) or \
        world.services.storage.propose_positions(count)
    return [(p.location_id, p.slot) for p in proposals]


def _freeze(world: DemoWorld, state: dict, plan: CouplePlan, *, source_kind: str, sample_ids=(), count: int,
            device_type: str, method: str, frozen_at: datetime, notes: str = "", motile=None, immotile=None) -> None:
    performer, witness = world.rng.sample(world.team.embryologists, 2)
    positions = _place(world, state, count)
    if len(positions) < count:
        return
    codes = world.services.cryo.reserve_device_codes(performer, count)
    paths = [world.services.storage.position(loc, slot).path for loc, slot in positions]
    try:
        _do_freeze(world, plan, performer, witness, positions, codes, paths, source_kind=source_kind,
                   sample_ids=sample_ids, count=count, device_type=device_type, method=method, frozen_at=frozen_at,
                   notes=notes, motile=motile, immotile=immotile)
    except ValidationError as exc:
        if "consent" not in exc.field_errors:
            raise
        # As in a real lab: no storage consent in force, so the tissue waits and its codes are voided.
        world.services.cryo.void_device_codes(performer, codes, reason="no storage consent in force: not frozen")


def _do_freeze(world, plan, performer, witness, positions, codes, paths, *, source_kind, sample_ids, count,
               device_type, method, frozen_at, notes, motile, immotile) -> None:
    world.services.cryo.freeze(
        performer, source_kind=source_kind, sample_ids=list(sample_ids), patient_id=plan.male.patient_id,
        method=method, cryoprotectant="SpermFreeze medium", cryoprotectant_lot=f"SF-{frozen_at:%y}{frozen_at.month:02}",
        device_count=count, device_type=device_type, positions=positions, device_codes=codes,
        colour=world.rng.choice(COLOURS), pre_freeze_motile=motile, pre_freeze_immotile=immotile,
        sperm_present=None if motile is not None else True, frozen_at=frozen_at, notes=notes,
        witness=_witness(world, witness, witness_identifiers(plan.male.mrn, codes, paths)))
    world.witness_records += 1


def _freeze_samples(world: DemoWorld, state: dict, plan: CouplePlan, day) -> None:
    retrieval = world.services.retrieval
    rows = [r for r in retrieval.procedures_of_patient(plan.male.patient_id)
            if r.started_at.astimezone().date() == day]
    for row in rows:
        samples = [s for s in retrieval.get_procedure(row.id).samples if s.disposition == Disposition.FREEZE]
        if not samples:
            continue
        motile = sum(s.latest_finding.motile for s in samples if s.latest_finding)
        immotile = sum(s.latest_finding.immotile for s in samples if s.latest_finding)
        _freeze(world, state, plan, source_kind="pooled_samples" if len(samples) > 1 else "tissue_sample",
                sample_ids=[s.id for s in samples], count=world.rng.randint(2, 4), device_type="straw",
                method=world.rng.choice(("slow", "rapid_vapour")), frozen_at=world.services.ctx.clock(),
                motile=motile, immotile=immotile)


def _freeze_ejaculate(world: DemoWorld, state: dict, plan: CouplePlan, at: datetime, frozen_at: datetime, *,
                      carried_over: bool = False) -> None:
    rng = world.rng
    _freeze(world, state, plan, source_kind="ejaculate", count=rng.randint(2, 4),
            device_type="straw" if carried_over else "vial", method="slow", frozen_at=min(frozen_at, at),
            notes="Carried over from the paper register; positions checked at the last tank audit."
            if carried_over else "Banked before cancer treatment.",
            motile=rng.randint(20, 400), immotile=rng.randint(10, 200))


def _thaw(world: DemoWorld, plan: CouplePlan, cycle_id: int | None, at: datetime) -> None:
    devices = [d for d in world.services.cryo.patient_devices(plan.male.patient_id) if d.stored]
    if not devices or cycle_id is None:
        return
    device = devices[0]
    performer, witness = world.rng.sample(world.team.embryologists, 2)
    found = world.rng.random() < 0.85
    if not _consents_to_treatment(world, plan, at):
        return  # no thaw without consent in force: the cycle goes ahead another way
    world.services.cryo.thaw(
        performer, device_ids=[device.id], cycle_id=cycle_id, thawed_at=at, sperm_found=found,
        twitching=world.rng.randint(1, 8) if found else 0, immotile=world.rng.randint(0, 10) if found else 0,
        non_progressive=world.rng.randint(0, 3) if found else 0, thaw_medium="Sperm wash medium",
        thaw_medium_lot="SW-2291",
        witness=_witness(world, witness, witness_identifiers(plan.male.mrn, [device.code], [device.position_path])))
    world.witness_records += 1


def _maintenance_moves(world: DemoWorld, state: dict) -> None:
    """Consolidate a few devices from Tank A to Tank C, as when a dewar is serviced."""
    storage, cryo = world.services.storage, world.services.cryo
    moving = []
    branch = storage.branch(state["tanks"][0])
    canes = [c for can in branch[state["tanks"][0]] for c in branch[can.id]]
    for cane in canes:
        moving = [slot.device for slot in storage.cane_view(cane.id).slots if slot.device is not None][:2]
        if moving:
            break
    if not moving:
        return
    targets = storage.propose_positions(len(moving), tank_id=state["tanks"][2])
    performer, witness = world.team.embryologists
    cryo.move_devices(performer, device_ids=[d.id for d in moving],
                      positions=[(p.location_id, p.slot) for p in targets],
                      reason="Tank A serviced: vacuum check; devices consolidated in Tank C",
                      witness=_witness(world, witness, witness_identifiers(
                          moving[0].mrn, [d.code for d in moving], [p.path for p in targets])))
    world.witness_records += len(moving)  # one witness record per device moved


def _discards(world: DemoWorld, state: dict) -> None:
    expired = world.services.cryo.devices_expired()
    by_patient: dict[int, list[int]] = {}
    for row in expired:
        by_patient.setdefault(row.patient_id, []).append(row.device_id)
    patients = sorted(by_patient)
    emma = world.team.embryologists[0]
    for n, pid in enumerate(patients[:2]):
        request = world.services.cryo.request_discard(
            emma, device_ids=by_patient[pid][:2], consent_checked=True,
            reason="Storage consent expired; no renewal after two letters and a phone call.")
        if n == 0:
            world.services.cryo.approve_discard(
                world.team.supervisor, request.id, password=_password(world.team.supervisor.username),
                witness=WitnessInput(username=emma.username, secret=world.team.pin(emma.username),
                                     identifiers=tuple(f"device {r.code}" for r in expired
                                                       if r.device_id in by_patient[pid][:2])))
            world.witness_records += 1


def _password(username: str) -> str:
    return next(u.password for u in DEMO_USERS if u.username == username)


def _consents_to_treatment(world: DemoWorld, plan: CouplePlan, at: datetime) -> bool:
    detail = world.services.patients.get_patient(plan.male.patient_id)
    return any(c.allows("treatment", at.astimezone().date()) for c in detail.consents)
