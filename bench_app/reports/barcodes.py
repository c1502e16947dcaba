"""Barcodes drawn as vector shapes: Code 128 (reportlab) and square DataMatrix (zxing-cpp).

Module widths are whole printer dots of the label stock's resolution, so a thermal
printer prints every bar the same width (a bar of 2.4 dots prints as 2 or 3 and can
make the symbol unreadable). Each function returns the symbol's size so layouts and
tests know exactly where it is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import zxingcpp
from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.units import inch

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


def dot(dpi: int) -> float:
    return inch / dpi


@lru_cache(maxsize=1024)
def code128_modules(value: str) -> float:
    """The number of modules of the symbol itself (without quiet zones)."""
    return Code128(value, barWidth=1, quiet=0).width


def code128_module(value: str, max_width: float, dpi: int, max_module: float | None = None) -> float:
    """The widest whole-dot module with which the symbol and its quiet zones fit ``max_width``."""
    modules = code128_modules(value) + 2 * CODE128_QUIET_MODULES
    dots = math.floor(max_width / modules / dot(dpi))
    if max_module is not None:
        dots = min(dots, max(1, math.floor(max_module / dot(dpi))))
    return max(dots, 0) * dot(dpi)


def draw_code128(canvas, value: str, x: float, y: float, max_width: float, height: float, dpi: int,
                 max_module: float | None = None) -> BarcodeBox:
    """Draw centred in ``max_width``; raise ValueError when not even one dot per module fits."""
    module = code128_module(value, max_width, dpi, max_module)
    if module <= 0:
        raise ValueError(f"a Code 128 symbol for {value} does not fit in {max_width / 72 * 25.4:.1f} mm")
    quiet = CODE128_QUIET_MODULES * module
    symbol = Code128(value, barWidth=module, barHeight=height, quiet=1, lquiet=quiet, rquiet=quiet)
    left = x + (max_width - symbol.width) / 2
    symbol.drawOn(canvas, left, y)
    return BarcodeBox("code128", value, left, y, symbol.width, height, module)


@lru_cache(maxsize=1024)
def datamatrix_matrix(value: str) -> tuple[tuple[bool, ...], ...]:
    """The square DataMatrix symbol's modules, True for dark, row 0 at the top."""
    image = zxingcpp.create_barcode(value, zxingcpp.BarcodeFormat.DataMatrix, force_square=True) \
        .to_image(scale=1, add_quiet_zones=False)
    view = memoryview(image)
    rows, cols = view.shape
    return tuple(tuple(view[r, c] < 128 for c in range(cols)) for r in range(rows))


def datamatrix_module(value: str, side: float, dpi: int) -> float:
    n = len(datamatrix_matrix(value)) + 2 * DATAMATRIX_QUIET_MODULES
    return math.floor(side / n / dot(dpi)) * dot(dpi)


def draw_datamatrix(canvas, value: str, x: float, y: float, side: float, dpi: int) -> BarcodeBox:
    """Draw in the square of ``side`` at (x, y), centred, with whole-dot modules."""
    matrix = datamatrix_matrix(value)
    module = datamatrix_module(value, side, dpi)
    if module <= 0:
        raise ValueError(f"a DataMatrix symbol for {value} does not fit in {side / 72 * 25.4:.1f} mm")
    n = len(matrix)
    full = (n + 2 * DATAMATRIX_QUIET_MODULES) * module
    left = x + (side - full) / 2 + DATAMATRIX_QUIET_MODULES * module
    top = y + (side + full) / 2 - DATAMATRIX_QUIET_MODULES * module
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
            path.rect(left + start * module, top - (r + 1) * module, (c - start) * module, module)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
    return BarcodeBox("datamatrix", value, x + (side - full) / 2, y + (side - full) / 2, full, full, module)
