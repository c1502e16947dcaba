"""Device codes reserved before loading: labels printed first, each code used once or voided.

A freeze reserves its device codes so the straw and vial labels can be printed and checked
by the witness before anything is loaded. A reserved code is then taken by one device, or
voided with a reason (audited, and listed as an incident for the supervisor); a voided or
used code is never accepted again, and the one sequence never hands it out twice.
"""

from __future__ import annotations

from datetime import datetime
from typing import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from bench_app.domain.errors import ValidationError
from bench_app.persistence.models import Incident, LabelPrint, ReservedCode
from bench_app.services.audit_writer import audit_create, audit_update
from bench_app.services.codes_service import allocate_codes
from bench_app.services.context import Actor, ServiceContext

MAX_VOID_REASON = 500


def reserve(s: Session, ctx: ServiceContext, actor: Actor, kind: str, count: int,
            patient_id: int | None) -> list[str]:
    now = ctx.clock()
    codes = allocate_codes(s, kind, count)
    for code in codes:
        audit_create(s, ctx, actor, ReservedCode(code=code, kind=kind, patient_id=patient_id, reserved_by=actor.id,
                                                 reserved_at=now, void_reason=""),
                     reason="labels printed before loading")
    return codes


def problem_with(s: Session, codes: Sequence[str], patient_id: int) -> str:
    """Why these codes cannot go on this patient's devices now, or ''.

    Codes reserved for a patient's labels must have been printed: the witness checks the labels.
    """
    rows = {r.code: r for r in s.execute(select(ReservedCode).where(ReservedCode.code.in_(codes))).scalars()}
    for code in codes:
        row = rows.get(code)
        if row is None:
            return "Those codes were not issued here: reserve device codes before printing."
        if row.voided_at is not None:
            return f"{code} was voided ({row.void_reason}): it cannot be used; reserve a new code."
        if row.used_at is not None:
            return f"{code} is already on another device."
        if row.patient_id is not None and row.patient_id != patient_id:
            return f"{code} was reserved for another patient's labels: reserve codes for this patient."
    labelled = [c for c in codes if rows[c].patient_id is not None]
    printed = set(s.execute(select(LabelPrint.entity_id).where(LabelPrint.entity_type == "reserved_codes",
                                                               LabelPrint.entity_id.in_(labelled))).scalars())
    unprinted = [c for c in labelled if c not in printed]
    if unprinted:
        return (f"Print the label{'s' if len(unprinted) > 1 else ''} of {', '.join(unprinted)} before loading: "
                "the witness checks the printed labels.")
    return ""


def mark_used(s: Session, ctx: ServiceContext, actor: Actor, codes: Sequence[str]) -> None:
    now = ctx.clock()
    for row in s.execute(select(ReservedCode).where(ReservedCode.code.in_(codes))).scalars():
        audit_update(s, ctx, actor, row, {"used_at": now})


def void(s: Session, ctx: ServiceContext, actor: Actor, codes: Sequence[str], reason: str,
         now: datetime) -> list[str]:
    """Void the codes still unused; return them. Used or already voided codes are left as they are."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError.single("void_reason", "Say why the reserved codes are not used.")
    if len(reason) > MAX_VOID_REASON:
        raise ValidationError.single("void_reason", f"A reason has at most {MAX_VOID_REASON} characters.")
    done = []
    rows = s.execute(select(ReservedCode).where(ReservedCode.code.in_(list(codes)), ReservedCode.used_at.is_(None),
                                                ReservedCode.voided_at.is_(None))
                     .order_by(ReservedCode.code)).scalars().all()
    for row in rows:
        audit_update(s, ctx, actor, row, {"voided_at": now, "voided_by": actor.id, "void_reason": reason},
                     reason=reason)
        done.append(row.code)
    if done:
        audit_create(s, ctx, actor, Incident(
            occurred_at=now, kind="voided_code", entity_type="reserved_codes", entity_id=done[0],
            description=f"{actor.username} voided {len(done)} reserved code{'s' if len(done) > 1 else ''} "
                        f"({', '.join(done)}): {reason}", reported_by=actor.id, resolution=""))
    return done
