"""The tank audit: open it with a witness, check cane by cane by scanning, explain every difference, sign it.

Everything is saved as it happens (a scan is one small transaction), so an audit interrupted
at any point resumes where it stopped, on any workstation: the next sitting starts with its
own authenticated witness. The audit records what was found; it never changes a device
itself. Differences are settled through ``inventory_resolutions`` (witnessed moves,
incidents, corrections).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, bindparam, func, select
from sqlalchemy.orm import Session, aliased

from bench_app.domain import inventory as rules
from bench_app.domain.codes import parse_code
from bench_app.domain.enums import AuditAction, DeviceStatus, LocationKind, Role, SignatureMeaning
from bench_app.domain.errors import InvalidCode, NotFound, PermissionDenied, ValidationError
from bench_app.domain.inventory import AuditStatus, FindingKind
from bench_app.domain.names import listing_name
from bench_app.domain.storage import content_fingerprint
from bench_app.domain.witnessing import CriticalStep
from bench_app.i18n import _, lazy_pgettext
from bench_app.persistence.models import (
    AuditHead, CryoDevice, InventoryAudit, InventoryFinding, InventoryHolderCheck, InventorySitting, Patient, Signature,
    StorageLocation,
)
from bench_app.persistence.audit_append import head_read
from bench_app.services import inventory_queries as q
from bench_app.services.inventory_documents import InventoryDocuments
from bench_app.services.audit_writer import audit_create, audit_update, write_event
from bench_app.services.context import Actor, ServiceContext
from bench_app.domain.inventory_records import AuditSummary, CaneCheck, FindingInfo, HolderRow, SittingInfo
from bench_app.services.users_service import UsersService
from bench_app.services.witness_service import WitnessInput, WitnessService

SL = StorageLocation
_CANISTER, _TANK = aliased(SL), aliased(SL)
# A cane's list (``cane_check``): the audit, the cane, its check and the canister's and tank's names in one statement,
# built once. A lab server answers each statement in a round trip, and the list is read at every cane taken out.
_CANE_HEAD = (
    select(InventoryAudit, SL, InventoryHolderCheck, _CANISTER.name, _TANK.name)
    .select_from(InventoryAudit)
    .outerjoin(SL, SL.id == bindparam("holder_id"))
    .outerjoin(InventoryHolderCheck, and_(InventoryHolderCheck.audit_id == InventoryAudit.id,
                                          InventoryHolderCheck.holder_id == bindparam("holder_id")))
    .outerjoin(_CANISTER, _CANISTER.id == SL.parent_id)
    .outerjoin(_TANK, _TANK.id == InventoryAudit.location_id)
    .where(InventoryAudit.id == bindparam("audit_id")))
OPENER_ROLES = (Role.SUPERVISOR, Role.ADMIN)
SITTING_ROLES = (Role.SUPERVISOR, Role.ADMIN, Role.EMBRYOLOGIST)

# A scan's checks in one statement (the audit, its current sitting, the cane's check, whether the code was
# already scanned on this cane) and the scanned device with its patient: a scan is the step repeated
# thousands of times per tank, and the lab-wide write lock is held from here to the commit.
_CURRENT_SITTING = (select(func.max(InventorySitting.id))
                    .where(InventorySitting.audit_id == bindparam("audit_id"), InventorySitting.ended_at.is_(None))
                    .scalar_subquery())
_SCAN_CHECKS = (
    select(InventoryAudit.status, InventorySitting.id, InventorySitting.performed_by, InventorySitting.witness_id,
           InventoryHolderCheck.id, InventoryHolderCheck.finished_at,
           select(InventoryFinding.id).where(InventoryFinding.audit_id == bindparam("audit_id"),
                                             InventoryFinding.location_id == bindparam("holder_id"),
                                             InventoryFinding.observed_code == bindparam("code")).exists(),
           CryoDevice.id, CryoDevice.location_id, CryoDevice.status, CryoDevice.patient_id, CryoDevice.slot,
           Patient.given_names, Patient.family_name, Patient.mrn, AuditHead.last_event_id, AuditHead.last_hash)
    .select_from(InventoryAudit)
    .outerjoin(InventorySitting, InventorySitting.id == _CURRENT_SITTING)
    .outerjoin(InventoryHolderCheck, and_(InventoryHolderCheck.audit_id == InventoryAudit.id,
                                          InventoryHolderCheck.holder_id == bindparam("holder_id")))
    .outerjoin(CryoDevice, CryoDevice.code == bindparam("code"))
    .outerjoin(Patient, Patient.id == CryoDevice.patient_id)
    .outerjoin(AuditHead, AuditHead.id == 1)  # the audit chain's head, for the commit (audit_append.head_read)
    .where(InventoryAudit.id == bindparam("audit_id")))


class InventoryService(InventoryDocuments):
    def __init__(self, ctx: ServiceContext, witness: WitnessService, users: UsersService):
        self.ctx = ctx
        self.witness = witness
        self.users = users

    # --- opening and sittings ---------------------------------------------------------------

    def open_audit(self, actor: Actor, *, tank_id: int, canister_ids: tuple[int, ...] = (),
                   witness: WitnessInput | None, note: str = "") -> AuditSummary:
        """A new audit of a tank (or of some of its canisters) and its first sitting, witnessed."""
        actor.require(*OPENER_ROLES, doing=lazy_pgettext("permission", "open a tank audit"))
        with self.ctx.db.read() as s:
            tank = s.get(SL, tank_id)
            if tank is None or tank.kind != LocationKind.TANK.value:
                raise ValidationError.single("tank_id", _("Choose a tank to audit."))
            cans = {c for c in s.execute(select(SL.id).where(SL.parent_id == tank_id,
                                                             SL.kind == LocationKind.CANISTER.value)).scalars()}
            if set(canister_ids) - cans:
                raise ValidationError.single("canister_ids", _("Choose canisters of {name}.").format(name=tank.name))
            if self._open_audit_id(s, tank_id) is not None:
                raise ValidationError.single("tank_id", _("{name} already has an audit under way: resume it.").format(name=tank.name))
            tank_name = tank.name
        verified = self.witness.verify(actor, CriticalStep.INVENTORY_AUDIT, witness,
                                       entity_type="storage_locations", entity_id=str(tank_id))
        with self.ctx.db.write() as s:
            now = self.ctx.clock()
            audit = InventoryAudit(location_id=tank_id, started_at=now, completed_at=None, performed_by=actor.id,
                                   scope=",".join(str(i) for i in sorted(canister_ids)), status=AuditStatus.OPEN.value,
                                   note=(note or "").strip())
            s.add(audit)
            s.flush()
            record = self.witness.record(s, verified, entity_type="inventory_audits", entity_id=audit.id)
            audit.witness_record_id = record.id
            audit_create(s, self.ctx, actor, audit, reason=f"audit of {tank_name}")
            self._new_sitting(s, actor, audit, verified.witness.id, record.id, now)
            return self._summary(s, audit)

    def start_sitting(self, actor: Actor, audit_id: int, *, witness: WitnessInput | None) -> AuditSummary:
        """Resume an audit (on any workstation) with this sitting's own witness; ends the sitting before."""
        actor.require(*SITTING_ROLES, doing=lazy_pgettext("permission", "lead a sitting of a tank audit"))
        with self.ctx.db.read() as s:
            self._open(s, audit_id)
        verified = self.witness.verify(actor, CriticalStep.INVENTORY_AUDIT, witness,
                                       entity_type="inventory_audits", entity_id=str(audit_id))
        with self.ctx.db.write() as s:
            audit = self._open(s, audit_id)
            now = self.ctx.clock()
            self._end_sittings(s, actor, audit.id, now)
            record = self.witness.record(s, verified, entity_type="inventory_audits", entity_id=audit.id)
            self._new_sitting(s, actor, audit, verified.witness.id, record.id, now)
            return self._summary(s, audit)

    def end_sitting(self, actor: Actor, audit_id: int) -> AuditSummary:
        with self.ctx.db.write() as s:
            audit = self._open(s, audit_id)
            self._sitting_for(s, actor, audit.id)
            self._end_sittings(s, actor, audit.id, self.ctx.clock())
            return self._summary(s, audit)

    # --- reading ----------------------------------------------------------------------------

    def audits(self, *, tank_id: int | None = None, limit: int = 200) -> list[AuditSummary]:
        with self.ctx.db.read() as s:
            stmt = select(InventoryAudit).order_by(InventoryAudit.status.desc(), InventoryAudit.started_at.desc())
            if tank_id is not None:
                stmt = stmt.where(InventoryAudit.location_id == tank_id)
            return [self._summary(s, a) for a in s.execute(stmt.limit(limit)).scalars()]

    def get_audit(self, audit_id: int) -> AuditSummary:
        with self.ctx.db.read() as s:
            return self._summary(s, self._audit(s, audit_id))

    def holders(self, audit_id: int) -> list[HolderRow]:
        with self.ctx.db.read() as s:
            return q.holder_rows(s, self._audit(s, audit_id))

    def sittings(self, audit_id: int) -> list[SittingInfo]:
        with self.ctx.db.read() as s:
            names = q.user_names(s)
            return [q.sitting_info(r, names) for r in s.execute(
                select(InventorySitting).where(InventorySitting.audit_id == audit_id)
                .order_by(InventorySitting.started_at, InventorySitting.id)).scalars()]

    def findings(self, audit_id: int, *, discrepancies_only: bool = True) -> list[FindingInfo]:
        with self.ctx.db.read() as s:
            stmt = select(InventoryFinding).where(InventoryFinding.audit_id == audit_id)
            if discrepancies_only:
                stmt = stmt.where(InventoryFinding.discrepancy != FindingKind.FOUND.value)
            return q.finding_infos(s, s.execute(stmt.order_by(InventoryFinding.id)).scalars().all())

    def cane_check(self, audit_id: int, holder_id: int) -> CaneCheck:
        """What the records expect on a cane, what was scanned on it so far, and every finding there."""
        with self.ctx.db.read() as s:
            found = s.execute(_CANE_HEAD, {"audit_id": audit_id, "holder_id": holder_id}).first()
            if found is None:
                raise NotFound(_("No audit #{audit_id}.").format(audit_id=audit_id))
            audit, holder, check, canister_name, tank_name = found
            self._check_in_scope(audit, holder)
            return self._cane_check(s, audit, holder, (check, canister_name, tank_name))

    def holder_for_code(self, audit_id: int, code: str) -> int:
        """The holder a scanned cane code names, if it is in the audit's scope (check character first)."""
        holder_id = rules.holder_id_from_code(code)
        with self.ctx.db.read() as s:
            return self._holder_in_scope(s, self._audit(s, audit_id), holder_id).id

    # --- cane by cane -----------------------------------------------------------------------

    def take_out_cane(self, actor: Actor, audit_id: int, holder_id: int) -> CaneCheck:
        """Start checking a cane (scanned or chosen on the map); taking it out again is harmless."""
        with self.ctx.db.write() as s:
            audit = self._open(s, audit_id)
            self._sitting_for(s, actor, audit.id)
            holder = self._holder_in_scope(s, audit, holder_id)
            check = self._check(s, audit.id, holder.id)
            if check is None:
                check = InventoryHolderCheck(audit_id=audit.id, holder_id=holder.id, started_at=self.ctx.clock(),
                                             finished_at=None, expected=0)
                s.add(check)
                audit_create(s, self.ctx, actor, check)
            return self._cane_check(s, audit, holder)

    def register_scan(self, actor: Actor, audit_id: int, holder_id: int, code: str) -> FindingInfo:
        """One device found on the cane being checked: classified against the records and saved at once."""
        parsed = parse_code(code)  # a bad check character is refused before anything is read
        if parsed.kind != "D":
            raise InvalidCode(_("{code} is not a device code (device codes start with D).").format(code=parsed.code))
        with self.ctx.db.write() as s:
            found = s.execute(_SCAN_CHECKS, {"audit_id": audit_id, "holder_id": holder_id, "code": parsed.code}).first()
            # The same checks, in the same order, as _open, _sitting_for and _check.
            if found is None:
                raise NotFound(_("No audit #{audit_id}.").format(audit_id=audit_id))
            status, sitting_id, performed_by, witness_id, check_id, finished_at, dup = found[:7]
            row = found[7:15] if found[7] is not None else None
            if status != AuditStatus.OPEN.value:
                raise ValidationError.single("audit", _("Audit #{audit_id} is closed and signed.").format(audit_id=audit_id))
            if sitting_id is None:
                raise ValidationError.single("sitting", _("Start a sitting with a witness to go on with this audit."))
            if actor.id not in (performed_by, witness_id):
                raise ValidationError.single("sitting", _("This sitting is led by someone else: start your own sitting "
                                                        "with a witness to go on."))
            if check_id is None:
                raise ValidationError.single("code", _("Scan the cane first, then the devices on it."))
            if finished_at is not None:
                raise ValidationError.single("code", _("This cane is already checked: take out the next one."))
            if dup:
                raise ValidationError.single("code", _("{code} was already scanned on this cane.").format(code=parsed.code))
            head_read(s, found[15], found[16])
            device = rules.ScannedDevice(row[0], row[1], row[2], row[3]) if row else None
            # The patients expected on the cane matter only for a stored device that is not on it.
            expected_patients = frozenset()
            if device and device.status == DeviceStatus.STORED.value and device.location_id != holder_id:
                expected_patients = frozenset(s.execute(select(CryoDevice.patient_id).distinct().where(
                    CryoDevice.location_id == holder_id, CryoDevice.status == DeviceStatus.STORED.value)).scalars())
            kind = rules.classify_scan(holder_id, expected_patients, device)
            finding = InventoryFinding(
                audit_id=audit_id, location_id=holder_id, slot=row[4] if kind == FindingKind.FOUND else None,
                expected_device_id=device.id if kind == FindingKind.FOUND else None,
                observed_device_id=device.id if device else None, observed_code=parsed.code,
                discrepancy=kind.value, reason="", note="", sitting_id=sitting_id, recorded_at=self.ctx.clock(),
                recorded_by=actor.id)
            s.add(finding)
            audit_create(s, self.ctx, actor, finding)
            # Built from what was read above: a scan is the step repeated thousands of times per tank.
            recorded_loc = row[1] if row else None
            paths = q.location_paths(s, [holder_id, recorded_loc]) if kind != FindingKind.FOUND else {}
            recorded = ""
            if recorded_loc and kind != FindingKind.FOUND:
                recorded = paths.get(recorded_loc, "") + (f", position {row[4]}" if row[4] else "")
            return FindingInfo(
                id=finding.id, holder_id=holder_id, holder=paths.get(holder_id, ""), kind=kind,
                observed_code=parsed.code, device_id=device.id if device else None, device_code=parsed.code,
                patient=f"{listing_name(row[5], row[6])} ({row[7]})" if row else "", recorded_at_path=recorded,
                device_status=row[2] if row else "", reason="", note="", resolution="", resolution_note="",
                resolution_ref="", resolved_by="", resolved_at=None, recorded_at=finding.recorded_at)

    def finish_cane(self, actor: Actor, audit_id: int, holder_id: int) -> CaneCheck:
        """The cane is done: every expected device not scanned becomes an 'expected, not found' finding."""
        with self.ctx.db.write() as s:
            audit = self._open(s, audit_id)
            sitting = self._sitting_for(s, actor, audit.id)
            holder = self._holder_in_scope(s, audit, holder_id)
            check = self._check(s, audit.id, holder.id)
            if check is None:
                raise ValidationError.single("holder", _("Take the cane out (scan it) before finishing it."))
            if check.finished_at is not None:
                return self._cane_check(s, audit, holder)
            now = self.ctx.clock()
            found = set(s.execute(select(InventoryFinding.expected_device_id).where(
                InventoryFinding.audit_id == audit.id, InventoryFinding.location_id == holder.id,
                InventoryFinding.expected_device_id.is_not(None))).scalars())
            expected = s.execute(select(CryoDevice.id, CryoDevice.slot, CryoDevice.code).where(
                CryoDevice.location_id == holder.id, CryoDevice.status == DeviceStatus.STORED.value)).all()
            for did, slot, code in expected:
                if did in found:
                    continue
                f = InventoryFinding(audit_id=audit.id, location_id=holder.id, slot=slot, expected_device_id=did,
                                     observed_device_id=None, observed_code="", discrepancy=FindingKind.MISSING.value,
                                     reason="", note="", sitting_id=sitting.id, recorded_at=now, recorded_by=actor.id)
                s.add(f)
                audit_create(s, self.ctx, actor, f)
            audit_update(s, self.ctx, actor, check, {"finished_at": now, "expected": len(expected)})
            return self._cane_check(s, audit, holder)

    def explain(self, actor: Actor, finding_id: int, *, reason: str, note: str) -> FindingInfo:
        """Give a discrepancy its reason from the list and a note (both required)."""
        errors: dict[str, str] = {}
        try:
            reason_ = rules.DiscrepancyReason(reason)
        except ValueError:
            reason_ = None
            errors["reason"] = _("Choose a reason: {reasons}.").format(reasons=", ".join(r.label for r in rules.DiscrepancyReason))
        note = (note or "").strip()
        if not note:
            errors["note"] = _("Write a note saying what was seen.")
        elif len(note) > rules.MAX_NOTE_LENGTH:
            errors["note"] = _("Keep the note under {count} characters.").format(count=rules.MAX_NOTE_LENGTH)
        if errors:
            raise ValidationError(errors)
        with self.ctx.db.write() as s:
            f = self._finding(s, finding_id)
            self._open(s, f.audit_id)
            self._sitting_for(s, actor, f.audit_id)  # explained at the tank, by the people of this sitting
            if f.discrepancy == FindingKind.FOUND.value:
                raise ValidationError.single("reason", _("A device found where expected needs no reason."))
            audit_update(s, self.ctx, actor, f, {"reason": reason_.value, "note": note})
            return q.finding_infos(s, [f])[0]

    # --- closing ----------------------------------------------------------------------------

    def close_audit(self, actor: Actor, audit_id: int, *, password: str, witness_username: str,
                    witness_secret: str) -> AuditSummary:
        """The supervisor and this sitting's witness sign; refused while a cane or a discrepancy is open."""
        actor.require(*OPENER_ROLES, doing=lazy_pgettext("permission", "close and sign a tank audit"))
        with self.ctx.db.read() as s:
            audit = self._open(s, audit_id)
            sitting = self._current_sitting(s, audit.id)
            self._check_complete(s, audit, sitting)
            witness_id = sitting.witness_id
        signer = self.users.authenticate_secret(actor.username, password, purpose="sign tank audit")
        if signer.id != actor.id:
            raise PermissionDenied(_("Only the signed-in supervisor can sign."))
        witness = self.users.authenticate_secret(witness_username, witness_secret, purpose="witness tank audit")
        if witness.id != witness_id:
            raise ValidationError.single("witness", _("The witness of this sitting must sign with them."))
        if witness.id == signer.id:
            raise ValidationError.single("witness", _("The witness must be a different person."))
        with self.ctx.db.write() as s:
            audit = self._open(s, audit_id)
            sitting = self._current_sitting(s, audit.id)
            self._check_complete(s, audit, sitting)
            now = self.ctx.clock()
            audit_update(s, self.ctx, signer, audit, {"status": AuditStatus.CLOSED.value, "completed_at": now,
                                                      "closed_by": signer.id})
            self._end_sittings(s, signer, audit.id, now)
            summary = self._summary(s, audit)
            content = audit_content(summary, q.finding_infos(s, self._discrepancies(s, audit.id)))
            for who, meaning in ((signer, SignatureMeaning.APPROVED), (witness, SignatureMeaning.WITNESSED)):
                sig = Signature(entity_type="inventory_audits", entity_id=str(audit.id), signer_id=who.id,
                                printed_name=who.full_name, meaning=meaning.value, signed_at=now,
                                content_hash=content_fingerprint(content))
                audit_create(s, self.ctx, who, sig)
                write_event(s, self.ctx, actor=who, action=AuditAction.SIGN, entity_type="inventory_audits",
                            entity_id=audit.id, changes={"meaning": [None, meaning.value]})
            return self._summary(s, audit)

    # --- helpers ----------------------------------------------------------------------------

    def _check_complete(self, s: Session, audit: InventoryAudit, sitting: InventorySitting) -> None:
        rows = q.holder_rows(s, audit)
        left = [f"{r.canister} / {r.name}" for r in rows if r.state != "checked"]
        if left:
            shown = ", ".join(left[:3])
            check = (_("Check every cane first: {canes} and {count} more.") if len(left) > 3
                     else _("Check every cane first: {canes}.")).format(canes=shown, count=len(left) - 3)
            raise ValidationError.single("audit", check)
        for f in self._discrepancies(s, audit.id):
            if not f.reason or not f.note:
                raise ValidationError.single("audit", _("Every discrepancy needs a reason and a note "
                                                      "(finding #{id} {code} has none).").format(id=f.id, code=f.observed_code or ""))
            if not f.resolution:
                raise ValidationError.single("audit", _("Resolve every discrepancy first (finding #{id}).").format(id=f.id))

    @staticmethod
    def _discrepancies(s: Session, audit_id: int) -> list[InventoryFinding]:
        return list(s.execute(select(InventoryFinding).where(
            InventoryFinding.audit_id == audit_id, InventoryFinding.discrepancy != FindingKind.FOUND.value)
            .order_by(InventoryFinding.id)).scalars())

    def _new_sitting(self, s: Session, actor: Actor, audit: InventoryAudit, witness_id: int, record_id: int,
                     now: datetime) -> InventorySitting:
        sitting = InventorySitting(audit_id=audit.id, started_at=now, ended_at=None, performed_by=actor.id,
                                   witness_id=witness_id, witness_record_id=record_id, workstation=self.ctx.workstation)
        s.add(sitting)
        audit_create(s, self.ctx, actor, sitting)
        return sitting

    def _end_sittings(self, s: Session, actor: Actor, audit_id: int, now: datetime) -> None:
        for row in s.execute(select(InventorySitting).where(InventorySitting.audit_id == audit_id,
                                                            InventorySitting.ended_at.is_(None))).scalars():
            audit_update(s, self.ctx, actor, row, {"ended_at": now})

    @staticmethod
    def _current_sitting(s: Session, audit_id: int) -> InventorySitting:
        row = s.execute(select(InventorySitting).where(InventorySitting.audit_id == audit_id,
                                                       InventorySitting.ended_at.is_(None))
                        .order_by(InventorySitting.id.desc())).scalars().first()
        if row is None:
            raise ValidationError.single("sitting", _("Start a sitting with a witness to go on with this audit."))
        return row

    def _sitting_for(self, s: Session, actor: Actor, audit_id: int) -> InventorySitting:
        row = self._current_sitting(s, audit_id)
        if actor.id not in (row.performed_by, row.witness_id):
            raise ValidationError.single("sitting", _("This sitting is led by someone else: start your own sitting "
                                                    "with a witness to go on."))
        return row

    @staticmethod
    def _audit(s: Session, audit_id: int) -> InventoryAudit:
        audit = s.get(InventoryAudit, audit_id)
        if audit is None:
            raise NotFound(_("No audit #{audit_id}.").format(audit_id=audit_id))
        return audit

    def _open(self, s: Session, audit_id: int) -> InventoryAudit:
        audit = self._audit(s, audit_id)
        if audit.status != AuditStatus.OPEN.value:
            raise ValidationError.single("audit", _("Audit #{audit_id} is closed and signed.").format(audit_id=audit_id))
        return audit

    @staticmethod
    def _open_audit_id(s: Session, tank_id: int) -> int | None:
        return s.execute(select(InventoryAudit.id).where(InventoryAudit.location_id == tank_id,
                                                         InventoryAudit.status == AuditStatus.OPEN.value)).scalar()

    @staticmethod
    def _finding(s: Session, finding_id: int) -> InventoryFinding:
        f = s.get(InventoryFinding, finding_id)
        if f is None:
            raise NotFound(_("No finding #{finding_id}.").format(finding_id=finding_id))
        return f

    @staticmethod
    def _check(s: Session, audit_id: int, holder_id: int) -> InventoryHolderCheck | None:
        return s.execute(select(InventoryHolderCheck).where(InventoryHolderCheck.audit_id == audit_id,
                                                            InventoryHolderCheck.holder_id == holder_id)).scalar()

    @staticmethod
    def _holder_in_scope(s: Session, audit: InventoryAudit, holder_id: int) -> StorageLocation:
        holder = s.get(SL, holder_id)
        InventoryService._check_in_scope(audit, holder)
        return holder

    @staticmethod
    def _check_in_scope(audit: InventoryAudit, holder: StorageLocation | None) -> None:
        if holder is None or holder.kind not in q.HOLDERS:
            raise NotFound(_("No cane or goblet has this code."))
        scope = q.canister_ids_of(audit)
        if holder.tank_id != audit.location_id or (scope and holder.parent_id not in scope):
            raise ValidationError.single("holder", _("{name} is not part of this audit.").format(name=holder.name))

    def _cane_check(self, s: Session, audit: InventoryAudit, holder: StorageLocation,
                    known: tuple[InventoryHolderCheck | None, str, str] | None = None) -> CaneCheck:
        """``known``: the cane's check and the canister's and tank's names, when already read with the cane."""
        findings = s.execute(select(InventoryFinding).where(InventoryFinding.audit_id == audit.id,
                                                            InventoryFinding.location_id == holder.id)
                             .order_by(InventoryFinding.id)).scalars().all()
        found = {f.expected_device_id for f in findings if f.discrepancy == FindingKind.FOUND.value}
        expected = q.expected_devices(s, [holder.id], self.ctx.clock().date(), found).get(holder.id, [])
        if known is None:
            # The canister's and the tank's names in one statement (a round trip each on a lab's server).
            names = dict(s.execute(select(SL.id, SL.name).where(SL.id.in_([holder.parent_id, audit.location_id]))).all())
            known = self._check(s, audit.id, holder.id), names[holder.parent_id], names[audit.location_id]
        check, canister, tank = known
        state = "to check" if check is None else ("checked" if check.finished_at else "in progress")
        bad = sum(1 for f in findings if f.discrepancy != FindingKind.FOUND.value)
        row = HolderRow(holder.id, rules.holder_code(holder.id), canister, holder.name,
                        check.expected if check and check.finished_at else len(expected), state, bad)
        return CaneCheck(audit.id, row, f"{tank} / {canister} / {holder.name}", tuple(expected),
                         tuple(q.finding_infos(s, findings)))

    def _summary(self, s: Session, audit: InventoryAudit) -> AuditSummary:
        names = q.user_names(s)
        tank = s.get(SL, audit.location_id)
        can_ids = q.canister_ids_of(audit)
        scope = "whole tank"
        if can_ids:
            scope = ", ".join(s.execute(select(SL.name).where(SL.id.in_(can_ids)).order_by(SL.sort_index)).scalars())
        rows = q.holder_rows(s, audit)
        counts = dict(s.execute(select(InventoryFinding.discrepancy, func.count())
                                .where(InventoryFinding.audit_id == audit.id)
                                .group_by(InventoryFinding.discrepancy)).all())
        unresolved = s.execute(select(func.count()).where(
            InventoryFinding.audit_id == audit.id, InventoryFinding.discrepancy != FindingKind.FOUND.value,
            InventoryFinding.resolution == "")).scalar_one()
        found = counts.get(FindingKind.FOUND.value, 0)
        sitting = s.execute(select(InventorySitting).where(InventorySitting.audit_id == audit.id,
                                                           InventorySitting.ended_at.is_(None))
                            .order_by(InventorySitting.id.desc())).scalars().first()
        return AuditSummary(
            id=audit.id, tank_id=tank.id, tank_name=tank.name, scope=scope, canister_ids=can_ids, status=audit.status,
            started_at=audit.started_at, completed_at=audit.completed_at,
            opened_by=names.get(audit.performed_by, ("?", "?"))[1],
            closed_by=names.get(audit.closed_by, ("", ""))[1] if audit.closed_by else "",
            sitting=q.sitting_info(sitting, names) if sitting else None,
            holders_total=len(rows), holders_checked=sum(1 for r in rows if r.state == "checked"),
            expected=sum(r.expected for r in rows), found=found,
            discrepant=sum(v for k, v in counts.items() if k != FindingKind.FOUND.value), unresolved=unresolved)


def audit_content(summary: AuditSummary, findings: list[FindingInfo]) -> dict:
    """What the signatures of an audit bind: its scope, counts and every discrepancy with its resolution."""
    return {"audit": summary.id, "tank": summary.tank_name, "scope": summary.scope,
            "started_at": summary.started_at.isoformat(), "expected": summary.expected, "found": summary.found,
            "discrepant": summary.discrepant,
            "findings": [[f.id, f.kind.value, f.device_code, f.holder, f.reason, f.note, f.resolution,
                          f.resolution_ref] for f in findings]}
