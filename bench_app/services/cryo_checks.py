"""Checks a cryo step makes twice: before the witness signs (read) and again while it writes.

The first pass gives a person every problem at once, next to its field, before a witness
is asked for a PIN; the second pass, inside the write transaction, re-reads what another
workstation may have changed meanwhile (a sample's disposition, a consent, a device's
status). Occupancy is left to the database's unique (holder, slot) constraint there.
"""

from __future__ import annotations

from datetime import date
from typing import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from bench_app.domain import storage as rules
from bench_app.domain.codes import parse_code
from bench_app.domain.enums import ConsentUse, CycleStatus, DeviceStatus, Disposition, Sex
from bench_app.domain.errors import (
    POSITION_OCCUPIED, CodedMessage, InvalidCode, NotFound, PermissionDenied, ValidationError,
)
from bench_app.domain.names import full_name
from bench_app.i18n import _
from bench_app.persistence.models import (
    Consent, Couple, CryoDevice, Cycle, DiscardEvent, Patient, StorageLocation, TissueSample,
)
from bench_app.services import reserved_codes
from bench_app.services.context import Actor
from bench_app.services.patients_dto import ConsentInfo
from bench_app.services.patients_service import consent_info
from bench_app.services.storage_queries import location_paths, pending_discards

SL = StorageLocation
FORBIDDEN_DISPOSITIONS = {
    Disposition.DISCARDED: "was discarded",
    Disposition.HISTOLOGY: "went for histology",
    Disposition.FRESH_ICSI: "is marked for fresh ICSI (change its disposition, with a reason, first)",
}


def freeze_plan(s: Session, sample_ids: list[int], patient_id: int | None,
                positions: Sequence[tuple[int, int]], codes: list[str] | None, on: date, *,
                check_occupied: bool) -> tuple[Patient, list[TissueSample], date | None]:
    errors: dict[str, str] = {}
    samples = list(s.execute(select(TissueSample).where(TissueSample.id.in_(sample_ids))
                             .order_by(TissueSample.id)).scalars()) if sample_ids else []
    missing = set(sample_ids) - {x.id for x in samples}
    if missing:
        raise NotFound(_("There is no sample #{sample_id}.").format(sample_id=min(missing)))
    owners = {x.patient_id for x in samples}
    if len(owners) > 1:
        errors["sample_ids"] = _("Samples of different patients cannot be pooled: choose one patient's samples.")
    for x in samples:
        problem = FORBIDDEN_DISPOSITIONS.get(Disposition(x.disposition))
        if problem:
            errors["sample_ids"] = _("Sample {code} {problem}: it cannot be frozen.").format(code=x.code, problem=problem)
    if owners and patient_id is not None and owners != {patient_id}:
        errors["patient_id"] = _("The samples belong to another patient.")
    pid = patient_id if patient_id is not None else (min(owners) if owners else None)
    patient = patient_row(s, pid)
    if patient.sex == Sex.FEMALE.value:
        errors["patient_id"] = _("Sperm and testicular tissue are frozen for a male patient.")
    consent = consent_for(s, patient, ConsentUse.STORAGE, on)
    if isinstance(consent, str):
        errors["consent"] = consent
    if codes:
        used = s.execute(select(CryoDevice.code).where(CryoDevice.code.in_(codes))).scalars().first()
        if used:
            errors["device_codes"] = _("{code} is already on another device.").format(code=used)
        elif problem := reserved_codes.problem_with(s, codes, patient.id):
            errors["device_codes"] = problem
    check_positions(s, positions, errors, check_occupied=check_occupied)
    if errors:
        raise ValidationError(errors)
    return patient, samples, consent.storage_expiry


def move_plan(s: Session, device_ids: list[int], positions: Sequence[tuple[int, int]], *,
              check_occupied: bool) -> tuple[list[CryoDevice], dict[int, StorageLocation]]:
    errors: dict[str, str] = {}
    devices = devices_by_id(s, device_ids)
    for d, target in zip(devices, positions):
        if d.status != DeviceStatus.STORED.value:
            errors["device_ids"] = (_("{code} is {status}: only a stored device moves, and a thawed device never "
                                      "returns to storage.") if d.status == DeviceStatus.THAWED.value else
                                    _("{code} is {status}: only a stored device moves.")).format(code=d.code,
                                                                                                 status=d.status)
        elif (d.location_id, d.slot) == tuple(target):
            errors["positions"] = _("{code} is already at that position.").format(code=d.code)
    holders = check_positions(s, positions, errors, check_occupied=check_occupied,
                                    moving={d.id for d in devices})
    if errors:
        raise ValidationError(errors)
    return devices, holders


