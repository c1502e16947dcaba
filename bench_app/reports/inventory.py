"""Tank audit documents: the signed audit report and the per-canister sheet for the person at the tank.

The audit report (A4 landscape) states the scope, who led and witnessed each sitting, the
counts expected / found / discrepant, every discrepancy with its reason and resolution, a map
of the tank (each canister's canes with what was checked on them) and both signatures with
printed name, date and time, and meaning. The footer carries the SHA-256 of the signed content.
"""

from __future__ import annotations

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm

from bench_app.domain.clock import format_local
from bench_app.domain.inventory import DiscrepancyReason, FindingKind, Resolution
from bench_app.i18n import _, isolated
from bench_app.reports.grid import GREY, Column, GridReport, PageInfo, Rendered, Row, Section
from bench_app.reports.text import fit
from bench_app.domain.inventory_records import AuditReportData, CanisterSheetData, HolderRow

MARK = {"checked": "✓", "in progress": "…", "to check": "–"}


def _reason(value: str) -> str:
    try:
        return DiscrepancyReason(value).label
    except ValueError:
        return value


def _resolution(value: str) -> str:
    try:
        return Resolution(value).label
    except ValueError:
        return value or _("OPEN")


def _cane_cell(h: HolderRow) -> str:
    text = isolated(_("{name} {mark} {expected} expected"), name=h.name, mark=MARK.get(h.state, ""), expected=h.expected)
    return text + isolated(_(", {count} discrepant"), count=h.discrepant) if h.discrepant else text


class AuditReportPdf(GridReport):
    page_size = landscape(A4)
    header_height = 19 * mm
    footer_height = 10 * mm

    def build(self, data: AuditReportData) -> Rendered:
        self.data = data
        return self.render(audit_sections(data))

    def describe(self, canvas) -> None:
        a = self.data.summary
        canvas.setTitle(_("Tank audit #{number}: {tank}").format(number=a.id, tank=a.tank_name))
        canvas.setSubject(_("{lab}: inventory audit of {tank} ({scope})").format(
            lab=self.data.lab_name, tank=a.tank_name, scope=a.scope))
        canvas.setCreator("Bench")
        canvas.setKeywords(f"bench-fingerprint={self.data.content_hash}")

    def draw_header(self, canvas, page: PageInfo) -> None:
        a, top, width = self.data.summary, self.page_size[1] - self.margin, self.table_width
        state = _("signed") if a.status == "closed" else _("IN PROGRESS, not signed")
        right = self.put_text(canvas, self.margin + width, top - 11, isolated(_("Tank audit #{number} · {state}"), number=a.id, state=state), 11, True, "right")
        lab = fit(self.data.lab_name, width - right - 6 * mm, 12, 8, True)
        self.put_text(canvas, self.margin, top - 11, lab.text, lab.size, bold=True)
        line = fit(isolated(_("Tank: {tank} · scope: {scope} · expected {expected} · found {found} · "
                            "discrepant {discrepant}"), tank=a.tank_name, scope=a.scope, expected=a.expected, found=a.found,
                                                       discrepant=a.discrepant), width, 10, 7, True)
        self.put_text(canvas, self.margin, top - 25, line.text, line.size, bold=True)
        canvas.setLineWidth(0.8)
        canvas.line(self.margin, top - 31, self.margin + width, top - 31)

    def draw_footer(self, canvas, page: PageInfo) -> None:
        y, width = self.margin, self.table_width
        canvas.setFillColorRGB(*GREY)
        mark = (isolated(_("Signed content SHA-256: {digest}"), digest=self.data.content_hash) if self.data.content_hash
                else _("Not signed"))
        self.put_text(canvas, self.margin, y, fit(mark, width * 0.8, 7, 5.5).text, 7)
        canvas.setFillColorRGB(0, 0, 0)
        self.put_text(canvas, self.margin + width, y, isolated(_("Page {number} of {total}"), number=page.number, total=page.total),
                  8, True, "right")


