"""Cryopreservation: freeze into devices and place them, move, thaw, discard; expiry and history.

Each witnessed step checks its inputs first (so a doomed step never asks a witness
for their PIN), authenticates the witness, then writes the step, its witness record
and its audit rows in one transaction. Positions are kept unique by the database;
when another workstation takes a position between the check and the write, the
constraint refuses it, the whole step rolls back and the person is told plainly.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Iterable, Sequence

from sqlalchemy import case, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bench_app.domain import storage as rules
from bench_app.domain.codes import parse_code, serial_of
from bench_app.domain.enums import (
    AuditAction, ConsentUse, CycleStatus, DeviceStatus, DeviceType, Disposition, FreezeMethod, FreezeSourceKind,
    LotKind, Role, Sex, SignatureMeaning,
)
from bench_app.domain.errors import InvalidCode, NotFound, PermissionDenied, ValidationError
from bench_app.domain.names import full_name
from bench_app.domain.witnessing import CriticalStep
from bench_app.persistence.models import (
    CodeCounter, Consent, Couple, CryoDevice, Cycle, DeviceMove, DiscardEvent, FreezeEvent, Patient, Signature,
    StorageLocation, ThawEvent, TissueSample, discard_event_devices, freeze_event_samples, thaw_event_devices,
)
from bench_app.services.audit_writer import audit_create, audit_update, write_event
from bench_app.services.codes_service import allocate_codes
from bench_app.services.context import Actor, ServiceContext
from bench_app.services.lots_service import ensure_lot
from bench_app.services.patients_dto import ConsentInfo
from bench_app.services.patients_service import consent_info
from bench_app.services.retrieval_service import _enum, check_not_future
from bench_app.services.storage_dto import (
    DeviceHistory, DeviceInfo, DiscardInfo, ExpiryCounts, ExpiryRow, FreezeInfo, MoveInfo, MoveResult, ThawInfo,
)
from bench_app.services.storage_queries import (
    device_histories, device_infos, device_select, discard_info, expiry_rows, freeze_info, load_devices, location_paths,
    pending_discards, thaw_info,
)
from bench_app.services.users_service import UsersService
from bench_app.services.witness_service import WitnessInput, WitnessService

SL = StorageLocation
APPROVER_ROLES = (Role.SUPERVISOR, Role.ADMIN)
_FORBIDDEN_DISPOSITIONS = {
    Disposition.DISCARDED: "was discarded",
    Disposition.HISTOLOGY: "went for histology",
    Disposition.FRESH_ICSI: "is marked for fresh ICSI (change its disposition, with a reason, first)",
}


class CryoService:
    def __init__(self, ctx: ServiceContext, witness: WitnessService, users: UsersService):
        self.ctx = ctx
        self.witness = witness
        self.users = users

    # --- freeze -------------------------------------------------------------------------

    def reserve_device_codes(self, actor: Actor, count: int) -> tuple[str, ...]:
        """Codes for labels printed before loading, so the witness can check them; pass them to freeze()."""
        if not 1 <= count <= rules.MAX_DEVICES_PER_FREEZE:
            raise ValidationError.single("count", f"Give between 1 and {rules.MAX_DEVICES_PER_FREEZE} devices.")
        with self.ctx.db.write() as s:
            codes = allocate_codes(s, "D", count)
            write_event(s, self.ctx, actor=actor, action=AuditAction.CREATE, entity_type="code_counters",
                        entity_id="D", changes={"reserved": [None, codes]}, reason="device labels")
            return tuple(codes)

    def freeze(self, actor: Actor, *, source_kind: FreezeSourceKind | str, sample_ids: Sequence[int] = (),
               patient_id: int | None = None, method: FreezeMethod | str, cryoprotectant: str,
               cryoprotectant_lot: str, device_count: int, device_type: DeviceType | str,
               positions: Sequence[tuple[int, int]], witness: WitnessInput | None, colour: str = "",
               contents: str = "", pre_freeze_motile: int | None = None, pre_freeze_immotile: int | None = None,
               sperm_present: bool | None = None, device_codes: Sequence[str] | None = None,
               frozen_at: datetime | None = None, notes: str = "") -> FreezeInfo:
        """Freeze one sample, a pool of one patient's samples, or an ejaculate into devices, placed at once."""
        errors: dict[str, str] = {}
        source = _enum(FreezeSourceKind, source_kind, "source_kind", errors, "the source")
        method_ = _enum(FreezeMethod, method, "method", errors, "the freezing method")
        dtype = _enum(DeviceType, device_type, "device_type", errors, "straw, vial or single-sperm device")
        present = rules.pre_freeze_sperm_present(pre_freeze_motile, pre_freeze_immotile, sperm_present, errors)
        frozen_at = frozen_at or self.ctx.clock()
        check_not_future(self.ctx, frozen_at, "frozen_at", errors)
        if not (cryoprotectant or "").strip():
            errors["cryoprotectant"] = "Name the cryoprotectant."
        if not (cryoprotectant_lot or "").strip():
            errors["cryoprotectant_lot"] = "Give the cryoprotectant's lot number."
        if len(colour or "") > rules.MAX_COLOUR_LENGTH:
            errors["colour"] = f"A colour has at most {rules.MAX_COLOUR_LENGTH} characters."
        if not isinstance(device_count, int) or not 1 <= device_count <= rules.MAX_DEVICES_PER_FREEZE:
            errors["device_count"] = f"Give between 1 and {rules.MAX_DEVICES_PER_FREEZE} devices."
        elif len(positions) != device_count:
            errors["positions"] = f"Choose a position for each of the {device_count} devices."
        sample_ids = list(dict.fromkeys(sample_ids))
        if source == FreezeSourceKind.TISSUE_SAMPLE and len(sample_ids) != 1:
            errors["sample_ids"] = "Choose the one sample that is frozen."
        elif source == FreezeSourceKind.POOLED_SAMPLES and len(sample_ids) < 2:
            errors["sample_ids"] = "A pooled suspension comes from two or more samples."
        elif source == FreezeSourceKind.EJACULATE:
            if sample_ids:
                errors["sample_ids"] = "An ejaculate is frozen without tissue samples."
            if patient_id is None:
                errors["patient_id"] = "Choose the patient whose ejaculate is frozen."
        codes = self._parse_codes(device_codes, device_count, errors) if device_codes is not None else None
        if errors:
            raise ValidationError(errors)
        on = frozen_at.astimezone().date()
        with self.ctx.db.read() as s:
            patient, _, _ = self._freeze_plan(s, sample_ids, patient_id, positions, codes, on, check_occupied=True)
        verified = self.witness.verify(actor, CriticalStep.DEVICE_LOADING, witness,
                                       entity_type="patients", entity_id=str(patient.id))
        taking: list[tuple[int, int]] = []
        try:
            with self.ctx.db.write() as s:
                patient, samples, expiry = self._freeze_plan(s, sample_ids, patient_id, positions, codes, on,
                                                             check_occupied=False)
                lot = ensure_lot(s, self.ctx, actor, kind=LotKind.CRYOPROTECTANT, product=cryoprotectant,
                                 lot_number=cryoprotectant_lot, field="cryoprotectant_lot")
                fe = FreezeEvent(patient_id=patient.id, source_kind=source.value, method=method_.value,
                                 cryoprotectant_lot_id=lot.id, pre_freeze_motile=pre_freeze_motile,
                                 pre_freeze_immotile=pre_freeze_immotile, sperm_present=present,
                                 frozen_at=frozen_at, operator_id=actor.id, notes=(notes or "").strip())
                audit_create(s, self.ctx, actor, fe)
                record = self.witness.record(s, verified, entity_type="freeze_events", entity_id=fe.id)
                audit_update(s, self.ctx, actor, fe, {"witness_record_id": record.id})
                for sample in samples:
                    s.execute(insert(freeze_event_samples).values(freeze_event_id=fe.id, sample_id=sample.id))
                    write_event(s, self.ctx, actor=actor, action=AuditAction.CREATE,
                                entity_type="freeze_event_samples", entity_id=f"{fe.id},{sample.id}",
                                changes={"freeze_event_id": [None, fe.id], "sample_id": [None, sample.id]})
                    audit_update(s, self.ctx, actor, sample, {"disposition": Disposition.FREEZE.value},
                                 reason=f"frozen in freeze event #{fe.id}")
                text = (contents or "").strip() or rules.default_contents(source, [x.code for x in samples])
                holders = self._holders(s, positions)
                for code, (loc, slot) in zip(codes or allocate_codes(s, "D", device_count), positions):
                    taking.append((loc, slot))
                    device = CryoDevice(code=code, patient_id=patient.id, freeze_event_id=fe.id,
                                        device_type=dtype.value, colour=(colour or "").strip(), contents=text,
                                        status=DeviceStatus.STORED.value, location_id=loc, slot=slot,
                                        tank_id=holders[loc].tank_id, storage_expiry=expiry, quarantined=False,
                                        created_at=self.ctx.clock())
                    audit_create(s, self.ctx, actor, device)
                    audit_create(s, self.ctx, actor, DeviceMove(
                        device_id=device.id, from_location_id=None, from_slot=None, to_location_id=loc,
                        to_slot=slot, moved_at=frozen_at, operator_id=actor.id, witness_record_id=record.id,
                        reason="first placement"))
                return freeze_info(s, fe, _touched(holders.values()))
        except IntegrityError as exc:
            raise self._refused(exc, taking[-1:]) from None

    # --- move ---------------------------------------------------------------------------

    def move_devices(self, actor: Actor, *, device_ids: Sequence[int], positions: Sequence[tuple[int, int]],
                     reason: str, witness: WitnessInput | None, moved_at: datetime | None = None) -> MoveResult:
        """Move stored devices to free positions; their old positions free at once. Swaps are allowed."""
        errors: dict[str, str] = {}
        device_ids = list(device_ids)
        if not device_ids:
            errors["device_ids"] = "Choose the devices to move."
        elif len(set(device_ids)) != len(device_ids):
            errors["device_ids"] = "A device is chosen twice."
        elif len(positions) != len(device_ids):
            errors["positions"] = "Choose one new position for each device."
        if not (reason or "").strip():
            errors["reason"] = "Say why the devices are moved."
        moved_at = moved_at or self.ctx.clock()
        check_not_future(self.ctx, moved_at, "moved_at", errors)
        if errors:
            raise ValidationError(errors)
        with self.ctx.db.read() as s:
            self._move_plan(s, device_ids, positions, check_occupied=True)
        verified = self.witness.verify(actor, CriticalStep.DEVICE_MOVE, witness,
                                       entity_type="cryo_devices", entity_id=str(device_ids[0]))
        taking: list[tuple[int, int]] = []
        try:
            with self.ctx.db.write() as s:
                devices, holders = self._move_plan(s, device_ids, positions, check_occupied=False)
                old = {d.id: (d.location_id, d.slot, d.tank_id) for d in devices}
                for d in devices:  # free every old position first, so devices may swap places
                    d.location_id, d.slot = None, None
                s.flush()
                for d, (loc, slot) in zip(devices, positions):
                    taking = [(loc, slot)]
                    d.location_id, d.slot, d.tank_id = loc, slot, holders[loc].tank_id
                    s.flush()
                moves = []
                for d in devices:
                    (o_loc, o_slot, o_tank) = old[d.id]
                    write_event(s, self.ctx, actor=actor, action=AuditAction.UPDATE, entity_type="cryo_devices",
                                entity_id=d.id, reason=reason.strip(),
                                changes={k: [a, b] for k, a, b in (("location_id", o_loc, d.location_id),
                                                                   ("slot", o_slot, d.slot),
                                                                   ("tank_id", o_tank, d.tank_id)) if a != b})
                    record = self.witness.record(s, verified, entity_type="cryo_devices", entity_id=d.id)
                    move = DeviceMove(device_id=d.id, from_location_id=o_loc, from_slot=o_slot,
                                      to_location_id=d.location_id, to_slot=d.slot, moved_at=moved_at,
                                      operator_id=actor.id, witness_record_id=record.id, reason=reason.strip())
                    audit_create(s, self.ctx, actor, move)
                    moves.append((move, d.code))
                from_holders = s.execute(select(SL).where(SL.id.in_({o[0] for o in old.values()}))).scalars()
                paths = location_paths(s, {m.from_location_id for m, _ in moves} | {m.to_location_id for m, _ in moves})
                infos = tuple(MoveInfo(
                    id=m.id, device_id=m.device_id, device_code=code,
                    from_path=rules.position_label(paths[m.from_location_id], m.from_slot),
                    to_path=rules.position_label(paths[m.to_location_id], m.to_slot), moved_at=m.moved_at,
                    operator=actor.username, witness=verified.witness.username, reason=m.reason) for m, code in moves)
                return MoveResult(infos, _touched([*holders.values(), *from_holders]))
        except IntegrityError as exc:
            raise self._refused(exc, taking) from None

    # --- thaw ---------------------------------------------------------------------------

    def thaw(self, actor: Actor, *, device_ids: Sequence[int] = (), device_codes: Sequence[str] = (),
             cycle_id: int | None, witness: WitnessInput | None, sperm_found: bool | None, progressive: int = 0,
             non_progressive: int = 0, twitching: int = 0, immotile: int = 0, thaw_medium: str = "",
             thaw_medium_lot: str = "", thawed_at: datetime | None = None, notes: str = "") -> ThawInfo:
        """Take one patient's stored devices out for a cycle; chosen by id or by scanned code."""
        errors: dict[str, str] = {}
        codes = self._parse_codes(device_codes, None, errors)
        if not device_ids and not device_codes:
            errors["device_ids"] = "Choose or scan the devices to thaw."
        counts = {"progressive": progressive, "non_progressive": non_progressive, "twitching": twitching,
                  "immotile": immotile}
        rules.check_post_thaw(sperm_found, counts, errors)
        if cycle_id is None:
            errors["cycle_id"] = "Choose the cycle the sperm is thawed for."
        thawed_at = thawed_at or self.ctx.clock()
        check_not_future(self.ctx, thawed_at, "thawed_at", errors)
        if errors:
            raise ValidationError(errors)
        on = thawed_at.astimezone().date()
        with self.ctx.db.read() as s:
            devices, _ = self._thaw_plan(s, list(device_ids), codes, cycle_id, on)
            first_id = devices[0].id
        verified = self.witness.verify(actor, CriticalStep.THAW, witness,
                                       entity_type="cryo_devices", entity_id=str(first_id))
        with self.ctx.db.write() as s:
            devices, patient = self._thaw_plan(s, list(device_ids), codes, cycle_id, on)
            lot = ensure_lot(s, self.ctx, actor, kind=LotKind.MEDIUM, product=thaw_medium,
                             lot_number=thaw_medium_lot, field="thaw_medium_lot")
            te = ThawEvent(patient_id=patient.id, cycle_id=cycle_id, thawed_at=thawed_at, operator_id=actor.id,
                           sperm_found=sperm_found, thaw_medium_lot_id=lot.id if lot else None,
                           notes=(notes or "").strip(), **counts)
            audit_create(s, self.ctx, actor, te)
            record = self.witness.record(s, verified, entity_type="thaw_events", entity_id=te.id)
            audit_update(s, self.ctx, actor, te, {"witness_record_id": record.id})
            holders = self._holders(s, [(d.location_id, d.slot) for d in devices])
            for d in devices:
                s.execute(insert(thaw_event_devices).values(thaw_event_id=te.id, device_id=d.id,
                                                            from_location_id=d.location_id, from_slot=d.slot))
                write_event(s, self.ctx, actor=actor, action=AuditAction.CREATE, entity_type="thaw_event_devices",
                            entity_id=f"{te.id},{d.id}",
                            changes={"device_id": [None, d.id], "from_location_id": [None, d.location_id],
                                     "from_slot": [None, d.slot]})
                audit_update(s, self.ctx, actor, d, {"status": DeviceStatus.THAWED.value, "location_id": None,
                                                     "slot": None, "tank_id": None}, reason=f"thaw event #{te.id}")
            return thaw_info(s, te, _touched(holders.values()))

    def get_thaw(self, thaw_event_id: int) -> ThawInfo:
        with self.ctx.db.read() as s:
            te = s.get(ThawEvent, thaw_event_id)
            if te is None:
                raise NotFound(f"There is no thaw event #{thaw_event_id}.")
            return thaw_info(s, te)

    def thaws_for_cycle(self, cycle_id: int) -> list[ThawInfo]:
        """The thaw events that served a cycle: the frozen sperm sources its ICSI may use."""
        with self.ctx.db.read() as s:
            rows = s.execute(select(ThawEvent).where(ThawEvent.cycle_id == cycle_id)
                             .order_by(ThawEvent.thawed_at)).scalars().all()
            return [thaw_info(s, te) for te in rows]

    # --- discard ------------------------------------------------------------------------

    def request_discard(self, actor: Actor, *, device_ids: Sequence[int], reason: str,
                        consent_checked: bool) -> DiscardInfo:
        """Ask for one patient's stored devices to be discarded; a supervisor must approve and sign."""
        errors: dict[str, str] = {}
        if not device_ids:
            errors["device_ids"] = "Choose the devices to discard."
        if not (reason or "").strip():
            errors["reason"] = "Say why the devices are discarded."
        if consent_checked is not True:
            errors["consent_checked"] = "Check the patient's consent and confirm it before asking for a discard."
        if errors:
            raise ValidationError(errors)
        with self.ctx.db.write() as s:
            devices = self._devices(s, list(dict.fromkeys(device_ids)))
            pending = pending_discards(s, [d.id for d in devices])
            for d in devices:
                if d.status != DeviceStatus.STORED.value:
                    errors["device_ids"] = f"{d.code} is {d.status}, not stored: it cannot be discarded."
                elif d.id in pending:
                    errors["device_ids"] = f"{d.code} already awaits approval of discard request #{pending[d.id]}."
            if len({d.patient_id for d in devices}) > 1:
                errors["device_ids"] = "One discard request covers one patient's devices."
            if errors:
                raise ValidationError(errors)
            de = DiscardEvent(patient_id=devices[0].patient_id, reason=reason.strip(), consent_checked=True,
                              requested_by=actor.id, requested_at=self.ctx.clock(), approved_by=None,
                              approved_at=None, status=rules.DiscardStatus.REQUESTED.value)
            audit_create(s, self.ctx, actor, de)
            for d in devices:
                s.execute(insert(discard_event_devices).values(discard_event_id=de.id, device_id=d.id))
                write_event(s, self.ctx, actor=actor, action=AuditAction.CREATE, entity_type="discard_event_devices",
                            entity_id=f"{de.id},{d.id}", changes={"device_id": [None, d.id]})
            return discard_info(s, de)

    def approve_discard(self, supervisor: Actor, discard_id: int, *, password: str) -> DiscardInfo:
        """The second signature: a supervisor other than the requester re-enters their password."""
        supervisor.require(*APPROVER_ROLES, doing="approve a discard")
        with self.ctx.db.read() as s:
            self._open_discard(s, discard_id, supervisor)
        signer = self.users.authenticate_secret(supervisor.username, password, purpose="approve discard")
        with self.ctx.db.write() as s:
            de = self._open_discard(s, discard_id, supervisor)
            ids = s.execute(select(discard_event_devices.c.device_id)
                            .where(discard_event_devices.c.discard_event_id == de.id)).scalars().all()
            devices = self._devices(s, list(ids))
            gone = [d.code for d in devices if d.status != DeviceStatus.STORED.value]
            if gone:
                raise ValidationError.single("discard_id", f"{', '.join(gone)} is no longer stored; "
                                                           "reject this request and make a new one.")
            now = self.ctx.clock()
            audit_update(s, self.ctx, signer, de, {"status": rules.DiscardStatus.APPROVED.value,
                                                   "approved_by": signer.id, "approved_at": now})
            content = {"discard_event": de.id, "patient_id": de.patient_id, "devices": sorted(d.code for d in devices),
                       "reason": de.reason, "consent_checked": de.consent_checked, "requested_by": de.requested_by,
                       "requested_at": de.requested_at.isoformat(), "signer": signer.id, "signed_at": now.isoformat(),
                       "meaning": SignatureMeaning.APPROVED.value}
            sig = Signature(entity_type="discard_events", entity_id=str(de.id), signer_id=signer.id,
                            printed_name=signer.full_name, meaning=SignatureMeaning.APPROVED.value, signed_at=now,
                            content_hash=rules.content_fingerprint(content))
            audit_create(s, self.ctx, signer, sig)
            write_event(s, self.ctx, actor=signer, action=AuditAction.SIGN, entity_type="discard_events",
                        entity_id=de.id, changes={"meaning": [None, sig.meaning]}, reason=de.reason)
            holders = self._holders(s, [(d.location_id, d.slot) for d in devices])
            for d in devices:
                audit_update(s, self.ctx, signer, d, {"status": DeviceStatus.DISCARDED.value, "location_id": None,
                                                      "slot": None, "tank_id": None},
                             reason=f"discard #{de.id}: {de.reason}")
            return discard_info(s, de, _touched(holders.values()))

    def reject_discard(self, supervisor: Actor, discard_id: int, *, reason: str) -> DiscardInfo:
        supervisor.require(*APPROVER_ROLES, doing="reject a discard request")
        if not (reason or "").strip():
            raise ValidationError.single("reason", "Say why the discard is rejected.")
        with self.ctx.db.write() as s:
            de = self._open_discard(s, discard_id, None)
            audit_update(s, self.ctx, supervisor, de, {"status": rules.DiscardStatus.REJECTED.value,
                                                       "approved_by": supervisor.id,
                                                       "approved_at": self.ctx.clock()}, reason=reason.strip())
            return discard_info(s, de)

    def get_discard(self, discard_id: int) -> DiscardInfo:
        with self.ctx.db.read() as s:
            de = s.get(DiscardEvent, discard_id)
            if de is None:
                raise NotFound(f"There is no discard request #{discard_id}.")
            return discard_info(s, de)

    def pending_discard_requests(self) -> list[DiscardInfo]:
        """Requests waiting for a supervisor's signature, oldest first."""
        with self.ctx.db.read() as s:
            rows = s.execute(select(DiscardEvent).where(DiscardEvent.status == rules.DiscardStatus.REQUESTED.value)
                             .order_by(DiscardEvent.requested_at, DiscardEvent.id)).scalars().all()
            return [discard_info(s, de) for de in rows]

    # --- expiry, devices, history -------------------------------------------------------

    def devices_expiring(self, within_days: int = 30, *, limit: int = 1000) -> list[ExpiryRow]:
        """Stored devices whose storage expiry falls between today and ``within_days`` ahead."""
        if within_days < 0:
            raise ValidationError.single("within_days", "Give a number of days ahead.")
        today = self._today()
        with self.ctx.db.read() as s:
            return expiry_rows(s, since=today, until=today + timedelta(days=within_days), today=today, limit=limit)

    def devices_expired(self, *, limit: int = 1000) -> list[ExpiryRow]:
        """Stored devices whose storage expiry has passed."""
        today = self._today()
        with self.ctx.db.read() as s:
            return expiry_rows(s, since=None, until=today - timedelta(days=1), today=today, limit=limit)

    def expiry_counts(self) -> ExpiryCounts:
        today = self._today()
        e = CryoDevice.storage_expiry

        def upto(days: int):
            return func.sum(case(((e >= today) & (e <= today + timedelta(days=days)), 1), else_=0))

        q = (select(func.sum(case((e < today, 1), else_=0)), upto(30), upto(60), upto(90))
             .where(CryoDevice.status == DeviceStatus.STORED.value, e.is_not(None)))
        with self.ctx.db.read() as s:
            row = s.execute(q).one()
        return ExpiryCounts(*(int(v or 0) for v in row))

    def get_device(self, device_id: int) -> DeviceInfo:
        with self.ctx.db.read() as s:
            found = load_devices(s, [device_id])
        if not found:
            raise NotFound(f"There is no device #{device_id}.")
        return found[0]

    def find_device(self, code: str) -> DeviceInfo:
        """A device by its typed or scanned code (the check character must be right)."""
        parsed = parse_code(code)
        with self.ctx.db.read() as s:
            rows = s.execute(device_select().where(CryoDevice.code == parsed.code)).all()
            if not rows:
                raise NotFound(f"No device has the code {parsed.code}.")
            return device_infos(s, rows)[0]

    def patient_devices(self, patient_id: int) -> list[DeviceInfo]:
        """Every device of a patient, stored ones first, each with where it is."""
        with self.ctx.db.read() as s:
            self._patient(s, patient_id)
            ids = s.execute(select(CryoDevice.id).where(CryoDevice.patient_id == patient_id)
                            .order_by(CryoDevice.status != DeviceStatus.STORED.value, CryoDevice.id)).scalars().all()
            return load_devices(s, list(ids))

    def device_history(self, device_id: int) -> DeviceHistory:
        with self.ctx.db.read() as s:
            found = load_devices(s, [device_id])
            if not found:
                raise NotFound(f"There is no device #{device_id}.")
            return device_histories(s, found)[0]

    def patient_history(self, patient_id: int) -> list[DeviceHistory]:
        """Every device of a patient with its whole history, in a fixed number of queries."""
        with self.ctx.db.read() as s:
            self._patient(s, patient_id)
            ids = s.execute(select(CryoDevice.id).where(CryoDevice.patient_id == patient_id)
                            .order_by(CryoDevice.status != DeviceStatus.STORED.value, CryoDevice.id)).scalars().all()
            return device_histories(s, load_devices(s, list(ids)))

    def get_freeze(self, freeze_event_id: int) -> FreezeInfo:
        with self.ctx.db.read() as s:
            fe = s.get(FreezeEvent, freeze_event_id)
            if fe is None:
                raise NotFound(f"There is no freeze event #{freeze_event_id}.")
            return freeze_info(s, fe)

    # --- checks shared by the read and the write transaction ---------------------------

    def _freeze_plan(self, s: Session, sample_ids: list[int], patient_id: int | None,
                     positions: Sequence[tuple[int, int]], codes: list[str] | None, on: date, *,
                     check_occupied: bool) -> tuple[Patient, list[TissueSample], date | None]:
        errors: dict[str, str] = {}
        samples = list(s.execute(select(TissueSample).where(TissueSample.id.in_(sample_ids))
                                 .order_by(TissueSample.id)).scalars()) if sample_ids else []
        missing = set(sample_ids) - {x.id for x in samples}
        if missing:
            raise NotFound(f"There is no sample #{min(missing)}.")
        owners = {x.patient_id for x in samples}
        if len(owners) > 1:
            errors["sample_ids"] = "Samples of different patients cannot be pooled: choose one patient's samples."
        for x in samples:
            problem = _FORBIDDEN_DISPOSITIONS.get(Disposition(x.disposition))
            if problem:
                errors["sample_ids"] = f"Sample {x.code} {problem}: it cannot be frozen."
        if owners and patient_id is not None and owners != {patient_id}:
            errors["patient_id"] = "The samples belong to another patient."
        pid = patient_id if patient_id is not None else (min(owners) if owners else None)
        patient = self._patient(s, pid)
        if patient.sex == Sex.FEMALE.value:
            errors["patient_id"] = "Sperm and testicular tissue are frozen for a male patient."
        consent = _consent(s, patient, ConsentUse.STORAGE, on)
        if isinstance(consent, str):
            errors["consent"] = consent
        if codes:
            used = s.execute(select(CryoDevice.code).where(CryoDevice.code.in_(codes))).scalars().first()
            last = s.execute(select(CodeCounter.last_serial).where(CodeCounter.kind == "D")).scalar() or 0
            if used:
                errors["device_codes"] = f"{used} is already on another device."
            elif any(serial_of(c) > last for c in codes):
                errors["device_codes"] = "Those codes were not issued here: reserve device codes before printing."
        self._check_positions(s, positions, errors, check_occupied=check_occupied)
        if errors:
            raise ValidationError(errors)
        return patient, samples, consent.storage_expiry

    def _move_plan(self, s: Session, device_ids: list[int], positions: Sequence[tuple[int, int]], *,
                   check_occupied: bool) -> tuple[list[CryoDevice], dict[int, StorageLocation]]:
        errors: dict[str, str] = {}
        devices = self._devices(s, device_ids)
        for d, target in zip(devices, positions):
            if d.status != DeviceStatus.STORED.value:
                errors["device_ids"] = (f"{d.code} is {d.status}: only a stored device moves"
                                        + (", and a thawed device never returns to storage."
                                           if d.status == DeviceStatus.THAWED.value else "."))
            elif (d.location_id, d.slot) == tuple(target):
                errors["positions"] = f"{d.code} is already at that position."
        holders = self._check_positions(s, positions, errors, check_occupied=check_occupied,
                                        moving={d.id for d in devices})
        if errors:
            raise ValidationError(errors)
        return devices, holders

    def _thaw_plan(self, s: Session, device_ids: list[int], codes: list[str], cycle_id: int, on: date
                   ) -> tuple[list[CryoDevice], Patient]:
        errors: dict[str, str] = {}
        devices = self._devices(s, device_ids)
        if codes:
            by_code = {d.code: d for d in s.execute(select(CryoDevice).where(CryoDevice.code.in_(codes))).scalars()}
            unknown = [c for c in codes if c not in by_code]
            if unknown:
                raise ValidationError.single("device_codes", f"No device has the code {unknown[0]}.")
            devices += [by_code[c] for c in codes]
        devices = list({d.id: d for d in devices}.values())
        pending = pending_discards(s, [d.id for d in devices])
        for d in devices:
            field = "device_ids" if d.id in device_ids else "device_codes"
            if d.status != DeviceStatus.STORED.value:
                errors[field] = f"{d.code} is {d.status}: only a stored device can be thawed."
            elif d.id in pending:
                errors[field] = f"{d.code} awaits approval of discard request #{pending[d.id]}."
        if len({d.patient_id for d in devices}) > 1:
            errors["device_ids"] = "All devices of one thaw must belong to one patient."
            raise ValidationError(errors)
        patient = self._patient(s, devices[0].patient_id)
        row = s.execute(select(Cycle, Couple).join(Couple, Couple.id == Cycle.couple_id)
                        .where(Cycle.id == cycle_id)).first()
        if row is None:
            errors["cycle_id"] = f"There is no cycle #{cycle_id}."
        elif row[1].male_patient_id != patient.id:
            errors["cycle_id"] = "That cycle is not this patient's: he must be its male partner."
        elif row[0].status == CycleStatus.CANCELLED.value:
            errors["cycle_id"] = "That cycle was cancelled."
        consent = _consent(s, patient, ConsentUse.TREATMENT, on)
        if isinstance(consent, str):
            errors["consent"] = consent
        if errors:
            raise ValidationError(errors)
        return devices, patient

    def _check_positions(self, s: Session, positions: Sequence[tuple[int, int]], errors: dict[str, str], *,
                         check_occupied: bool, moving: set[int] = frozenset()) -> dict[int, StorageLocation]:
        keys = [(int(loc), int(slot)) for loc, slot in positions]
        holders = self._holders(s, keys)
        paths = location_paths(s, holders)
        problems: list[str] = []
        if len(set(keys)) != len(keys):
            problems.append("The same position is chosen twice.")
        for loc, slot in keys:
            h = holders.get(loc)
            if h is None:
                problems.append(f"There is no storage location #{loc}.")
            elif not rules.is_holder(h.kind):
                problems.append(f"{paths[loc]} is a {h.kind}: choose a position on a cane or goblet.")
            elif h.retired:
                problems.append(f"{paths[loc]} is retired.")
            elif not 1 <= slot <= h.capacity:
                problems.append(f"{paths[loc]} has positions 1 to {h.capacity}, not {slot}.")
        if check_occupied and keys:
            wanted = set(keys)
            for code, loc, slot, dev_id in s.execute(
                    select(CryoDevice.code, CryoDevice.location_id, CryoDevice.slot, CryoDevice.id)
                    .where(CryoDevice.location_id.in_({k[0] for k in keys}))):
                if (loc, slot) in wanted and dev_id not in moving:
                    problems.append(f"{rules.position_label(paths[loc], slot)} is occupied by {code}.")
        if problems:
            errors["positions"] = " ".join(dict.fromkeys(problems))
        return holders

    def _refused(self, exc: IntegrityError, taking: list[tuple[int, int]]) -> Exception:
        text = str(exc.orig)
        if "location_id" in text or "uq_cryo_devices_location_id_slot" in text:
            where = "A chosen position"
            if taking:
                with self.ctx.db.read() as s:
                    path = location_paths(s, [taking[0][0]]).get(taking[0][0], "")
                where = rules.position_label(path, taking[0][1])
            return ValidationError.single("positions", f"{where} was just taken at another workstation. "
                                                       "Nothing was saved: choose another position.")
        if "code" in text:
            return ValidationError.single("device_codes", "A device code was just used at another workstation. "
                                                          "Nothing was saved: reserve new codes.")
        return exc

    @staticmethod
    def _parse_codes(device_codes: Sequence[str], count: int | None, errors: dict[str, str]) -> list[str]:
        codes: list[str] = []
        for text in device_codes:
            try:
                parsed = parse_code(text)
            except InvalidCode as exc:
                errors["device_codes"] = str(exc)
                continue
            if parsed.kind != "D":
                errors["device_codes"] = f"{parsed.code} is a {parsed.entity} code, not a device's."
            codes.append(parsed.code)
        if len(set(codes)) != len(codes):
            errors["device_codes"] = "A device code is given twice."
        elif "device_codes" not in errors and count is not None and isinstance(count, int) and len(codes) != count:
            errors["device_codes"] = f"Give one code for each of the {count} devices."
        return codes

    @staticmethod
    def _holders(s: Session, keys: Iterable[tuple[int | None, int | None]]) -> dict[int, StorageLocation]:
        ids = {loc for loc, _ in keys if loc is not None}
        return {r.id: r for r in s.execute(select(SL).where(SL.id.in_(ids))).scalars()} if ids else {}

    @staticmethod
    def _devices(s: Session, device_ids: list[int]) -> list[CryoDevice]:
        if not device_ids:
            return []
        found = {d.id: d for d in s.execute(select(CryoDevice).where(CryoDevice.id.in_(device_ids))).scalars()}
        missing = [i for i in device_ids if i not in found]
        if missing:
            raise NotFound(f"There is no device #{missing[0]}.")
        return [found[i] for i in device_ids]

    @staticmethod
    def _patient(s: Session, patient_id: int | None) -> Patient:
        p = s.get(Patient, patient_id) if patient_id is not None else None
        if p is None:
            raise NotFound(f"There is no patient #{patient_id}.")
        return p

    @staticmethod
    def _open_discard(s: Session, discard_id: int, approver: Actor | None) -> DiscardEvent:
        de = s.get(DiscardEvent, discard_id)
        if de is None:
            raise NotFound(f"There is no discard request #{discard_id}.")
        if de.status != rules.DiscardStatus.REQUESTED.value:
            raise ValidationError.single("discard_id", f"Discard request #{de.id} was already {de.status}.")
        if approver is not None and de.requested_by == approver.id:
            raise PermissionDenied("The person who asked for a discard cannot approve it: "
                                   "a second person must sign.")
        return de

    def _today(self) -> date:
        return self.ctx.clock().astimezone().date()