def thaw_plan(s: Session, device_ids: list[int], codes: list[str], cycle_id: int, on: date
              ) -> tuple[list[CryoDevice], Patient]:
    errors: dict[str, str] = {}
    devices = devices_by_id(s, device_ids)
    if codes:
        by_code = {d.code: d for d in s.execute(select(CryoDevice).where(CryoDevice.code.in_(codes))).scalars()}
        unknown = [c for c in codes if c not in by_code]
        if unknown:
            raise ValidationError.single("device_codes", _("No device has the code {code}.").format(code=unknown[0]))
        devices += [by_code[c] for c in codes]
    devices = list({d.id: d for d in devices}.values())
    pending = pending_discards(s, [d.id for d in devices])
    for d in devices:
        field = "device_ids" if d.id in device_ids else "device_codes"
        if d.status != DeviceStatus.STORED.value:
            errors[field] = _("{code} is {status}: only a stored device can be thawed.").format(code=d.code, status=d.status)
        elif d.id in pending:
            errors[field] = _("{code} awaits approval of discard request #{request}.").format(code=d.code, request=pending[d.id])
    if len({d.patient_id for d in devices}) > 1:
        errors["device_ids"] = _("All devices of one thaw must belong to one patient.")
        raise ValidationError(errors)
    patient = patient_row(s, devices[0].patient_id)
    row = s.execute(select(Cycle, Couple).join(Couple, Couple.id == Cycle.couple_id)
                    .where(Cycle.id == cycle_id)).first()
    if row is None:
        errors["cycle_id"] = _("There is no cycle #{cycle_id}.").format(cycle_id=cycle_id)
    elif row[1].male_patient_id != patient.id:
        errors["cycle_id"] = _("That cycle is not this patient's: he must be its male partner.")
    elif row[0].status == CycleStatus.CANCELLED.value:
        errors["cycle_id"] = _("That cycle was cancelled.")
    consent = consent_for(s, patient, ConsentUse.TREATMENT, on)
    if isinstance(consent, str):
        errors["consent"] = consent
    if errors:
        raise ValidationError(errors)
    return devices, patient


def check_positions(s: Session, positions: Sequence[tuple[int, int]], errors: dict[str, str], *,
                    check_occupied: bool, moving: set[int] = frozenset()) -> dict[int, StorageLocation]:
    keys = [(int(loc), int(slot)) for loc, slot in positions]
    holders = holders_at(s, keys)
    paths = location_paths(s, holders)
    problems: list[str] = []
    if len(set(keys)) != len(keys):
        problems.append(_("The same position is chosen twice."))
    for loc, slot in keys:
        h = holders.get(loc)
        if h is None:
            problems.append(_("There is no storage location #{location_id}.").format(location_id=loc))
        elif not rules.is_holder(h.kind):
            problems.append(_("{place} is a {kind}: choose a position on a cane or goblet.").format(place=paths[loc], kind=h.kind))
        elif h.retired:
            problems.append(_("{place} is retired.").format(place=paths[loc]))
        elif not 1 <= slot <= h.capacity:
            problems.append(_("{place} has positions 1 to {capacity}, not {slot}.").format(place=paths[loc], capacity=h.capacity, slot=slot))
    occupied = False
    if check_occupied and keys:
        wanted = set(keys)
        for code, loc, slot, dev_id in s.execute(
                select(CryoDevice.code, CryoDevice.location_id, CryoDevice.slot, CryoDevice.id)
                .where(CryoDevice.location_id.in_({k[0] for k in keys}))):
            if (loc, slot) in wanted and dev_id not in moving:
                occupied = True
                problems.append(_("{position} is occupied by {code}.").format(position=rules.position_label(paths[loc], slot), code=code))
    if problems:
        text = " ".join(dict.fromkeys(problems))
        errors["positions"] = CodedMessage(text, POSITION_OCCUPIED) if occupied else text
    return holders


