"""Barcodes drawn as vector shapes: Code 128 (reportlab) and square DataMatrix (zxing-cpp).

Every module is a whole number of printer dots and every edge is on the printer's dot
grid (``dots.DotGrid``: origin, module width and quiet zones), so a thermal printer
prints each bar exactly as wide as it should be: a bar of 2.4 dots, or a 2-dot bar that
starts at 54.8 dots, prints as 2 or 3 and a worn head's spread then makes it unreadable.
Each function returns the symbol's size so layouts and tests know exactly where it is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import zxingcpp
from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.units import inch

from bench_app.reports.dots import DotGrid

# Each bar is drawn this fraction of a dot inside its edges: PDFium (QtPdf) fills a rectangle outward to whole
# pixels, so a bar whose edge the PDF's six significant digits put 0.00001 dot outside the grid gained a dot.
INSET = 0.02
CODE128_QUIET_MODULES = 10     # ISO/IEC 15417: at least ten modules of white each side
DATAMATRIX_QUIET_MODULES = 1   # ISO/IEC 16022: at least one module all round


@dataclass(frozen=True)
class BarcodeBox:
    """Where a symbol went: the box includes its quiet zones. Points, from the lower left."""

    symbology: str
    value: str
    x: float
    y: float
    width: float
    height: float
    module: float
    module_dots: int = 0     # the module in printer dots
    left_dots: int = 0       # where the symbol itself starts (after the quiet zone), in dots from the page's left
    top_dots: int = 0        # the symbol's top, in dots from the page's top


def dot(dpi: int) -> float:
    return inch / dpi


class _GridCode128(Code128):
    """Reportlab's Code 128 with each bar drawn just inside its grid edges (see ``INSET``)."""

    inset_x = inset_y = 0.0

    def rect(self, x, y, w, h):
        self.canv.rect(x + self.inset_x, y + self.inset_y, w - 2 * self.inset_x, h - 2 * self.inset_y,
                       stroke=0, fill=1)


@lru_cache(maxsize=1024)
def code128_modules(value: str) -> float:
    """The number of modules of the symbol itself (without quiet zones)."""
    return Code128(value, barWidth=1, quiet=0).width


def code128_module_dots(value: str, width_dots: int, dot_pt: float, max_module: float | None = None) -> int:
    """The widest whole-dot module with which the symbol and its quiet zones fit ``width_dots``."""
    modules = code128_modules(value) + 2 * CODE128_QUIET_MODULES
    dots = math.floor(width_dots / modules)
    if max_module is not None:
        dots = min(dots, max(1, math.floor(max_module / dot_pt + 1e-6)))
    return max(dots, 0)


def draw_code128(canvas, value: str, x: float, y: float, max_width: float, height: float, grid: DotGrid,
                 max_module: float | None = None, origin: tuple[float, float] = (0.0, 0.0)) -> BarcodeBox:
    """Draw centred in ``max_width`` on ``grid``; raise ValueError when not even one dot per module fits.

    ``origin`` is where the canvas's (0, 0) is on the page: it must be on the grid.
    """
    start = grid.x_dots(x)
    available = grid.width_dots(max_width - (start * grid.dx - x))
    m = code128_module_dots(value, available, grid.dx, max_module)
    if m <= 0:
        raise ValueError(f"a Code 128 symbol for {value} does not fit in {max_width / 72 * 25.4:.1f} mm")
    bars = int(code128_modules(value)) * m
    left_dots = start + (available - bars) // 2
    bottom_dots = grid.y_dots(y)
    height_dots = grid.height_dots(height - (bottom_dots * grid.dy - y))
    module = m * grid.dx
    symbol = _GridCode128(value, barWidth=module, barHeight=height_dots * grid.dy, quiet=0)
    symbol.inset_x, symbol.inset_y = INSET * grid.dx, INSET * grid.dy
    symbol.drawOn(canvas, left_dots * grid.dx, bottom_dots * grid.dy)
    quiet = CODE128_QUIET_MODULES * module
    page_left = round(origin[0] / grid.dx) + left_dots
    page_top = grid.rows - round(origin[1] / grid.dy) - bottom_dots - height_dots
    return BarcodeBox("code128", value, left_dots * grid.dx - quiet, bottom_dots * grid.dy, bars * grid.dx + 2 * quiet,
                      height_dots * grid.dy, module, m, page_left, page_top)


@lru_cache(maxsize=1024)
def datamatrix_matrix(value: str) -> tuple[tuple[bool, ...], ...]:
    """The square DataMatrix symbol's modules, True for dark, row 0 at the top."""
    image = zxingcpp.create_barcode(value, zxingcpp.BarcodeFormat.DataMatrix, force_square=True) \
        .to_image(scale=1, add_quiet_zones=False)
    view = memoryview(image)
    rows, cols = view.shape
    return tuple(tuple(view[r, c] < 128 for c in range(cols)) for r in range(rows))


def datamatrix_module_dots(value: str, side_dots: int) -> int:
    n = len(datamatrix_matrix(value)) + 2 * DATAMATRIX_QUIET_MODULES
    return math.floor(side_dots / n)


def draw_datamatrix(canvas, value: str, x: float, y: float, side: float, grid: DotGrid,
                    origin: tuple[float, float] = (0.0, 0.0)) -> BarcodeBox:
    """Draw in the square of ``side`` at (x, y), centred, with whole-dot modules on ``grid``."""
    matrix = datamatrix_matrix(value)
    left0, bottom0 = grid.x_dots(x), grid.y_dots(y)
    side_dots = min(grid.width_dots(side - (left0 * grid.dx - x)), grid.height_dots(side - (bottom0 * grid.dy - y)))
    m = datamatrix_module_dots(value, side_dots)
    if m <= 0:
        raise ValueError(f"a DataMatrix symbol for {value} does not fit in {side / 72 * 25.4:.1f} mm")
    n = len(matrix)
    q = DATAMATRIX_QUIET_MODULES * m
    full = n * m + 2 * q
    left = left0 + (side_dots - full) // 2 + q          # the symbol's left edge, in dots
    top = bottom0 + (side_dots + full) // 2 - q          # its top edge, in dots up from the label's bottom
    dx, dy = grid.dx, grid.dy
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    path = canvas.beginPath()
    for r, row in enumerate(matrix):
        c = 0
        while c < n:  # one rectangle per horizontal run of dark modules
            if not row[c]:
                c += 1
                continue
            start = c
            while c < n and row[c]:
                c += 1
            path.rect((left + start * m + INSET) * dx, (top - (r + 1) * m + INSET) * dy,
                      ((c - start) * m - 2 * INSET) * dx, (m - 2 * INSET) * dy)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
    page_left = round(origin[0] / dx) + left
    page_top = grid.rows - round(origin[1] / dy) - top
    return BarcodeBox("datamatrix", value, (left - q) * dx, (top - n * m - q) * dy, full * dx, full * dy,
                      m * dx, m, page_left, page_top)
