"""The day's work list for the worksheet and the Today screen, its PDF, and the supervisor's sign-off.

``day()`` builds the rows; ``pdf()`` prints them (a PRINT audit event says who printed
which day); ``sign_off()`` is an electronic signature: the supervisor re-enters their
password, and a Signature row binds their printed name, the time and the meaning
"reviewed" to a SHA-256 of the day's records at that moment. The printed worksheet
shows each signature and whether the records still match what was signed.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import select

from bench_app.domain.clock import format_local
from bench_app.domain.enums import AuditAction, Role, SignatureMeaning
from bench_app.domain.limits import require_enum
from bench_app.domain.errors import ValidationError
from bench_app.domain.worksheet import DaySignature, ExpiringRow, PatientRef, WorksheetDay, worksheet_fingerprint
from bench_app.persistence.models import Signature
from bench_app.services.audit_writer import audit_create, write_event
from bench_app.services.context import Actor, ServiceContext
from bench_app.services.settings_service import read_setting
from bench_app.services.storage_queries import expiry_rows, stored_expired_before
from bench_app.services.users_service import UsersService
from bench_app.services.worksheet_dto import PrintedDocument
from bench_app.services.worksheet_queries import (
    fert_check_rows, oocyte_rows, pending_witness_rows, sample_rows, thaw_rows,
)
from bench_app.services.guard import guarded

ENTITY = "worksheets"
SIGNER_ROLES = (Role.SUPERVISOR, Role.ADMIN)
EXPIRY_LIMIT = 500
# The sheet lists devices that expired in the last month and those expiring soon; older expired ones
# (which a large lab's history can hold by the thousand) are a count pointing to Cryo's expired list,
# so they never push the devices expiring next week off the sheet.
EXPIRED_LOOKBACK = timedelta(days=30)
EXPIRED_COUNT_CAP = 1000


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The local calendar day as a UTC interval [start, end)."""
    start = datetime.combine(day, time.min).astimezone(timezone.utc)
    end = datetime.combine(day + timedelta(days=1), time.min).astimezone(timezone.utc)
    return start, end


@guarded
class WorksheetService:
    def __init__(self, ctx: ServiceContext, users: UsersService):
        self.ctx = ctx
        self.users = users

    def day(self, day: date, *, actor: Actor | None = None) -> WorksheetDay:
        """Everything on the bench for a local date, as of now."""
        start, end = day_bounds(day)
        now = self.ctx.clock()
        with self.ctx.db.read() as s:
            warning_days = read_setting(s, "expiry_warning_days")
            expiring = [ExpiringRow(r.code, PatientRef(r.patient_name, r.mrn), r.position_path, r.storage_expiry,
                                    r.days_left)
                        for r in expiry_rows(s, since=day - EXPIRED_LOOKBACK, until=day + timedelta(days=warning_days),
                                             today=day, limit=EXPIRY_LIMIT)]
            expired_earlier = stored_expired_before(s, day - EXPIRED_LOOKBACK, cap=EXPIRED_COUNT_CAP)
            sheet = WorksheetDay(
                day=day, lab_name=read_setting(s, "lab_name"), generated_at=now,
                generated_by=actor.full_name if actor else "", samples=tuple(sample_rows(s, start, end)),
                oocytes=tuple(oocyte_rows(s, start, end)), fert_checks=tuple(fert_check_rows(s, start, end, now)),
                thaws=tuple(thaw_rows(s, start, end)), expiring=tuple(expiring),
                pending_witness=tuple(pending_witness_rows(s, end)), expired_before=day - EXPIRED_LOOKBACK,
                expired_earlier=expired_earlier,
                expired_earlier_capped=expired_earlier >= EXPIRED_COUNT_CAP)
            signatures = s.execute(select(Signature).where(Signature.entity_type == ENTITY,
                                                           Signature.entity_id == day.isoformat())
                                   .order_by(Signature.signed_at, Signature.id)).scalars().all()
        if not signatures:  # most days on screen: nothing to compare, so no fingerprint to compute
            return sheet
        current = worksheet_fingerprint(sheet)
        return WorksheetDay(**{**sheet.__dict__, "signatures": tuple(
            DaySignature(g.printed_name, g.signed_at, g.meaning, g.content_hash, g.content_hash == current)
            for g in signatures)})

    def pdf(self, actor: Actor, day: date) -> PrintedDocument:
        # reportlab loads on the first print, not at every start of the app (issue 8's start-up target).
        from bench_app.reports.worksheet import WorksheetReport

        sheet = self.day(day, actor=actor)
        rendered = WorksheetReport().build(sheet)
        with self.ctx.db.write() as s:
            write_event(s, self.ctx, actor=actor, action=AuditAction.PRINT, entity_type=ENTITY,
                        entity_id=day.isoformat(), changes={"pages": [None, rendered.pages],
                                                            "content_sha256": [None, worksheet_fingerprint(sheet)]})
        return PrintedDocument(rendered.pdf, rendered.pages, f"Daily worksheet {day.isoformat()}",
                               f"worksheet-{day.isoformat()}.pdf")

    def sign_off(self, actor: Actor, day: date, *, password: str,
                 meaning: SignatureMeaning = SignatureMeaning.REVIEWED) -> DaySignature:
        """A supervisor signs the day off: user ID plus password (or PIN) again, at the moment of signing."""
        actor.require(*SIGNER_ROLES, doing="sign off a worksheet")
        meaning = require_enum(SignatureMeaning, meaning, "meaning", "what the signature means")
        if day > self.ctx.clock().astimezone().date():
            raise ValidationError.single("day", "A day is signed off once it has begun, not ahead of time.")
        signer = self.users.authenticate_secret(actor.username, password, purpose="sign off worksheet")
        sheet = self.day(day, actor=signer)
        digest = worksheet_fingerprint(sheet)
        if any(g.matches_current and g.printed_name == signer.full_name and g.meaning == meaning.value
               for g in sheet.signatures):
            raise ValidationError.single("day", f"{signer.full_name} already signed off {day.isoformat()} "
                                                "and nothing has changed since.")
        now = self.ctx.clock()
        with self.ctx.db.write() as s:
            sig = Signature(entity_type=ENTITY, entity_id=day.isoformat(), signer_id=signer.id,
                            printed_name=signer.full_name, meaning=SignatureMeaning(meaning).value, signed_at=now,
                            content_hash=digest)
            audit_create(s, self.ctx, signer, sig)
            write_event(s, self.ctx, actor=signer, action=AuditAction.SIGN, entity_type=ENTITY,
                        entity_id=day.isoformat(), changes={"meaning": [None, sig.meaning],
                                                            "content_sha256": [None, digest]},
                        reason=f"worksheet of {day.isoformat()} signed at {format_local(now)}")
        return DaySignature(signer.full_name, now, sig.meaning, digest, True)