def parse_codes(device_codes: Sequence[str], count: int | None, errors: dict[str, str]) -> list[str]:
    codes: list[str] = []
    for text in device_codes:
        try:
            parsed = parse_code(text)
        except InvalidCode as exc:
            errors["device_codes"] = str(exc)
            continue
        if parsed.kind != "D":
            errors["device_codes"] = _("{code} is a {entity} code, not a device's.").format(code=parsed.code, entity=parsed.entity)
        codes.append(parsed.code)
    if len(set(codes)) != len(codes):
        errors["device_codes"] = _("A device code is given twice.")
    elif "device_codes" not in errors and count is not None and isinstance(count, int) and len(codes) != count:
        errors["device_codes"] = _("Give one code for each of the {count} devices.").format(count=count)
    return codes


def holders_at(s: Session, keys: Iterable[tuple[int | None, int | None]]) -> dict[int, StorageLocation]:
    ids = {loc for loc, _ in keys if loc is not None}
    return {r.id: r for r in s.execute(select(SL).where(SL.id.in_(ids))).scalars()} if ids else {}


def devices_by_id(s: Session, device_ids: list[int]) -> list[CryoDevice]:
    if not device_ids:
        return []
    found = {d.id: d for d in s.execute(select(CryoDevice).where(CryoDevice.id.in_(device_ids))).scalars()}
    missing = [i for i in device_ids if i not in found]
    if missing:
        raise NotFound(_("There is no device #{device_id}.").format(device_id=missing[0]))
    return [found[i] for i in device_ids]


def patient_row(s: Session, patient_id: int | None) -> Patient:
    p = s.get(Patient, patient_id) if patient_id is not None else None
    if p is None:
        raise NotFound(_("There is no patient #{patient_id}.").format(patient_id=patient_id))
    return p


def open_discard(s: Session, discard_id: int, approver: Actor | None) -> DiscardEvent:
    de = s.get(DiscardEvent, discard_id)
    if de is None:
        raise NotFound(_("There is no discard request #{discard_id}.").format(discard_id=discard_id))
    if de.status != rules.DiscardStatus.REQUESTED.value:
        raise ValidationError.single("discard_id", _("Discard request #{id} was already {status}.").format(id=de.id, status=de.status))
    if approver is not None and de.requested_by == approver.id:
        raise PermissionDenied(_("The person who asked for a discard cannot approve it: "
                               "a second person must sign."))
    return de


def consent_for(s: Session, patient: Patient, use: ConsentUse, on: date) -> ConsentInfo | str:
    """The patient's consent that allows ``use`` on ``on`` (the longest-lasting), or why there is none."""
    consents = [consent_info(c) for c in s.execute(select(Consent).where(Consent.patient_id == patient.id)
                                                   .order_by(Consent.signed_on)).scalars()]
    valid = [c for c in consents if c.allows(use.value, on)]
    if valid:
        return max(valid, key=lambda c: c.storage_expiry or date.max)
    who = _("{name} (MRN {mrn})").format(name=full_name(patient.given_names, patient.family_name), mrn=patient.mrn)
    covering = [c for c in consents if use.value in c.permitted_uses]
    if not covering:
        return _("{who} has no consent to {label}.").format(who=who, label=use.label)
    latest = covering[-1]
    if latest.withdrawn_on is not None and latest.withdrawn_on <= on:
        return _("{who} withdrew consent to {label} on {withdrawn_on}.").format(who=who, label=use.label, withdrawn_on=latest.withdrawn_on.isoformat())
    if latest.storage_expiry is not None and latest.storage_expiry < on:
        return _("{who}'s consent to {label} expired on {storage_expiry}.").format(who=who, label=use.label, storage_expiry=latest.storage_expiry.isoformat())
    return _("{who} has no consent to {label} in force on {on}.").format(who=who, label=use.label, on=on.isoformat())


def touched(holders: Iterable[StorageLocation]) -> tuple[int, ...]:
    """Holders with their canisters and tanks: the tree nodes whose counts an operation changed."""
    out: dict[int, None] = {}
    for h in holders:
        for i in (h.id, h.parent_id, h.tank_id):
            if i is not None:
                out[i] = None
    return tuple(out)
