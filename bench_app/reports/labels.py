"""Tube, cryo and dish labels: one layout engine, drawn to PDF here and to ZPL in ``zpl.py``.

``layout_label`` places every line and the barcode on a stock and records each
line's measured width and the width it was given, so nothing overflows and tests can
check it. Lines shrink to their minimum size first; a line that still does not fit is
cut with '…' and the layout carries a warning the app shows before printing.

Each line takes its script's height: an Arabic line reaches further below its baseline
(the dots under ي, ب, ج) and above it (stacked marks) than a Latin one, so the line
below an Arabic line starts below the Arabic font's descent and never touches it. The
barcode is drawn on the dot grid of the printer the labels are made for (``dpi``).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import Sequence

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from bench_app.domain.labels import LabelData, LabelKind, LabelStock, Symbology
from bench_app.i18n import _, isolated
from bench_app.reports.barcodes import BarcodeBox, draw_code128, draw_datamatrix
from bench_app.reports.dots import DotGrid, page_grid
from bench_app.reports.text import draw_text, fit, has_arabic, line_extent, text_width

GAP = 0.6 * mm
LEADING = 1.18
MIN_BARCODE_HEIGHT = 4.0 * mm
MAX_CODE128_MODULE = 0.5 * mm


@dataclass(frozen=True)
class PlacedText:
    role: str
    text: str
    x: float            # left edge, or right edge when align is 'right'
    y: float            # baseline
    size: float
    bold: bool
    align: str
    max_width: float
    width: float
    truncated: bool

    @property
    def left(self) -> float:
        return self.x - self.width if self.align == "right" else self.x


@dataclass(frozen=True)
class PlacedBarcode:
    symbology: Symbology
    value: str
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class LabelLayout:
    data: LabelData
    stock: LabelStock
    width: float
    height: float
    texts: tuple[PlacedText, ...]
    barcode: PlacedBarcode

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(f"The {t.role.replace('_', ' ')} of {self.data.code} does not fit on {self.stock.title} "
                     f"and is cut: '{t.text}'." for t in self.texts if t.truncated)


def _line(role, text, x, y, max_width, size, min_size, bold=False, align="left") -> PlacedText:
    f = fit(text, max_width, size, min_size, bold)
    return PlacedText(role, f.text, x, y, f.size, bold, align, max_width, f.width, f.truncated)


def _pair(role, left, right, x, y, width, size, min_size, left_bold, right_share=0.4) -> list[PlacedText]:
    """Two parts on one line: ``right`` flush right, ``left`` (the identifier) in what remains.

    The right part has what the left one does not need, and at least ``right_share``.
    """
    if not right:
        return [_line(role, left, x, y, width, size, min_size, left_bold)]
    needed = text_width(left, size, left_bold) + 2 * GAP
    r = _line(role + "_right", right, x + width, y, max(width * right_share, width - needed), size, min_size,
              align="right")
    rest = width - r.width - 2 * GAP
    return [_line(role, left, x, y, rest, size, min_size, left_bold), r]


def _extent(text: str, size: float, bold: bool, first: bool = False) -> tuple[float, float]:
    """(above, below) the baseline a line needs: a Latin line keeps the label's own leading
    (the size above, 18% below); an Arabic one its font's whole ascent and descent, except
    above the first line, where marks may reach into the margin (there is no line above)."""
    if not has_arabic(text):
        return size, (LEADING - 1) * size
    ascent, descent = line_extent(text, bold)
    return (size if first else max(1.0, ascent) * size), max(LEADING - 1, descent) * size


def _lines(data: LabelData) -> list[tuple[str, str, str, bool]]:
    """(role, left text, right text, bold) from the top; the patient's name first, always."""
    # A cane's second line is its canister.
    # Translators: "MRN" on a tube or straw label; keep it short (a cryo label is 32 mm wide).
    second = data.mrn if data.kind == LabelKind.CANE else isolated(_("MRN {mrn}"), mrn=data.mrn)
    lines = [("name", data.patient_name, "", True), ("mrn", second, data.date_text, True),
             ("code", data.code, data.detail, True)]
    extra = " · ".join(t for t in (data.third_id, data.legend) if t)
    if extra:
        lines.append(("third_id", extra, "", False))
    return lines


def layout_label(data: LabelData, stock: LabelStock) -> LabelLayout:
    if stock.barcode == Symbology.DATAMATRIX:
        return _layout_square(data, stock)
    return _layout_wide(data, stock)


def _layout_wide(data: LabelData, stock: LabelStock) -> LabelLayout:
    """Text lines across the top, a Code 128 symbol across the bottom."""
    W, H, m = stock.label_width_mm * mm, stock.label_height_mm * mm, stock.margin_mm * mm
    k = max(0.8, min(1.4, stock.label_height_mm / 25))
    sizes = {"name": (8.5 * k, 5.0), "mrn": (7 * k, 4.5), "code": (7 * k, 4.5), "third_id": (6.5 * k, 4.5)}
    inner = W - 2 * m
    y = H - m
    texts: list[PlacedText] = []
    for role, left, right, bold in _lines(data):
        size, min_size = sizes[role]
        above, below = _extent(f"{left} {right}", size, bold, first=not texts)
        y -= above
        texts.extend(_pair(role, left, right, m, y, inner, size, min_size, bold))
        y -= below
    height = max(MIN_BARCODE_HEIGHT, y - m - GAP)
    return LabelLayout(data, stock, W, H, tuple(texts),
                       PlacedBarcode(Symbology.CODE128, data.code, m, m, inner, height))


