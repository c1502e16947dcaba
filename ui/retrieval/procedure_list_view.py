"""Today's and recent procedures, newest first, with the outcome so far; New procedure… starts one."""

from __future__ import annotations

from datetime import timedelta

from bench_app.i18n import _, _l, isolated, ngettext
from ui.common.dialog_host import open_dialog
from ui.common.headings import heading, muted
from ui.common.row_table_model import sorting_proxy
from ui.common.table_view import fit_columns, make_table, scroll_rather_than_clip, select_row
from ui.qt import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget, Signal
from ui.retrieval.new_procedure_dialog import NewProcedureDialog
from ui.retrieval.procedure_table_model import ProcedureTableModel
from ui.shell.bench_context import BenchContext

RANGES = ((_l("Today"), 1), (_l("Last 7 days"), 7), (_l("Last 14 days"), 14), (_l("Last 30 days"), 30),
          (_l("Last 90 days"), 90), (_l("Last 12 months"), 365))
# The same periods inside a sentence ("No procedure in the last 7 days."), so each language can say them its way.
PERIODS = {1: _l("today"), 7: _l("in the last 7 days"), 14: _l("in the last 14 days"), 30: _l("in the last 30 days"),
           90: _l("in the last 90 days"), 365: _l("in the last 12 months")}
DEFAULT_DAYS = 14


class ProcedureListView(QWidget):
    procedureActivated = Signal(int)

    def __init__(self, context: BenchContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.active_dialog = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        top = QHBoxLayout()
        top.addWidget(heading(_("Sperm retrieval"), self))
        top.addStretch(1)
        caption = QLabel(_("Show"), self)
        self.range = QComboBox(self)
        self.range.setObjectName("procedureRange")
        for text, days in RANGES:
            self.range.addItem(str(text), days)
        self.range.setCurrentIndex(self.range.findData(DEFAULT_DAYS))
        caption.setBuddy(self.range)
        self.open_button = QPushButton(_("Open"), self)
        self.new_button = QPushButton(_("&New procedure…"), self)
        self.new_button.setObjectName("newProcedureButton")
        for widget in (caption, self.range, self.open_button, self.new_button):
            top.addWidget(widget)
        layout.addLayout(top)
        self.summary = muted("", self)
        self.summary.setObjectName("procedureSummary")
        layout.addWidget(self.summary)
        self.model = ProcedureTableModel(self)
        self.proxy = sorting_proxy(self.model, self)
        self.table = make_table(self.proxy, self, stretch_column=ProcedureTableModel.Column.OUTCOME)
        scroll_rather_than_clip(self.table, ProcedureTableModel.Column.OUTCOME)  # Arabic words are longer
        self.table.setObjectName("procedureList")
        layout.addWidget(self.table, 1)

        self.range.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table.activated.connect(self._open_index)
        self.open_button.clicked.connect(self._open_selected)
        self.new_button.clicked.connect(lambda: self.new_procedure())
        self.setFocusProxy(self.table)
        self.refresh()

    def days(self) -> int:
        return int(self.range.currentData())

    def refresh(self) -> None:
        today = self.context.today()
        rows = self.context.services.retrieval.list_procedures(since=today - timedelta(days=self.days() - 1),
                                                               until=today)
        self.model.set_rows(rows)
        fit_columns(self.table)
        found = sum(1 for r in rows if r.samples_positive)
        period = PERIODS[self.days()]
        if not rows:
            self.summary.setText(isolated(_("No procedure {period}. Start one with New procedure…"), period=period))
        else:
            self.summary.setText(isolated(ngettext("{count} procedure {period}; sperm found in {found}.",
                                                   "{count} procedures {period}; sperm found in {found}.", len(rows)),
                count=len(rows), period=period, found=found))
        self.open_button.setEnabled(bool(rows))
        if rows and not self.table.selectionModel().hasSelection():
            select_row(self.table, 0)

    def _open_index(self, index) -> None:
        self.procedureActivated.emit(self.model.row_at(self.proxy.mapToSource(index).row()).id)

    def _open_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self._open_index(rows[0])

    def new_procedure(self, patient_id: int | None = None) -> None:
        patient = self.context.services.patients.get_patient(patient_id).patient if patient_id else None
        dialog = NewProcedureDialog(self.context, patient, self)
        open_dialog(self, dialog, lambda proc: self.procedureActivated.emit(proc.id))
