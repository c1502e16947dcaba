"""Issuing a report: sign it, hand it over, and record it only once it was handed over.

Every report that leaves the lab (chain of custody, worksheet, and those added later)
goes through ``issue_document`` inside the caller's write transaction:

1. the rendered PDF is signed with the lab key (``report_signing.sign_report``);
2. ``deliver`` receives the signed document and writes the file, or prints it, or
   sends it; if it raises, the exception propagates and the transaction rolls back,
   so a report that never reached a file or a printer is not counted as issued;
3. only then the ``issued_reports`` row (with the SHA-256 of exactly the delivered
   bytes and of the certificate that signed them) and the PRINT audit event are
   written, in the same transaction.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bench_app.domain.enums import AuditAction
from bench_app.persistence.models import IssuedReport
from bench_app.services.audit_writer import audit_create, write_event
from bench_app.services.context import Actor, ServiceContext
from bench_app.services.report_signing import sign_report, signer_cert_sha256
from bench_app.services.settings_service import read_setting


@dataclass(frozen=True)
class SignedDocument:
    """A signed report as handed to ``deliver``: its bytes are what is recorded as issued."""

    content: bytes
    page_count: int
    report_no: int
    title: str
    filename: str
    media_type: str = "application/pdf"


Deliver = Callable[[SignedDocument], None]


def next_report_number(s: Session) -> int:
    """The next report number; call inside the write transaction that records it."""
    return (s.execute(select(func.max(IssuedReport.id))).scalar() or 0) + 1


def issue_document(s: Session, ctx: ServiceContext, actor: Actor, *, number: int, kind: str, subject: str,
                   fingerprint: str | None, pdf: bytes, pages: int, title: str, filename: str, reason: str,
                   deliver: Deliver, audit_entity: tuple[str, str] | None = None,
                   changes: dict | None = None) -> SignedDocument:
    signed = sign_report(pdf, reason=f"{title}: issued by {actor.full_name}", location=read_setting(s, "lab_name"))
    doc = SignedDocument(signed, pages, number, title, filename)
    deliver(doc)  # raises if nothing was written or printed: the caller's transaction then records nothing
    pdf_sha256 = hashlib.sha256(signed).hexdigest()
    row = IssuedReport(id=number, kind=kind, subject=subject[:80], sha256=fingerprint or pdf_sha256,
                       issued_by=actor.id, issued_at=ctx.clock(), pdf_sha256=pdf_sha256,
                       cert_sha256=signer_cert_sha256())
    audit_create(s, ctx, actor, row)
    entity_type, entity_id = audit_entity or ("issued_reports", str(number))
    write_event(s, ctx, actor=actor, action=AuditAction.PRINT, entity_type=entity_type, entity_id=entity_id,
                reason=reason, changes={**(changes or {}), "report_no": [None, number],
                                        "pdf_sha256": [None, pdf_sha256], "pages": [None, pages]})
    return doc
