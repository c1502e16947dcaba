"""What must hold after the load test (bench/load.py), read back from the database itself.

- Nothing lost: every write a workstation was told succeeded is there (per kind), and nothing is
  there that a workstation was told failed (rows made during the run that no success accounts for).
- Nothing double-booked: no two stored devices in one position, no code given twice (samples,
  devices, oocytes, ICSI dishes), no oocyte with two injections or two fertilization checks, and
  each device of the run stands where its last recorded move put it.
- The audit chain verifies (the audit service's own check).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, select

from bench_app.persistence.models import (
    CryoDevice, DeviceMove, FreezeEvent, Injection, Oocyte, OocyteRetrieval, ProcessingStep, SpermFinding,
    TissueSample,
)
from bench_app.persistence.models.icsi import FertilizationCheck
from bench_app.services.registry import open_services

# Each kind of write: the table it adds one row to, and the column its key's second item names.
TABLES = {
    "receive_sample": (TissueSample, TissueSample.id),
    "processing_step": (ProcessingStep, ProcessingStep.id),
    "finding": (SpermFinding, SpermFinding.id),
    "freeze": (FreezeEvent, FreezeEvent.id),
    "move": (DeviceMove, DeviceMove.id),
    "icsi_save": (Injection, Injection.oocyte_id),
    "fertilization_check": (FertilizationCheck, FertilizationCheck.oocyte_id),
}
CODES = ((TissueSample, TissueSample.code), (CryoDevice, CryoDevice.code), (Oocyte, Oocyte.code),
         (OocyteRetrieval, OocyteRetrieval.dish_code))


@dataclass
class Invariants:
    acknowledged: dict[str, int] = field(default_factory=dict)  # per kind: successes reported
    found: dict[str, int] = field(default_factory=dict)  # per kind: of those, present in the database
    unacknowledged: dict[str, int] = field(default_factory=dict)  # per kind: rows no success accounts for
    double_booked: list[str] = field(default_factory=list)
    chain_ok: bool = False
    chain_checked: int = 0
    chain_problems: list[str] = field(default_factory=list)

    @property
    def lost(self) -> dict[str, int]:
        return {k: self.acknowledged[k] - self.found.get(k, 0) for k in self.acknowledged}

    @property
    def ok(self) -> bool:
        return (not any(self.lost.values()) and not any(self.unacknowledged.values()) and not self.double_booked
                and self.chain_ok)


def baseline(url: str) -> dict[str, int]:
    """The highest id in each table before the run (rows above it were made by the run)."""
    sv = open_services(url, upgrade=False)
    try:
        with sv.db.read() as s:
            return {kind: s.execute(select(func.coalesce(func.max(table.id), 0))).scalar_one()
                    for kind, (table, _) in TABLES.items()}
    finally:
        sv.close()


def _chunks(values, size=500):
    values = list(values)
    for i in range(0, len(values), size):
        yield values[i:i + size]


def check(url: str, keys: list[tuple], before: dict[str, int], *, verify_chain: bool = True) -> Invariants:
    """The invariants, given every acknowledged write's key (kind, id, ...) and the ids before the run.

    ``verify_chain=False`` leaves the whole audit chain unchecked (the twenty-year database's millions
    of events, in the benchmark); it then counts as verified."""
    inv = Invariants()
    by_kind: dict[str, list[tuple]] = {k: [] for k in TABLES}
    for key in keys:
        by_kind[key[0]].append(key)
    sv = open_services(url, upgrade=False)
    try:
        with sv.db.read() as s:
            for kind, (table, column) in TABLES.items():
                wanted = {k[1] for k in by_kind[kind]}
                present: set = set()
                for chunk in _chunks(wanted):
                    present |= set(s.execute(select(column).where(column.in_(chunk))).scalars())
                if kind == "fertilization_check":  # the stored result is the one the workstation was told
                    stored = {}
                    for chunk in _chunks(wanted):
                        stored |= dict(s.execute(select(FertilizationCheck.oocyte_id, FertilizationCheck.result)
                                                 .where(FertilizationCheck.oocyte_id.in_(chunk))).all())
                    present = {k[1] for k in by_kind[kind] if stored.get(k[1]) == k[2]}
                if kind == "freeze":  # and every device it made, under its code
                    devices = {(d, c) for k in by_kind[kind] for d, c in k[2]}
                    stored = set()
                    for chunk in _chunks([d for d, _ in devices]):
                        stored |= set(s.execute(select(CryoDevice.id, CryoDevice.code)
                                                .where(CryoDevice.id.in_(chunk))).all())
                    present = {k[1] for k in by_kind[kind] if k[1] in present and set(k[2]) <= stored}
                inv.acknowledged[kind] = len(wanted)
                inv.found[kind] = len(present & wanted)
                new = select(func.count()).select_from(table).where(table.id > before.get(kind, 0))
                if kind == "move":  # a freeze's first placements are moves too, made by the freeze
                    new = new.where(DeviceMove.from_location_id.is_not(None))
                inv.unacknowledged[kind] = max(0, s.execute(new).scalar_one() - inv.found[kind])
            inv.double_booked = _double_bookings(s, [d for k in by_kind["freeze"] for d, _ in k[2]])
        if verify_chain:
            report = sv.audit.verify()
            inv.chain_ok, inv.chain_problems = report.ok, list(report.problems)
            inv.chain_checked = report.events_checked
        else:
            inv.chain_ok = True
    finally:
        sv.close()
    return inv


def _double_bookings(s, run_devices: list[int]) -> list[str]:
    found = []
    for loc, slot, n in s.execute(select(CryoDevice.location_id, CryoDevice.slot, func.count())
                                  .where(CryoDevice.location_id.is_not(None))
                                  .group_by(CryoDevice.location_id, CryoDevice.slot).having(func.count() > 1)):
        found.append(f"{n} devices in location {loc} position {slot}")
    for table, column in CODES:
        for code, n in s.execute(select(column, func.count()).where(column.is_not(None)).group_by(column)
                                 .having(func.count() > 1)):
            found.append(f"code {code} given {n} times ({table.__tablename__})")
    for table in (Injection, FertilizationCheck):
        for oocyte, n in s.execute(select(table.oocyte_id, func.count()).group_by(table.oocyte_id)
                                   .having(func.count() > 1)):
            found.append(f"oocyte {oocyte} has {n} rows in {table.__tablename__}")
    where: dict[int, tuple] = {}
    last: dict[int, tuple] = {}
    for chunk in _chunks(run_devices):
        where |= {d: (loc, slot) for d, loc, slot in s.execute(
            select(CryoDevice.id, CryoDevice.location_id, CryoDevice.slot).where(CryoDevice.id.in_(chunk)))}
        newest = select(DeviceMove.device_id, func.max(DeviceMove.id).label("m")).where(
            DeviceMove.device_id.in_(chunk)).group_by(DeviceMove.device_id).subquery()
        last |= {d: (loc, slot) for d, loc, slot in s.execute(
            select(DeviceMove.device_id, DeviceMove.to_location_id, DeviceMove.to_slot)
            .join(newest, DeviceMove.id == newest.c.m))}
    for device, position in sorted(where.items()):
        if last.get(device) != position:
            found.append(f"device {device} is at {position} but its last move says {last.get(device)}")
    return found


def summary(inv: Invariants) -> list[str]:
    lost = Counter({k: v for k, v in inv.lost.items()})
    lines = [
        "lost writes: " + (f"{sum(lost.values())} " + ", ".join(f"{k} {inv.found[k]}/{inv.acknowledged[k]} found"
                                                                for k in inv.acknowledged)),
        f"rows no success accounts for: {sum(inv.unacknowledged.values())}"
        + ("" if not any(inv.unacknowledged.values()) else
           " (" + ", ".join(f"{k} {v}" for k, v in inv.unacknowledged.items() if v) + ")"),
        f"double-booked: {len(inv.double_booked)}" + "".join(f"\n  {p}" for p in inv.double_booked[:10]),
        "audit chain: " + ("verifies" if inv.chain_ok else "BROKEN: " + "; ".join(inv.chain_problems[:5]))
        + (f" ({inv.chain_checked} events)" if inv.chain_checked else ""),
    ]
    return lines
