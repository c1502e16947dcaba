"""The base of every table model: a thin adapter over a list of frozen rows.

Rows come in through ``set_rows()``; ``data()`` only reads them and never queries.
Columns are an IntEnum declared by the subclass. Sorting and filtering belong to a
QSortFilterProxyModel (``sorting_proxy``) that sorts on ``SORT_ROLE``.

Qt asks ``data()`` for half a dozen roles of every cell each time it paints or sizes a
row (millions of calls on a busy day's thousands of rows), so a row's texts and colours
are made once, when first asked, and kept until the rows change: ``set_rows`` or a
subclass's own ``dataChanged``, row insertion or layout change.
"""

from __future__ import annotations

from enum import IntEnum
from functools import cache
from typing import Any, Generic, Iterable, TypeVar

from ui.qt import QAbstractTableModel, QFont, QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt

ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the row object itself
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # a value that sorts right (ISO dates, numbers)
# Plain ints: data() compares the role it is asked for with these millions of times.
DISPLAY_ROLE = int(Qt.ItemDataRole.DisplayRole)
TOOLTIP_ROLE = int(Qt.ItemDataRole.ToolTipRole)
FOREGROUND_ROLE = int(Qt.ItemDataRole.ForegroundRole)

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex


class RowTableModel(QAbstractTableModel, Generic[R]):
    """Subclasses set ``Column`` (an IntEnum), ``HEADERS`` and implement ``display``."""

    Column: type[IntEnum]
    HEADERS: dict[Any, str]

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[R] = []
        self._columns: tuple[IntEnum, ...] = tuple(self.Column)
        self._cells: dict[int, tuple[tuple[str, ...], tuple[Any, ...]]] = {}  # row number: its texts, colours
        for signal in (self.dataChanged, self.rowsInserted, self.rowsRemoved, self.rowsMoved, self.layoutChanged):
            signal.connect(self._forget_cells)

    # --- the adapter's own API ---------------------------------------------------------

    def set_rows(self, rows: Iterable[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._cells.clear()
        self.endResetModel()

    def rows(self) -> list[R]:
        return list(self._rows)

    def row_at(self, row: int) -> R:
        return self._rows[row]

    def texts(self, r: int) -> tuple[str, ...]:
        """Row ``r``'s display texts, one per column (as ``data()`` gives them, without a call through Qt)."""
        return (self._cells.get(r) or self._make_cells(r))[0]

    def bold_row(self, r: int) -> bool:
        """Whether row ``r`` is drawn in a bold font (``FontRole``); subclasses that emphasise rows say so."""
        return False

    def display(self, row: R, column: IntEnum) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def sort_value(self, row: R, column: IntEnum) -> Any:
        return self.display(row, column).casefold()

    def tooltip(self, row: R, column: IntEnum) -> str | None:
        return None

    def foreground(self, row: R, column: IntEnum) -> Any:
        return None

    # --- Qt's API ----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = DISPLAY_ROLE) -> Any:
        r = index.row()   # -1 for an invalid index
        if not 0 <= r < len(self._rows):
            return None
        if role == DISPLAY_ROLE:
            return (self._cells.get(r) or self._make_cells(r))[0][index.column()]
        if role == FOREGROUND_ROLE:
            return (self._cells.get(r) or self._make_cells(r))[1][index.column()]
        if role == ROW_ROLE:
            return self._rows[r]
        if role == SORT_ROLE:
            return self.sort_value(self._rows[r], self._columns[index.column()])
        if role == TOOLTIP_ROLE:
            return self.tooltip(self._rows[r], self._columns[index.column()])
        return None

    def _make_cells(self, r: int) -> tuple[tuple[str, ...], tuple[Any, ...]]:
        row = self._rows[r]
        cells = self._cells[r] = (tuple(self.display(row, c) for c in self._columns),
                                  tuple(self.foreground(row, c) for c in self._columns))
        return cells

    def _forget_cells(self, *_) -> None:
        self._cells.clear()

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            return str(self.HEADERS[self._columns[section]])  # a header may be looked up when shown (_l)
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None


@cache
def bold_font() -> QFont:
    """One bold font for every emphasised cell (a new QFont per data() call is slow on big tables)."""
    font = QFont()
    font.setBold(True)
    return font


def sorting_proxy(model: RowTableModel, parent: QObject | None = None) -> QSortFilterProxyModel:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setSortLocaleAware(True)
    return proxy