def _layout_square(data: LabelData, stock: LabelStock) -> LabelLayout:
    """A DataMatrix square on the left, four short lines beside it (tiny cryo labels)."""
    W, H, m = stock.label_width_mm * mm, stock.label_height_mm * mm, stock.margin_mm * mm
    side = H - 2 * m
    x = m + side + GAP
    width = W - m - x
    lines = _lines(data)
    sizes = {"name": (6.5, 3.5), "mrn": (5.5, 3.5), "code": (5.5, 3.5), "third_id": (5.0, 3.5)}
    # Beside the square there is room for one part a line: the date is the freeze date below.
    shown = [(role, left if role != "mrn" or data.third_id else f"{left} {right}".strip(), bold)
             for role, left, right, bold in lines]
    total = sum(sum(_extent(text, sizes[role][0], bold, first=i == 0)) for i, (role, text, bold) in enumerate(shown))
    scale = min(1.0, side / total)
    y = H - m - max(0.0, (side - total * scale) / 2)
    texts: list[PlacedText] = []
    for role, text, bold in shown:
        size, min_size = sizes[role][0] * scale, sizes[role][1]
        above, below = _extent(text, max(size, min_size), bold, first=not texts)
        y -= above
        texts.append(_line(role, text, x, y, width, max(size, min_size), min_size, bold))
        y -= below
    return LabelLayout(data, stock, W, H, tuple(texts), PlacedBarcode(Symbology.DATAMATRIX, data.code, m, m, side, side))


def draw_label(canvas, layout: LabelLayout, grid: DotGrid, x: float = 0.0, y: float = 0.0) -> BarcodeBox:
    """Draw at (x, y) on the page, which must be a point of ``grid`` (the page's dot grid)."""
    canvas.saveState()
    canvas.translate(x, y)
    canvas.setFillColorRGB(0, 0, 0)
    for t in layout.texts:
        draw_text(canvas, t.x, t.y, t.text, t.size, t.bold, t.align)
    b = layout.barcode
    if b.symbology == Symbology.DATAMATRIX:
        box = draw_datamatrix(canvas, b.value, b.x, b.y, b.width, grid, origin=(x, y))
    else:
        box = draw_code128(canvas, b.value, b.x, b.y, b.width, b.height, grid, MAX_CODE128_MODULE, origin=(x, y))
    canvas.restoreState()
    return box


def build_labels_pdf(labels: Sequence[LabelData], stock: LabelStock, *, copies: int = 1,
                     start_position: int = 1, title: str = "Bench labels", author: str = "",
                     dpi: int | None = None) -> bytes:
    """Roll stock: one page per label. Sheet stock: labels in order from ``start_position`` (1-based).

    Barcodes sit on the dot grid of a printer of ``dpi`` (by default the stock's usual printer).
    """
    layouts = [layout_label(d, stock) for d in labels for _ in range(copies)]
    return build_layouts_pdf(layouts, dpi or stock.dpi, start_position=start_position, title=title, author=author)


def build_layouts_pdf(layouts: Sequence[LabelLayout], dpi: int, *, start_position: int = 1,
                      title: str = "Bench labels", author: str = "") -> bytes:
    stock = layouts[0].stock
    buffer = io.BytesIO()
    page_w, page_h = (v * mm for v in stock.page_size_mm)
    grid = page_grid(page_w, page_h, dpi)
    canvas = Canvas(buffer, pagesize=(page_w, page_h), pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor(author)
    canvas.setCreator("Bench")
    slot = (start_position - 1) if stock.is_sheet else 0
    for i, layout in enumerate(layouts):
        if stock.is_sheet and slot and slot % stock.per_page == 0:
            canvas.showPage()
        elif not stock.is_sheet and i:
            canvas.showPage()
        ox, oy = stock.origin_mm(slot)
        # A sheet's label moves by less than a dot so that its barcode is on the page's grid.
        draw_label(canvas, layout, grid, round(ox * mm / grid.dx) * grid.dx, round(oy * mm / grid.dy) * grid.dy)
        slot += 1
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def place_barcode(layout: LabelLayout, grid: DotGrid) -> BarcodeBox:
    """Where a roll label's barcode goes on ``grid``, exactly as ``draw_label`` draws it."""
    canvas = Canvas(io.BytesIO(), pagesize=(layout.width, layout.height))
    b = layout.barcode
    if b.symbology == Symbology.DATAMATRIX:
        return draw_datamatrix(canvas, b.value, b.x, b.y, b.width, grid)
    return draw_code128(canvas, b.value, b.x, b.y, b.width, b.height, grid, MAX_CODE128_MODULE)


def line_box(t: PlacedText, grid: DotGrid) -> tuple[int, int, int, int]:
    """(left, top, width, height) in dots from a roll label's top left: the room the line was given."""
    above, below = _extent(t.text, t.size, t.bold)
    left = math.floor(t.left / grid.dx)
    right = math.ceil((t.left + t.width) / grid.dx)
    top = max(0, grid.rows - math.ceil((t.y + above) / grid.dy))
    bottom = min(grid.rows, grid.rows - math.floor((t.y - below) / grid.dy))
    return max(0, left), top, min(grid.columns, right) - max(0, left), bottom - top


def sample_label_text(kind: LabelKind) -> str:
    return {LabelKind.TUBE: "tube label", LabelKind.CRYO: "cryo label", LabelKind.DISH: "dish label",
            LabelKind.CANE: "cane label"}[kind]
