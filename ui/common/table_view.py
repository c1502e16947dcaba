"""One look and behaviour for every read-only table: whole rows, no editing, readable widths."""

from __future__ import annotations

from typing import Any

from ui.common.row_table_model import ROW_ROLE
from ui.qt import QAbstractItemView, QEvent, QFont, QHeaderView, QItemSelectionModel, QObject, Qt, QTableView, QWidget


PADDING = 18  # room beyond the widest text, so columns never read as cut off
# Columns fit the widest text of this many rows (those in view first), not of every row:
# a busy day's thousands of rows would be read for each column (Qt's default is 1000).
SIZE_FROM_ROWS = 100


def make_table(model, parent: QWidget | None = None, *, sortable: bool = True,
               stretch_column: int | None = None) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 12)
    header = view.horizontalHeader()
    bold = QFont(header.font())  # the look draws headers semi-bold: measure them so ("Date of birt…")
    bold.setWeight(QFont.Weight.DemiBold)
    header.setFont(bold)
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setResizeContentsPrecision(SIZE_FROM_ROWS)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(stretch_column is None)
    if stretch_column is not None:
        header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    view.setSortingEnabled(sortable)
    if sortable:  # keep the service's order until someone clicks a header
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    return view


def fit_columns(view: QTableView, *, maximum: int = 360) -> None:
    """Size columns to their content once rows are in, without letting one column eat the view."""
    header = view.horizontalHeader()
    for col in range(header.count()):
        if header.sectionResizeMode(col) == QHeaderView.ResizeMode.Stretch:
            continue
        if col == getattr(getattr(view, "_scroll_fit", None), "column", None):
            continue
        view.resizeColumnToContents(col)
        header.resizeSection(col, min(header.sectionSize(col) + PADDING, maximum))
    if getattr(view, "_scroll_fit", None) is not None:
        view._scroll_fit.fit()


class _ScrollRatherThanClip(QObject):
    """Keeps a table's stretch column at least as wide as its text: where the other columns leave it too little
    room (an Arabic table's words are longer), it takes its text's width and the table scrolls sideways."""

    def __init__(self, view: QTableView, column: int):
        super().__init__(view)
        self.view, self.column = view, column
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        view, col = self.view, self.column
        header = view.horizontalHeader()
        if col >= header.count():
            return
        need = max(view.sizeHintForColumn(col), header.sectionSizeHint(col)) + PADDING
        others = sum(header.sectionSize(c) for c in range(header.count()) if c != col and not header.isSectionHidden(c))
        if view.viewport().width() - others >= need:
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        else:
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, need)


def scroll_rather_than_clip(view: QTableView, column: int) -> None:
    """Make ``column`` (the view's stretch column) scroll rather than clip; ``fit_columns`` keeps it so."""
    view._scroll_fit = _ScrollRatherThanClip(view, column)  # kept with the view


def selected_row(view: QTableView) -> Any:
    """The row object of the selected line, through any proxy, or None."""
    indexes = view.selectionModel().selectedRows() if view.selectionModel() else []
    if not indexes:
        return None
    return indexes[0].data(ROW_ROLE)


def select_row(view: QTableView, row: int) -> None:
    """Select line ``row`` whole and make it current (the detail beside the list follows).

    Every screen selects through this, never QTableView.selectRow: right to left (Arabic) selectRow asks the
    header for the column at the viewport's far edge, finds none, and selects nothing.
    """
    model = view.model()
    if model is None or not 0 <= row < model.rowCount():
        return
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    view.selectionModel().setCurrentIndex(model.index(row, 0), flags)


def fit_height(view: QTableView, *, max_rows: int = 8) -> None:
    """Make a short table only as tall as its rows (up to ``max_rows``), so sections stay compact."""
    rows = min(max(view.model().rowCount(), 1), max_rows)
    height = view.horizontalHeader().sizeHint().height() + rows * view.verticalHeader().defaultSectionSize()
    view.setFixedHeight(height + 2 * view.frameWidth() + 2)


SUMMARY_COLUMNS = "summaryColumns"


def summary_columns(view: QTableView, *columns: int) -> None:
    """Say that these columns show a summary cut to the column, their full text shown elsewhere
    (a details pane, a tooltip): the screen checks do not count them as clipped."""
    view.setProperty(SUMMARY_COLUMNS, [int(c) for c in columns])
