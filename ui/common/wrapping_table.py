"""Tables whose long cells wrap onto more lines instead of hiding behind a sideways scroll bar.

Used where every word counts (a custody event's description, where it happened, which
lots): narrow columns are capped, the stretch column takes the rest, rows grow to their
text, and the table is as tall as its rows up to ``max_height`` (then it scrolls).
"""

from __future__ import annotations

from typing import Callable

from ui.common.table_section import TableSectionWidget
from ui.qt import Qt

ROW_PADDING = 8


def wrapping(section: TableSectionWidget, caps: dict[int, int], *, max_height: int = 460) -> Callable[[], None]:
    """Make ``section``'s table wrap; returns ``refit()``, to call after ``section.set_rows``."""
    table = section.table
    table.setWordWrap(True)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setTextElideMode(Qt.TextElideMode.ElideNone)
    header = table.horizontalHeader()
    busy = []

    def fit_height() -> None:
        if busy:          # setting the height can resize the sections again
            return
        busy.append(1)
        try:
            table.resizeRowsToContents()
            for r in range(table.model().rowCount()):     # breathing room, as the one-line tables have
                table.setRowHeight(r, table.rowHeight(r) + ROW_PADDING)
            rows = sum(table.rowHeight(r) for r in range(table.model().rowCount()))
            rows = rows or table.verticalHeader().defaultSectionSize()
            table.setFixedHeight(min(rows, max_height) + header.sizeHint().height() + 2 * table.frameWidth() + 2)
        finally:
            busy.clear()

    def refit() -> None:
        for column, cap in caps.items():
            header.resizeSection(column, min(header.sectionSize(column), cap))
        fit_height()

    header.sectionResized.connect(lambda *_: fit_height())
    return refit
