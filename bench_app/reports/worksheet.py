"""The supervisor's daily worksheet: A4 landscape, a section per kind of work, boxes for initials.

Every row carries the patient's name and MRN; the running header of each page repeats
the lab, the date and the patients whose rows are on that page. The footer says who
printed it and when (local time) and "Page X of Y". The last section shows each
sign-off: printed name, date and time, meaning, and whether the records still match
what was signed.
"""

from __future__ import annotations

from datetime import datetime

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm

from bench_app.domain.clock import format_local, to_local
from bench_app.domain.storage import positions_summary
from bench_app.domain.worksheet import WorksheetDay, pending_note_text, pending_step_text
from bench_app.i18n import _, _l, format_date, format_day, isolate, isolated, ngettext
from bench_app.reports.grid import GREY, Column, GridReport, PageInfo, Rendered, Row, Section
from bench_app.reports.text import fit

# Column titles are looked up when the page is drawn, in the language active then.
# Translators: "Op." and "Wit." head the narrow boxes where the operator and the witness initial a row.
OP = Column(_l("Op."), 3.2, box=True)
WIT = Column(_l("Wit."), 3.2, box=True)
PATIENT = Column(_l("Patient"), 15, bold=True)
MRN = Column(_l("MRN"), 8)


def expiring_groups(rows) -> list[list]:
    """One patient's devices with one expiry date, together: they are renewed or discarded together
    (the rows come soonest first, then by patient, so a group's rows are neighbours)."""
    groups: list[list] = []
    for r in rows:
        if groups and (groups[-1][0].patient.mrn, groups[-1][0].storage_expiry) == (r.patient.mrn, r.storage_expiry):
            groups[-1].append(r)
        else:
            groups.append([r])
    return groups


class WorksheetReport(GridReport):
    page_size = landscape(A4)
    header_height = 17 * mm

    def build(self, sheet: WorksheetDay) -> Rendered:
        self.sheet = sheet
        return self.render(sections(sheet))

    def describe(self, canvas) -> None:
        canvas.setTitle(_("Daily worksheet {day}").format(day=self.sheet.day.isoformat()))
        canvas.setAuthor(self.sheet.generated_by)
        canvas.setSubject(_("{lab}: daily worksheet").format(lab=self.sheet.lab_name))
        canvas.setCreator("Bench")

    def draw_header(self, canvas, page: PageInfo) -> None:
        top = self.page_size[1] - self.margin
        width = self.table_width
        title = isolated(_("Daily worksheet · {day}"), day=format_day(self.sheet.day))
        right = self.put_text(canvas, self.margin + width, top - 11, title, 11, bold=True, align="right")
        lab = fit(self.sheet.lab_name, width - right - 6 * mm, 12, 8, True)
        self.put_text(canvas, self.margin, top - 11, lab.text, lab.size, bold=True)
        # Each patient isolated on their own (a list in one isolate would read left to right in Arabic).
        listed = _("Patients on this page: {patients}").format(
            patients="; ".join(isolate(p) for p in page.patients) if page.patients else _("none"))
        line = fit(listed, width, 7.5, 6)
        self.put_text(canvas, self.margin, top - 23, line.text, line.size)
        canvas.setStrokeColorRGB(0, 0, 0)
        canvas.setLineWidth(0.8)
        canvas.line(self.margin, top - 28, self.margin + width, top - 28)

    def draw_footer(self, canvas, page: PageInfo) -> None:
        y = self.margin
        sheet = self.sheet
        printed = isolated(_("Printed by {person} on {when} (local time)"),
            person=sheet.generated_by or _("unknown"), when=format_local(sheet.generated_at))
        signed = [s for s in sheet.signatures if s.matches_current]
        status = (isolated(_("Signed off ({meaning}) by {person}, {when}"),
            meaning=signed[-1].meaning, person=signed[-1].printed_name, when=format_local(signed[-1].signed_at))
                  if signed else _("Not signed off"))
        canvas.setFillColorRGB(*GREY)
        self.put_text(canvas, self.margin, y, fit(printed, self.table_width * 0.42, 7, 5.5).text, 7)
        self.put_text(canvas, self.margin + self.table_width / 2, y, fit(status, self.table_width * 0.36, 7, 5.5).text,
                  7, align="centre")
        canvas.setFillColorRGB(0, 0, 0)
        self.put_text(canvas, self.margin + self.table_width, y, isolated(_("Page {number} of {total}"), number=page.number, total=page.total), 8, bold=True,
                  align="right")


