"""The chain-of-custody report: A4 landscape, every event in time order, signatures, fingerprint.

The running header names the patient (full name, MRN, date of birth) on every page;
the footer carries the report number, who issued it and when, the SHA-256
fingerprint of the content, and "Page X of Y". The canonical content travels in the
PDF's metadata (``Keywords``: ``bench-fingerprint=…`` and ``bench-content=…``, the
JSON deflated and base64-encoded) so the report can be verified from the file alone
plus the register of issued reports.
"""

from __future__ import annotations

import base64
import re
import zlib

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm

from bench_app.domain.custody import CustodyReport
from bench_app.domain.enums import DeviceStatus, DeviceType, Disposition, SampleStatus, SignatureMeaning
from bench_app.domain.value_labels import event_label, label_of
from bench_app.i18n import _, isolated, language, pgettext
from bench_app.reports.grid import GREY, Column, GridReport, PageInfo, Rendered, Row, Section
from bench_app.reports.text import fit

_META = re.compile(r"bench-fingerprint=([0-9a-f]{64})\s+bench-content=([A-Za-z0-9+/=]+)")


def pack_metadata(digest: str, canonical: str) -> str:
    blob = base64.b64encode(zlib.compress(canonical.encode("utf-8"), 9)).decode("ascii")
    return f"bench-fingerprint={digest} bench-content={blob}"


_LANGUAGE = re.compile(r"bench-language=([a-z]{2,3})")


def language_of(keywords: str) -> str:
    """The language a report was printed in (its Keywords say it; English when they do not): verification
    renders it again in that language to compare the pages."""
    m = _LANGUAGE.search(keywords or "")
    return m.group(1) if m else "en"


def unpack_metadata(keywords: str) -> tuple[str, str] | None:
    """(fingerprint, canonical JSON) from a report's Keywords, or None when they are not there."""
    m = _META.search(keywords or "")
    if m is None:
        return None
    try:
        return m.group(1), zlib.decompress(base64.b64decode(m.group(2))).decode("utf-8")
    except (ValueError, zlib.error):
        return None


class CustodyReportPdf(GridReport):
    page_size = landscape(A4)
    header_height = 19 * mm
    footer_height = 10 * mm
    font_size = 7.0

    def build(self, report: CustodyReport, *, digest: str = "", canonical: str = "") -> Rendered:
        self.report, self.digest, self.canonical = report, digest, canonical
        return self.render(sections(report))

    def describe(self, canvas) -> None:
        r = self.report
        canvas.setTitle(_("Chain-of-custody report {number}: {subject}").format(
            number=r.report_no or _("(preview)"), subject=r.subject))
        canvas.setAuthor(r.issued_by)
        canvas.setSubject(_("{lab}: chain of custody of {kind} {subject}").format(
            lab=r.lab_name, kind=_subject_kind(r.subject_kind), subject=r.subject))
        canvas.setCreator("Bench")
        if self.digest:
            canvas.setKeywords(f"{pack_metadata(self.digest, self.canonical)} bench-language={language()}")

    def draw_header(self, canvas, page: PageInfo) -> None:
        r, top, width = self.report, self.page_size[1] - self.margin, self.table_width
        right = self.put_text(canvas, self.margin + width, top - 11, _("Chain-of-custody report"), 11, True, "right")
        lab = fit(r.lab_name, width - right - 6 * mm, 12, 8, True)
        self.put_text(canvas, self.margin, top - 11, lab.text, lab.size, bold=True)
        who = fit(isolated(_("Patient: {name} · MRN {mrn} · born {born}"),
            name=r.patient_name, mrn=r.patient_mrn, born=r.patient_dob), width, 10, 7, True)
        self.put_text(canvas, self.margin, top - 25, who.text, who.size, bold=True)
        number = isolated(_("report no. {number}"), number=r.report_no) if r.report_no else _("preview, not issued")
        about = fit(isolated(_("Subject: {kind} {subject} ({number})"), kind=_subject_kind(r.subject_kind), subject=r.subject, number=number), width, 8, 6)
        self.put_text(canvas, self.margin, top - 36, about.text, about.size)
        canvas.setLineWidth(0.8)
        canvas.line(self.margin, top - 41, self.margin + width, top - 41)

    def draw_footer(self, canvas, page: PageInfo) -> None:
        r, y, width = self.report, self.margin, self.table_width
        canvas.setFillColorRGB(*GREY)
        issued = (isolated(_("Issued {when} by {person}"), when=r.issued_at, person=r.issued_by) if r.report_no
                  else isolated(_("Preview made {when}"), when=r.issued_at))
        self.put_text(canvas, self.margin, y + 10, fit(issued, width * 0.8, 7, 5.5).text, 7)
        canvas.setFillColorRGB(0, 0, 0)
        mark = (isolated(_("SHA-256 fingerprint: {digest}"), digest=self.digest) if self.digest
                else _("No fingerprint: a preview cannot be verified"))
        self.put_text(canvas, self.margin, y, fit(mark, width * 0.8, 7.5, 5.5).text, 7.5, bold=True)
        self.put_text(canvas, self.margin + width, y, isolated(_("Page {number} of {total}"), number=page.number, total=page.total), 8, True, "right")


