"""Cryopreservation: freeze into devices and place them, move, thaw, discard; expiry and history.

Each witnessed step checks its inputs first (so a doomed step never asks a witness
for their PIN), authenticates the witness, then writes the step, its witness record
and its audit rows in one transaction. Positions are kept unique by the database;
when another workstation takes a position between the check and the write, the
constraint refuses it, the whole step rolls back and the person is told plainly.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Sequence

from sqlalchemy import func, insert, select

from bench_app.domain import storage as rules
from bench_app.domain.codes import parse_code
from bench_app.domain.enums import (
    AuditAction, ConsentUse, DeviceStatus, DeviceType, Disposition, FreezeMethod, FreezeSourceKind, LotKind,
)
from bench_app.domain.consistency import not_before
from bench_app.domain.limits import check_not_future, enum_value, require_enum
from bench_app.domain.errors import POSITION_TAKEN, CodedMessage, ConcurrentChange, NotFound, ValidationError
from bench_app.domain.witnessing import CriticalStep
from bench_app.i18n import _
from bench_app.persistence.models import (
    CryoDevice, DeviceMove, FreezeEvent, StorageLocation, ThawEvent, freeze_event_samples, thaw_event_devices,
)
from bench_app.services import cryo_checks as checks
from bench_app.services import consent_effects
from bench_app.services.cryo_discards import CryoDiscards
from bench_app.services import reserved_codes as reserved
from bench_app.services.consent_effects import DeviceReviewInfo
from bench_app.services.audit_writer import audit_create, audit_update, write_event
from bench_app.services.codes_service import allocate_codes
from bench_app.services.context import Actor, ServiceContext
from bench_app.services.lots_service import ensure_lot
from bench_app.services.storage_dto import (
    DeviceHistory, DeviceInfo, ExpiryCounts, ExpiryRow, FreezeInfo, MoveInfo, MoveResult, ThawInfo,
)
from bench_app.services.storage_queries import (
    device_histories, device_infos, device_select, expiry_rows, freeze_info, load_devices, location_paths, STORED,
    thaw_info,
)
from bench_app.services.users_service import UsersService
from bench_app.services.witness_service import WitnessInput, WitnessService
from bench_app.services.guard import guarded

SL = StorageLocation


@guarded
class CryoService(CryoDiscards):
    def __init__(self, ctx: ServiceContext, witness: WitnessService, users: UsersService):
        self.ctx = ctx
        self.witness = witness
        self.users = users

    # --- consent, asked when the patient or the material is chosen -------------------------

    def consent_problem(self, patient_id: int, use: ConsentUse | str, on: date | None = None) -> str:
        """Why ``use`` of this patient's material is not allowed on ``on`` (today), in words; '' when it is.

        The steps refuse the same at the end; screens ask this as soon as the patient, a device or a
        thawed sample is chosen, so nobody fills in a form that cannot be saved.
        """
        use = require_enum(ConsentUse, use, "use", "storage, treatment, research or donation")
        on = on or self.ctx.clock().astimezone().date()
        with self.ctx.db.read() as s:
            consent = checks.consent_for(s, checks.patient_row(s, patient_id), use, on)
        return consent if isinstance(consent, str) else ""

    # --- devices under review (consent withdrawn): the supervisor's list --------------------

    def device_reviews(self, *, open_only: bool = True, patient_id: int | None = None) -> list[DeviceReviewInfo]:
        with self.ctx.db.read() as s:
            return consent_effects.review_rows(s, open_only=open_only, patient_id=patient_id)

    def close_device_review(self, actor: Actor, review_id: int, *, outcome: str) -> DeviceReviewInfo:
        """A supervisor records what was decided; a discard is still requested and approved on its own."""
        with self.ctx.db.write() as s:
            consent_effects.close_review(s, self.ctx, actor, review_id, outcome)
            return next(r for r in consent_effects.review_rows(s, open_only=False) if r.id == review_id)

    # --- freeze -------------------------------------------------------------------------

    def reserve_device_codes(self, actor: Actor, count: int, *, patient_id: int | None = None) -> tuple[str, ...]:
        """Codes for labels printed before loading, so the witness can check them; pass them to freeze().

        With ``patient_id`` the labels can be printed at once (name, MRN, code) and the codes
        go on that patient's devices only. Codes not used are voided with void_device_codes().
        """
        if not 1 <= count <= rules.MAX_DEVICES_PER_FREEZE:
            raise ValidationError.single("count", _("Give between 1 and {maximum} devices.").format(maximum=rules.MAX_DEVICES_PER_FREEZE))
        with self.ctx.db.write() as s:
            if patient_id is not None:
                checks.patient_row(s, patient_id)
            return tuple(reserved.reserve(s, self.ctx, actor, "D", count, patient_id))

    def void_device_codes(self, actor: Actor, codes: Sequence[str], *, reason: str) -> tuple[str, ...]:
        """Void reserved codes that will not be used (with the reason); they are never accepted again."""
        with self.ctx.db.write() as s:
            return tuple(reserved.void(s, self.ctx, actor, [c.strip().upper() for c in codes], reason,
                                       self.ctx.clock()))

    def freeze(self, actor: Actor, *, source_kind: FreezeSourceKind | str, sample_ids: Sequence[int] = (),
               patient_id: int | None = None, method: FreezeMethod | str, cryoprotectant: str,
               cryoprotectant_lot: str, device_count: int, device_type: DeviceType | str,
               positions: Sequence[tuple[int, int]], witness: WitnessInput | None, colour: str = "",
               contents: str = "", pre_freeze_motile: int | None = None, pre_freeze_immotile: int | None = None,
               sperm_present: bool | None = None, device_codes: Sequence[str] | None = None,
               frozen_at: datetime | None = None, notes: str = "") -> FreezeInfo:
        """Freeze one sample, a pool of one patient's samples, or an ejaculate into devices, placed at once."""
        errors: dict[str, str] = {}
        source = enum_value(FreezeSourceKind, source_kind, "source_kind", errors, "the source")
        method_ = enum_value(FreezeMethod, method, "method", errors, "the freezing method")
        dtype = enum_value(DeviceType, device_type, "device_type", errors, "straw, vial or single-sperm device")
        present = rules.pre_freeze_sperm_present(pre_freeze_motile, pre_freeze_immotile, sperm_present, errors)
        frozen_at = frozen_at or self.ctx.clock()
        check_not_future(frozen_at, self.ctx.clock(), "frozen_at", errors)
        if not (cryoprotectant or "").strip():
            errors["cryoprotectant"] = _("Name the cryoprotectant.")
        if not (cryoprotectant_lot or "").strip():
            errors["cryoprotectant_lot"] = _("Give the cryoprotectant's lot number.")
        if len(colour or "") > rules.MAX_COLOUR_LENGTH:
            errors["colour"] = _("A colour has at most {maximum} characters.").format(maximum=rules.MAX_COLOUR_LENGTH)
        if not isinstance(device_count, int) or not 1 <= device_count <= rules.MAX_DEVICES_PER_FREEZE:
            errors["device_count"] = _("Give between 1 and {maximum} devices.").format(maximum=rules.MAX_DEVICES_PER_FREEZE)
        elif len(positions) != device_count:
            errors["positions"] = _("Choose a position for each of the {count} devices.").format(count=device_count)
        sample_ids = list(dict.fromkeys(sample_ids))
        if source == FreezeSourceKind.TISSUE_SAMPLE and len(sample_ids) != 1:
            errors["sample_ids"] = _("Choose the one sample that is frozen.")
        elif source == FreezeSourceKind.POOLED_SAMPLES and len(sample_ids) < 2:
            errors["sample_ids"] = _("A pooled suspension comes from two or more samples.")
        elif source == FreezeSourceKind.EJACULATE:
            if sample_ids:
                errors["sample_ids"] = _("An ejaculate is frozen without tissue samples.")
            if patient_id is None:
                errors["patient_id"] = _("Choose the patient whose ejaculate is frozen.")
        codes = checks.parse_codes(device_codes, device_count, errors) if device_codes is not None else None
        if errors:
            raise ValidationError(errors)
        on = frozen_at.astimezone().date()
        with self.ctx.db.read() as s:
            patient, samples, _positions = checks.freeze_plan(s, sample_ids, patient_id, positions, codes, on,
                                                     check_occupied=True)
            for sample in samples:
                problem = not_before(frozen_at, sample.received_at, step=_("A freeze"),
                                     after=_("sample {code} was received").format(code=sample.code))
                if problem:
                    raise ValidationError.single("frozen_at", problem)
        verified = self.witness.verify(actor, CriticalStep.DEVICE_LOADING, witness,
                                       entity_type="patients", entity_id=str(patient.id))
        taking: list[tuple[int, int]] = []
        try:
            with self.ctx.db.write() as s:
                patient, samples, expiry = checks.freeze_plan(s, sample_ids, patient_id, positions, codes, on,
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
                holders = checks.holders_at(s, positions)
                if codes:
                    reserved.mark_used(s, self.ctx, actor, codes)
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
                return freeze_info(s, fe, checks.touched(holders.values()))
        except ConcurrentChange as exc:  # a constraint stopped it (Database.write says which in detail)
            raise self._refused(exc, taking[-1:]) from None

    # --- move ---------------------------------------------------------------------------

    def move_devices(self, actor: Actor, *, device_ids: Sequence[int], positions: Sequence[tuple[int, int]],
                     reason: str, witness: WitnessInput | None, moved_at: datetime | None = None) -> MoveResult:
        """Move stored devices to free positions; their old positions free at once. Swaps are allowed."""
        errors: dict[str, str] = {}
        device_ids = list(device_ids)
        if not device_ids:
            errors["device_ids"] = _("Choose the devices to move.")
        elif len(set(device_ids)) != len(device_ids):
            errors["device_ids"] = _("A device is chosen twice.")
        elif len(positions) != len(device_ids):
            errors["positions"] = _("Choose one new position for each device.")
        if not (reason or "").strip():
            errors["reason"] = _("Say why the devices are moved.")
        moved_at = moved_at or self.ctx.clock()
        check_not_future(moved_at, self.ctx.clock(), "moved_at", errors)
        if errors:
            raise ValidationError(errors)
        with self.ctx.db.read() as s:
            checks.move_plan(s, device_ids, positions, check_occupied=True)
        verified = self.witness.verify(actor, CriticalStep.DEVICE_MOVE, witness,
                                       entity_type="cryo_devices", entity_id=str(device_ids[0]))
        taking: list[tuple[int, int]] = []
        try:
            with self.ctx.db.write() as s:
                devices, holders = checks.move_plan(s, device_ids, positions, check_occupied=False)
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
                return MoveResult(infos, checks.touched([*holders.values(), *from_holders]))
        except ConcurrentChange as exc:  # a constraint stopped it (Database.write says which in detail)
            raise self._refused(exc, taking) from None

    # --- thaw ---------------------------------------------------------------------------

    def thaw(self, actor: Actor, *, device_ids: Sequence[int] = (), device_codes: Sequence[str] = (),
             cycle_id: int | None, witness: WitnessInput | None, sperm_found: bool | None, progressive: int = 0,
             non_progressive: int = 0, twitching: int = 0, immotile: int = 0, thaw_medium: str = "",
             thaw_medium_lot: str = "", thawed_at: datetime | None = None, notes: str = "") -> ThawInfo:
        """Take one patient's stored devices out for a cycle; chosen by id or by scanned code."""
        errors: dict[str, str] = {}
        codes = checks.parse_codes(device_codes, None, errors)
        if not device_ids and not device_codes:
            errors["device_ids"] = _("Choose or scan the devices to thaw.")
        counts = {"progressive": progressive, "non_progressive": non_progressive, "twitching": twitching,
                  "immotile": immotile}
        rules.check_post_thaw(sperm_found, counts, errors)
        if cycle_id is None:
            errors["cycle_id"] = _("Choose the cycle the sperm is thawed for.")
        thawed_at = thawed_at or self.ctx.clock()
        check_not_future(thawed_at, self.ctx.clock(), "thawed_at", errors)
        if errors:
            raise ValidationError(errors)
        on = thawed_at.astimezone().date()
        with self.ctx.db.read() as s:
            devices, _cycle = checks.thaw_plan(s, list(device_ids), codes, cycle_id, on)
            first_id = devices[0].id
            frozen = dict(s.execute(select(FreezeEvent.id, FreezeEvent.frozen_at).where(
                FreezeEvent.id.in_({d.freeze_event_id for d in devices}))).all())
            for d in devices:
                problem = not_before(thawed_at, frozen.get(d.freeze_event_id), step=_("A thaw"),
                                     after=_("{code} was frozen").format(code=d.code))
                if problem:
                    raise ValidationError.single("thawed_at", problem)
        verified = self.witness.verify(actor, CriticalStep.THAW, witness,
                                       entity_type="cryo_devices", entity_id=str(first_id))
        try:
            with self.ctx.db.write() as s:
                devices, patient = checks.thaw_plan(s, list(device_ids), codes, cycle_id, on)
                lot = ensure_lot(s, self.ctx, actor, kind=LotKind.MEDIUM, product=thaw_medium,
                                 lot_number=thaw_medium_lot, field="thaw_medium_lot")
                te = ThawEvent(patient_id=patient.id, cycle_id=cycle_id, thawed_at=thawed_at, operator_id=actor.id,
                               sperm_found=sperm_found, thaw_medium_lot_id=lot.id if lot else None,
                               notes=(notes or "").strip(), **counts)
                audit_create(s, self.ctx, actor, te)
                record = self.witness.record(s, verified, entity_type="thaw_events", entity_id=te.id)
                audit_update(s, self.ctx, actor, te, {"witness_record_id": record.id})
                holders = checks.holders_at(s, [(d.location_id, d.slot) for d in devices])
                for d in devices:
                    s.execute(insert(thaw_event_devices).values(thaw_event_id=te.id, device_id=d.id,
                                                                from_location_id=d.location_id, from_slot=d.slot))
                    write_event(s, self.ctx, actor=actor, action=AuditAction.CREATE, entity_type="thaw_event_devices",
                                entity_id=f"{te.id},{d.id}",
                                changes={"device_id": [None, d.id], "from_location_id": [None, d.location_id],
                                         "from_slot": [None, d.slot]})
                    audit_update(s, self.ctx, actor, d, {"status": DeviceStatus.THAWED.value, "location_id": None,
                                                         "slot": None, "tank_id": None}, reason=f"thaw event #{te.id}")
                return thaw_info(s, te, checks.touched(holders.values()))
        except ConcurrentChange:  # only without the lab-wide write lock could a double thaw reach the constraint
            raise ValidationError.single("device_ids", _("A device was just thawed at another workstation. "
                                                       "Nothing was saved.")) from None

    def get_thaw(self, thaw_event_id: int) -> ThawInfo:
        with self.ctx.db.read() as s:
            te = s.get(ThawEvent, thaw_event_id)
            if te is None:
                raise NotFound(_("There is no thaw event #{thaw_event_id}.").format(thaw_event_id=thaw_event_id))
            return thaw_info(s, te)

    def thaws_for_cycle(self, cycle_id: int) -> list[ThawInfo]:
        """The thaw events that served a cycle: the frozen sperm sources its ICSI may use."""
        with self.ctx.db.read() as s:
            rows = s.execute(select(ThawEvent).where(ThawEvent.cycle_id == cycle_id)
                             .order_by(ThawEvent.thawed_at)).scalars().all()
            return [thaw_info(s, te) for te in rows]

    # --- expiry, devices, history -------------------------------------------------------

    def devices_expiring(self, within_days: int = 30, *, limit: int = 1000) -> list[ExpiryRow]:
        """Stored devices whose storage expiry falls between today and ``within_days`` ahead."""
        if within_days < 0:
            raise ValidationError.single("within_days", _("Give a number of days ahead."))
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

        def count(*where) -> int:  # each a range of the stored devices' expiry index, read alone
            return s.execute(select(func.count()).select_from(CryoDevice).where(STORED, *where)).scalar_one()

        with self.ctx.db.read() as s:
            return ExpiryCounts(count(e < today), *(count(e >= today, e <= today + timedelta(days=d))
                                                    for d in (30, 60, 90)))

    def get_device(self, device_id: int) -> DeviceInfo:
        with self.ctx.db.read() as s:
            found = load_devices(s, [device_id])
        if not found:
            raise NotFound(_("There is no device #{device_id}.").format(device_id=device_id))
        return found[0]

    def find_device(self, code: str) -> DeviceInfo:
        """A device by its typed or scanned code (the check character must be right)."""
        parsed = parse_code(code)
        with self.ctx.db.read() as s:
            rows = s.execute(device_select().where(CryoDevice.code == parsed.code)).all()
            if not rows:
                raise NotFound(_("No device has the code {code}.").format(code=parsed.code))
            return device_infos(s, rows)[0]

    def patient_devices(self, patient_id: int) -> list[DeviceInfo]:
        """Every device of a patient, stored ones first, each with where it is."""
        with self.ctx.db.read() as s:
            checks.patient_row(s, patient_id)
            ids = s.execute(select(CryoDevice.id).where(CryoDevice.patient_id == patient_id)
                            .order_by(CryoDevice.status != DeviceStatus.STORED.value, CryoDevice.id)).scalars().all()
            return load_devices(s, list(ids))

    def device_history(self, device_id: int) -> DeviceHistory:
        with self.ctx.db.read() as s:
            found = load_devices(s, [device_id])
            if not found:
                raise NotFound(_("There is no device #{device_id}.").format(device_id=device_id))
            return device_histories(s, found)[0]

    def patient_history(self, patient_id: int) -> list[DeviceHistory]:
        """Every device of a patient with its whole history, in a fixed number of queries."""
        with self.ctx.db.read() as s:
            checks.patient_row(s, patient_id)
            ids = s.execute(select(CryoDevice.id).where(CryoDevice.patient_id == patient_id)
                            .order_by(CryoDevice.status != DeviceStatus.STORED.value, CryoDevice.id)).scalars().all()
            return device_histories(s, load_devices(s, list(ids)))

    def get_freeze(self, freeze_event_id: int) -> FreezeInfo:
        with self.ctx.db.read() as s:
            fe = s.get(FreezeEvent, freeze_event_id)
            if fe is None:
                raise NotFound(_("There is no freeze event #{freeze_event_id}.").format(freeze_event_id=freeze_event_id))
            return freeze_info(s, fe)

    # --- helpers ------------------------------------------------------------------------

    def _refused(self, exc: ConcurrentChange, taking: list[tuple[int, int]]) -> Exception:
        text = exc.detail
        if "location_id" in text or "uq_cryo_devices_location_id_slot" in text:
            where = _("A chosen position")
            if taking:
                with self.ctx.db.read() as s:
                    path = location_paths(s, [taking[0][0]]).get(taking[0][0], "")
                where = rules.position_label(path, taking[0][1])
            return ValidationError.single("positions", CodedMessage(
                _("{where} was just taken at another workstation. Nothing was saved: choose another position.").format(
                    where=where), POSITION_TAKEN))
        if "code" in text:
            return ValidationError.single("device_codes", _("A device code was just used at another workstation. "
                                                          "Nothing was saved: reserve new codes."))
        return exc

    def _today(self) -> date:
        return self.ctx.clock().astimezone().date()
