"""ZPL II for Zebra label printers, from the same layout as the PDF labels.

Positions and sizes come from ``labels.layout_label`` converted to printer dots, so a
label looks the same on a Zebra as in the PDF preview. Text lines were fitted with
DejaVu Sans widths; the printer's font 0 is narrower, so a fitted line fits there too.
Lines with letters outside ASCII are sent as UTF-8 (``^CI28``), already shaped and in
visual order, in the printer's Unicode font (``unicode_font``, by default Zebra's
Swiss 721 Unicode file, which the printer must hold). Barcodes are the printer's own
``^BC`` (Code 128) and ``^BX`` (DataMatrix ECC 200) with whole-dot modules.
"""

from __future__ import annotations

from typing import Sequence

from reportlab.lib.units import inch

from bench_app.domain.labels import Symbology
from bench_app.reports.barcodes import (
    DATAMATRIX_QUIET_MODULES, code128_module, code128_modules, datamatrix_matrix,
    datamatrix_module,
)
from bench_app.reports.labels import MAX_CODE128_MODULE, LabelLayout
from bench_app.reports.text import visual

DEFAULT_UNICODE_FONT = "E:TT0003M_.TTF"
_SAFE = set(chr(c) for c in range(32, 127)) - set("^~\\")


def _escape(text: str) -> str:
    """Field data for ``^FH\\``: anything but plain ASCII as \\XX bytes of its UTF-8."""
    return "".join(ch if ch in _SAFE else "".join(f"\\{b:02X}" for b in ch.encode("utf-8")) for ch in text)


def label_zpl(layout: LabelLayout, *, copies: int = 1, unicode_font: str = DEFAULT_UNICODE_FONT) -> str:
    dpi = layout.stock.dpi

    def dots(points: float) -> int:
        return max(0, round(points / inch * dpi))

    height = dots(layout.height)
    out = ["^XA", "^CI28", f"^PW{dots(layout.width)}", f"^LL{height}", "^LH0,0"]
    for t in layout.texts:
        size = dots(t.size)
        top = height - dots(t.y + t.size * 0.76)   # the cell's top, from the baseline and the ascent
        left = dots(t.x - t.max_width) if t.align == "right" else dots(t.x)
        shown = visual(t.text)
        font = f"^A0N,{size},0" if shown.isascii() else f"^A@N,{size},{size},{unicode_font}"
        justify = "R" if t.align == "right" else "L"
        out.append(f"^FO{left},{max(0, top)}{font}^FB{dots(t.max_width)},1,0,{justify}^FH\\^FD{_escape(shown)}^FS")
    b = layout.barcode
    if b.symbology == Symbology.DATAMATRIX:
        n = len(datamatrix_matrix(b.value))
        module = dots(datamatrix_module(b.value, b.width, dpi))
        full = (n + 2 * DATAMATRIX_QUIET_MODULES) * module
        x = dots(b.x) + (dots(b.width) - full) // 2 + DATAMATRIX_QUIET_MODULES * module
        y = height - dots(b.y) - (dots(b.height) + full) // 2 + DATAMATRIX_QUIET_MODULES * module
        out.append(f"^FO{x},{y}^BXN,{module},200,{n},{n}^FD{b.value}^FS")
    else:
        module = dots(code128_module(b.value, b.width, dpi, MAX_CODE128_MODULE))
        bars = int(code128_modules(b.value)) * module
        x = dots(b.x) + (dots(b.width) - bars) // 2
        bar_height = dots(b.height)
        out.append(f"^BY{module},3,{bar_height}")
        out.append(f"^FO{x},{height - dots(b.y) - bar_height}^BCN,{bar_height},N,N,N,A^FD{b.value}^FS")
    out.append(f"^PQ{copies},0,1,Y")
    out.append("^XZ")
    return "\n".join(out) + "\n"


def labels_zpl(layouts: Sequence[LabelLayout], *, copies: int = 1, unicode_font: str = DEFAULT_UNICODE_FONT) -> bytes:
    """One ZPL format per label, each printed ``copies`` times, as UTF-8 bytes."""
    return "".join(label_zpl(layout, copies=copies, unicode_font=unicode_font) for layout in layouts).encode("utf-8")
