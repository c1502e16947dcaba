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
from bench_app.domain.inventory import FINDING_TEXT, REASON_TEXT, RESOLUTION_TEXT, DiscrepancyReason, Resolution
from bench_app.reports.grid import GREY, Column, GridReport, PageInfo, Rendered, Row, Section
from bench_app.reports.text import draw_text, fit
from bench_app.domain.inventory_records import AuditReportData, CanisterSheetData, HolderRow

MARK = {"checked": "✓", "in progress": "…", "to check": "–"}


def _reason(value: str) -> str:
    try:
        return REASON_TEXT[DiscrepancyReason(value)]
    except ValueError:
        return value


def _resolution(value: str) -> str:
    try:
        return RESOLUTION_TEXT[Resolution(value)]
    except ValueError:
        return value or "OPEN"


def _cane_cell(h: HolderRow) -> str:
    bad = f", {h.discrepant} discrepant" if h.discrepant else ""
    return f"{h.name} {MARK.get(h.state, '')} {h.expected} expected{bad}"


class AuditReportPdf(GridReport):
    page_size = landscape(A4)
    header_height = 19 * mm
    footer_height = 10 * mm

    def build(self, data: AuditReportData) -> Rendered:
        self.data = data
        return self.render(audit_sections(data))

    def describe(self, canvas) -> None:
        a = self.data.summary
        canvas.setTitle(f"Tank audit #{a.id}: {a.tank_name}")
        canvas.setSubject(f"{self.data.lab_name}: inventory audit of {a.tank_name} ({a.scope})")
        canvas.setCreator("Bench")
        canvas.setKeywords(f"bench-fingerprint={self.data.content_hash}")

    def draw_header(self, canvas, page: PageInfo) -> None:
        a, top, width = self.data.summary, self.page_size[1] - self.margin, self.table_width
        state = "signed" if a.status == "closed" else "IN PROGRESS, not signed"
        right = draw_text(canvas, self.margin + width, top - 11, f"Tank audit #{a.id} · {state}", 11, True, "right")
        lab = fit(self.data.lab_name, width - right - 6 * mm, 12, 8, True)
        draw_text(canvas, self.margin, top - 11, lab.text, lab.size, bold=True)
        line = fit(f"Tank: {a.tank_name} · scope: {a.scope} · expected {a.expected} · found {a.found} · "
                   f"discrepant {a.discrepant}", width, 10, 7, True)
        draw_text(canvas, self.margin, top - 25, line.text, line.size, bold=True)
        canvas.setLineWidth(0.8)
        canvas.line(self.margin, top - 31, self.margin + width, top - 31)

    def draw_footer(self, canvas, page: PageInfo) -> None:
        y, width = self.margin, self.table_width
        canvas.setFillColorRGB(*GREY)
        mark = f"Signed content SHA-256: {self.data.content_hash}" if self.data.content_hash else "Not signed"
        draw_text(canvas, self.margin, y, fit(mark, width * 0.8, 7, 5.5).text, 7)
        canvas.setFillColorRGB(0, 0, 0)
        draw_text(canvas, self.margin + width, y, f"Page {page.number} of {page.total}", 8, True, "right")


