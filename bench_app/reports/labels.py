"""Tube, cryo and dish labels: one layout engine, drawn to PDF here and to ZPL in ``zpl.py``.

``layout_label`` places every line and the barcode on a stock and records each
line's measured width and the width it was given, so nothing overflows and tests can
check it. Lines shrink to their minimum size first; a line that still does not fit is
cut with '…' and the layout carries a warning the app shows before printing.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Sequence

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from bench_app.domain.labels import LabelData, LabelKind, LabelStock, Symbology
from bench_app.reports.barcodes import BarcodeBox, draw_code128, draw_datamatrix
from bench_app.reports.text import draw_text, fit, text_width

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


def _lines(data: LabelData) -> list[tuple[str, str, str, bool]]:
    """(role, left text, right text, bold) from the top; the patient's name first, always."""
    second = data.mrn if data.kind == LabelKind.CANE else f"MRN {data.mrn}"  # a cane's is its canister
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
        y -= size
        texts.extend(_pair(role, left, right, m, y, inner, size, min_size, bold))
        y -= size * (LEADING - 1)
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
    total = sum(sizes[role][0] * LEADING for role, *_ in lines)
    scale = min(1.0, side / total)
    y = H - m - max(0.0, (side - total * scale) / 2)
    texts: list[PlacedText] = []
    for role, left, right, bold in lines:
        size, min_size = sizes[role][0] * scale, sizes[role][1]
        y -= size
        # Beside the square there is room for one part a line: the date is the freeze date below.
        text = left if role != "mrn" or data.third_id else f"{left} {right}".strip()
        texts.append(_line(role, text, x, y, width, max(size, min_size), min_size, bold))
        y -= size * (LEADING - 1)
    return LabelLayout(data, stock, W, H, tuple(texts), PlacedBarcode(Symbology.DATAMATRIX, data.code, m, m, side, side))


def draw_label(canvas, layout: LabelLayout, x: float = 0.0, y: float = 0.0) -> BarcodeBox:
    canvas.saveState()
    canvas.translate(x, y)
    canvas.setFillColorRGB(0, 0, 0)
    for t in layout.texts:
        draw_text(canvas, t.x, t.y, t.text, t.size, t.bold, t.align)
    b = layout.barcode
    if b.symbology == Symbology.DATAMATRIX:
        box = draw_datamatrix(canvas, b.value, b.x, b.y, b.width, layout.stock.dpi)
    else:
        box = draw_code128(canvas, b.value, b.x, b.y, b.width, b.height, layout.stock.dpi, MAX_CODE128_MODULE)
    canvas.restoreState()
    return box


def build_labels_pdf(labels: Sequence[LabelData], stock: LabelStock, *, copies: int = 1,
                     start_position: int = 1, title: str = "Bench labels", author: str = "") -> bytes:
    """Roll stock: one page per label. Sheet stock: labels in order from ``start_position`` (1-based)."""
    buffer = io.BytesIO()
    page_w, page_h = (v * mm for v in stock.page_size_mm)
    canvas = Canvas(buffer, pagesize=(page_w, page_h), pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor(author)
    canvas.setCreator("Bench")
    layouts = [layout_label(d, stock) for d in labels for _ in range(copies)]
    slot = (start_position - 1) if stock.is_sheet else 0
    for i, layout in enumerate(layouts):
        if stock.is_sheet and slot and slot % stock.per_page == 0:
            canvas.showPage()
        elif not stock.is_sheet and i:
            canvas.showPage()
        ox, oy = stock.origin_mm(slot)
        draw_label(canvas, layout, ox * mm, oy * mm)
        slot += 1
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def sample_label_text(kind: LabelKind) -> str:
    return {LabelKind.TUBE: "tube label", LabelKind.CRYO: "cryo label", LabelKind.DISH: "dish label",
            LabelKind.CANE: "cane label"}[kind]