def audit_sections(d: AuditReportData) -> list[Section]:
    a = d.summary
    return [
        Section(_("Scope and counts"),
                (Column(_("Tank"), 10, bold=True), Column(_("Scope"), 16, wrap=True), Column(_("Opened"), 14),
                 Column(_("Closed"), 14), Column(_("Canes checked"), 7, "right"), Column(_("Expected"), 6, "right"),
                 Column(_("Found"), 6, "right"), Column(_("Discrepant"), 6, "right")),
                (Row((a.tank_name, a.scope, isolated(_("{when} by {person}"), when=format_local(a.started_at), person=a.opened_by),
                      isolated(_("{when} by {person}"), when=format_local(a.completed_at), person=a.closed_by)
                      if a.completed_at else _("not closed"),
                      isolated(_("{done} of {total}"), done=a.holders_checked, total=a.holders_total), str(a.expected), str(a.found), str(a.discrepant)),
                     alert=a.discrepant > 0),)),
        Section(_("Sittings: who led and who witnessed each"),
                (Column(_("Started"), 10), Column(_("Ended"), 10), Column(_("Led by"), 12, bold=True),
                 Column(_("Witness"), 12, bold=True), Column(_("Workstation"), 10)),
                tuple(Row((format_local(x.started_at), format_local(x.ended_at), x.performer, x.witness,
                           x.workstation)) for x in d.sittings)),
        Section(_("Discrepancies, with reason and resolution"),
                (Column(_("Cane"), 12, wrap=True), Column(_("Device"), 8, bold=True), Column(_("Patient"), 12, wrap=True),
                 Column(_("Finding"), 10, wrap=True), Column(_("Recorded at"), 12, wrap=True), Column(_("Reason"), 7),
                 Column(_("Note"), 14, wrap=True), Column(_("Resolution"), 16, wrap=True), Column(_("By, when"), 10, wrap=True)),
                tuple(Row((f.holder, f.device_code or f.observed_code, f.patient, FindingKind(f.kind).label,
                           f.recorded_at_path or f.device_status, _reason(f.reason), f.note,
                           f"{_resolution(f.resolution)}: {f.resolution_note} [{f.resolution_ref}]"
                           if f.resolution else _("OPEN"),
                           f"{f.resolved_by} {format_local(f.resolved_at)}".strip()),
                          alert=not f.resolution) for f in d.findings),
                _("No discrepancy: every device was found where the records put it.")),
        Section(_("Tank map: what was checked (✓ checked, … in progress, – not checked)"),
                (Column(_("Canister"), 8, bold=True), Column(_("Canes and goblets"), 80, wrap=True)),
                tuple(Row((c.name, " · ".join(_cane_cell(h) for h in c.holders)),
                          alert=any(h.state != "checked" for h in c.holders)) for c in d.canisters)),
        Section(_("Electronic signatures"),
                (Column(_("Printed name"), 14, bold=True), Column(_("Date and time"), 12), Column(_("Meaning"), 8),
                 Column(_("Signed content (SHA-256)"), 40)),
                tuple(Row((g.printed_name, format_local(g.signed_at, with_seconds=True), g.meaning, d.content_hash))
                      for g in d.signatures), _("Not signed yet.")),
    ]


class CanisterSheetPdf(GridReport):
    """A4 portrait: one section per cane, its expected devices by position, boxes to tick as found."""

    def build(self, data: CanisterSheetData) -> Rendered:
        self.data = data
        return self.render(sheet_sections(data))

    def describe(self, canvas) -> None:
        canvas.setTitle(_("Canister sheet: {tank} / {canister}").format(
            tank=self.data.tank, canister=self.data.canister))
        canvas.setCreator("Bench")

    def draw_header(self, canvas, page: PageInfo) -> None:
        top, width = self.page_size[1] - self.margin, self.table_width
        right = self.put_text(canvas, self.margin + width, top - 11, f"{self.data.tank} / {self.data.canister}", 11,
                          True, "right")
        lab = fit(self.data.lab_name, width - right - 6 * mm, 11, 7, True)
        self.put_text(canvas, self.margin, top - 11, lab.text, lab.size, bold=True)
        line = fit(_("Expected devices cane by cane. CONSENT EXPIRED / WITHDRAWN: deal with it while the cane is out."),
                   width, 8, 6)
        self.put_text(canvas, self.margin, top - 24, line.text, line.size)
        canvas.line(self.margin, top - 29, self.margin + width, top - 29)

    def draw_footer(self, canvas, page: PageInfo) -> None:
        canvas.setFillColorRGB(*GREY)
        self.put_text(canvas, self.margin, self.margin, isolated(_("Printed {when}"), when=format_local(self.data.printed_at)), 7)
        canvas.setFillColorRGB(0, 0, 0)
        self.put_text(canvas, self.margin + self.table_width, self.margin, isolated(_("Page {number} of {total}"),
            number=page.number, total=page.total), 8, True, "right")


def sheet_sections(d: CanisterSheetData) -> list[Section]:
    cols = (Column(_("Pos."), 3, "right"), Column(_("Device"), 9, bold=True), Column(_("Patient"), 14, bold=True),
            Column(_("MRN"), 8), Column(_("Type"), 7), Column(_("Colour"), 5), Column(_("Consent"), 9, bold=True),
            Column(_("Found"), 3.5, box=True), Column(_("Wit."), 3.5, box=True))
    return [Section(f"{c.name} ({c.code})", cols,
                    tuple(Row((str(x.slot or ""), x.code, x.patient, x.mrn, x.device_type, x.colour,
                               x.consent.upper() if x.consent else "", "", ""), f"{x.patient} ({x.mrn})",
                              alert=bool(x.consent)) for x in c.devices), _("No device expected on this cane."))
            for c in d.canes]
