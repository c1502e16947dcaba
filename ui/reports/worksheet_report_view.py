"""The daily worksheet in Reports: a day's counts and signatures, preview and print, and the sign-off.

The counts come from the same ``worksheet.day()`` that builds the PDF, so what the screen
says is what prints. Making the PDF is recorded (who printed which day), so it is made
only when asked for, by "Preview and print…".

Opening the Reports area (or this tab) again does not read the day again when nothing it shows
can have changed: no record of its kinds saved since (the change feed, here or at another
workstation; one saved while the area is shown is read at once), the same day, person and
calendar day, and read within the last minute (the checks' due and overdue states move with the
clock: Today reads its day every minute for the same reason). The day is a few dozen statements
on a twenty-year database, each a round trip to a server.
"""

from __future__ import annotations

import time
from datetime import date, timedelta

from bench_app.domain.errors import BenchError, ValidationError
from bench_app.i18n import _, format_date, is_right_to_left, language, ngettext
from bench_app.services.worksheet_dto import WorksheetDay
from bench_app.services.worksheet_service import SIGNER_ROLES
from bench_app.domain.enums import SignatureMeaning
from bench_app.domain.record_changes import RecordKind
from bench_app.domain.value_labels import label_of
from ui.common.bidi import isolate
from ui.common.dates import DateFieldEdit
from ui.common.dialog_host import open_dialog
from ui.printing.issuing import worksheet_issuer
from ui.common.form import error_label, set_message
from ui.common.record_changes import LiveRefresh
from ui.common.headings import heading
from ui.common.table_section import TableSectionWidget
from ui.printing.file_choice import FileChooser, QtFileChooser
from ui.printing.print_preview_dialog import PrintPreviewDialog
from ui.qt import QHBoxLayout, QLabel, QPushButton, Qt, QVBoxLayout, QWidget
from ui.reports.report_table_models import DaySignatureTableModel
from ui.reports.sign_off_dialog import SignOffDialog
from ui.shell.bench_context import BenchContext

ALERT = "#b3261e"
WARN = "#7a4100"
# What the sheet shows (Today's day kinds, and the lab's name, a setting): saved anywhere, it is read again.
SHEET_KINDS = (RecordKind.PATIENTS, RecordKind.RETRIEVAL, RecordKind.CRYO, RecordKind.ICSI, RecordKind.WITNESS,
               RecordKind.TANKS, RecordKind.SETTINGS)
FRESH_SECONDS = 60.0  # a sheet older than this is read again when shown: its due and overdue states move with time


def summary_html(sheet: WorksheetDay) -> str:
    procedures = len({s.procedure_id for s in sheet.samples})
    samples = len([s for s in sheet.samples if s.sample_code])
    injected = sum(1 for o in sheet.oocytes if o.injected_at is not None)
    overdue = sheet.overdue_checks
    overdue_text = ngettext("{count} overdue", "{count} overdue", overdue).format(count=overdue)
    checks = f"{len(sheet.fert_checks)}" + (f" — <b style='color:{ALERT}'>{overdue_text}</b>" if overdue else "")
    pending = len(sheet.pending_witness)
    waiting = f"<b style='color:{WARN}'>{pending}</b>" if pending else "0"
    oocytes = len(sheet.oocytes)
    rows = ((_("Retrievals and samples"), _("{samples} from {retrievals}").format(
                samples=ngettext("{count} sample", "{count} samples", samples).format(count=samples),
                retrievals=ngettext("{count} retrieval", "{count} retrievals", procedures).format(count=procedures))),
            (_("OPUs and ICSI"), ngettext("{count} oocyte, {injected} injected", "{count} oocytes, {injected} injected",
                                          oocytes).format(count=oocytes, injected=injected)),
            (_("Fertilization checks (16-18 h)"), checks),
            (_("Thaws"), str(len(sheet.thaws))),
            (_("Devices near storage expiry"), str(len(sheet.expiring))),
            (_("Steps waiting for a witness"), waiting),
            (_("Patients"), str(len(sheet.patients))))
    if is_right_to_left():  # Qt's rich-text tables are not mirrored: the caption column goes on the right by hand
        cells = "".join(f"<tr><td>{v}</td><td style='padding-left:18px'>{k}</td></tr>" for k, v in rows)
        return f"<table align='right'>{cells}</table>"
    cells = "".join(f"<tr><td style='padding-right:18px'>{k}</td><td>{v}</td></tr>" for k, v in rows)
    return f"<table>{cells}</table>"