def _consent(s: Session, patient: Patient, use: ConsentUse, on: date) -> ConsentInfo | str:
    """The patient's consent that allows ``use`` on ``on`` (the longest-lasting), or why there is none."""
    consents = [consent_info(c) for c in s.execute(select(Consent).where(Consent.patient_id == patient.id)
                                                   .order_by(Consent.signed_on)).scalars()]
    valid = [c for c in consents if c.allows(use.value, on)]
    if valid:
        return max(valid, key=lambda c: c.storage_expiry or date.max)
    who = f"{full_name(patient.given_names, patient.family_name)} (MRN {patient.mrn})"
    covering = [c for c in consents if use.value in c.permitted_uses]
    if not covering:
        return f"{who} has no consent to {use.label}."
    latest = covering[-1]
    if latest.withdrawn_on is not None and latest.withdrawn_on <= on:
        return f"{who} withdrew consent to {use.label} on {latest.withdrawn_on.isoformat()}."
    if latest.storage_expiry is not None and latest.storage_expiry < on:
        return f"{who}'s consent to {use.label} expired on {latest.storage_expiry.isoformat()}."
    return f"{who} has no consent to {use.label} in force on {on.isoformat()}."


def _touched(holders: Iterable[StorageLocation]) -> tuple[int, ...]:
    """Holders with their canisters and tanks: the tree nodes whose counts an operation changed."""
    out: dict[int, None] = {}
    for h in holders:
        for i in (h.id, h.parent_id, h.tank_id):
            if i is not None:
                out[i] = None
    return tuple(out)
