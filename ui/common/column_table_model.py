"""A table model whose columns are data: a header, how to read the cell, and an optional colour.

A new table is then a list of ``ColumnSpec`` rather than a class with an enum and a
``display`` switch; everything else (cached cells, sorting role, row objects) is
``RowTableModel``'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any, Callable, Sequence

from ui.common.row_table_model import RowTableModel
from ui.qt import QColor, QObject

ALERT = QColor("#b3261e")
GOOD = QColor("#1b5e20")


@dataclass(frozen=True)
class ColumnSpec:
    header: str
    read: Callable[[Any], Any]
    colour: Callable[[Any], QColor | None] | None = None
    sort: Callable[[Any], Any] | None = None


class ColumnTableModel(RowTableModel):
    def __init__(self, columns: Sequence[ColumnSpec], parent: QObject | None = None):
        self.specs = tuple(columns)
        self.Column = IntEnum("Column", [f"C{i}" for i in range(len(self.specs))], start=0)
        self.HEADERS = {c: spec.header for c, spec in zip(self.Column, self.specs)}
        super().__init__(parent)

    def display(self, row, column: IntEnum) -> str:
        value = self.specs[column].read(row)
        return "" if value is None else str(value)

    def sort_value(self, row, column: IntEnum) -> Any:
        spec = self.specs[column]
        return spec.sort(row) if spec.sort else self.display(row, column).casefold()

    def foreground(self, row, column: IntEnum) -> Any:
        spec = self.specs[column]
        return spec.colour(row) if spec.colour else None
