"""Is this PDF a report the system issued, and is it unaltered?

VERIFIED means one thing: the file's SHA-256 equals that of a file the system issued
(``issued_reports.pdf_sha256``, recorded when it was delivered) and its lab signature
is intact over the whole file. Anything else gets a weaker verdict in words and is not
``ok``: NOT THE ISSUED FILE (the lab's signature holds for what it covers, but bytes
were added or changed), TEXT MATCHES ONLY (a chain-of-custody report whose pages read
as issued, but whose bytes differ: printed again to PDF, re-saved, or a font edited),
or NOT VERIFIED.

The content checks for a chain-of-custody report, in this order:

1. The PDF's metadata carries the report's canonical content (JSON) and fingerprint.
2. The SHA-256 of that content equals the fingerprint (the content was not edited).
3. Every page prints that fingerprint in its footer.
4. ``issued_reports`` holds the fingerprint, for the same report number and subject
   (the system issued this content; a forged report with its own matching hash has
   no row).
5. The text a reader sees equals the text of the same content rendered again by the
   same layout (``LAYOUT_VERSION``), page by page, so an edit to the visible text,
   even with the metadata left alone, is caught. A report made by an older layout
   is accepted only as a byte-identical copy.

A file byte-identical to the issued one (its SHA-256 is in the issue's audit event)
is reported as an exact copy; a re-saved file with identical content passes 1-5.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import replace

from pypdf import PdfReader
from pypdf.errors import PdfReadError
from sqlalchemy import select

from bench_app.domain.custody import LAYOUT_VERSION, fingerprint_of, from_json
from bench_app.persistence.models import AuditEvent, IssuedReport, User
from bench_app.i18n import _, ngettext, using_language
from bench_app.reports.custody import CustodyReportPdf, language_of, unpack_metadata
from bench_app.services.context import ServiceContext
from bench_app.services.custody_dto import CONTENT_ONLY, SIGNED_DIFFERENT, VERIFIED, Verification
from bench_app.services.report_signing import check_signature


def page_texts(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def _reject(problem: str, digest: str = "", **kw) -> Verification:
    return Verification(False, _("NOT VERIFIED: {problem}").format(problem=problem), (problem,), digest, **kw)


def verify_pdf(ctx: ServiceContext, data: bytes) -> Verification:
    """The verdict on a file: VERIFIED only for the exact bytes that were issued; weaker verdicts in words."""
    file_sha = hashlib.sha256(data).hexdigest()
    sig = check_signature(data)
    with ctx.db.read() as s:
        row = s.execute(select(IssuedReport).where(IssuedReport.pdf_sha256 == file_sha)).scalars().first()
        issuer = (s.get(User, row.issued_by).full_name if row is not None and row.issued_by else "")
        lab_certs = set(s.execute(select(IssuedReport.cert_sha256).where(IssuedReport.cert_sha256.is_not(None))
                                  .distinct()).scalars())
    if row is not None:
        facts = dict(report_no=row.id, subject=row.subject, issued_at=row.issued_at, issued_by=issuer)
        if not (sig.intact and sig.whole_file and sig.cert_sha256 == row.cert_sha256):
            return _reject(_("the file has the bytes of report no. {number}, but its signature does not hold "
                             "({problem}).").format(number=row.id,
                                                    problem=sig.problem or _("signed by another certificate")),
                           row.sha256, **facts)
        return Verification(True, _("VERIFIED: {kind} no. {number} ({subject}), issued by {issuer}; the file is "
                                    "byte-identical to the issued one and its signature by {signer} is intact.").format(
                                kind=_kind(row.kind), number=row.id, subject=row.subject, issuer=issuer,
                                signer=sig.signer), (), row.sha256, exact_copy=True, level=VERIFIED, **facts)
    content = _content_check(ctx, data)
    if content.ok and content.exact_copy:  # issued before reports were signed: its bytes are in the audit event
        return content
    lab_signed = sig.signed and sig.intact and sig.cert_sha256 in lab_certs
    if lab_signed:
        verdict = (_("NOT THE ISSUED FILE: the lab's signature of report no. {number} ({subject}) is intact for the "
                     "part it covers, but the file is not byte-identical to any report issued here (something was "
                     "added or changed after signing). Ask for the issued file.") if content.ok else
                   _("NOT THE ISSUED FILE: the lab's signature is intact for the part it covers, but the file is not "
                     "byte-identical to any report issued here (something was added or changed after signing). Ask "
                     "for the issued file."))
        return replace(content, ok=False, level=SIGNED_DIFFERENT, exact_copy=False,
                       problems=(_("the file differs from every issued file"),),
                       verdict=verdict.format(number=content.report_no, subject=content.subject))
    if content.ok:
        return replace(content, ok=False, level=CONTENT_ONLY, exact_copy=False,
                       problems=(_("the text matches but the file differs from the issued file"),),
                       verdict=_("TEXT MATCHES ONLY: the pages read like report no. {number} ({subject}), but the "
                                 "file is not the issued one (its bytes differ, e.g. printed again to PDF, re-saved "
                                 "or edited in a way the text does not show). Only the issued file verifies.").format(
                           number=content.report_no, subject=content.subject))
    return content


def _kind(kind: str) -> str:
    known = {"custody": _("chain-of-custody report"), "worksheet": _("daily worksheet")}
    return known.get(kind) or _("{kind} report").format(kind=kind)


def _content_check(ctx: ServiceContext, data: bytes) -> Verification:
    """The chain-of-custody checks by content (1-5 above); ``exact_copy`` for a pre-signing report's own bytes."""
    try:
        reader = PdfReader(io.BytesIO(data))
        keywords = str((reader.metadata or {}).get("/Keywords", "") or "")
        texts = [" ".join((page.extract_text() or "").split()) for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        return _reject(_("the file is not a readable PDF ({problem}).").format(problem=exc))
    packed = unpack_metadata(keywords)
    if packed is None:
        return _reject(_("the file carries no Bench report fingerprint; it is not a report this system issued."))
    digest, canonical = packed
    if fingerprint_of(canonical) != digest:
        return _reject(_("the content embedded in the file does not match its fingerprint: it was altered."), digest)
    missing = [n for n, text in enumerate(texts, start=1) if digest not in text.replace(" ", "")]
    if missing:
        return _reject(_("page {page} does not show the fingerprint {fingerprint}…: the pages were altered.").format(
            page=missing[0], fingerprint=digest[:12]), digest)
    try:
        report = from_json(canonical)
    except (ValueError, KeyError, TypeError):
        return _reject(_("the embedded content is not a chain-of-custody report."), digest)
    with ctx.db.read() as s:
        row = s.execute(select(IssuedReport).where(IssuedReport.sha256 == digest)).scalar_one_or_none()
        if row is None:
            return _reject(_("no report with this fingerprint was issued by this system."), digest)
        issuer = s.get(User, row.issued_by).full_name if row.issued_by else ""
        event = s.execute(select(AuditEvent).where(AuditEvent.entity_type == "issued_reports",
                                                   AuditEvent.entity_id == str(row.id),
                                                   AuditEvent.action == "print")).scalars().first()
        issued_file = json.loads(event.changes).get("pdf_sha256", [None, ""])[1] if event else ""
    facts = dict(report_no=row.id, subject=row.subject, issued_at=row.issued_at, issued_by=issuer)
    if report.report_no != row.id or f"{report.subject_kind} {report.subject}"[:80] != row.subject:
        return _reject(_("the content names report {named}, but this fingerprint was issued as report {number} "
                         "({subject}).").format(named=report.report_no, number=row.id, subject=row.subject),
                       digest, **facts)
    exact = hashlib.sha256(data).hexdigest() == issued_file
    if not exact:
        if report.layout != LAYOUT_VERSION:
            return _reject(_("the report was made with layout {layout}; only a byte-identical copy of it can be "
                             "verified, and this file is not one.").format(layout=report.layout), digest, **facts)
        with using_language(language_of(keywords)):  # the pages again, in the words they were printed in
            again = page_texts(CustodyReportPdf().build(report, digest=digest, canonical=canonical).pdf)
        if len(again) != len(texts):
            return _reject(ngettext("the file has {count} page; the issued report has {issued}.",
                                    "the file has {count} pages; the issued report has {issued}.",
                                    len(texts)).format(count=len(texts), issued=len(again)), digest, **facts)
        for n, (seen, issued) in enumerate(zip(texts, again), start=1):
            if seen != issued:
                return _reject(_("the text on page {page} differs from the issued report: it was altered.").format(
                    page=n), digest, **facts)
    verdict = (_("VERIFIED: chain-of-custody report no. {number} ({subject}), issued by {issuer}; a byte-identical "
                 "copy of the issued file.") if exact else
               _("VERIFIED: chain-of-custody report no. {number} ({subject}), issued by {issuer}; its content is "
                 "identical to the issued report."))
    return Verification(True, verdict.format(number=row.id, subject=row.subject, issuer=issuer), (), digest,
                        exact_copy=exact, level=VERIFIED if exact else CONTENT_ONLY, **facts)
