"""Today, the app's home: everything on the bench for a day, from the same rows as the printed worksheet.

Sections come from ``services.worksheet.day()``: fertilization checks with their 16-18 h
window (overdue ones red, due ones amber), steps waiting for a witness, retrievals and
their samples, OPU and ICSI with a row per oocyte, thaws, devices near storage expiry,
and the cycles starting. Sections with nothing in them fold into one line. Enter or a
double click on a row opens its record, as if its code had been scanned. The view
re-reads every minute while shown, so a check that passes 18 h turns overdue on screen.

Building the view reads nothing: the main window calls ``refresh()`` when Today is opened,
the first time and every time after, so opening the window reads the day once.
"""

from __future__ import annotations

from datetime import date, timedelta

from bench_app.domain.errors import BenchError
from bench_app.domain.record_changes import RecordKind
from bench_app.i18n import _, format_date, isolated, language, ngettext
from bench_app.services.patients_dto import CycleListing
from bench_app.services.worksheet_dto import FertState, WorksheetDay
from ui.common.dialog_host import open_dialog
from ui.printing.issuing import worksheet_issuer
from ui.common.form import set_message
from ui.common.headings import heading, muted
from ui.common.record_changes import LiveRefresh
from ui.common.wrapping_table import keep_stretch_header_whole, wrapping
from ui.printing.file_choice import FileChooser, QtFileChooser
from ui.qt import QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QTimer, QVBoxLayout, QWidget
from ui.shell.bench_context import BenchContext
from ui.today.day_section import DaySection
from ui.today.today_links import record_text
from ui.today.today_table_model import TodayTableModel
from ui.today.worksheet_table_models import (
    ExpiringTableModel, FertCheckTableModel, OocyteTableModel, PendingWitnessTableModel, SampleTableModel,
    ThawTableModel,
)

REFRESH_MS = 60_000
# What the day's sections show: saved here or at another workstation, they are read again.
DAY_KINDS = (RecordKind.PATIENTS, RecordKind.RETRIEVAL, RecordKind.CRYO, RecordKind.ICSI, RecordKind.WITNESS,
             RecordKind.TANKS)
URGENCY = (FertState.OVERDUE, FertState.DUE, FertState.NOT_YET, FertState.OUTSIDE_WINDOW, FertState.IN_WINDOW)


def by_urgency(rows):
    """Checks to do first: overdue, due now, not yet due, then those done (outside the window first)."""
    return sorted(rows, key=lambda r: (URGENCY.index(r.state), r.injected_at))
ALERT_STYLE = ("background: #fce8e6; color: #8c1d18; border: 1px solid #e6b3ae; border-radius: 4px; "
               "padding: 6px 10px; font-weight: 600;")

TANK_ALERT_STYLE = ("background: #b3261e; color: white; font-weight: 700; font-size: 14px; padding: 6px 10px;"
                    "border-radius: 4px;")
BACKUP_WARNING_STYLE = ("background: #fef7e0; color: #6b4e00; border: 1px solid #f0d48a; border-radius: 4px; "
                        "padding: 6px 10px;")


