"""The oocyte grid as a table driven by the keyboard: one key sets a class and moves on.

Three modes share the grid. Maturity: a class key sets the current line's maturity and
steps to the next line; Enter saves. Injection: whole lines are selected (MII by a
button) and Enter opens the injection dialog. Check: a result key sets the current
injected oocyte's result and steps to the next injected one; in the PB column the digits
0-4 are polar bodies instead; Enter saves. Delete or Backspace clears a keyed value.
"""

from __future__ import annotations

from enum import Enum

from bench_app.i18n import _, isolated
from ui.common.table_view import summary_columns
from ui.icsi.icsi_text import CLEAR_KEYS, MATURITY_KEYS, POLAR_BODY_KEYS, RESULT_KEYS
from ui.icsi.oocyte_table_model import OocyteTableModel
from ui.qt import (
    QAbstractItemView, QFont, QFontMetrics, QItemSelectionModel, QKeyEvent, Qt, QTableView, QWidget, Signal,
)


class GridMode(Enum):
    MATURITY = "maturity"
    INJECTION = "injection"
    CHECK = "check"


ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
C = OocyteTableModel.Column
# Widths from the longest usual text, so 40 lines read without the columns jumping as values arrive.
WIDTH_SAMPLES = {C.NUMBER: "40", C.MATURITY: "degenerated", C.INJECTED: "00:00 emma", C.SPERM: "twitching + HOS, AOA",
                 C.DAMAGED: "damaged", C.HOURS: "19.5 h", C.RESULT: "degenerated",
                 C.POLAR_BODIES: "4"}


class OocyteGridView(QTableView):
    saveRequested = Signal()
    injectRequested = Signal()
    refused = Signal(str)  # a key that could not apply, in words

    def __init__(self, model: OocyteTableModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.mode = GridMode.MATURITY
        self.setModel(model)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        metrics, bold = self.fontMetrics(), QFont(self.font())
        bold.setBold(True)
        header_metrics = QFontMetrics(bold)
        for column, sample in WIDTH_SAMPLES.items():
            title = model.HEADERS[column]
            header.resizeSection(column, max(metrics.horizontalAdvance(sample),
                                             header_metrics.horizontalAdvance(title) + 6) + 14)
        header.setMinimumSectionSize(24)
        # the stretched last column shrinks to its title before a scroll bar shows
        header.resizeSection(C.WINDOW, header_metrics.horizontalAdvance(model.HEADERS[C.WINDOW]) + 20)
        header.setStretchLastSection(True)
        summary_columns(self, C.WINDOW)

    def grid_model(self) -> OocyteTableModel:
        return self.model()

    def set_mode(self, mode: GridMode) -> None:
        self.mode = mode
        column = OocyteTableModel.Column.RESULT if mode == GridMode.CHECK else OocyteTableModel.Column.MATURITY
        row = self.currentIndex().row() if self.currentIndex().isValid() else 0
        if mode == GridMode.CHECK:
            row = self._next_checkable(row - 1) if not self._checkable(row) else row
        self.go_to(max(row, 0), column)

    def go_to(self, row: int, column: int | None = None) -> None:
        model = self.grid_model()
        if not 0 <= row < model.rowCount():
            return
        column = self.currentIndex().column() if column is None and self.currentIndex().isValid() else column or 0
        index = model.index(row, column)
        self.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        # Not yet shown (a cycle loading): only the row. Scrolled across to the cell before the grid has its width,
        # a right-to-left grid stayed slid sideways, the oocyte's number hidden past its right edge.
        self.scrollTo(index if self.isVisible() and self.viewport().width() > 100 else model.index(row, 0))

    def current_row(self) -> int:
        return self.currentIndex().row() if self.currentIndex().isValid() else -1

    def selected_rows(self) -> list[int]:
        return sorted(i.row() for i in self.selectionModel().selectedRows())

    # --- keys -----------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            super().keyPressEvent(event)
            return
        key = event.key()
        handled = {GridMode.MATURITY: self._maturity_key, GridMode.CHECK: self._check_key,
                   GridMode.INJECTION: self._injection_key}[self.mode](key)
        if handled:
            event.accept()
        else:
            super().keyPressEvent(event)

    def _maturity_key(self, key) -> bool:
        row = self.current_row()
        if key in ENTER:
            self.saveRequested.emit()
            return True
        if row < 0 or (key not in MATURITY_KEYS and key not in CLEAR_KEYS):
            return False
        refusal = self.grid_model().set_maturity(row, MATURITY_KEYS.get(key))
        if refusal:
            self.refused.emit(refusal)
        elif key not in CLEAR_KEYS:
            self.go_to(row + 1, OocyteTableModel.Column.MATURITY)
        return True

    def _check_key(self, key) -> bool:
        row = self.current_row()
        if key in ENTER:
            self.saveRequested.emit()
            return True
        pb_column = self.currentIndex().column() == OocyteTableModel.Column.POLAR_BODIES
        keys = POLAR_BODY_KEYS if pb_column else RESULT_KEYS
        if row < 0 or (key not in keys and key not in CLEAR_KEYS):
            return False
        if not self._checkable(row):
            self.refused.emit(self._why_not_checkable(row))
            return True
        model = self.grid_model()
        if pb_column:
            model.set_polar_bodies(row, POLAR_BODY_KEYS.get(key))
        else:
            model.set_result(row, RESULT_KEYS.get(key))
        if key not in CLEAR_KEYS:
            self.go_to(self._next_checkable(row))
        return True

    def _injection_key(self, key) -> bool:
        if key in ENTER:
            self.injectRequested.emit()
            return True
        return False

    def _checkable(self, row: int) -> bool:
        return 0 <= row < self.grid_model().rowCount() and self.grid_model().can_check(row)

    def _next_checkable(self, row: int) -> int:
        for candidate in range(row + 1, self.grid_model().rowCount()):
            if self._checkable(candidate):
                return candidate
        return row

    def _why_not_checkable(self, row: int) -> str:
        line = self.grid_model().row_at(row)
        if line.oocyte is None or not line.oocyte.injected:
            return isolated(_("Oocyte {number} was not injected: there is nothing to check."), number=line.number)
        return isolated(_("Oocyte {number} was already checked."), number=line.number)