def audit_sections(d: AuditReportData) -> list[Section]:
    a = d.summary
    return [
        Section("Scope and counts",
                (Column("Tank", 10, bold=True), Column("Scope", 16, wrap=True), Column("Opened", 14),
                 Column("Closed", 14), Column("Canes checked", 7, "right"), Column("Expected", 6, "right"),
                 Column("Found", 6, "right"), Column("Discrepant", 6, "right")),
                (Row((a.tank_name, a.scope, f"{format_local(a.started_at)} by {a.opened_by}",
                      f"{format_local(a.completed_at)} by {a.closed_by}" if a.completed_at else "not closed",
                      f"{a.holders_checked} of {a.holders_total}", str(a.expected), str(a.found), str(a.discrepant)),
                     alert=a.discrepant > 0),)),
        Section("Sittings: who led and who witnessed each",
                (Column("Started", 10), Column("Ended", 10), Column("Led by", 12, bold=True),
                 Column("Witness", 12, bold=True), Column("Workstation", 10)),
                tuple(Row((format_local(x.started_at), format_local(x.ended_at), x.performer, x.witness,
                           x.workstation)) for x in d.sittings)),
        Section("Discrepancies, with reason and resolution",
                (Column("Cane", 12, wrap=True), Column("Device", 8, bold=True), Column("Patient", 12, wrap=True),
                 Column("Finding", 10, wrap=True), Column("Recorded at", 12, wrap=True), Column("Reason", 7),
                 Column("Note", 14, wrap=True), Column("Resolution", 16, wrap=True), Column("By, when", 10, wrap=True)),
                tuple(Row((f.holder, f.device_code or f.observed_code, f.patient, FINDING_TEXT[f.kind],
                           f.recorded_at_path or f.device_status, _reason(f.reason), f.note,
                           f"{_resolution(f.resolution)}: {f.resolution_note} [{f.resolution_ref}]"
                           if f.resolution else "OPEN",
                           f"{f.resolved_by} {format_local(f.resolved_at)}".strip()),
                          alert=not f.resolution) for f in d.findings),
                "No discrepancy: every device was found where the records put it."),
        Section("Tank map: what was checked (✓ checked, … in progress, – not checked)",
                (Column("Canister", 8, bold=True), Column("Canes and goblets", 80, wrap=True)),
                tuple(Row((c.name, " · ".join(_cane_cell(h) for h in c.holders)),
                          alert=any(h.state != "checked" for h in c.holders)) for c in d.canisters)),
        Section("Electronic signatures",
                (Column("Printed name", 14, bold=True), Column("Date and time", 12), Column("Meaning", 8),
                 Column("Signed content (SHA-256)", 40)),
                tuple(Row((g.printed_name, format_local(g.signed_at, with_seconds=True), g.meaning, d.content_hash))
                      for g in d.signatures), "Not signed yet."),
    ]


class CanisterSheetPdf(GridReport):
    """A4 portrait: one section per cane, its expected devices by position, boxes to tick as found."""

    def build(self, data: CanisterSheetData) -> Rendered:
        self.data = data
        return self.render(sheet_sections(data))

    def describe(self, canvas) -> None:
        canvas.setTitle(f"Canister sheet: {self.data.tank} / {self.data.canister}")
        canvas.setCreator("Bench")

    def draw_header(self, canvas, page: PageInfo) -> None:
        top, width = self.page_size[1] - self.margin, self.table_width
        right = draw_text(canvas, self.margin + width, top - 11, f"{self.data.tank} / {self.data.canister}", 11,
                          True, "right")
        lab = fit(self.data.lab_name, width - right - 6 * mm, 11, 7, True)
        draw_text(canvas, self.margin, top - 11, lab.text, lab.size, bold=True)
        line = fit("Expected devices cane by cane. CONSENT EXPIRED / WITHDRAWN: deal with it while the cane is out.",
                   width, 8, 6)
        draw_text(canvas, self.margin, top - 24, line.text, line.size)
        canvas.line(self.margin, top - 29, self.margin + width, top - 29)

    def draw_footer(self, canvas, page: PageInfo) -> None:
        canvas.setFillColorRGB(*GREY)
        draw_text(canvas, self.margin, self.margin, f"Printed {format_local(self.data.printed_at)}", 7)
        canvas.setFillColorRGB(0, 0, 0)
        draw_text(canvas, self.margin + self.table_width, self.margin, f"Page {page.number} of {page.total}", 8,
                  True, "right")


def sheet_sections(d: CanisterSheetData) -> list[Section]:
    cols = (Column("Pos.", 3, "right"), Column("Device", 9, bold=True), Column("Patient", 14, bold=True),
            Column("MRN", 8), Column("Type", 7), Column("Colour", 5), Column("Consent", 9, bold=True),
            Column("Found", 3.5, box=True), Column("Wit.", 3.5, box=True))
    return [Section(f"{c.name} ({c.code})", cols,
                    tuple(Row((str(x.slot or ""), x.code, x.patient, x.mrn, x.device_type, x.colour,
                               x.consent.upper() if x.consent else "", "", ""), f"{x.patient} ({x.mrn})",
                              alert=bool(x.consent)) for x in c.devices), "No device expected on this cane.")
            for c in d.canes]
