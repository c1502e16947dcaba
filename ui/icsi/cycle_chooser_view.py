"""Choosing the ICSI cycle: those started today or yesterday, or any couple's found by name or MRN.

A search runs as the person types (after a short pause) and lists every ICSI cycle of
every couple the matching patients belong to; Enter or a double click opens the cycle.
"""

from __future__ import annotations

from datetime import timedelta

from bench_app.i18n import _, isolated
from bench_app.services.icsi_service import ICSI_CYCLES
from bench_app.services.patients_dto import CycleListing
from ui.common.area_focus import mark_search
from ui.common.headings import heading, muted
from ui.common.row_table_model import sorting_proxy
from ui.common.table_view import fit_columns, make_table, scroll_rather_than_clip, select_row
from ui.icsi.cycle_choice_table_model import CycleChoiceTableModel
from ui.qt import QHBoxLayout, QLineEdit, QPushButton, QTimer, QVBoxLayout, QWidget, Signal
from ui.shell.bench_context import BenchContext

SEARCH_LIMIT = 20


class CycleChooserView(QWidget):
    cycleActivated = Signal(int)

    def __init__(self, context: BenchContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        top = QHBoxLayout()
        top.addWidget(heading(_("ICSI"), self))
        top.addStretch(1)
        self.search = QLineEdit(self)
        mark_search(self.search)
        self.search.setObjectName("icsiCycleSearch")
        self.search.setPlaceholderText(_("Find a couple: MRN or the first letters of a name"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(360)
        self.open_button = QPushButton(_("Open cycle"), self)
        top.addWidget(self.search)
        top.addWidget(self.open_button)
        layout.addLayout(top)
        self.caption = heading("", self, level=2)
        self.caption.setObjectName("cycleListCaption")
        layout.addWidget(self.caption)
        self.model = CycleChoiceTableModel(self)
        self.proxy = sorting_proxy(self.model, self)
        self.table = make_table(self.proxy, self, stretch_column=CycleChoiceTableModel.Column.STATUS)
        scroll_rather_than_clip(self.table, CycleChoiceTableModel.Column.STATUS)  # Arabic words are longer
        self.table.setObjectName("icsiCycles")
        layout.addWidget(self.table, 1)
        self.empty = muted("", self)
        layout.addWidget(self.empty)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.refresh)
        self.search.textEdited.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self._search_and_open)
        self.table.activated.connect(self._open_index)
        self.open_button.clicked.connect(self._open_selected)
        self.refresh()

    def refresh(self) -> None:
        self._timer.stop()
        text = self.search.text().strip()
        rows = self.search_cycles(text) if text else self.todays_cycles()
        self.model.set_rows(rows)
        fit_columns(self.table)
        self.caption.setText(isolated(_("ICSI cycles of couples matching “{text}”"), text=text) if text else
                             _("ICSI cycles started today or yesterday (yesterday's are checked this morning)"))
        if not rows:
            self.empty.setText(_("No ICSI cycle matches. Cycles are created in Patients & cycles.") if text else
                               _("No ICSI cycle started today or yesterday. Find a couple by name or MRN above."))
        self.empty.setVisible(not rows)
        self.table.setVisible(bool(rows))
        self.open_button.setEnabled(bool(rows))
        if rows:
            select_row(self.table, 0)

    def todays_cycles(self) -> list[CycleListing]:
        """ICSI cycles started today or yesterday: yesterday's ICSI has its fertilization check this morning."""
        today, patients = self.context.today(), self.context.services.patients
        listings = patients.cycles_starting_on(today) + patients.cycles_starting_on(today - timedelta(days=1))
        return [x for x in listings if x.cycle.cycle_type.value in ICSI_CYCLES]

    def search_cycles(self, text: str) -> list[CycleListing]:
        patients = self.context.services.patients
        seen: set[int] = set()
        rows: list[CycleListing] = []
        for p in patients.search(text, limit=SEARCH_LIMIT):
            for couple in patients.couples_of_patient(p.id):
                if couple.id in seen:
                    continue
                seen.add(couple.id)
                rows += [CycleListing(c, couple) for c in patients.get_couple(couple.id).cycles
                         if c.cycle_type.value in ICSI_CYCLES]
        return sorted(rows, key=lambda x: (x.cycle.start_date, x.cycle.id), reverse=True)

    def _search_and_open(self) -> None:
        self.refresh()
        if self.model.rowCount() == 1:
            self._open_selected()
        elif self.model.rowCount():
            self.table.setFocus()

    def _open_index(self, index) -> None:
        self.cycleActivated.emit(self.model.row_at(self.proxy.mapToSource(index).row()).cycle.id)

    def _open_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self._open_index(rows[0])
