"""Settling a tank audit's discrepancies, each through a witnessed step of its own.

The audit never changes a device by itself: a move is recorded by the cryo move service
(with its own witness), a device put back where the records say, an incident or a
correction of a device's label details is witnessed here by a second authenticated person.
The finding then keeps what was done and the record that did it (``resolution_ref``).
"""

from __future__ import annotations

from sqlalchemy import select

from bench_app.domain import inventory as rules
from bench_app.domain.enums import DeviceStatus, Role
from bench_app.domain.errors import NotFound, ValidationError
from bench_app.domain.inventory import FindingKind, Resolution
from bench_app.domain.witnessing import CriticalStep
from bench_app.persistence.models import CryoDevice, Incident, InventoryAudit, InventoryFinding, StorageLocation
from bench_app.services import inventory_queries as q
from bench_app.services.audit_writer import audit_create, audit_update
from bench_app.services.context import Actor, ServiceContext
from bench_app.services.cryo_service import CryoService
from bench_app.domain.inventory_records import FindingInfo
from bench_app.i18n import _, lazy_pgettext
from bench_app.services.storage_queries import free_slots
from bench_app.services.witness_service import WitnessInput, WitnessService

CORRECTABLE = ("colour", "contents")


class InventoryResolutions:
    def __init__(self, ctx: ServiceContext, witness: WitnessService, cryo: CryoService):
        self.ctx = ctx
        self.witness = witness
        self.cryo = cryo

    def resolve(self, actor: Actor, finding_id: int, *, resolution: Resolution | str, note: str,
                witness: WitnessInput | None, slot: int | None = None, corrections: dict | None = None) -> FindingInfo:
        """Settle one explained discrepancy; the witness authenticates for the step that does it."""
        with self.ctx.db.read() as s:
            f, kind = self._explained(s, finding_id)
            try:
                res = Resolution(resolution)
            except ValueError:
                raise ValidationError.single("resolution", "Choose how the discrepancy is resolved.") from None
            if res not in rules.ALLOWED_RESOLUTIONS[kind]:
                allowed = ", ".join(rules.RESOLUTION_TEXT[r] for r in rules.ALLOWED_RESOLUTIONS[kind])
                raise ValidationError.single("resolution", f"For '{rules.FINDING_TEXT[kind]}' choose: {allowed}.")
            note = (note or "").strip()
            if not note:
                raise ValidationError.single("resolution_note", "Say what was done.")
            device_id = f.observed_device_id or f.expected_device_id
            holder_id, reason_text = f.location_id, f"tank audit #{f.audit_id}: {rules.REASON_TEXT[rules.DiscrepancyReason(f.reason)]}; {f.note}"
            device = s.get(CryoDevice, device_id) if device_id else None
            if res == Resolution.RECORD_MOVE:
                if device is None or device.status != DeviceStatus.STORED.value:
                    raise ValidationError.single("resolution", "Only a stored device's move can be recorded.")
                if slot is None:
                    free = free_slots(s, [holder_id]).get(holder_id, [])
                    if not free:
                        raise ValidationError.single("slot", "This cane has no free position left.")
                    slot = free[0]
            if res == Resolution.CORRECT_RECORD:
                actor.require(Role.SUPERVISOR, Role.ADMIN, doing=lazy_pgettext("permission", "correct a device record"))
                corrections = {k: (v or "").strip() for k, v in (corrections or {}).items() if k in CORRECTABLE}
                if device is None or not corrections:
                    raise ValidationError.single("corrections", "Give the corrected colour or contents.")
        if res == Resolution.RECORD_MOVE:
            result = self.cryo.move_devices(actor, device_ids=[device_id], positions=[(holder_id, slot)],
                                            reason=reason_text, witness=witness)
            ref = f"device_moves:{result.moves[0].id}"
            return self._settle(actor, finding_id, res, note, ref)
        step = CriticalStep.INVENTORY_AUDIT
        verified = self.witness.verify(actor, step, witness, entity_type="inventory_findings", entity_id=str(finding_id))
        with self.ctx.db.write() as s:
            f, kind = self._explained(s, finding_id)
            record = self.witness.record(s, verified, entity_type="inventory_findings", entity_id=f.id)
            ref = f"witness_records:{record.id}"
            if res == Resolution.REPORT_INCIDENT:
                incident = Incident(occurred_at=self.ctx.clock(), kind=rules.INCIDENT_KIND[kind],
                                    description=self._incident_text(s, f, kind, note),
                                    entity_type="cryo_devices" if device_id else "inventory_findings",
                                    entity_id=str(device_id or f.id), witness_record_id=record.id,
                                    reported_by=actor.id, resolution="")
                s.add(incident)
                audit_create(s, self.ctx, actor, incident, reason=reason_text)
                ref = f"incidents:{incident.id}"
            elif res == Resolution.CORRECT_RECORD:
                d = s.get(CryoDevice, device_id)
                audit_update(s, self.ctx, actor, d, corrections, reason=f"{reason_text} ({note})")
                ref = f"cryo_devices:{d.id}"
            return self._settle_in(s, actor, f, res, note, ref)

    def _settle(self, actor: Actor, finding_id: int, res: Resolution, note: str, ref: str) -> FindingInfo:
        with self.ctx.db.write() as s:
            return self._settle_in(s, actor, s.get(InventoryFinding, finding_id), res, note, ref)

    def _settle_in(self, s, actor: Actor, f: InventoryFinding, res: Resolution, note: str, ref: str) -> FindingInfo:
        audit_update(s, self.ctx, actor, f, {"resolution": res.value, "resolution_note": note, "resolution_ref": ref,
                                             "resolved_at": self.ctx.clock(), "resolved_by": actor.id})
        return q.finding_infos(s, [f])[0]

    @staticmethod
    def _explained(s, finding_id: int) -> tuple[InventoryFinding, FindingKind]:
        f = s.get(InventoryFinding, finding_id)
        if f is None:
            raise NotFound(_("There is no finding #{finding_id}.").format(finding_id=finding_id))
        if s.get(InventoryAudit, f.audit_id).status != rules.AuditStatus.OPEN.value:
            raise ValidationError.single("resolution", "The audit is closed and signed.")
        kind = FindingKind(f.discrepancy)
        if kind == FindingKind.FOUND:
            raise ValidationError.single("resolution", "A device found where expected needs no resolution.")
        if f.resolution:
            raise ValidationError.single("resolution", "This discrepancy is already resolved.")
        if not f.reason or not f.note:
            raise ValidationError.single("reason", "Give the discrepancy its reason and a note first.")
        return f, kind

    @staticmethod
    def _incident_text(s, f: InventoryFinding, kind: FindingKind, note: str) -> str:
        holder = s.get(StorageLocation, f.location_id)
        code = f.observed_code or (s.get(CryoDevice, f.expected_device_id).code if f.expected_device_id else "")
        return (f"Tank audit #{f.audit_id}, {holder.name}: {code} {rules.FINDING_TEXT[kind]} "
                f"({rules.REASON_TEXT[rules.DiscrepancyReason(f.reason)]}: {f.note}). {note}")