class TodayView(QWidget):
    def __init__(self, context: BenchContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.active_dialog = None
        self.file_chooser: FileChooser = QtFileChooser()
        self.sheet: WorksheetDay | None = None
        self.day: date = context.today()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(8)
        top = QHBoxLayout()
        self.title = heading("", self)
        self.title.setObjectName("todayTitle")
        top.addWidget(self.title)
        top.addStretch(1)
        self.previous_button = QPushButton(_("‹ Previous day"), self)
        self.today_button = QPushButton(_("Today"), self)
        self.next_button = QPushButton(_("Next day ›"), self)
        self.print_button = QPushButton(_("&Print worksheet…"), self)
        self.print_button.setToolTip(_("The day's worksheet as the supervisor signs it: preview, print or save"))
        for button in (self.previous_button, self.today_button, self.next_button, self.print_button):
            top.addWidget(button)
        layout.addLayout(top)
        self.alert = QLabel(self)
        self.alert.setObjectName("todayAlert")
        self.alert.setStyleSheet(ALERT_STYLE)
        self.alert.setWordWrap(True)
        layout.addWidget(self.alert)
        self.tank_alert = QLabel(self)  # a tank losing nitrogen must be impossible to miss
        self.tank_alert.setObjectName("todayTankAlert")
        self.tank_alert.setStyleSheet(TANK_ALERT_STYLE)
        self.tank_alert.setWordWrap(True)
        layout.addWidget(self.tank_alert)
        self.backup_warning = QLabel(self)
        self.backup_warning.setObjectName("backupWarning")
        self.backup_warning.setStyleSheet(BACKUP_WARNING_STYLE)
        self.backup_warning.setWordWrap(True)
        self.backup_warning.hide()
        layout.addWidget(self.backup_warning)

        scroll = self.scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget(scroll)
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 8, 0)
        column.setSpacing(2)
        self.fert = DaySection(_("Fertilization checks"), FertCheckTableModel(self),
                               stretch_column=FertCheckTableModel.Column.RESULT,
                               max_rows=8, parent=body)
        self.pending = DaySection(_("Steps waiting for a witness"), PendingWitnessTableModel(self),
                                  stretch_column=PendingWitnessTableModel.Column.NOTE, parent=body)
        # a discard's reason is read whole
        self._refit_pending = wrapping(self.pending, {}, one_line=self.pending.texts.one_line_key)
        S = SampleTableModel.Column
        self.samples = DaySection(_("Retrievals and samples"), SampleTableModel(self), stretch_column=S.FINDING,
                                  max_rows=10, parent=body)
        self._refit_samples = wrapping(self.samples, {S.PROCEDURE: 125, S.PATIENT: 200, S.SAMPLE: 175,
                                                      S.RECEIVED: 110, S.WITNESS: 75, S.DISPOSITION: 100},
                                       max_height=self._table_room, one_line=self.samples.texts.one_line_key)
        self.oocytes = DaySection(_("OPU and ICSI, a row per oocyte"), OocyteTableModel(self),
                                  stretch_column=OocyteTableModel.Column.FERTILIZATION, max_rows=12, parent=body)
        self._wrap_oocytes = wrapping(self.oocytes, {}, max_height=self._table_room,
                                      one_line=self.oocytes.texts.one_line_key)
        self.thaws = DaySection(_("Thaws"), ThawTableModel(self), stretch_column=ThawTableModel.Column.OUTCOME,
                                parent=body)
        self.expiring = DaySection(_("Devices near storage expiry"), ExpiringTableModel(self),
                                   stretch_column=ExpiringTableModel.Column.POSITION, max_rows=6, parent=body)
        self.cycles = DaySection(_("Cycles starting"), TodayTableModel(self),
                                 stretch_column=TodayTableModel.Column.NOTES, parent=body)
        self._refit_cycles = wrapping(self.cycles, {}, one_line=self.cycles.texts.one_line_key)   # the notes read whole
        # "not assessable" whole; a window or a name that runs long wraps rather than cut "Result"
        self._wrap_fert = wrapping(self.fert, {FertCheckTableModel.Column.WINDOW: 120,
                                               FertCheckTableModel.Column.PATIENT: 180},
                                  one_line=self.fert.texts.one_line_key)
        self.sections = (self.fert, self.pending, self.samples, self.oocytes, self.thaws, self.expiring,
                         self.cycles)
        for section in self.sections:
            column.addWidget(section)
            section.rowActivated.connect(self.open_row)
        self.nothing = muted("", body)
        self.nothing.setObjectName("todayNothing")
        column.addWidget(self.nothing)
        column.addStretch(1)
        scroll.setWidget(body)
        layout.addWidget(scroll, 1)
        self.status = muted("", self)
        self.status.setObjectName("todayStatus")
        layout.addWidget(self.status)

        self.previous_button.clicked.connect(lambda: self.show_day(self.day - timedelta(days=1)))
        self.next_button.clicked.connect(lambda: self.show_day(self.day + timedelta(days=1)))
        self.today_button.clicked.connect(lambda: self.show_day(self.context.today()))
        self.print_button.clicked.connect(self.print_worksheet)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.live = LiveRefresh(self, context, DAY_KINDS)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.timer.start()

    # A table is never taller than the pane it scrolls in: each shows as many rows as the
    # screen holds (not a fixed 2-8), and one scroll bar at a time moves what is in view.

    def _refit_oocytes(self) -> None:
        keep_stretch_header_whole(self.oocytes.table)
        self._wrap_oocytes()

    def _refit_fert(self) -> None:
        self._wrap_fert()

    def _table_room(self) -> int:
        title = 3 * self.fontMetrics().lineSpacing()  # the section's heading and the table's header
        return max(self.scroll.viewport().height() - title, 4 * self.fontMetrics().lineSpacing())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        row = self.fert.table.verticalHeader().defaultSectionSize()
        for section in self.sections:
            if section not in (self.samples, self.oocytes):
                section.set_max_rows(max(3, self._table_room() // row))
        self._refit_samples()
        self.oocytes.fit_columns()    # from the texts again, then the last title kept whole
        self._refit_oocytes()
        self._refit_fert()

    def hideEvent(self, event) -> None:
        self.timer.stop()
        super().hideEvent(event)

    # --- the day -------------------------------------------------------------------------

    def show_day(self, day: date) -> None:
        self.day = day
        self.refresh()

    def refresh(self) -> None:
        day, services = self.day, self.context.services
        today = self.context.today()
        english = language() == "en"
        when = _("Today") if day == today else (day.strftime("%A") if english else format_date(day, "EEEE"))
        written = f"{day.day} {day.strftime('%B %Y')}" if english else format_date(day, "long")
        self.title.setText(isolated(_("{weekday}, {date}"), weekday=when, date=written))
        first = self.context.take_prefetched_day(day)  # read while the password was checked (sign-in only)
        sheet = self.sheet = first.sheet if first else services.worksheet.day(day, actor=self.context.actor)
        overdue, pending = sheet.overdue_checks, len(sheet.pending_witness)
        due = sum(1 for r in sheet.fert_checks if r.state == FertState.DUE)
        self.fert.show_rows(by_urgency(sheet.fert_checks), day, f"{len(sheet.fert_checks)}"
                            + (", " + isolated(ngettext("{count} overdue", "{count} overdue", overdue), count=overdue)
                               if overdue else "")
                            + (", " + isolated(_("{count} due now"), count=due) if due else ""))
        self._refit_fert()
        self.pending.show_rows(sheet.pending_witness, day)
        self._refit_pending()
        self.samples.show_rows(sheet.samples, day)
        self._refit_samples()
        opus = len({r.retrieval_id for r in sheet.oocytes})
        self.oocytes.show_rows(sheet.oocytes, day, isolated(ngettext("{oocytes} oocytes from {count} OPU",
                                                                     "{oocytes} oocytes from {count} OPUs", opus),
            oocytes=len(sheet.oocytes), count=opus))
        self._refit_oocytes()
        self.thaws.show_rows(sheet.thaws, day)
        left_out = sheet.expired_earlier_text
        self.expiring.show_rows(sheet.expiring, day, note=left_out[:1].upper() + left_out[1:])
        self.cycles.show_rows(first.cycles if first else services.patients.cycles_starting_on(day), day)
        self._refit_cycles()
        empty = [s.base_title for s in self.sections if not s.isVisibleTo(self) and s.model.rowCount() == 0]
        self.nothing.setText(isolated(_("Nothing on this day for: {sections}."), sections=", ".join(empty)) if empty else "")
        self.nothing.setVisible(bool(empty))
        alerts = []
        if overdue:
            alerts.append(isolated(ngettext("{count} fertilization check overdue (past 18 h)",
                                            "{count} fertilization checks overdue (past 18 h)", overdue), count=overdue))
        if due:
            alerts.append(isolated(ngettext("{count} fertilization check due now", "{count} fertilization checks due now",
                                   due), count=due))
        if pending:
            alerts.append(isolated(ngettext("{count} step waiting for a witness", "{count} steps waiting for a witness",
                                   pending), count=pending))
        self.alert.setText(" · ".join(alerts))
        self.alert.setVisible(bool(alerts))
        tanks = [f"⚠ {a.tank_name}: {a.text}" for a in sheet.tank_alerts if a.urgent] + \
            [f"{a.tank_name}: {a.text}" for a in sheet.tank_alerts if not a.urgent]
        self.tank_alert.setText("\n".join(tanks) + ("\n" + _("Open Tanks to record a reading or audit.") if tanks else ""))
        self.tank_alert.setVisible(bool(tanks))
        backup = (first.backup if first else services.backups.status()).warning(services.ctx.clock())
        self.backup_warning.setText(backup)
        self.backup_warning.setVisible(bool(backup))
        set_message(self.status, isolated(_("As of {time}. Enter or a double click on a row opens its record."),
            time=f"{services.ctx.clock().astimezone():%H:%M}"))

    # --- opening and printing ---------------------------------------------------------------

    def open_row(self, row) -> None:
        if row is None:
            return
        if isinstance(row, CycleListing):
            self.context.open_couple(row.couple.id)
            return
        try:
            target = self.context.services.scan.resolve(record_text(row))
        except BenchError as exc:
            set_message(self.status, str(exc))
            return
        self.context.open_record(target)

    def print_worksheet(self) -> None:
        from ui.printing.print_preview_dialog import PrintPreviewDialog  # Qt's PDF modules load when first needed

        try:
            doc = self.context.services.worksheet.pdf(self.context.actor, self.day)
        except BenchError as exc:
            set_message(self.status, str(exc))
            return
        open_dialog(self, PrintPreviewDialog(doc.content, title=doc.title, filename=doc.filename,
                                             details=isolated(ngettext(
                                                          "{count} page. Print… or Save as PDF… issues it, signed by the lab.",
                                                 "{count} pages. Print… or Save as PDF… issues it, signed by the "
                                                 "lab.", doc.page_count), count=doc.page_count),
                                             file_chooser=self.file_chooser, parent=self,
                                             issue=worksheet_issuer(self.context, self.day)))
