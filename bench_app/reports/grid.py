"""A paginated table document: titled sections of rows, a running header and footer, "Page X of Y".

One report class per document subclasses ``GridReport`` with its page geometry as
class attributes and its own header and footer. Rows are laid out and split into
pages first, so the total page count is known before anything is drawn. Every cell is
fitted with the measuring code of ``text.py`` (shrunk, wrapped or cut with '…'), so
no text runs past its cell. Each row may name its patient; the header of each page can
list the patients whose rows are on it.

A document in a right-to-left language (Arabic) is the mirror image of the left-to-right one:
the first column at the right, text starting at each cell's right edge, titles on the right, and
the header's and footer's items swapped. Geometry is worked out left to right as before and
``x`` is mirrored where it is drawn (``put_text``, ``_mirror``), so every document built on this
class, and its header and footer drawn through ``put_text``, turns as a whole.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Sequence

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from bench_app.i18n import _, _l, is_right_to_left, isolated
from bench_app.reports.text import draw_text, fit, wrap

GREY = (0.55, 0.55, 0.55)
HEAD_FILL = (0.9, 0.9, 0.9)
ALERT_FILL = (1.0, 0.86, 0.86)
LINE_SPACING = 1.22
MAX_WRAPPED_LINES = 8


@dataclass(frozen=True)
class Column:
    title: str
    width: float             # relative to the other columns
    align: str = "left"
    wrap: bool = False       # long text wraps onto more lines (else it shrinks, then is cut)
    box: bool = False        # an empty cell gets a box to write initials in
    bold: bool = False


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]
    patient: str = ""        # 'NAME (MRN …)' for the running header
    alert: bool = False


@dataclass(frozen=True)
class Section:
    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    empty: str = _l("None.")
    note: str = ""


@dataclass(frozen=True)
class Figure:
    """A drawing (reportlab.graphics) with its title, kept whole on one page."""

    title: str
    drawing: object          # a reportlab.graphics.shapes.Drawing, as wide as the table or narrower
    note: str = ""


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int


@dataclass(frozen=True)
class PageInfo:
    number: int
    total: int
    patients: tuple[str, ...]


@dataclass
class _Item:
    kind: str                # 'title', 'head', 'row', 'empty', 'figure'
    section: Section | Figure
    height: float
    cells: list = field(default_factory=list)   # per column: list of (text, size) lines
    row: Row | None = None
    continued: bool = False


class GridReport:
    page_size = A4
    margin = 12 * mm
    header_height = 20 * mm
    footer_height = 9 * mm
    font_size = 7.5
    min_font_size = 5.5
    head_size = 6.8
    title_size = 9.5
    pad = 2.0
    min_row_height = 12.0
    box_size = 9.0
    rtl = False              # set by render(): the active language is written right to left

    # --- what a document supplies -------------------------------------------------------

    def draw_header(self, canvas, page: PageInfo) -> None:
        """Draw in the band of ``header_height`` at the top of the page."""

    def draw_footer(self, canvas, page: PageInfo) -> None:
        """Draw in the band of ``footer_height`` at the bottom of the page."""

    def describe(self, canvas) -> None:
        """Set the document's metadata (title, author, subject, keywords)."""

    # --- layout and drawing ---------------------------------------------------------------

    @property
    def table_width(self) -> float:
        return self.page_size[0] - 2 * self.margin

    def mirror_x(self, x: float) -> float:
        """Where the left-to-right layout's ``x`` is drawn: itself, or its mirror image on a right-to-left page."""
        return self.page_size[0] - x if self.rtl else x

    def put_text(self, canvas, x: float, y: float, text: str, size: float, bold: bool = False,
                 align: str = "left") -> float:
        """``draw_text`` at the left-to-right layout's ``x`` and ``align``, mirrored on a right-to-left page
        (a left-aligned item at the left margin becomes a right-aligned one at the right margin)."""
        if self.rtl:
            align = {"left": "right", "right": "left"}.get(align, align)
        return draw_text(canvas, self.mirror_x(x), y, text, size, bold, align, rtl=self.rtl)

    def _rect(self, canvas, x: float, y: float, width: float, height: float, **kwargs) -> None:
        canvas.rect(self.mirror_x(x + width) if self.rtl else x, y, width, height, **kwargs)

    def column_widths(self, section: Section) -> list[float]:
        total = sum(c.width for c in section.columns)
        return [self.table_width * c.width / total for c in section.columns]

    def render(self, sections: Sequence[Section | Figure]) -> Rendered:
        self.rtl = is_right_to_left()
        pages = self._paginate(sections)
        buffer = io.BytesIO()
        canvas = Canvas(buffer, pagesize=self.page_size, pageCompression=1)
        self.describe(canvas)
        for number, items in enumerate(pages, start=1):
            patients = tuple(dict.fromkeys(i.row.patient for i in items if i.row is not None and i.row.patient))
            info = PageInfo(number, len(pages), patients)
            self.draw_header(canvas, info)
            y = self.page_size[1] - self.margin - self.header_height
            for item in items:
                self._draw_item(canvas, item, y)
                y -= item.height
            self.draw_footer(canvas, info)
            canvas.showPage()
        canvas.save()
        return Rendered(buffer.getvalue(), len(pages))

    def _paginate(self, sections: Sequence[Section | Figure]) -> list[list[_Item]]:
        frame = self.page_size[1] - 2 * self.margin - self.header_height - self.footer_height
        pages: list[list[_Item]] = [[]]
        room = frame

        def new_page() -> None:
            nonlocal room
            pages.append([])
            room = frame

        for section in sections:
            if isinstance(section, Figure):
                title = _Item("title", section, self.title_size * 2.0)
                figure = _Item("figure", section, float(section.drawing.height) + 4)
                if title.height + figure.height > room and pages[-1]:
                    new_page()
                pages[-1] += [title, figure]
                room -= title.height + figure.height
                continue
            title = _Item("title", section, self.title_size * 2.0)
            head = _Item("head", section, self.head_size + 2 * self.pad + 1)
            rows = [self._row_item(section, r) for r in section.rows] or \
                [_Item("empty", section, self.min_row_height)]
            if title.height + head.height + rows[0].height > room and pages[-1]:
                new_page()
            pages[-1] += [title, head]
            room -= title.height + head.height
            for item in rows:
                if item.height > room:
                    new_page()
                    again = _Item("title", section, title.height, continued=True)
                    pages[-1] += [again, head]
                    room -= again.height + head.height
                pages[-1].append(item)
                room -= item.height
        return pages if pages[-1] else pages[:-1] or [[]]

    def _row_item(self, section: Section, row: Row) -> _Item:
        cells = []
        lines_max = 1
        for column, width, text in zip(section.columns, self.column_widths(section), row.cells):
            inner = width - 2 * self.pad
            if column.wrap:
                lines = wrap(text, inner, self.font_size, column.bold)[:MAX_WRAPPED_LINES]
                fitted = [fit(line, inner, self.font_size, self.min_font_size, column.bold) for line in lines]
            else:
                fitted = [fit(text, inner, self.font_size, self.min_font_size, column.bold)]
            cells.append(fitted)
            lines_max = max(lines_max, len(fitted))
        height = max(self.min_row_height, lines_max * self.font_size * LINE_SPACING + 2 * self.pad)
        if any(c.box for c in section.columns):
            height = max(height, self.box_size + 2 * self.pad + 2)
        return _Item("row", section, height, cells, row)

    def _draw_item(self, canvas, item: _Item, top: float) -> None:
        x0, section = self.margin, item.section
        if item.kind == "title":
            title = str(section.title) if not item.continued else isolated(_("{title} (continued)"), title=section.title)
            self.put_text(canvas, x0, top - self.title_size * 1.4, title, self.title_size, bold=True)
            if section.note and not item.continued:
                canvas.setFillColorRGB(*GREY)
                self.put_text(canvas, x0 + self.table_width, top - self.title_size * 1.4,
                          fit(str(section.note), self.table_width * 0.5, self.font_size).text, self.font_size, align="right")
                canvas.setFillColorRGB(0, 0, 0)
            return
        if item.kind == "figure":
            from reportlab.graphics import renderPDF  # only documents with figures need it

            width = float(section.drawing.width)
            renderPDF.draw(section.drawing, canvas, self.mirror_x(x0 + width) if self.rtl else x0, top - item.height + 2)
            return
        widths = self.column_widths(section)
        bottom = top - item.height
        fill = HEAD_FILL if item.kind == "head" else ALERT_FILL if item.row is not None and item.row.alert else None
        if fill:
            canvas.setFillColorRGB(*fill)
            canvas.rect(x0, bottom, self.table_width, item.height, stroke=0, fill=1)
            canvas.setFillColorRGB(0, 0, 0)
        canvas.setStrokeColorRGB(*GREY)
        canvas.setLineWidth(0.3)
        canvas.rect(x0, bottom, self.table_width, item.height, stroke=1, fill=0)
        if item.kind == "empty":
            self.put_text(canvas, x0 + self.pad, bottom + self.pad + 1.5, str(section.empty), self.font_size)
            return
        x = x0
        for i, (column, width) in enumerate(zip(section.columns, widths)):
            if i:
                canvas.line(self.mirror_x(x), bottom, self.mirror_x(x), top)
            if item.kind == "head":
                head = fit(str(column.title), width - 2 * self.pad, self.head_size, 4.5, True)
                self.put_text(canvas, x + self.pad, bottom + self.pad + 1, head.text, head.size, bold=True)
            else:
                self._draw_cell(canvas, column, item.cells[i], x, width, top, bottom)
            x += width

    def _draw_cell(self, canvas, column: Column, lines, x: float, width: float, top: float, bottom: float) -> None:
        if column.box and not any(line.text for line in lines):
            side = self.box_size
            canvas.setStrokeColorRGB(0, 0, 0)
            canvas.setLineWidth(0.6)
            self._rect(canvas, x + (width - side) / 2, bottom + (top - bottom - side) / 2, side, side, stroke=1, fill=0)
            canvas.setStrokeColorRGB(*GREY)
            canvas.setLineWidth(0.3)
            return
        y = top - self.pad - self.font_size
        for line in lines:
            if column.align == "right":
                self.put_text(canvas, x + width - self.pad, y, line.text, line.size, column.bold, "right")
            else:
                self.put_text(canvas, x + self.pad, y, line.text, line.size, column.bold)
            y -= self.font_size * LINE_SPACING