def _time(value: datetime | None, sheet: WorksheetDay) -> str:
    if value is None:
        return ""
    local = to_local(value)
    return f"{local:%H:%M}" if local.date() == sheet.day else f"{format_date(local, 'dd MMM')} {local:%H:%M}"


def _expiry_title(sheet: WorksheetDay, groups: list[list]) -> str:
    title = _("Devices near their storage expiry, and expired")
    if len(groups) == len(sheet.expiring):
        return title
    patients = len({g[0].patient.mrn for g in groups})
    devices = isolated(ngettext("{count} device", "{count} devices", len(sheet.expiring)), count=len(sheet.expiring))
    # Translators: "12 devices of 3 patients"; {devices} is already counted ("12 devices").
    of = isolated(ngettext("{devices} of {count} patient", "{devices} of {count} patients", patients),
        devices=devices, count=patients)
    return f"{title} ({of})"


def sections(sheet: WorksheetDay) -> list[Section]:
    t = lambda v: _time(v, sheet)  # noqa: E731
    out = [Section(
        _("Sperm retrievals and their samples"),
        (Column(_("Start"), 5), PATIENT, MRN, Column(_("Procedure"), 7), Column(_("Sample"), 9, bold=True),
         Column(_("Description"), 11, wrap=True), Column(_("Received"), 7), Column(_("Witness"), 6),
         Column(_("Finding"), 13, wrap=True), Column(_("Disposition"), 7), OP, WIT),
        tuple(Row((t(r.started_at), r.patient.name, r.patient.mrn, r.procedure_type, r.sample_code, r.description,
                   f"{t(r.received_at)} {r.received_by}".strip(), r.receipt_witness or (_("MISSING") if r.sample_code else ""),
                   r.finding, r.disposition, "", ""), r.patient.text, alert=bool(r.sample_code and not r.receipt_witness))
              for r in sheet.samples), _("No sperm retrievals on this day."))]
    out.append(Section(
        _("Oocyte retrievals (OPU) and ICSI: one row per oocyte"),
        (Column(_("OPU"), 5), PATIENT, MRN, Column(_("Partner"), 13, wrap=True), Column(_("Oocyte"), 9, bold=True),
         Column(_("Maturity"), 5), Column(_("Injected"), 5), Column(_("By"), 5), Column(_("Sperm source"), 12, wrap=True),
         Column(_("Damaged"), 4.5), Column(_("Fert."), 4.5), OP, WIT),
        tuple(Row((t(r.retrieved_at), r.patient.name, r.patient.mrn,
                   r.partner.text if r.partner else "", r.oocyte_code, r.maturity, t(r.injected_at), r.injected_by,
                   r.sperm_source, _("yes") if r.damaged else "", r.fertilization, "", ""), r.patient.text,
                  alert=r.damaged)
              for r in sheet.oocytes), _("No oocyte retrievals or ICSI on this day.")))
    out.append(Section(
        _("Fertilization checks: 16-18 h after injection"),
        (PATIENT, MRN, Column(_("Oocyte"), 9, bold=True), Column(_("Injected"), 7), Column(_("Window"), 12),
         Column(_("Checked"), 7), Column(_("By"), 5), Column(_("Result"), 6), Column(_("State"), 10, bold=True), OP, WIT),
        tuple(Row((r.patient.name, r.patient.mrn, r.oocyte_code, t(r.injected_at),
                   f"{t(r.window_opens)} – {t(r.window_closes)}", t(r.checked_at), r.checked_by, r.result,
                   r.state.value.upper() if r.needs_attention else r.state.value, "", ""), r.patient.text,
                  alert=r.needs_attention)
              for r in sheet.fert_checks), _("No fertilization checks due."),
        note=isolated(ngettext("{count} overdue", "{count} overdue", sheet.overdue_checks), count=sheet.overdue_checks)
        if sheet.overdue_checks else ""))
    out.append(Section(
        _("Thaws"),
        (Column(_("Time"), 5), PATIENT, MRN, Column(_("Devices"), 16, wrap=True), Column(_("For"), 9, wrap=True), Column(_("Operator"), 7),
         Column(_("Witness"), 7), Column(_("Outcome"), 12), OP, WIT),
        tuple(Row((t(r.thawed_at), r.patient.name, r.patient.mrn, ", ".join(r.device_codes),
                   r.cycle, r.operator, r.witness or _("MISSING"), r.outcome, "", ""),
                  r.patient.text, alert=not r.witness)
              for r in sheet.thaws), _("No thaws on this day.")))
    groups = expiring_groups(sheet.expiring)
    out.append(Section(
        _expiry_title(sheet, groups),
        (PATIENT, MRN, Column(_("Devices"), 20, bold=True, wrap=True), Column(_("Position"), 22, wrap=True),
         Column(_("Expiry"), 7), Column(_("Days left"), 6, align="right")),
        tuple(Row((g[0].patient.name, g[0].patient.mrn, ", ".join(r.code for r in g),
                   positions_summary(r.position for r in g), g[0].storage_expiry.isoformat(),
                   _("EXPIRED") if g[0].days_left < 0 else str(g[0].days_left)), g[0].patient.text,
                  alert=g[0].days_left < 0)
              for g in groups), _("No stored device is near its storage expiry."),
        note=sheet.expired_earlier_text))
    out.append(Section(
        _("Steps waiting for a witness or a second signature"),
        (Column(_("When"), 7), PATIENT, MRN, Column(_("Step"), 11), Column(_("Record"), 10, bold=True),
         Column(_("Performed by"), 8), Column(_("Note"), 14, wrap=True), WIT),
        tuple(Row((t(r.at), r.patient.name, r.patient.mrn, pending_step_text(r.step), r.subject, r.performer,
                   pending_note_text(r.note), ""),
                  r.patient.text, alert=True)
              for r in sheet.pending_witness), _("Every critical step has its witness.")))
    out.append(Section(
        _("Tanks: liquid nitrogen and audits (as of printing)"),
        (Column(_("Tank"), 10, bold=True), Column(_("Alert"), 10), Column(_("Detail"), 40, wrap=True), OP),
        tuple(Row((a.tank_name, a.kind.replace("_", " "), a.text, ""), alert=a.urgent) for a in sheet.tank_alerts),
        _("Every tank's nitrogen is above its threshold, read on time, and audited on time.")))
    out.append(Section(
        _("Review and sign-off (electronic signatures)"),
        (Column(_("Printed name"), 11, bold=True), Column(_("Date and time"), 9.5), Column(_("Meaning"), 6),
         Column(_("Signed content (SHA-256)"), 28), Column(_("Status"), 12),
         Column(_("Signed while steps waited for a witness: the reasons"), 22, wrap=True)),
        tuple(Row((g.printed_name, format_local(g.signed_at, with_seconds=True), g.meaning, g.content_hash,
                   _("matches these records") if g.matches_current else _("RECORDS CHANGED SINCE SIGNING"),
                   "; ".join(g.open_items) or _("none")),
                  alert=not g.matches_current)
              for g in sheet.signatures), _("Not signed off yet.")))
    return out