def _kind(kind: str) -> str:
    """An item's kind: 'sample' or a device type's English words, in the words of the page."""
    return pgettext("custody item", "sample") if kind == "sample" else label_of(DeviceType, kind)


def _status(status: str) -> str:
    """'received; pending' (a sample) or 'stored, quarantined' (a device), in the words of the page.

    The content (fingerprinted) keeps the English words; only the page shows them translated.
    """
    if "; " in status:
        state, _sep, disposition = status.partition("; ")
        return f"{label_of(SampleStatus, state)}; {label_of(Disposition, disposition)}"
    state, sep, rest = status.partition(", ")
    if rest == "quarantined":
        rest = pgettext("custody item", "quarantined")
    return label_of(DeviceStatus, state) + (sep + rest if sep else "")


def _subject_kind(kind: str) -> str:
    words = {"sample": pgettext("custody item", "sample"), "device": pgettext("custody subject", "device"),
             "patient": pgettext("custody subject", "patient")}
    return words.get(kind, kind)


def _meaning(meaning: str) -> str:
    if meaning == "override approved":
        return pgettext("signature meaning", "override approved")
    return label_of(SignatureMeaning, meaning)


def sections(r: CustodyReport) -> list[Section]:
    return [
        Section(_("Current status and position"),
                (Column(_("Code"), 9, bold=True), Column(_("Kind"), 8), Column(_("Status"), 12), Column(_("Position"), 26, wrap=True),
                 Column(_("Detail"), 30, wrap=True)),
                tuple(Row((i.code, _kind(i.kind), _status(i.status), i.position or "—", i.detail)) for i in r.items),
                _("No sample or device.")),
        Section(_("Events in time order"),
                (Column(_("When (local)"), 11), Column(_("Event"), 8, bold=True), Column(_("Subject"), 10, wrap=True),
                 Column(_("What"), 26, wrap=True), Column(_("Performed by"), 10), Column(_("Witness"), 10, wrap=True),
                 Column(_("Location"), 14, wrap=True), Column(_("Lots"), 10, wrap=True), Column(_("Reason"), 11, wrap=True)),
                tuple(Row((e.at, event_label(e.event), e.subject, e.description, e.performer, e.witness, e.location, e.lots,
                           e.reason), alert=e.event == "label reprinted" or "overridden by" in e.witness)
                      for e in r.events),
                _("No events recorded.")),
        Section(_("Signatures: witnesses and electronic signatures"),
                (Column(_("Printed name"), 12, bold=True), Column(_("Date and time"), 11), Column(_("Meaning"), 7, wrap=True),
                 Column(_("What was signed"), 40, wrap=True), Column(_("Signed content (SHA-256)"), 30, wrap=True)),
                tuple(Row((g.printed_name, g.signed_at, _meaning(g.meaning), g.record, g.content_hash)) for g in r.signatures),
                _("No signatures.")),
    ]
