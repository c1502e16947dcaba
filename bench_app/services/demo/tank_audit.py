"""Demo area: five months of nitrogen readings and top-ups, one low-level alert, and two tank audits.

Each tank is read every two days and topped up when it nears its threshold; Tank B's last
reading falls below its alarm (an incident and a red band on Today). A month ago Tank B was
audited and signed: one device found on the wrong goblet (put back, witnessed), one expected
device not found (reported as an incident). Yesterday an audit of Tank A's first canister
began and stopped halfway through a cane, to be resumed.
"""

from __future__ import annotations

from datetime import timedelta

from bench_app.services.demo.people import DEMO_USERS
from bench_app.services.demo.retrievals import _cutoff
from bench_app.services.demo.timeline import local_moment
from bench_app.services.demo.world import DemoWorld
from bench_app.services.witness_service import WitnessInput

# name: (unit, full level, alarm threshold, loss per day, reading interval hours)
CARE = {"Tank A": ("cm", 60.0, 20.0, 1.1, 72), "Tank B": ("%", 100.0, 30.0, 2.0, 72),
        "Tank C": ("cm", 45.0, 15.0, 0.8, 72)}
DAYS = 150


def demo_tank_audit(world: DemoWorld) -> None:
    cutoff = _cutoff(world)
    for day in range(0, DAYS + 1, 2):
        at = local_moment(world.today - timedelta(days=DAYS - day), 8, 40)
        if at < cutoff:
            world.agenda.at(at, lambda day=day: _readings(world, day))
    audit_day = cutoff - timedelta(days=30)
    world.agenda.at(audit_day.replace(hour=10), lambda: _finished_audit(world))
    world.agenda.at(cutoff - timedelta(days=1), lambda: _audit_in_progress(world))


def _tanks(world: DemoWorld) -> dict[str, int]:
    return {t.name: t.id for t in world.services.storage.tanks() if t.name in CARE}


def _care(world: DemoWorld, name: str, tank_id: int) -> None:
    """A tank's settings, set before its first reading (the tanks are set up with the first patients)."""
    if world.services.nitrogen.tank_care(tank_id) is None:
        unit, full, alarm, _, hours = CARE[name]
        world.services.nitrogen.set_tank_care(world.team.supervisor, tank_id, level_unit=unit, alarm_threshold=alarm,
                                              full_level=full, reading_interval_hours=hours, audit_interval_days=365)


def _readings(world: DemoWorld, day: int) -> None:
    n2 = world.services.nitrogen
    for name, tank_id in _tanks(world).items():
        _care(world, name, tank_id)
        unit, full, alarm, loss, _ = CARE[name]
        log = [e for e in n2.log(tank_id) if e.kind == "reading"]
        level = log[-1].level if log else full * 0.92
        level = round(max(0.0, level - loss * 2 * world.rng.uniform(0.8, 1.2)), 1)
        by = world.rng.choice(world.team.embryologists)
        last_day = day >= DAYS - 1
        if name == "Tank B" and last_day:
            level = min(level, round(alarm - 1.5, 1))   # the low reading the lab must not miss
        entry = n2.record_reading(by, tank_id, level=level,
                                  note="delivery late this week" if name == "Tank B" and last_day else "")
        world.incidents += entry.incident_id is not None
        running_low = name == "Tank B" and day >= DAYS - 24   # Tank B's delivery is late: no top-up
        if level < alarm + (full - alarm) * 0.25 and not last_day and not running_low:
            n2.record_top_up(by, tank_id, litres=round((full - level) * (0.6 if unit == "cm" else 0.35), 0))
            n2.record_reading(by, tank_id, level=round(full * 0.95, 1), note="after top-up")


def _witness(world: DemoWorld, who) -> WitnessInput:
    return WitnessInput(username=who.username, secret=world.team.pin(who.username),
                        identifiers=("tank and canisters", "cane codes"))


def _finished_audit(world: DemoWorld) -> None:
    tanks = _tanks(world)
    inv, sup = world.services.inventory, world.team.supervisor
    if "Tank B" not in tanks or inv.audits(tank_id=tanks["Tank B"]):
        return
    witness = world.team.embryologists[0]
    audit = inv.open_audit(sup, tank_id=tanks["Tank B"], witness=_witness(world, witness))
    world.witness_records += 1
    stray = _a_device_elsewhere(world, tanks.get("Tank A"))
    holders = inv.holders(audit.id)
    skipped = placed_stray = None
    for h in holders:
        check = inv.take_out_cane(sup, audit.id, h.id)
        for i, d in enumerate(check.expected):
            if skipped is None and i == 1:
                skipped = d
                continue
            inv.register_scan(sup, audit.id, h.id, d.code)
        if stray and placed_stray is None and check.expected:
            inv.register_scan(sup, audit.id, h.id, stray)
            placed_stray = h.id
        inv.finish_cane(sup, audit.id, h.id)
    res = world.services.inventory_resolutions
    for f in inv.findings(audit.id):
        if f.kind.value == "missing":
            inv.explain(sup, f.id, reason="lost", note="Not on its goblet nor on the neighbouring ones.")
            res.resolve(sup, f.id, resolution="report_incident", note="Searched the whole canister; reported.",
                        witness=_witness(world, witness))
            world.incidents += 1
            world.witness_records += 1
        else:
            inv.explain(sup, f.id, reason="misfiled", note="Found in Tank B during the audit.")
            res.resolve(sup, f.id, resolution="returned", note="Put back at its recorded place.",
                        witness=_witness(world, witness))
            world.witness_records += 1
    inv.close_audit(sup, audit.id, password=_password(world, sup.username), witness_username=witness.username,
                    witness_secret=world.team.pin(witness.username))


def _audit_in_progress(world: DemoWorld) -> None:
    tanks = _tanks(world)
    inv, sup = world.services.inventory, world.team.supervisor
    if "Tank A" not in tanks or inv.audits(tank_id=tanks["Tank A"]):
        return
    first = world.services.storage.children(tanks["Tank A"])[0]
    audit = inv.open_audit(sup, tank_id=tanks["Tank A"], canister_ids=(first.id,),
                           witness=_witness(world, world.team.embryologists[1]))
    world.witness_records += 1
    holders = inv.holders(audit.id)
    for n, h in enumerate(holders[:3]):
        check = inv.take_out_cane(sup, audit.id, h.id)
        codes = [d.code for d in check.expected]
        for code in codes if n < 2 else codes[: len(codes) // 2]:
            inv.register_scan(sup, audit.id, h.id, code)
        if n < 2:
            inv.finish_cane(sup, audit.id, h.id)


def _a_device_elsewhere(world: DemoWorld, tank_id: int | None) -> str | None:
    if tank_id is None:
        return None
    branch = world.services.storage.branch(tank_id)
    for can in branch[tank_id]:
        for cane in branch[can.id]:
            view = world.services.storage.cane_view(cane.id)
            for slot in view.slots:
                if slot.device is not None:
                    return slot.device.code
    return None


def _password(world: DemoWorld, username: str) -> str:
    return next(u.password for u in DEMO_USERS if u.username == username)

