"""Discarding stored devices: a request for one patient's devices, approved by a second supervisor who signs
with their password while a witness checks the labels as the devices leave the tank, or rejected with a reason.

Part of ``CryoService`` (mixed in), which supplies ``ctx``, ``witness`` and ``users``.
"""

from __future__ import annotations

from typing import Sequence

from sqlalchemy import insert, select

from bench_app.domain import storage as rules
from bench_app.domain.enums import AuditAction, DeviceStatus, Role, SignatureMeaning
from bench_app.domain.errors import NotFound, ValidationError
from bench_app.domain.witnessing import CriticalStep
from bench_app.i18n import _, lazy_pgettext
from bench_app.persistence.models import DiscardEvent, Signature, discard_event_devices
from bench_app.services import cryo_checks as checks
from bench_app.services.audit_writer import audit_create, audit_update, write_event
from bench_app.services.context import Actor
from bench_app.services.guard import guarded
from bench_app.services.storage_dto import DiscardInfo
from bench_app.services.storage_queries import discard_info, pending_discards
from bench_app.services.witness_service import WitnessInput

APPROVER_ROLES = (Role.SUPERVISOR, Role.ADMIN)


@guarded
class CryoDiscards:
    def request_discard(self, actor: Actor, *, device_ids: Sequence[int], reason: str,
                        consent_checked: bool) -> DiscardInfo:
        """Ask for one patient's stored devices to be discarded; a supervisor must approve and sign."""
        errors: dict[str, str] = {}
        if not device_ids:
            errors["device_ids"] = _("Choose the devices to discard.")
        if not (reason or "").strip():
            errors["reason"] = _("Say why the devices are discarded.")
        if consent_checked is not True:
            errors["consent_checked"] = _("Check the patient's consent and confirm it before asking for a discard.")
        if errors:
            raise ValidationError(errors)
        with self.ctx.db.write() as s:
            devices = checks.devices_by_id(s, list(dict.fromkeys(device_ids)))
            pending = pending_discards(s, [d.id for d in devices])
            for d in devices:
                if d.status != DeviceStatus.STORED.value:
                    errors["device_ids"] = _("{code} is {status}, not stored: it cannot be discarded.").format(code=d.code, status=d.status)
                elif d.id in pending:
                    errors["device_ids"] = _("{code} already awaits approval of discard request #{request}.").format(
                        code=d.code, request=pending[d.id])
            if len({d.patient_id for d in devices}) > 1:
                errors["device_ids"] = _("One discard request covers one patient's devices.")
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

    def approve_discard(self, supervisor: Actor, discard_id: int, *, password: str,
                        witness: WitnessInput | None) -> DiscardInfo:
        """The second signature: a supervisor other than the requester re-enters their password.

        Discarding is a witness point: a second authenticated person checks the devices' labels
        as they leave the tank, and the discard keeps its witness record.
        """
        supervisor.require(*APPROVER_ROLES, doing=lazy_pgettext("permission", "approve a discard"))
        with self.ctx.db.read() as s:
            checks.open_discard(s, discard_id, supervisor)
        self.witness.require(CriticalStep.DISCARD, witness)  # before the password is spent
        signer = self.users.authenticate_secret(supervisor.username, password, purpose="approve discard")
        verified = self.witness.verify(signer, CriticalStep.DISCARD, witness,
                                       entity_type="discard_events", entity_id=str(discard_id))
        with self.ctx.db.write() as s:
            de = checks.open_discard(s, discard_id, supervisor)
            ids = s.execute(select(discard_event_devices.c.device_id)
                            .where(discard_event_devices.c.discard_event_id == de.id)).scalars().all()
            devices = checks.devices_by_id(s, list(ids))
            gone = [d.code for d in devices if d.status != DeviceStatus.STORED.value]
            if gone:
                raise ValidationError.single("discard_id", _("{codes} is no longer stored; "
                                                           "reject this request and make a new one.").format(codes=", ".join(gone)))
            now = self.ctx.clock()
            record = self.witness.record(s, verified, entity_type="discard_events", entity_id=de.id)
            audit_update(s, self.ctx, signer, de, {"status": rules.DiscardStatus.APPROVED.value,
                                                   "approved_by": signer.id, "approved_at": now,
                                                   "witness_record_id": record.id})
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
            holders = checks.holders_at(s, [(d.location_id, d.slot) for d in devices])
            for d in devices:
                audit_update(s, self.ctx, signer, d, {"status": DeviceStatus.DISCARDED.value, "location_id": None,
                                                      "slot": None, "tank_id": None},
                             reason=f"discard #{de.id}: {de.reason}")
            return discard_info(s, de, checks.touched(holders.values()))

    def reject_discard(self, supervisor: Actor, discard_id: int, *, reason: str) -> DiscardInfo:
        supervisor.require(*APPROVER_ROLES, doing=lazy_pgettext("permission", "reject a discard request"))
        if not (reason or "").strip():
            raise ValidationError.single("reason", _("Say why the discard is rejected."))
        with self.ctx.db.write() as s:
            de = checks.open_discard(s, discard_id, None)
            audit_update(s, self.ctx, supervisor, de, {"status": rules.DiscardStatus.REJECTED.value,
                                                       "approved_by": supervisor.id,
                                                       "approved_at": self.ctx.clock()}, reason=reason.strip())
            return discard_info(s, de)

    def get_discard(self, discard_id: int) -> DiscardInfo:
        with self.ctx.db.read() as s:
            de = s.get(DiscardEvent, discard_id)
            if de is None:
                raise NotFound(_("There is no discard request #{discard_id}.").format(discard_id=discard_id))
            return discard_info(s, de)

    def pending_discard_requests(self) -> list[DiscardInfo]:
        """Requests waiting for a supervisor's signature, oldest first."""
        with self.ctx.db.read() as s:
            rows = s.execute(select(DiscardEvent).where(DiscardEvent.status == rules.DiscardStatus.REQUESTED.value)
                             .order_by(DiscardEvent.requested_at, DiscardEvent.id)).scalars().all()
            return [discard_info(s, de) for de in rows]