class WorksheetReportView(QWidget):
    def __init__(self, context: BenchContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.active_dialog = None
        self.file_chooser: FileChooser = QtFileChooser()
        self.sheet: WorksheetDay | None = None
        self.day: date = context.today()
        self._read_for: tuple | None = None  # (day, person, calendar day) the sheet was read for
        self._read_at = 0.0  # time.monotonic() of that read
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 10, 0, 0)
        layout.setSpacing(8)
        bar = QHBoxLayout()
        bar.setSpacing(6)
        bar.addWidget(QLabel(_("Day:"), self))
        self.date = DateFieldEdit("day", self.day, self)
        self.date.setObjectName("worksheetDate")
        self.previous_button = QPushButton("‹", self)
        self.previous_button.setToolTip(_("The day before"))
        self.today_button = QPushButton(_("Today"), self)
        self.next_button = QPushButton("›", self)
        self.next_button.setToolTip(_("The day after"))
        for widget in (self.date, self.previous_button, self.today_button, self.next_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        self.preview_button = QPushButton(_("&Preview and print…"), self)
        self.sign_button = QPushButton(_("&Sign the day off…"), self)
        bar.addWidget(self.preview_button)
        bar.addWidget(self.sign_button)
        layout.addLayout(bar)
        self.date_error = error_label(self)
        layout.addWidget(self.date_error)
        self.title = heading("", self, level=2)
        self.title.setObjectName("worksheetTitle")
        layout.addWidget(self.title)
        self.summary = QLabel(self)
        self.summary.setObjectName("worksheetSummary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.summary)
        self.signatures = TableSectionWidget(_("Sign-off"), DaySignatureTableModel(self),
                                             empty_text=_("Not signed off yet."),
                                             stretch_column=DaySignatureTableModel.Column.STATE, parent=self)
        layout.addWidget(self.signatures)
        self.message = error_label(self)
        self.message.setObjectName("worksheetMessage")
        layout.addWidget(self.message)
        layout.addStretch(1)

        self.date.returnPressed.connect(self._date_typed)
        self.date.editingFinished.connect(self._date_typed)
        self.previous_button.clicked.connect(lambda: self.show_day(self.day - timedelta(days=1)))
        self.next_button.clicked.connect(lambda: self.show_day(self.day + timedelta(days=1)))
        self.today_button.clicked.connect(lambda: self.show_day(self.context.today()))
        self.preview_button.clicked.connect(self.preview)
        self.sign_button.clicked.connect(self.sign_off)
        self.context.actorChanged.connect(lambda _actor: self._permissions())
        self._permissions()
        self.live = LiveRefresh(self, context, SHEET_KINDS)

    def _permissions(self) -> None:
        may = self.context.actor.role in SIGNER_ROLES
        self.sign_button.setEnabled(may)
        self.sign_button.setToolTip(_("Sign the day's records off as reviewed (your password is your signature)")
                                    if may else _("Only a supervisor or an admin signs a day off."))

    def _date_typed(self) -> None:
        try:
            day = self.date.value()
        except ValidationError as exc:
            set_message(self.date_error, exc.field_errors["day"])
            return
        if day is not None and day != self.day:
            self.show_day(day)

    def show_day(self, day: date) -> None:
        self.day = day
        self.date.set_date(day)
        self.refresh()

    def _reading(self) -> tuple:
        return self.day, self.context.actor, self.context.today()

    def refresh_if_stale(self) -> None:
        """On showing: read the day again only if something it shows may have changed (see the module's text)."""
        if (self.sheet is None or self.live.pending or self._read_for != self._reading()
                or time.monotonic() - self._read_at > FRESH_SECONDS):
            self.refresh()

    def refresh(self) -> None:
        set_message(self.date_error, "")
        self.live.pending = False  # read now: the change feed's news is in this reading
        self._read_for, self._read_at = self._reading(), time.monotonic()
        self.sheet = self.context.services.worksheet.day(self.day, actor=self.context.actor)
        day, english = self.day, language() == "en"
        when = _("Today") if day == self.context.today() else (day.strftime("%A") if english
                                                              else format_date(day, "EEEE"))
        written = f"{day.day} {day.strftime('%B %Y')}" if english else format_date(day, "long")
        self.title.setText(_("{weekday}, {date} — {lab}").format(weekday=when, date=written, lab=isolate(self.sheet.lab_name)))
        self.summary.setText(summary_html(self.sheet))
        self.signatures.set_rows(self.sheet.signatures)

    def say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet(f"color: {ALERT};" if error else "color: #1e6b32;")
        set_message(self.message, text)

    def preview(self) -> None:
        try:
            doc = self.context.services.worksheet.pdf(self.context.actor, self.day)
        except BenchError as exc:
            self.say(str(exc), error=True)
            return
        self.say("")
        details = ngettext("{count} page. Print… or Save as PDF… issues it signed by the lab, recorded under {name} "
                           "once printed or saved.",
                           "{count} pages. Print… or Save as PDF… issues it signed by the lab, recorded under {name} "
                           "once printed or saved.", doc.page_count).format(
            count=doc.page_count, name=isolate(self.context.actor.full_name))
        open_dialog(self, PrintPreviewDialog(doc.content, title=doc.title, filename=doc.filename, details=details,
                                             file_chooser=self.file_chooser, parent=self,
                                             issue=worksheet_issuer(self.context, self.day)))

    def sign_off(self) -> None:
        self.refresh_if_stale()  # the counts the dialog shows are the day's as it is now
        dialog = SignOffDialog(self.context, self.day, self.sheet, self)
        open_dialog(self, dialog, self._signed)

    def _signed(self, signature) -> None:
        self.refresh()
        self.say(_("Signed off by {name} (meaning \u201c{meaning}\u201d).").format(name=isolate(signature.printed_name),
                                                                                 meaning=label_of(SignatureMeaning, signature.meaning)))
