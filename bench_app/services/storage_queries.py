"""Reading the storage map and devices into DTOs with a fixed number of queries.

Every function here takes a set of rows and answers with a handful of IN / GROUP BY
queries whatever the number of rows, so a full tank's tree, a cane, or a patient's
devices with their history open without a query per row.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Iterable, Sequence

from sqlalchemy import func, literal_column, select, true
from sqlalchemy.orm import Session, aliased

from bench_app.domain.enums import (
    DeviceStatus, DeviceType, FreezeMethod, FreezeSourceKind, LocationKind, SignatureMeaning,
)
from bench_app.domain.value_labels import label_of
from bench_app.i18n import _
from bench_app.domain.names import listing_name, listing_of
from bench_app.domain.storage import (
    HOLDER_KINDS, DeviceEventKind, DiscardStatus, days_left, location_path, position_label,
)
from bench_app.persistence.models import (
    CryoDevice, DeviceMove, DiscardEvent, FreezeEvent, MaterialLot, Patient, Signature, StorageLocation, ThawEvent,
    TissueSample, User, WitnessRecord, discard_event_devices, freeze_event_samples, thaw_event_devices,
)
from bench_app.services.record_names import cycle_titles
from bench_app.services.storage_dto import (
    DeviceHistory, DeviceInfo, DiscardInfo, ExpiryRow, FreezeInfo, HistoryEvent, LocationNode, PositionRef, ThawInfo,
)

SL = StorageLocation
_HOLDERS = [k.value for k in HOLDER_KINDS]
# Stored devices, spelt as the partial index ix_cryo_devices_stored_expiry states it (SQLite uses a
# partial index only for a condition written with the same literal value).
STORED = CryoDevice.status == literal_column(f"'{DeviceStatus.STORED.value}'")


def user_names(s: Session) -> dict[int, tuple[str, str]]:
    """User id -> (username, printed full name). The team is small; one query."""
    return {i: (u, f) for i, u, f in s.execute(select(User.id, User.username, User.full_name))}


def witness_names(s: Session, record_ids: Iterable[int | None], names: dict[int, tuple[str, str]]) -> dict[int, str]:
    ids = {i for i in record_ids if i}
    if not ids:
        return {}
    rows = s.execute(select(WitnessRecord.id, WitnessRecord.witness_id).where(WitnessRecord.id.in_(ids)))
    return {rid: names.get(wid, ("?", "?"))[0] for rid, wid in rows}


def lot_titles(s: Session, ids: Iterable[int | None]) -> dict[int, str]:
    ids = {i for i in ids if i}
    if not ids:
        return {}
    rows = s.execute(select(MaterialLot.id, MaterialLot.product_name, MaterialLot.lot_number)
                     .where(MaterialLot.id.in_(ids)))
    return {i: f"{p} lot {n}" for i, p, n in rows}


# --- locations --------------------------------------------------------------------------


def location_paths(s: Session, ids: Iterable[int | None]) -> dict[int, str]:
    """'Tank B / Canister 3 / Cane 12' for each location id, in at most two queries."""
    wanted = {i for i in ids if i}
    known: dict[int, tuple[int | None, int | None, str]] = {}
    todo = set(wanted)
    while todo:
        for i, parent, tank, name in s.execute(select(SL.id, SL.parent_id, SL.tank_id, SL.name)
                                               .where(SL.id.in_(todo))):
            known[i] = (parent, tank, name)
        # A parent and the tank of a row cover every level of a three-level tree at once.
        todo = {x for (parent, tank, _) in known.values() for x in (parent, tank) if x and x not in known}

    def path(i: int) -> str:
        names: list[str] = []
        seen = 0
        while i and i in known and seen < 10:
            parent, _, name = known[i]
            names.append(name)
            i, seen = parent, seen + 1
        return location_path(reversed(names))

    return {i: path(i) for i in wanted if i in known}


def location_nodes(s: Session, rows: Sequence[StorageLocation], *, include_retired: bool = False,
                   paths: dict[int, str] | None = None) -> list[LocationNode]:
    """Nodes with occupancy: one statement for every tank and canister among the rows.

    A cane's or goblet's ``occupied`` is kept by database triggers (migration 0002), and a tank's and
    a canister's ``capacity`` and ``occupied`` are the totals of the canes and goblets below them,
    kept by triggers too (migration 0014): a tank reads its own row, however many devices it holds.
    The totals are read afresh with the count of children shown (rows read earlier in the same
    transaction may predate a trigger's change).
    """
    children: dict[int, int] = {}
    totals: dict[int, tuple[int, int]] = {}
    above = [r.id for r in rows if r.kind not in _HOLDERS]
    if above:
        child = aliased(SL)
        shown = child.retired.is_(False) if not include_retired else true()
        count = select(func.count(child.id)).where(child.parent_id == SL.id, shown).scalar_subquery()
        for loc, cap, stored, n in s.execute(select(SL.id, SL.capacity, SL.occupied, count).where(SL.id.in_(above))):
            totals[loc], children[loc] = (int(cap or 0), int(stored or 0)), int(n or 0)
    if paths is None:
        paths = location_paths(s, [r.id for r in rows])
    out = []
    for r in rows:
        if r.kind in _HOLDERS:
            cap, stored = (0 if r.retired else r.capacity), r.occupied
        else:
            cap, stored = totals.get(r.id, (0, 0))
        out.append(LocationNode(
            id=r.id, parent_id=r.parent_id, tank_id=r.tank_id or r.id, kind=LocationKind(r.kind), name=r.name,
            path=paths.get(r.id, r.name), capacity=cap, occupied=int(stored or 0),
            child_count=children.get(r.id, 0), retired=r.retired, sort_index=r.sort_index))
    return out


def parent_paths(s: Session, rows: Sequence[StorageLocation]) -> dict[int, str]:
    """The paths of rows already read: a tank's is its name (no query), others' as ``location_paths``."""
    paths = {r.id: r.name for r in rows if r.parent_id is None}
    below = [r.id for r in rows if r.parent_id is not None]
    return paths | location_paths(s, below) if below else paths


def child_paths(parent_path: str, rows: Sequence[StorageLocation]) -> dict[int, str]:
    return {r.id: location_path([parent_path, r.name]) for r in rows}


def stored_below(s: Session, loc: StorageLocation) -> int:
    """Devices stored anywhere under (or in) a location."""
    kind = LocationKind(loc.kind)
    q = select(func.count(CryoDevice.id)).where(CryoDevice.status == DeviceStatus.STORED.value)
    if kind == LocationKind.TANK:
        q = q.where(CryoDevice.tank_id == loc.id)
    elif kind == LocationKind.CANISTER:
        q = q.join(SL, SL.id == CryoDevice.location_id).where(SL.parent_id == loc.id)
    else:
        q = q.where(CryoDevice.location_id == loc.id)
    return s.execute(q).scalar_one()


# --- devices ----------------------------------------------------------------------------


def device_select():
    return (select(CryoDevice, Patient, FreezeEvent)
            .join(Patient, Patient.id == CryoDevice.patient_id)
            .join(FreezeEvent, FreezeEvent.id == CryoDevice.freeze_event_id))


def device_infos(s: Session, rows: Sequence[tuple[CryoDevice, Patient, FreezeEvent]]) -> list[DeviceInfo]:
    """DTOs for rows of ``device_select()``: plus paths (two queries) and pending discards (one)."""
    if not rows:
        return []
    paths = location_paths(s, {d.location_id for d, _, _ in rows})
    pending = pending_discards(s, [d.id for d, _, _ in rows])
    return [
        DeviceInfo(
            id=d.id, code=d.code, patient_id=p.id, patient_name=listing_of(p),
            mrn=p.mrn, freeze_event_id=f.id, frozen_at=f.frozen_at, method=FreezeMethod(f.method),
            device_type=DeviceType(d.device_type), colour=d.colour, contents=d.contents,
            status=DeviceStatus(d.status), location_id=d.location_id, slot=d.slot, tank_id=d.tank_id,
            holder_path=paths.get(d.location_id, "") if d.location_id else "", storage_expiry=d.storage_expiry,
            quarantined=d.quarantined, pending_discard_id=pending.get(d.id))
        for d, p, f in rows
    ]


def load_devices(s: Session, ids: Sequence[int]) -> list[DeviceInfo]:
    """Devices by id, in the order given."""
    if not ids:
        return []
    rows = {r[0].id: r for r in s.execute(device_select().where(CryoDevice.id.in_(list(ids)))).all()}
    return device_infos(s, [rows[i] for i in ids if i in rows])


def pending_discards(s: Session, device_ids: Iterable[int]) -> dict[int, int]:
    ids = list(set(device_ids))
    if not ids:
        return {}
    q = (select(discard_event_devices.c.device_id, DiscardEvent.id)
         .join(DiscardEvent, DiscardEvent.id == discard_event_devices.c.discard_event_id)
         .where(discard_event_devices.c.device_id.in_(ids),
                DiscardEvent.status == DiscardStatus.REQUESTED.value))
    return dict(s.execute(q).all())


def expiry_rows(s: Session, *, until: date | None, since: date | None, today: date, limit: int) -> list[ExpiryRow]:
    """Stored devices whose storage expiry is in [since, until], soonest first."""
    q = (select(CryoDevice.id, CryoDevice.code, CryoDevice.location_id, CryoDevice.slot, CryoDevice.storage_expiry,
                Patient.id, Patient.given_names, Patient.family_name, Patient.mrn, Patient.name_language)
         .join(Patient, Patient.id == CryoDevice.patient_id)
         .where(STORED, CryoDevice.storage_expiry.is_not(None)))
    if until is not None:
        q = q.where(CryoDevice.storage_expiry <= until)
    if since is not None:
        q = q.where(CryoDevice.storage_expiry >= since)
    rows = s.execute(q.order_by(CryoDevice.storage_expiry, Patient.family_key, CryoDevice.code).limit(limit)).all()
    paths = location_paths(s, {r[2] for r in rows})
    return [ExpiryRow(device_id=i, code=code, patient_id=pid, patient_name=listing_name(given, family, lang), mrn=mrn,
                      position_path=position_label(paths.get(loc, ""), slot) if loc else "",
                      storage_expiry=exp, days_left=days_left(exp, today))
            for i, code, loc, slot, exp, pid, given, family, mrn, lang in rows]


def stored_expired_before(s: Session, day: date, *, cap: int) -> int:
    """How many stored devices expired before ``day``, counted up to ``cap`` (a bounded read)."""
    first = (select(CryoDevice.id).where(STORED, CryoDevice.storage_expiry < day).limit(cap).subquery())
    return s.execute(select(func.count()).select_from(first)).scalar_one()


# --- positions --------------------------------------------------------------------------


def holders_with_room(s: Session, *, tank_id: int | None, need: int | None, limit: int) -> list[tuple[int, int]]:
    """(holder id, free positions) of active canes and goblets in map order, with at least ``need`` free."""
    canister, tank = aliased(SL), aliased(SL)
    free = SL.capacity - SL.occupied
    q = (select(SL.id, free)
         .join(canister, canister.id == SL.parent_id)
         .join(tank, tank.id == SL.tank_id)
         .where(SL.kind.in_(_HOLDERS), SL.retired.is_(False), canister.retired.is_(False), tank.retired.is_(False),
                free >= (need or 1))
         .order_by(tank.sort_index, tank.id, canister.sort_index, canister.id, SL.sort_index, SL.id)
         .limit(limit))
    if tank_id is not None:
        q = q.where(SL.tank_id == tank_id)
    return [(i, int(free)) for i, free in s.execute(q)]


def free_slots(s: Session, holder_ids: Sequence[int]) -> dict[int, list[int]]:
    """The free slot numbers of each holder, lowest first."""
    if not holder_ids:
        return {}
    caps = dict(s.execute(select(SL.id, SL.capacity).where(SL.id.in_(holder_ids))).all())
    taken: dict[int, set[int]] = defaultdict(set)
    for loc, slot in s.execute(select(CryoDevice.location_id, CryoDevice.slot)
                               .where(CryoDevice.location_id.in_(holder_ids))):
        taken[loc].add(slot)
    return {h: [n for n in range(1, caps.get(h, 0) + 1) if n not in taken[h]] for h in holder_ids}


def position_refs(s: Session, keys: Sequence[tuple[int, int]]) -> list[PositionRef]:
    paths = location_paths(s, {k[0] for k in keys})
    return [PositionRef(loc, slot, paths.get(loc, "")) for loc, slot in keys]


# --- events -----------------------------------------------------------------------------


def freeze_info(s: Session, fe: FreezeEvent, touched: Sequence[int] = ()) -> FreezeInfo:
    names = user_names(s)
    patient = s.get(Patient, fe.patient_id)
    codes = s.execute(select(TissueSample.code).join(freeze_event_samples,
                                                     freeze_event_samples.c.sample_id == TissueSample.id)
                      .where(freeze_event_samples.c.freeze_event_id == fe.id).order_by(TissueSample.code)).scalars()
    devices = s.execute(device_select().where(CryoDevice.freeze_event_id == fe.id).order_by(CryoDevice.id)).all()
    return FreezeInfo(
        id=fe.id, patient_id=patient.id, patient_name=listing_of(patient),
        mrn=patient.mrn, source_kind=FreezeSourceKind(fe.source_kind), sample_codes=tuple(codes),
        method=FreezeMethod(fe.method), cryoprotectant_lot=lot_titles(s, [fe.cryoprotectant_lot_id]).get(
            fe.cryoprotectant_lot_id, ""),
        pre_freeze_motile=fe.pre_freeze_motile, pre_freeze_immotile=fe.pre_freeze_immotile,
        sperm_present=fe.sperm_present, frozen_at=fe.frozen_at, operator=names.get(fe.operator_id, ("?",))[0],
        witness=witness_names(s, [fe.witness_record_id], names).get(fe.witness_record_id), notes=fe.notes,
        devices=tuple(device_infos(s, devices)), touched_locations=tuple(touched))


def thaw_info(s: Session, te: ThawEvent, touched: Sequence[int] = ()) -> ThawInfo:
    names = user_names(s)
    patient = s.get(Patient, te.patient_id)
    links = s.execute(select(CryoDevice.code, thaw_event_devices.c.from_location_id, thaw_event_devices.c.from_slot)
                      .join(CryoDevice, CryoDevice.id == thaw_event_devices.c.device_id)
                      .where(thaw_event_devices.c.thaw_event_id == te.id).order_by(CryoDevice.code)).all()
    paths = location_paths(s, {loc for _, loc, _ in links})
    return ThawInfo(
        id=te.id, patient_id=patient.id, patient_name=listing_of(patient),
        mrn=patient.mrn, cycle_id=te.cycle_id, thawed_at=te.thawed_at, operator=names.get(te.operator_id, ("?",))[0],
        witness=witness_names(s, [te.witness_record_id], names).get(te.witness_record_id),
        sperm_found=te.sperm_found, progressive=te.progressive, non_progressive=te.non_progressive,
        twitching=te.twitching, immotile=te.immotile,
        thaw_medium_lot=lot_titles(s, [te.thaw_medium_lot_id]).get(te.thaw_medium_lot_id, ""), notes=te.notes,
        device_codes=tuple(c for c, _, _ in links),
        from_paths=tuple(position_label(paths.get(loc, ""), slot) if loc else "" for _, loc, slot in links),
        touched_locations=tuple(touched))


def discard_info(s: Session, de: DiscardEvent, touched: Sequence[int] = ()) -> DiscardInfo:
    names = user_names(s)
    patient = s.get(Patient, de.patient_id)
    ids = s.execute(select(discard_event_devices.c.device_id)
                    .where(discard_event_devices.c.discard_event_id == de.id)).scalars().all()
    sig = s.execute(select(Signature).where(Signature.entity_type == "discard_events",
                                            Signature.entity_id == str(de.id))
                    .order_by(Signature.signed_at.desc())).scalars().first()
    return DiscardInfo(
        id=de.id, patient_id=patient.id, patient_name=listing_of(patient),
        mrn=patient.mrn, reason=de.reason, consent_checked=de.consent_checked,
        requested_by=names.get(de.requested_by, ("?", "?"))[1], requested_at=de.requested_at,
        status=DiscardStatus(de.status),
        decided_by=names.get(de.approved_by, ("?", "?"))[1] if de.approved_by else None, decided_at=de.approved_at,
        signed_by=sig.printed_name if sig else None, signed_at=sig.signed_at if sig else None,
        signature_meaning=sig.meaning if sig else None,
        devices=tuple(sorted(load_devices(s, list(ids)), key=lambda d: d.code)), touched_locations=tuple(touched),
        witnessed_by=_witness_name(s, de.witness_record_id, names))


def _witness_name(s: Session, record_id: int | None, names) -> str | None:
    if record_id is None:
        return None
    witness_id = s.execute(select(WitnessRecord.witness_id).where(WitnessRecord.id == record_id)).scalar()
    return names.get(witness_id, ("?", "?"))[1]


# --- history ----------------------------------------------------------------------------

_ORDER = {k: i for i, k in enumerate(DeviceEventKind)}


def device_histories(s: Session, devices: Sequence[DeviceInfo]) -> list[DeviceHistory]:
    """Each device with every freeze, placement, move, thaw and discard step: eight queries in all."""
    if not devices:
        return []
    names = user_names(s)
    ids = [d.id for d in devices]
    events: dict[int, list[HistoryEvent]] = defaultdict(list)

    freezes = {fe.id: fe for fe in s.execute(select(FreezeEvent).where(
        FreezeEvent.id.in_({d.freeze_event_id for d in devices}))).scalars()}
    moves = s.execute(select(DeviceMove).where(DeviceMove.device_id.in_(ids))
                      .order_by(DeviceMove.moved_at, DeviceMove.id)).scalars().all()
    thaws = s.execute(select(thaw_event_devices.c.device_id, thaw_event_devices.c.from_location_id,
                             thaw_event_devices.c.from_slot, ThawEvent)
                      .join(ThawEvent, ThawEvent.id == thaw_event_devices.c.thaw_event_id)
                      .where(thaw_event_devices.c.device_id.in_(ids))).all()
    discards = s.execute(select(discard_event_devices.c.device_id, DiscardEvent)
                         .join(DiscardEvent, DiscardEvent.id == discard_event_devices.c.discard_event_id)
                         .where(discard_event_devices.c.device_id.in_(ids))).all()
    signatures = {int(sig.entity_id): sig for sig in s.execute(select(Signature).where(
        Signature.entity_type == "discard_events",
        Signature.entity_id.in_({str(de.id) for _, de in discards}))).scalars()} if discards else {}
    witnesses = witness_names(s, [fe.witness_record_id for fe in freezes.values()]
                              + [m.witness_record_id for m in moves]
                              + [te.witness_record_id for *_, te in thaws], names)
    paths = location_paths(s, {m.from_location_id for m in moves} | {m.to_location_id for m in moves}
                           | {loc for _, loc, _, _ in thaws})
    lots = lot_titles(s, [fe.cryoprotectant_lot_id for fe in freezes.values()])

    def who(user_id: int | None) -> str:
        return names.get(user_id, ("?", "?"))[0] if user_id else ""

    def where(loc: int | None, slot: int | None) -> str:
        return position_label(paths.get(loc, ""), slot) if loc else ""

    for d in devices:
        fe = freezes[d.freeze_event_id]
        # A history is read on screen only: its sentences are in the language of the screen.
        assessment = (_("motile {motile}, immotile {immotile}").format(
                          motile=fe.pre_freeze_motile or 0, immotile=fe.pre_freeze_immotile or 0)
                      if fe.pre_freeze_motile is not None or fe.pre_freeze_immotile is not None
                      else (_("sperm present") if fe.sperm_present else _("no sperm seen")))
        events[d.id].append(HistoryEvent(
            fe.frozen_at, DeviceEventKind.FREEZE,
            _("Frozen ({method}, {source}); cryoprotectant {lot}; pre-freeze {assessment}").format(
                method=FreezeMethod(fe.method).label.lower(), source=FreezeSourceKind(fe.source_kind).label.lower(),
                lot=lots.get(fe.cryoprotectant_lot_id) or _("not recorded"), assessment=assessment),
            who(fe.operator_id), witnesses.get(fe.witness_record_id), event_id=fe.id))
    for m in moves:
        first = m.from_location_id is None
        to = where(m.to_location_id, m.to_slot)
        events[m.device_id].append(HistoryEvent(
            m.moved_at, DeviceEventKind.PLACEMENT if first else DeviceEventKind.MOVE,
            _("Placed at {position}").format(position=to) if first
            else _("Moved from {before} to {after}").format(before=where(m.from_location_id, m.from_slot), after=to),
            who(m.operator_id), witnesses.get(m.witness_record_id), from_path=where(m.from_location_id, m.from_slot),
            to_path=to, reason=m.reason, event_id=m.id))
    cycles = cycle_titles(s, [te.cycle_id for *_, te in thaws])
    for device_id, loc, slot, te in thaws:
        found = {True: _("sperm found"), False: _("no sperm found"), None: _("not assessed")}[te.sperm_found]
        motile = te.progressive + te.non_progressive + te.twitching
        events[device_id].append(HistoryEvent(
            te.thawed_at, DeviceEventKind.THAW,
            (_("Thawed for the {cycle}: {found}").format(cycle=cycles[te.cycle_id], found=found)
             if te.cycle_id in cycles else _("Thawed: {found}").format(found=found))
            + (", " + _("motile {motile}, immotile {immotile}").format(motile=motile, immotile=te.immotile)
               if te.sperm_found else ""),
            who(te.operator_id), witnesses.get(te.witness_record_id), from_path=where(loc, slot), event_id=te.id))
    for device_id, de in discards:
        events[device_id].append(HistoryEvent(
            de.requested_at, DeviceEventKind.DISCARD_REQUESTED, _("Discard requested (consent checked)"),
            who(de.requested_by), None, reason=de.reason, event_id=de.id))
        sig = signatures.get(de.id)
        if de.status == DiscardStatus.APPROVED.value:
            events[device_id].append(HistoryEvent(
                de.approved_at, DeviceEventKind.DISCARD_APPROVED,
                _("Discarded: approved and signed by {person}").format(
                    person=sig.printed_name if sig else who(de.approved_by))
                + (f" ({label_of(SignatureMeaning, sig.meaning)})" if sig else ""),
                who(de.approved_by), None, reason=de.reason, event_id=de.id))
        elif de.status == DiscardStatus.REJECTED.value:
            events[device_id].append(HistoryEvent(
                de.approved_at or de.requested_at, DeviceEventKind.DISCARD_REJECTED, _("Discard request rejected"),
                who(de.approved_by), None, event_id=de.id))
    return [DeviceHistory(d, tuple(sorted(events[d.id], key=lambda e: (e.at, _ORDER[e.kind]))))
            for d in devices]
