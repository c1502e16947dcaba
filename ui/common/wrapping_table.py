"""Tables whose long cells wrap onto more lines instead of hiding behind a sideways scroll bar.

Used where every word counts (a custody event's description, where it happened, which
lots): narrow columns are capped, the stretch column takes the rest, rows grow to their
text, and the table is as tall as its rows up to ``max_height`` (then it scrolls).

Fitting a row lays out its text, so it is done once per change and only where it shows:
``refit()`` fits at once (only the rows not fitted yet when neither the rows nor the widths changed
since the last fit: a resize that moves no column, the window first shown), a change of column
widths (the window resized, the stretch column settling) or of the rows fits again when Qt is next
idle however many sections moved, and of a long table only the rows down to two views below
its top are fitted, the others as they are scrolled to (a busy day has well over a thousand samples).
"""

from __future__ import annotations

from typing import Callable, Hashable

from ui.common.table_section import TableSectionWidget
from ui.qt import QFont, QFontMetrics, QHeaderView, Qt, QTimer

ROW_PADDING = 8


def keep_stretch_header_whole(table) -> None:
    """Where the columns leave the stretch column less than its title, narrow the widest other
    column (its text wraps) rather than cut the title ("Fertilization" read "Fe…")."""
    header = table.horizontalHeader()
    stretch = [c for c in range(header.count())
               if header.sectionResizeMode(c) == QHeaderView.ResizeMode.Stretch and not header.isSectionHidden(c)]
    if not stretch or table.viewport().width() <= 0:
        return
    column = stretch[0]
    title = str(table.model().headerData(column, Qt.Orientation.Horizontal) or "")
    # the look's padding and border, and a scroll bar that may come once the rows are fitted
    needed = (header.fontMetrics().horizontalAdvance(title) + 2 * ROW_PADDING + 12
              + table.verticalScrollBar().sizeHint().width())
    others = [c for c in range(header.count()) if c != column and not header.isSectionHidden(c)]
    room = table.viewport().width() - sum(header.sectionSize(c) for c in others)
    while room < needed and others:
        widest = max(others, key=header.sectionSize)
        floor = header.fontMetrics().horizontalAdvance(
            str(table.model().headerData(widest, Qt.Orientation.Horizontal) or "")) + 2 * ROW_PADDING + 4
        give = min(needed - room, header.sectionSize(widest) - floor)
        if give <= 0:
            others.remove(widest)
            continue
        header.resizeSection(widest, header.sectionSize(widest) - give)
        room += give


def wrapping(section: TableSectionWidget, caps: dict[int, int], *,
             max_height: int | Callable[[], int] = 460,
             one_line: Callable[[int], Hashable | None] | None = None) -> Callable[[], None]:
    """Make ``section``'s table wrap; returns ``refit()``, to call after ``section.set_rows``.

    ``max_height`` may be a function, read at each fit (e.g. the height of the view it scrolls in).
    ``one_line(row)``, where given, names the font of a row whose texts each fit their column on one line
    (e.g. ``TextColumns.one_line_key``), None for any other: Qt lays out the first such row of each font, and
    the others take its height without a layout of their own."""
    height_limit = max_height if callable(max_height) else (lambda: max_height)
    table = section.table
    table.setWordWrap(True)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setTextElideMode(Qt.TextElideMode.ElideNone)
    header, row_header = table.horizontalHeader(), table.verticalHeader()
    # the widths and row count fitted to, the rows fitted, and the height of a one-line row by font (at those widths)
    fitted: dict = {"layout": (), "rows": set(), "one_line": {}}
    capping: list[int] = []                          # refit() is moving sections itself

    def layout() -> tuple[int, ...]:
        return (table.model().rowCount(), *(header.sectionSize(c) for c in range(header.count())))

    def fit_in_view() -> None:
        """Fit the rows from the top of the view down to two views below it.

        Rows above the view are left as they are, so fitting never moves what is shown.
        """
        count, rows = table.model().rowCount(), fitted["rows"]
        reach = 2 * max(table.viewport().height(), height_limit())
        r, covered = max(table.rowAt(0), 0), 0
        while r < count and covered < reach:
            if r not in rows:
                key = one_line(r) if one_line is not None else None
                height = fitted["one_line"].get(key) if key is not None else None
                if height is None:
                    table.resizeRowToContents(r)
                    height = table.rowHeight(r)
                    if key is not None:
                        fitted["one_line"][key] = height
                table.setRowHeight(r, height + ROW_PADDING)   # breathing room, as one-line tables have
                rows.add(r)
            covered += table.rowHeight(r)
            r += 1

    def fit_height() -> None:
        later.stop()
        count, before = table.model().rowCount(), fitted["rows"]
        if fitted["layout"] == layout():   # the same rows at the same widths: the rows fitted are right as they are
            before = set()
        else:
            fitted.update(layout=layout(), rows=set(), one_line={})
        fit_in_view()
        for r in before - fitted["rows"]:   # fitted to other widths: one line until shown again
            if r < count:
                table.setRowHeight(r, row_header.defaultSectionSize())
        height = row_header.length() if count else row_header.defaultSectionSize()
        table.setFixedHeight(min(height, height_limit()) + header.sizeHint().height() + 2 * table.frameWidth() + 2)

    def fit_if_changed() -> None:
        if fitted["layout"] != layout():
            fit_height()

    later = QTimer(table)
    later.setSingleShot(True)
    later.setInterval(0)
    later.timeout.connect(fit_if_changed)

    def widths_changed(*_) -> None:
        if not capping:
            later.start()

    def rows_changed(*_) -> None:
        fitted["layout"] = ()
        later.start()

    def rows_replaced() -> None:
        fitted["rows"] = set()   # new rows start at one line each
        rows_changed()

    def refit() -> None:
        bold = QFont(header.font())   # titles are drawn semi-bold by the look: measure them so
        bold.setWeight(QFont.Weight.DemiBold)
        title_metrics = QFontMetrics(bold)
        capping.append(1)
        try:
            for column, cap in caps.items():   # a cap never cuts the column's own title
                title = str(table.model().headerData(column, Qt.Orientation.Horizontal) or "")
                cap = max(cap, title_metrics.horizontalAdvance(title) + 2 * ROW_PADDING + 12)
                header.resizeSection(column, min(header.sectionSize(column), cap))
        finally:
            capping.clear()
        fit_height()

    header.sectionResized.connect(widths_changed)
    table.verticalScrollBar().valueChanged.connect(lambda _value: fit_in_view())
    table.model().modelReset.connect(rows_replaced)
    table.model().dataChanged.connect(rows_changed)
    table.model().layoutChanged.connect(rows_changed)
    return refit
