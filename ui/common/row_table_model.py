"""The base of every table model: a thin adapter over a list of frozen rows.

Rows come in through ``set_rows()``; ``data()`` only reads them and never queries.
Columns are an IntEnum declared by the subclass. Sorting and filtering belong to a
QSortFilterProxyModel (``sorting_proxy``) that sorts on ``SORT_ROLE``.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any, Generic, Iterable, TypeVar

from ui.qt import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt

ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the row object itself
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # a value that sorts right (ISO dates, numbers)

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex


class RowTableModel(QAbstractTableModel, Generic[R]):
    """Subclasses set ``Column`` (an IntEnum), ``HEADERS`` and implement ``display``."""

    Column: type[IntEnum]
    HEADERS: dict[Any, str]

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[R] = []

    # --- the adapter's own API ---------------------------------------------------------

    def set_rows(self, rows: Iterable[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[R]:
        return list(self._rows)

    def row_at(self, row: int) -> R:
        return self._rows[row]

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
        return 0 if parent.isValid() else len(self.Column)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self.Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, column)
        if role == ROW_ROLE:
            return row
        if role == SORT_ROLE:
            return self.sort_value(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.foreground(row, column)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.Column):
            return self.HEADERS[self.Column(section)]
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None


def sorting_proxy(model: RowTableModel, parent: QObject | None = None) -> QSortFilterProxyModel:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setSortLocaleAware(True)
    return proxy
