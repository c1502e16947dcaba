"""Checking printed barcodes dot by dot, as a worn thermal head would print them.

Works on grey PIL images in which one pixel is one printer dot (or ``k`` x ``k`` dots):
finds each symbol with zxing-cpp, checks every bar and space (Code 128) or every module
(DataMatrix) is a whole number of the module's dots, and checks it still reads when
every bar grows by one dot (head spread).
"""

from __future__ import annotations

import zxingcpp
from PIL import Image, ImageChops

from bench_app.reports.barcodes import datamatrix_matrix

DARK = 128


def code128_symbol_modules(value: str) -> int:
    """How many modules a Code 128 symbol of ``value`` has from its first bar to its last (any encoder's)."""
    image = zxingcpp.create_barcode(value, zxingcpp.BarcodeFormat.Code128).to_image(scale=1, add_quiet_zones=False)
    return memoryview(image).shape[1]


def runs(row: list[bool]) -> list[tuple[bool, int]]:
    out: list[tuple[bool, int]] = []
    for dark in row:
        if out and out[-1][0] == dark:
            out[-1] = (dark, out[-1][1] + 1)
        else:
            out.append((dark, 1))
    return out


def symbols(image: Image.Image) -> list:
    return list(zxingcpp.read_barcodes(image))


def _box(result) -> tuple[int, int, int, int]:
    p = result.position
    xs = [p.top_left.x, p.top_right.x, p.bottom_left.x, p.bottom_right.x]
    ys = [p.top_left.y, p.top_right.y, p.bottom_left.y, p.bottom_right.y]
    return min(xs), min(ys), max(xs), max(ys)


def code128_module_dots(image: Image.Image, result) -> tuple[int, list[int]]:
    """(module in pixels, measured widths) on the symbol's middle row: every bar and space must be one to four
    whole modules (a bar and a space of the same module count exactly as wide), the whole as many modules as
    the symbol has (or the check fails with the widths found)."""
    left, top, right, bottom = _box(result)
    y = (top + bottom) // 2
    row = [image.getpixel((x, y)) < DARK for x in range(image.width)]
    first = next(x for x in range(max(0, left - 3), image.width) if row[x])
    last = max(x for x in range(0, min(image.width, right + 4)) if row[x])
    widths = [n for _, n in runs(row[first:last + 1])]
    m = min(widths)
    assert all(w % m == 0 and 1 <= w // m <= 4 for w in widths), f"{result.text}: module {m} px, widths {widths}"
    assert sum(widths) == m * code128_symbol_modules(result.text), f"{result.text}: module {m} px, widths {widths}"
    # and the same on every row of the symbol: no ragged edge anywhere
    for yy in range(top + 1, bottom):
        other = [image.getpixel((x, yy)) < DARK for x in range(first, last + 1)]
        assert other == row[first:last + 1], f"{result.text}: row {yy} differs from row {y}"
    return m, widths


def datamatrix_module_dots(image: Image.Image, result) -> int:
    """The module in pixels: every pixel of the symbol is its module's colour, with whole-pixel modules."""
    matrix = datamatrix_matrix(result.text)
    n = len(matrix)
    left, top, right, bottom = _box(result)
    # the symbol's exact edges: its solid left column and bottom row ("L" finder) are dark
    x0 = next(x for x in range(max(0, left - 3), image.width) if image.getpixel((x, (top + bottom) // 2)) < DARK)
    y1 = max(y for y in range(0, min(image.height, bottom + 4)) if image.getpixel(((left + right) // 2, y)) < DARK)
    x1 = max(x for x in range(0, min(image.width, right + 4)) if image.getpixel((x, y1)) < DARK)
    width = x1 - x0 + 1
    assert width % n == 0, f"{result.text}: {width} px for {n} modules"
    m = width // n
    y0 = y1 + 1 - n * m
    for y in range(y0 - m, y1 + 1 + m):          # the symbol and its one-module quiet zone all round
        for x in range(x0 - m, x1 + 1 + m):
            r, c = (y - y0) // m, (x - x0) // m
            want = 0 <= r < n and 0 <= c < n and matrix[r][c]
            assert (image.getpixel((x, y)) < DARK) == want, f"{result.text}: pixel ({x}, {y}) of module ({r}, {c})"
    return m


def grown(image: Image.Image, dots: int = 1, *, down: bool = False) -> Image.Image:
    """Every dark area ``dots`` wider to the right (and taller downwards with ``down``): a spreading head."""
    out = image
    for _ in range(dots):
        out = ImageChops.darker(out, ImageChops.offset(out, 1, 0))
        if down:
            out = ImageChops.darker(out, ImageChops.offset(out, 0, 1))
    return out


def check_symbols(image: Image.Image, expected: set[str], k: int = 1) -> dict[str, int]:
    """Every expected code is found with whole-dot modules and reads after one dot of spread: its module in dots.

    ``k``: printer dots per pixel; the symbol is then seen as printed, each pixel ``k`` x ``k`` dots.
    """
    found = [r for r in symbols(image) if r.text in expected]
    assert {r.text for r in found} == expected, f"found {[r.text for r in found]}, expected {expected}"
    modules = {}
    for r in found:
        left, top, right, bottom = _box(r)
        pad = max(12, (right - left) // 8)
        crop = image.crop((max(0, left - pad), max(0, top - pad), min(image.width, right + pad),
                           min(image.height, bottom + pad)))
        if k > 1:
            crop = crop.resize((crop.width * k, crop.height * k), Image.Resampling.NEAREST)
        (again,) = [s for s in symbols(crop) if s.text == r.text]
        if r.format == zxingcpp.BarcodeFormat.DataMatrix:
            modules[r.text] = datamatrix_module_dots(crop, again)
        else:
            assert r.format == zxingcpp.BarcodeFormat.Code128, r.format
            modules[r.text] = code128_module_dots(crop, again)[0]
        spread = grown(crop, 1, down=r.format == zxingcpp.BarcodeFormat.DataMatrix)
        assert r.text in {s.text for s in symbols(spread)}, f"{r.text} no longer reads with one dot of head spread"
    return modules
