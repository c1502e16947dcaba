"""The supervisor's incident list on paper: A4 landscape, one row per incident, newest first.

The header names the lab and the filter the list was printed with; each row has the
incident's kind, state, description, and who acknowledged and resolved it with the
resolution text. The footer says who printed it and when, and "Page X of Y".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm

from bench_app.domain.clock import format_local
from bench_app.domain.incidents import IncidentState
from bench_app.i18n import _, isolated
from bench_app.reports.grid import GREY, Column, GridReport, PageInfo, Rendered, Row, Section
from bench_app.reports.text import fit


@dataclass(frozen=True)
class IncidentsSheet:
    lab_name: str
    filter_text: str
    generated_by: str
    generated_at: datetime
    incidents: tuple  # IncidentInfo rows, newest first


def _who_when(name: str, at: datetime | None) -> str:
    return f"{name}, {format_local(at)}" if at is not None else ""


class IncidentsReport(GridReport):
    page_size = landscape(A4)
    header_height = 17 * mm

    def build(self, sheet: IncidentsSheet) -> Rendered:
        self.sheet = sheet
        counts = {s: sum(1 for i in sheet.incidents if i.state == s) for s in IncidentState}
        section = Section(
            _("Incidents"),
            (Column("#", 2.5, align="right"), Column(_("When"), 8.5), Column(_("Kind"), 7, bold=True, wrap=True),
             Column(_("State"), 8, bold=True), Column(_("What happened"), 24, wrap=True), Column(_("Record"), 7, wrap=True),
             Column(_("Reported by"), 7, wrap=True), Column(_("Acknowledged"), 8, wrap=True), Column(_("Resolved"), 8, wrap=True),
             Column(_("Resolution"), 18, wrap=True)),
            tuple(Row((str(i.id), format_local(i.occurred_at), i.kind_label,
                       i.state.label.upper() if i.state == IncidentState.OPEN else i.state.label, i.description,
                       f"{i.entity_type.replace('_', ' ')} #{i.entity_id}" if i.entity_id else "", i.reported_by,
                       _who_when(i.acknowledged_by, i.acknowledged_at), _who_when(i.resolved_by, i.resolved_at),
                       i.resolution), alert=i.state == IncidentState.OPEN)
                  for i in sheet.incidents),
            _("No incidents match."),
            note=" · ".join(f"{counts[s]} {s.label}" for s in IncidentState))
        return self.render([section])

    def describe(self, canvas) -> None:
        canvas.setTitle(_("Incidents"))
        canvas.setAuthor(self.sheet.generated_by)
        canvas.setSubject(_("{lab}: incidents ({listed})").format(lab=self.sheet.lab_name, listed=self.sheet.filter_text))
        canvas.setCreator("Bench")

    def draw_header(self, canvas, page: PageInfo) -> None:
        top = self.page_size[1] - self.margin
        width = self.table_width
        right = self.put_text(canvas, self.margin + width, top - 11, _("Incidents"), 11, bold=True, align="right")
        lab = fit(self.sheet.lab_name, width - right - 6 * mm, 12, 8, True)
        self.put_text(canvas, self.margin, top - 11, lab.text, lab.size, bold=True)
        line = fit(isolated(_("Listed: {listed}"), listed=self.sheet.filter_text), width, 7.5, 6)
        self.put_text(canvas, self.margin, top - 23, line.text, line.size)
        canvas.setStrokeColorRGB(0, 0, 0)
        canvas.setLineWidth(0.8)
        canvas.line(self.margin, top - 28, self.margin + width, top - 28)

    def draw_footer(self, canvas, page: PageInfo) -> None:
        y = self.margin
        printed = isolated(_("Printed by {person} on {when} (local time)"),
            person=self.sheet.generated_by or _("unknown"), when=format_local(self.sheet.generated_at))
        canvas.setFillColorRGB(*GREY)
        self.put_text(canvas, self.margin, y, fit(printed, self.table_width * 0.6, 7, 5.5).text, 7)
        canvas.setFillColorRGB(0, 0, 0)
        self.put_text(canvas, self.margin + self.table_width, y, isolated(_("Page {number} of {total}"), number=page.number, total=page.total), 8,
                  bold=True,
                  align="right")
