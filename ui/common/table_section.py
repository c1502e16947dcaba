"""A titled section of a record: heading and buttons, a compact table, or a note when empty."""

from __future__ import annotations

from typing import Iterable

from ui.common.headings import muted, section_bar
from ui.common.row_table_model import RowTableModel
from ui.common.table_view import fit_columns, fit_height, make_table
from ui.qt import QPushButton, QVBoxLayout, QWidget


class TableSectionWidget(QWidget):
    def __init__(self, title: str, model: RowTableModel, *, empty_text: str,
                 buttons: Iterable[QPushButton] = (), stretch_column: int | None = None,
                 max_rows: int = 8, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.max_rows = max_rows
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(4)
        self.bar = section_bar(title, *buttons, parent=self)
        layout.addLayout(self.bar)
        self.table = make_table(model, self, sortable=False, stretch_column=stretch_column)
        layout.addWidget(self.table)
        self.empty = muted(empty_text, self)
        layout.addWidget(self.empty)

    def set_max_rows(self, max_rows: int) -> None:
        """Show up to ``max_rows`` rows before the table scrolls (e.g. as many as the screen holds)."""
        if max_rows != self.max_rows:
            self.max_rows = max_rows
            if self.model.rowCount():
                fit_height(self.table, max_rows=max_rows)

    def set_rows(self, rows) -> None:
        rows = list(rows)
        self.model.set_rows(rows)
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        self.fit_columns()
        fit_height(self.table, max_rows=self.max_rows)

    def fit_columns(self) -> None:
        """Size the columns to the rows in (a section may measure its texts its own, cheaper way)."""
        fit_columns(self.table)
