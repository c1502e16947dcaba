"""What a change of consent does to the patient's stored devices, in the same transaction.

A renewed or extended consent to storage moves the storage expiry of the patient's stored
devices to the new date (never earlier), each change audited with the consent as its reason.
A withdrawn consent to storage, when no other consent to storage stays in force, puts each
stored device of the patient up for a supervisor's review (``device_reviews``); nothing is
discarded or moved by it: a discard stays a witnessed, approved step of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bench_app.domain.enums import ConsentUse, DeviceStatus, Role
from bench_app.domain.errors import NotFound, PermissionDenied, ValidationError
from bench_app.domain.names import listing_of
from bench_app.i18n import _
from bench_app.persistence.models import Consent, CryoDevice, DeviceReview, Patient, User
from bench_app.services.audit_writer import audit_create, audit_update
from bench_app.services.context import Actor, ServiceContext
from bench_app.services.storage_queries import location_paths

MAX_OUTCOME = 1000


@dataclass(frozen=True)
class DeviceReviewInfo:
    id: int
    device_id: int
    device_code: str
    patient_id: int
    patient_name: str
    mrn: str
    position: str
    storage_expiry: date | None
    reason: str
    flagged_by: str
    flagged_at: datetime
    closed_by: str
    closed_at: datetime | None
    outcome: str


def _stored(s: Session, patient_id: int) -> list[CryoDevice]:
    return list(s.execute(select(CryoDevice).where(CryoDevice.patient_id == patient_id,
                                                   CryoDevice.status == DeviceStatus.STORED.value)
                          .order_by(CryoDevice.id)).scalars())


def storage_consent_given(s: Session, ctx: ServiceContext, actor: Actor, consent: Consent, why: str) -> int:
    """A consent to storage recorded or extended: the stored devices expire no earlier than it. Returns how many moved."""
    if ConsentUse.STORAGE.value not in consent.permitted_uses.split(",") or consent.storage_expiry is None:
        return 0
    moved = 0
    for device in _stored(s, consent.patient_id):
        if device.storage_expiry is None or device.storage_expiry < consent.storage_expiry:
            audit_update(s, ctx, actor, device, {"storage_expiry": consent.storage_expiry},
                         reason=f"{why}: consent signed {consent.signed_on.isoformat()} to storage until {consent.storage_expiry.isoformat()}")
            moved += 1
    return moved


def storage_consent_withdrawn(s: Session, ctx: ServiceContext, actor: Actor, consent: Consent, reason: str) -> int:
    """A consent withdrawn: with no consent to storage left in force, every stored device goes up for review."""
    if ConsentUse.STORAGE.value not in consent.permitted_uses.split(","):
        return 0
    on = consent.withdrawn_on
    others = s.execute(select(Consent).where(Consent.patient_id == consent.patient_id, Consent.id != consent.id))
    for other in others.scalars():
        if (ConsentUse.STORAGE.value in other.permitted_uses.split(",")
                and (other.withdrawn_on is None or other.withdrawn_on > on)
                and (other.storage_expiry is None or other.storage_expiry >= on)):
            return 0   # still stored with consent
    open_ids = set(s.execute(select(DeviceReview.device_id).where(DeviceReview.closed_at.is_(None))).scalars())
    text = f"Consent signed {consent.signed_on.isoformat()} to storage withdrawn on {on.isoformat()}: {reason.strip()}"
    flagged = 0
    for device in _stored(s, consent.patient_id):
        if device.id in open_ids:
            continue
        audit_create(s, ctx, actor, DeviceReview(device_id=device.id, consent_id=consent.id, reason=text,
                                                 flagged_by=actor.id, flagged_at=ctx.clock(), outcome=""),
                     reason=text)
        flagged += 1
    return flagged


def review_rows(s: Session, *, open_only: bool = True, patient_id: int | None = None) -> list[DeviceReviewInfo]:
    q = (select(DeviceReview, CryoDevice, Patient).join(CryoDevice, CryoDevice.id == DeviceReview.device_id)
         .join(Patient, Patient.id == CryoDevice.patient_id).order_by(DeviceReview.flagged_at, DeviceReview.id))
    if open_only:
        q = q.where(DeviceReview.closed_at.is_(None))
    if patient_id is not None:
        q = q.where(CryoDevice.patient_id == patient_id)
    rows = s.execute(q).all()
    names = dict(s.execute(select(User.id, User.username)).all())
    paths = location_paths(s, [d.location_id for _, d, _ in rows])
    out = []
    for r, d, p in rows:
        where = f"{paths.get(d.location_id, '?')} / Position {d.slot}" if d.location_id else "not in a tank"
        out.append(DeviceReviewInfo(r.id, d.id, d.code, p.id, listing_of(p), p.mrn,
                                    where, d.storage_expiry, r.reason, names.get(r.flagged_by, "?"), r.flagged_at,
                                    names.get(r.closed_by, "") if r.closed_by else "", r.closed_at, r.outcome))
    return out


def close_review(s: Session, ctx: ServiceContext, actor: Actor, review_id: int, outcome: str) -> None:
    if actor.role not in (Role.SUPERVISOR, Role.ADMIN):
        raise PermissionDenied("A supervisor decides on a device under review.")
    outcome = (outcome or "").strip()
    if not outcome:
        raise ValidationError.single("outcome", "Say what was decided (e.g. discard requested, consent renewed).")
    if len(outcome) > MAX_OUTCOME:
        raise ValidationError.single("outcome", f"An outcome has at most {MAX_OUTCOME} characters.")
    review = s.get(DeviceReview, review_id)
    if review is None:
        raise NotFound(_("There is no device review #{review_id}.").format(review_id=review_id))
    if review.closed_at is not None:
        raise ValidationError.single("outcome", f"Review #{review_id} was closed already.")
    audit_update(s, ctx, actor, review, {"closed_at": ctx.clock(), "closed_by": actor.id, "outcome": outcome},
                 reason=outcome)
