"""A Today section: a heading with its count, a compact table, hidden while it has no rows (or note)."""

from __future__ import annotations

from datetime import date

from ui.common.row_table_model import ROW_ROLE
from ui.common.table_section import TableSectionWidget
from ui.common.text_columns import TextColumns
from ui.qt import QLabel, Signal


class DaySection(TableSectionWidget):
    rowActivated = Signal(object)   # the row object under Enter or a double click

    def __init__(self, title: str, model, **kw):
        super().__init__(title, model, empty_text="", **kw)
        self.base_title = title
        self.title_label: QLabel = self.bar.itemAt(0).widget()
        self.title_label.setObjectName("daySectionTitle")
        self.table.activated.connect(lambda index: self.rowActivated.emit(index.data(ROW_ROLE)))
        self.texts = TextColumns(self.table)

    def fit_columns(self) -> None:
        """From the texts' font metrics, not Qt's layout of every cell (ui.common.text_columns)."""
        self.texts.fit_columns()

    def show_rows(self, rows, day: date, counted: str = "", note: str = "") -> None:
        """``note``: a line under the table about what it leaves out; it keeps the section shown."""
        rows = list(rows)
        self.model.day = day
        self.set_rows(rows)
        self.empty.setText(note)
        self.empty.setVisible(bool(note))
        self.title_label.setText(f"{self.base_title} ({counted or len(rows)})")  # the title given in its language
        self.setVisible(bool(rows) or bool(note))
