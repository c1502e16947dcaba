"""ZPL II for Zebra label printers, from the same layout as the PDF labels, at the printer's resolution.

Positions and sizes come from ``labels.layout_label`` on the dot grid of the printer the
ZPL is for (203, 300 or 600 dpi: the label printer's declared resolution), so a label is
the same size on any Zebra and looks as in the PDF preview. Barcodes are the printer's
own ``^BC`` (Code 128) and ``^BX`` (DataMatrix ECC 200), at exactly the place and with
exactly the whole-dot module the PDF label has. Plain ASCII lines use the printer's font
0 (narrower than DejaVu Sans, so a fitted line fits there too). A line with any other
letter (Arabic, Greek, Cyrillic, Turkish İ) is sent as a graphic (``^GF``): Bench renders
the PDF label at the printer's resolution and sends that line's dots, so it prints
exactly as on the PDF label, on any Zebra, with no font installed on the printer.
"""

from __future__ import annotations

from typing import Sequence

from bench_app.domain.labels import Symbology
from bench_app.reports.barcodes import datamatrix_matrix
from bench_app.reports.dots import DotGrid, page_grid
from bench_app.reports.labels import LabelLayout, PlacedText, build_layouts_pdf, line_box, place_barcode
from bench_app.reports.text import visual

_SAFE = set(chr(c) for c in range(32, 127)) - set("^~\\")
INK_THRESHOLD = 128      # a rendered pixel darker than this prints as a dot


def _escape(text: str) -> str:
    """Field data for ``^FH\\``: the three ZPL control characters as \\XX bytes."""
    return "".join(ch if ch in _SAFE else "".join(f"\\{b:02X}" for b in ch.encode("utf-8")) for ch in text)


def needs_graphic(text: str) -> bool:
    """Whether a line must be sent as dots: anything but plain printable ASCII."""
    return not all(ch in _SAFE or ch in "^~\\" for ch in text)


def graphic_field(pixels, left: int, top: int, width: int, height: int) -> str:
    """``^GF`` (ASCII hex) of the ``width`` x ``height`` dots at (left, top) of a grey image (``getpixel``)."""
    per_row = (width + 7) // 8
    rows = []
    for y in range(top, top + height):
        bits = 0
        for x in range(left, left + per_row * 8):
            dark = x < left + width and pixels.getpixel((x, y)) < INK_THRESHOLD
            bits = (bits << 1) | dark
        rows.append(f"{bits:0{per_row * 2}X}")
    total = per_row * height
    return f"^FO{left},{top}^GFA,{total},{total},{per_row},{''.join(rows)}^FS"


def label_zpl(layout: LabelLayout, *, dpi: int, copies: int = 1, darkness: int | None = None,
              speed: int | None = None, raster=None) -> str:
    """One ZPL format; ``raster`` is the label rendered at ``dpi`` (made here when a line needs it)."""
    grid = page_grid(layout.width, layout.height, dpi)
    out = ["^XA", "^CI28", f"^PW{grid.columns}", f"^LL{grid.rows}", "^LH0,0", "^PON"]
    if darkness is not None:
        out.insert(0, f"~SD{darkness:02d}")
    if speed is not None:
        out.append(f"^PR{speed}")
    for t in layout.texts:
        if needs_graphic(visual(t.text)):
            if raster is None:
                raster = render_label(layout, grid)
            out.append(graphic_field(raster, *line_box(t, grid)))
        else:
            out.append(_text_field(t, grid))
    box = place_barcode(layout, grid)
    if layout.barcode.symbology == Symbology.DATAMATRIX:
        n = len(datamatrix_matrix(box.value))
        out.append(f"^FO{box.left_dots},{box.top_dots}^BXN,{box.module_dots},200,{n},{n}^FD{_escape(box.value)}^FS")
    else:
        height = round(box.height / grid.dy)
        out.append(f"^BY{box.module_dots},3,{height}")
        out.append(f"^FO{box.left_dots},{box.top_dots}^BCN,{height},N,N,N,A^FD{_escape(box.value)}^FS")
    out.append(f"^PQ{copies},0,1,Y")
    out.append("^XZ")
    return "\n".join(out) + "\n"


def _text_field(t: PlacedText, grid: DotGrid) -> str:
    size = max(1, round(t.size / grid.dy))
    top = grid.rows - round((t.y + t.size * 0.76) / grid.dy)   # the cell's top, from the baseline and the ascent
    left = round((t.x - t.max_width) / grid.dx) if t.align == "right" else round(t.x / grid.dx)
    justify = "R" if t.align == "right" else "L"
    return (f"^FO{max(0, left)},{max(0, top)}^A0N,{size},0^FB{round(t.max_width / grid.dx)},1,0,{justify}"
            f"^FH\\^FD{_escape(visual(t.text))}^FS")


def render_label(layout: LabelLayout, grid: DotGrid):
    """The PDF label rendered at the grid's resolution, one pixel a dot, as a grey PIL image."""
    import pypdfium2   # only when a label has a non-ASCII line

    pdf = pypdfium2.PdfDocument(build_layouts_pdf([layout], grid.dpi))
    try:
        page = pdf[0]
        bitmap = page.render(scale=grid.columns / page.get_width(), may_draw_forms=False)
        image = bitmap.to_pil().convert("L")
    finally:
        pdf.close()
    if image.size != (grid.columns, grid.rows):   # PDFium rounds the height on its own: white paper beyond it
        paper = image.copy().resize((grid.columns, grid.rows))
        paper.paste(255, (0, 0, grid.columns, grid.rows))
        paper.paste(image, (0, 0))
        image = paper
    return image


def labels_zpl(layouts: Sequence[LabelLayout], *, dpi: int, copies: int = 1, darkness: int | None = None,
               speed: int | None = None) -> bytes:
    """One ZPL format per label, each printed ``copies`` times, as bytes (ASCII: text beyond it is dots)."""
    return "".join(label_zpl(layout, dpi=dpi, copies=copies, darkness=darkness, speed=speed)
                   for layout in layouts).encode("utf-8")
