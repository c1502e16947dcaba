"""The day's work list for the worksheet and the Today screen, its PDF, and the supervisor's sign-off.

``day()`` builds the rows; ``pdf()`` renders them for a preview; ``issue()`` signs the
sheet, hands it to the caller to print or save, and only then records it (an
``issued_reports`` row and a PRINT audit event say who printed which day);
``sign_off()`` is an electronic signature: the supervisor re-enters their password,
and a Signature row binds their printed name, the time and the meaning
"reviewed" to a SHA-256 of the day's records at that moment. The printed worksheet
shows each signature and whether the records still match what was signed.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Mapping

from sqlalchemy import select

from bench_app.domain.clock import format_local
from bench_app.domain.enums import AuditAction, Role, SignatureMeaning
from bench_app.domain.limits import require_enum
from bench_app.domain.errors import ValidationError
from bench_app.i18n import _, lazy_pgettext, ngettext
from bench_app.domain.worksheet import DaySignature, ExpiringRow, PatientRef, WorksheetDay, pending_step_text, worksheet_fingerprint
from bench_app.domain.clock import day_bounds
from bench_app.persistence.models import AuditEvent, Signature
from bench_app.services.audit_writer import audit_create, write_event
from bench_app.services.context import Actor, ServiceContext
from bench_app.services.issuing import Deliver, issue_document, next_report_number
from bench_app.services.settings_service import read_setting
from bench_app.services.storage_queries import expiry_rows, stored_expired_before
from bench_app.services.users_service import UsersService
from bench_app.services.nitrogen_service import NitrogenService
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


def _open_items(changes: str) -> tuple[str, ...]:
    accepted = json.loads(changes or "{}").get("signed_while_waiting_for_witness", [None, []])[1] or []
    return tuple(f"{pending_step_text(a['step'])} {a['record']}: {a['reason']}" for a in accepted)


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
                expired_earlier_capped=expired_earlier >= EXPIRED_COUNT_CAP,
                tank_alerts=tuple(NitrogenService(self.ctx).alerts()))
            signatures = s.execute(select(Signature).where(Signature.entity_type == ENTITY,
                                                           Signature.entity_id == day.isoformat())
                                   .order_by(Signature.id)).scalars().all()
            # Each sign-off wrote its signature and its SIGN event together: the n-th of each belong together.
            events = s.execute(select(AuditEvent.changes).where(
                AuditEvent.entity_type == ENTITY, AuditEvent.entity_id == day.isoformat(),
                AuditEvent.action == AuditAction.SIGN.value).order_by(AuditEvent.id)).scalars().all() \
                if signatures else []
        if not signatures:  # most days on screen: nothing to compare, so no fingerprint to compute
            return sheet
        current = worksheet_fingerprint(sheet)
        items = [_open_items(c) for c in events] + [()] * (len(signatures) - len(events))
        signed = sorted(zip(signatures, items), key=lambda p: (p[0].signed_at, p[0].id))
        return WorksheetDay(**{**sheet.__dict__, "signatures": tuple(
            DaySignature(g.printed_name, g.signed_at, g.meaning, g.content_hash, g.content_hash == current, open_)
            for g, open_ in signed)})

    def pdf(self, actor: Actor, day: date) -> PrintedDocument:
        """The worksheet for the screen's preview: not signed and not recorded (``issue`` prints it)."""
        # reportlab loads on the first print, not at every start of the app (issue 8's start-up target).
        from bench_app.reports.worksheet import WorksheetReport

        rendered = WorksheetReport().build(self.day(day, actor=actor))
        return PrintedDocument(rendered.pdf, rendered.pages, f"Daily worksheet {day.isoformat()}",
                               f"worksheet-{day.isoformat()}.pdf")

    def issue(self, actor: Actor, day: date, *, deliver: Deliver) -> PrintedDocument:
        """The worksheet signed by the lab, handed to ``deliver`` (write or print it), recorded once delivered."""
        from bench_app.reports.worksheet import WorksheetReport

        sheet = self.day(day, actor=actor)
        rendered = WorksheetReport().build(sheet)
        with self.ctx.db.write() as s:
            signed = issue_document(
                s, self.ctx, actor, number=next_report_number(s), kind=ENTITY[:-1], subject=f"worksheet {day}",
                fingerprint=None, pdf=rendered.pdf, pages=rendered.pages, title=f"Daily worksheet {day.isoformat()}",
                filename=f"worksheet-{day.isoformat()}.pdf", reason="", deliver=deliver,
                audit_entity=(ENTITY, day.isoformat()),
                changes={"content_sha256": [None, worksheet_fingerprint(sheet)]})
        return PrintedDocument(signed.content, signed.page_count, signed.title, signed.filename,
                               report_no=signed.report_no)

    def sign_off(self, actor: Actor, day: date, *, password: str,
                 meaning: SignatureMeaning = SignatureMeaning.REVIEWED,
                 open_item_reasons: Mapping[str, str] | None = None) -> DaySignature:
        """A supervisor signs the day off: user ID plus password (or PIN) again, at the moment of signing.

        Steps still waiting for a witness do not block the signature, since some never will get
        one (a record imported without it, a witness who has left), but none passes silently:
        each needs the supervisor's reason, keyed by the row's ``key``, kept with the signature
        in the audit trail.
        """
        actor.require(*SIGNER_ROLES, doing=lazy_pgettext("permission", "sign off a worksheet"))
        meaning = require_enum(SignatureMeaning, meaning, "meaning", "what the signature means")
        if day > self.ctx.clock().astimezone().date():
            raise ValidationError.single("day", _("A day is signed off once it has begun, not ahead of time."))
        reasons = {k: (v or "").strip() for k, v in (open_item_reasons or {}).items()}
        waiting = self.day(day).pending_witness
        missing = {f"reason:{r.key}": _("Give the reason this open item is signed off.")
                   for r in waiting if not reasons.get(r.key)}
        if missing:
            raise ValidationError({"open_items": ngettext(
                "{count} step still waits for a witness: give a reason for it before signing.",
                "{count} steps still wait for a witness: give a reason for each before signing.",
                len(waiting)).format(count=len(waiting)), **missing})
        signer = self.users.authenticate_secret(actor.username, password, purpose="sign off worksheet")
        sheet = self.day(day, actor=signer)
        if {r.key for r in sheet.pending_witness} - {r.key for r in waiting}:
            raise ValidationError.single("open_items", _("Another step started waiting for a witness meanwhile: "
                                                         "review the list again."))
        accepted = [{"step": r.step, "record": r.subject, "performer": r.performer, "reason": reasons[r.key]}
                    for r in sheet.pending_witness]
        digest = worksheet_fingerprint(sheet)
        if any(g.matches_current and g.printed_name == signer.full_name and g.meaning == meaning.value
               for g in sheet.signatures):
            raise ValidationError.single("day", _("{name} already signed off {day} and nothing has changed since.")
                                         .format(name=signer.full_name, day=day.isoformat()))
        now = self.ctx.clock()
        with self.ctx.db.write() as s:
            sig = Signature(entity_type=ENTITY, entity_id=day.isoformat(), signer_id=signer.id,
                            printed_name=signer.full_name, meaning=SignatureMeaning(meaning).value, signed_at=now,
                            content_hash=digest)
            audit_create(s, self.ctx, signer, sig)
            changes = {"meaning": [None, sig.meaning], "content_sha256": [None, digest]}
            if accepted:
                changes["signed_while_waiting_for_witness"] = [None, accepted]
            write_event(s, self.ctx, actor=signer, action=AuditAction.SIGN, entity_type=ENTITY,
                        entity_id=day.isoformat(), changes=changes,
                        reason=f"worksheet of {day.isoformat()} signed at {format_local(now)}"
                        + "".join(f"; {a['step']} {a['record']} without witness: {a['reason']}" for a in accepted))
        return DaySignature(signer.full_name, now, sig.meaning, digest, True)
