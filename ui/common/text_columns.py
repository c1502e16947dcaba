"""Column widths and one-line rows of a read-only table, from its texts' font metrics.

Qt's ``resizeColumnToContents`` and ``resizeRowToContents`` ask the item delegate for the size of
every cell they look at: half a dozen calls into Python (``data()`` for each role) and a text layout
per cell, for each column and again for each row. Today sized its seven tables that way three times
over while the main window first showed (58 column fits, over a hundred row fits: a quarter of the
instructions from the accepted password to the window). ``TextColumns`` reads a ``RowTableModel``'s
texts directly and measures each distinct text once with the view's font metrics:

- a column is as wide as its title or its widest text (of the first ``SAMPLE_ROWS`` rows, as Qt's
  own fit with ``make_table``'s precision), plus ``PADDING``, at most ``maximum``: the figures Qt
  gives (each text on one line, however the view wraps). The margin Qt's delegate puts around a text
  is measured once per view on one real cell, not assumed; a title's width is the header's own hint,
  asked once per title.
- a row whose every text is one line that fits its column needs no layout: it takes the height Qt
  gave the first such row in the same font (``one_line_key`` says which rows; ``wrapping`` uses it).
"""

from __future__ import annotations

from math import ceil

from ui.common.table_view import PADDING, SIZE_FROM_ROWS
from ui.qt import QFont, QFontMetricsF, QHeaderView, Qt, QTableView

SAMPLE_ROWS = SIZE_FROM_ROWS


class TextColumns:
    """Measures the texts of ``view``'s model (a ``RowTableModel``, not a proxy) for its column widths and rows."""

    def __init__(self, view: QTableView):
        self.view = view
        self._metrics: dict[bool, QFontMetricsF] = {}  # by bold
        self._advances: dict[tuple[str, bool], float] = {}  # (text, bold): px, kept while the fonts are the same
        self._fonts_of: tuple = ()
        self._cell_margin: int | None = None  # px Qt's delegate adds around a text, measured on one cell
        self._titles: dict[tuple[int, str], int] = {}  # (column, title): the header's size for it

    @property
    def model(self):
        """The view's model now (a view given a new model for new rows is measured from that one)."""
        return self.view.model()

    # --- measuring -------------------------------------------------------------------------

    def _check_fonts(self) -> None:
        key = (self.view.font().key(), self.view.horizontalHeader().font().key())
        if key != self._fonts_of:  # a new font (a language with its own face): measure afresh
            self._fonts_of = key
            self._metrics.clear()
            self._advances.clear()
            self._cell_margin = None
            self._titles.clear()

    def _advance(self, text: str, bold: bool) -> float:
        width = self._advances.get((text, bold))
        if width is None:
            metrics = self._metrics.get(bold)
            if metrics is None:
                font = QFont(self.view.font())
                if bold:  # the model's bold font, resolved against the view's as Qt's delegate does
                    font.setBold(True)
                metrics = self._metrics[bold] = QFontMetricsF(font)
            width = self._advances[(text, bold)] = metrics.horizontalAdvance(text)
        return width

    def natural(self, text: str, bold: bool) -> int:
        """The text's width on one line per line break (its widest line), without margins."""
        if "\n" in text:
            return max(ceil(self._advance(line, bold)) for line in text.split("\n"))
        return ceil(self._advance(text, bold))

    def cell_margin(self) -> int:
        """What Qt's delegate adds to a text's width (its margins), measured on the first cell with text."""
        if self._cell_margin is None:
            for r in range(min(self.model.rowCount(), SAMPLE_ROWS)):
                texts, bold = self.model.texts(r), self.model.bold_row(r)
                for c, text in enumerate(texts):
                    if text and "\n" not in text:
                        hint = self.view.sizeHintForIndex(self.model.index(r, c)).width()
                        self._cell_margin = max(hint - self.natural(text, bold), 0)
                        return self._cell_margin
            return 8  # no text to measure yet: nothing is sized from it
        return self._cell_margin

    def title_width(self, column: int) -> int:
        """The header's own size for the column's title (``QHeaderView.sectionSizeHint``: its style's padding,
        border and font are not a constant margin), asked once per title."""
        title = str(self.model.headerData(column, Qt.Orientation.Horizontal) or "")
        width = self._titles.get((column, title))
        if width is None:
            width = self._titles[(column, title)] = self.view.horizontalHeader().sectionSizeHint(column)
        return width

    # --- what the table uses -----------------------------------------------------------------

    def fit_columns(self, *, maximum: int = 360) -> None:
        """Size the columns (not the stretch one) to their title and texts, as ``table_view.fit_columns`` does."""
        self._check_fonts()
        header = self.view.horizontalHeader()
        rows = [(self.model.texts(r), self.model.bold_row(r)) for r in range(min(self.model.rowCount(), SAMPLE_ROWS))]
        margin = self.cell_margin() if rows else 0
        for column in range(header.count()):
            if header.sectionResizeMode(column) == QHeaderView.ResizeMode.Stretch:
                continue
            widest = 0
            for texts, bold in rows:
                text = texts[column]
                if not text:
                    continue
                widest = max(widest, self.natural(text, bold) + margin)
            header.resizeSection(column, min(max(widest, self.title_width(column)) + PADDING, maximum))

    def one_line_key(self, row: int):
        """For a row whose every text is one line that fits its column now, the key of its font ("bold" or
        "plain"): such rows are all as tall as one another. None where Qt must lay the row out."""
        self._check_fonts()
        header = self.view.horizontalHeader()
        texts, bold = self.model.texts(row), self.model.bold_row(row)
        margin = self.cell_margin()
        for column, text in enumerate(texts):
            if not text or header.isSectionHidden(column):
                continue
            if "\n" in text or self.natural(text, bold) + margin + 1 > header.sectionSize(column):
                return None
        return "bold" if bold else "plain"
