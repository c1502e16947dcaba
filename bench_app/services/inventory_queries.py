"""Reads behind the tank audit: holders in scope, a cane's expected devices, findings as records."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Iterable, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bench_app.domain.enums import DeviceStatus, LocationKind
from bench_app.domain.inventory import FindingKind, consent_flag, holder_code
from bench_app.domain.names import listing_name
from bench_app.persistence.models import (
    Consent, CryoDevice, InventoryAudit, InventoryFinding, InventoryHolderCheck, InventorySitting, Patient,
    StorageLocation, User,
)
from bench_app.domain.inventory_records import ExpectedDevice, FindingInfo, HolderRow, SittingInfo
from bench_app.services.storage_queries import location_paths

SL = StorageLocation
HOLDERS = (LocationKind.CANE.value, LocationKind.GOBLET.value)


def canister_ids_of(audit: InventoryAudit) -> tuple[int, ...]:
    return tuple(int(x) for x in audit.scope.split(",") if x.strip())


def scope_canisters(s: Session, audit: InventoryAudit) -> list[StorageLocation]:
    ids = canister_ids_of(audit)
    q = select(SL).where(SL.parent_id == audit.location_id, SL.kind == LocationKind.CANISTER.value,
                         SL.retired.is_(False))
    if ids:
        q = q.where(SL.id.in_(ids))
    return list(s.execute(q.order_by(SL.sort_index, SL.name)).scalars())


def scope_holders(s: Session, audit: InventoryAudit) -> list[tuple[StorageLocation, StorageLocation]]:
    """(canister, holder) pairs in map order."""
    cans = scope_canisters(s, audit)
    by_id = {c.id: c for c in cans}
    if not cans:
        return []
    rows = s.execute(select(SL).where(SL.parent_id.in_(list(by_id)), SL.kind.in_(HOLDERS), SL.retired.is_(False))
                     ).scalars().all()
    order = {c.id: i for i, c in enumerate(cans)}
    rows = sorted(rows, key=lambda h: (order[h.parent_id], h.sort_index, h.name))
    return [(by_id[h.parent_id], h) for h in rows]


def holder_rows(s: Session, audit: InventoryAudit) -> list[HolderRow]:
    pairs = scope_holders(s, audit)
    checks = {c.holder_id: c for c in s.execute(select(InventoryHolderCheck)
                                                .where(InventoryHolderCheck.audit_id == audit.id)).scalars()}
    bad = dict(s.execute(select(InventoryFinding.location_id, func.count())
                         .where(InventoryFinding.audit_id == audit.id,
                                InventoryFinding.discrepancy != FindingKind.FOUND.value)
                         .group_by(InventoryFinding.location_id)).all())
    out = []
    for can, h in pairs:
        check = checks.get(h.id)
        state = "to check" if check is None else ("checked" if check.finished_at else "in progress")
        expected = check.expected if check and check.finished_at else h.occupied
        out.append(HolderRow(h.id, holder_code(h.id), can.name, h.name, expected, state, bad.get(h.id, 0)))
    return out


def withdrawn_on(s: Session, patient_ids: Iterable[int]) -> dict[int, date]:
    """The patients whose most recent consent is withdrawn, with the date."""
    ids = set(patient_ids)
    if not ids:
        return {}
    latest: dict[int, tuple[date, date | None]] = {}
    for pid, signed, withdrawn in s.execute(select(Consent.patient_id, Consent.signed_on, Consent.withdrawn_on)
                                            .where(Consent.patient_id.in_(ids))):
        if pid not in latest or signed >= latest[pid][0]:
            latest[pid] = (signed, withdrawn)
    return {pid: w for pid, (_, w) in latest.items() if w is not None}


def expected_devices(s: Session, holder_ids: Sequence[int], today: date,
                     scanned: set[int] = frozenset()) -> dict[int, list[ExpectedDevice]]:
    """The stored devices the records put on each holder, by position."""
    rows = s.execute(select(CryoDevice.id, CryoDevice.code, CryoDevice.slot, CryoDevice.location_id,
                            CryoDevice.device_type, CryoDevice.colour, CryoDevice.storage_expiry,
                            Patient.id, Patient.given_names, Patient.family_name, Patient.mrn)
                     .join(Patient, Patient.id == CryoDevice.patient_id)
                     .where(CryoDevice.location_id.in_(list(holder_ids)),
                            CryoDevice.status == DeviceStatus.STORED.value)
                     .order_by(CryoDevice.location_id, CryoDevice.slot)).all()
    withdrawn = withdrawn_on(s, {r[7] for r in rows})
    out: dict[int, list[ExpectedDevice]] = defaultdict(list)
    for (did, code, slot, loc, dtype, colour, expiry, pid, given, family, mrn) in rows:
        out[loc].append(ExpectedDevice(did, code, slot, listing_name(given, family), mrn, dtype, colour,
                                       consent_flag(expiry, withdrawn.get(pid), today), did in scanned))
    return out


def user_names(s: Session) -> dict[int, tuple[str, str]]:
    return {i: (u, n) for i, u, n in s.execute(select(User.id, User.username, User.full_name))}


def sitting_info(row: InventorySitting, names: dict[int, tuple[str, str]]) -> SittingInfo:
    p, w = names.get(row.performed_by, ("?", "?")), names.get(row.witness_id, ("?", "?"))
    return SittingInfo(row.id, row.started_at, row.ended_at, p[1], p[0], w[1], w[0], row.workstation)


def finding_infos(s: Session, rows: Sequence[InventoryFinding]) -> list[FindingInfo]:
    device_ids = {r.observed_device_id or r.expected_device_id for r in rows} - {None}
    devices = {}
    if device_ids:
        for d, given, family, mrn in s.execute(select(CryoDevice, Patient.given_names, Patient.family_name, Patient.mrn)
                                               .join(Patient, Patient.id == CryoDevice.patient_id)
                                               .where(CryoDevice.id.in_(device_ids))):
            devices[d.id] = (d, f"{listing_name(given, family)} ({mrn})")
    paths = location_paths(s, {r.location_id for r in rows} | {d.location_id for d, _ in devices.values()})
    names = user_names(s) if any(r.resolved_by for r in rows) else {}
    out = []
    for r in rows:
        did = r.observed_device_id or r.expected_device_id
        d, patient = devices.get(did, (None, ""))
        recorded = ""
        if d is not None and d.location_id:
            recorded = paths.get(d.location_id, "") + (f", position {d.slot}" if d.slot else "")
        out.append(FindingInfo(
            id=r.id, holder_id=r.location_id, holder=paths.get(r.location_id, ""), kind=FindingKind(r.discrepancy),
            observed_code=r.observed_code, device_id=did, device_code=d.code if d else r.observed_code,
            patient=patient, recorded_at_path=recorded, device_status=d.status if d else "",
            reason=r.reason, note=r.note, resolution=r.resolution, resolution_note=r.resolution_note,
            resolution_ref=r.resolution_ref, resolved_by=names.get(r.resolved_by, ("", ""))[1] if r.resolved_by else "",
            resolved_at=r.resolved_at, recorded_at=r.recorded_at))
    return out
