"""PDF bytes in Qt: loading them for QtPdf, and printing their pages on any QPrinter.

QtPdf draws a page only as an image, so each page is rendered as a raster of the
printer's own dots and painted onto a printer page of the PDF page's own size, in
portrait: a 50 x 25 mm label reaches the driver as a 50 x 25 mm page (CUPS:
``Custom.50x25mm``), upright, an A4 worksheet as an A4 page.

The raster is one pixel per printer dot (or, for a big page on a fine printer, one pixel
per 2 x 2 or 3 x 3 dots, never a fraction), painted with no scaling in between and sent
lossless (no JPEG), so a barcode laid out on the printer's dot grid prints with every bar
exactly its number of dots. The printer's resolution is the one IT declared for a label
printer (the system reports 1200 dpi for a 203-dpi Zebra queue), else what it reports.
"""

from __future__ import annotations

from typing import Callable, Sequence

from bench_app.label_printers import LabelPrinter, printer_for_queue
from ui.qt import (
    QBuffer, QByteArray, QColor, QImage, QIODevice, QObject, QPageLayout, QPageSize, QPainter, QPdfDocument, QPrinter,
    QRectF, QSize,
)

MAX_DPI = 600
MAX_PIXELS = 9_000_000    # per rendered page: A4 at about 300 dpi (the print engine compresses every pixel)


class PrintFailed(Exception):
    """The printer could not be started (no such printer, a file that cannot be written)."""


def load_pdf(data: bytes, parent: QObject | None = None) -> QPdfDocument:
    """A QPdfDocument over ``data``; the buffer it reads lives as long as the document."""
    document = QPdfDocument(parent)
    buffer = QBuffer(document)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)  # the document owns the buffer (its parent), so it lives as long
    return document


def page_layout(document: QPdfDocument, page: int) -> QPageLayout:
    """A borderless portrait layout of exactly the PDF page's size (a label wider than tall stays so:
    a 25 x 50 mm page turned landscape reaches a label driver sideways, across two labels)."""
    size = document.pagePointSize(page)
    # In millimetres: QPageSize rounds points to whole points (a 50 mm label would print 50.09 mm wide).
    page_size = QPageSize(size * (25.4 / 72.0), QPageSize.Unit.Millimeter, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
    layout = QPageLayout()
    layout.setPageSize(page_size)
    layout.setOrientation(QPageLayout.Orientation.Portrait)
    layout.setMode(QPageLayout.Mode.FullPageMode)
    return layout


def dots_per_pixel(printer_dpi: int, width_pt: float, height_pt: float) -> int:
    """How many printer dots (across and down) one rendered pixel covers: a whole number, the smallest
    with which the page stays within ``MAX_DPI`` and ``MAX_PIXELS``."""
    area_in2 = max(width_pt / 72.0 * height_pt / 72.0, 1e-6)
    k = 1
    while printer_dpi / k > MAX_DPI or area_in2 * (printer_dpi / k) ** 2 > MAX_PIXELS:
        k += 1
    return k


def render_dpi(printer_dpi: int, width_pt: float, height_pt: float) -> float:
    """The resolution a page is rendered at for a printer of ``printer_dpi``."""
    return printer_dpi / dots_per_pixel(printer_dpi, width_pt, height_pt)


def print_pdf(document: QPdfDocument, printer: QPrinter, *, first: int = 1, last: int = 0,
              dpi: int | None = None) -> int:
    """Print pages ``first``..``last`` (1-based; 0 means the last page); return how many were printed.

    ``dpi`` is the printer's declared resolution; without it, the resolution it reports.
    """
    count = document.pageCount()
    if count <= 0:
        raise PrintFailed("The document has no pages to print.")
    first = max(first, 1)
    last = count if last <= 0 else min(last, count)
    printer.setFullPage(True)
    if dpi:
        printer.setResolution(dpi)
    painter = QPainter()
    printed = 0
    try:
        for page in range(first - 1, last):
            printer.setPageLayout(page_layout(document, page))
            if printed == 0:
                if not painter.begin(printer):
                    raise PrintFailed(_why_not(printer))
                painter.setRenderHint(QPainter.RenderHint.LosslessImageRendering, True)
            elif not printer.newPage():
                raise PrintFailed("The printer refused a new page.")
            _paint_page(document, page, painter, printer.resolution())
            printed += 1
    finally:
        if painter.isActive():
            painter.end()
    return printed


def print_on(document: QPdfDocument, printer: QPrinter, *, printers: Sequence[LabelPrinter] = (),
             relayout: Callable[[float], bytes] | None = None, first: int = 1, last: int = 0) -> int:
    """Print as the app does: at the declared resolution of a label printer's queue (else what the printer
    reports), with labels (``relayout``) laid out again on the dot grid of the resolution they print at."""
    declared = printer_for_queue(printers, printer.printerName()) \
        if printer.outputFormat() == QPrinter.OutputFormat.NativeFormat else None
    dpi = declared.dpi if declared else None
    if relayout is not None and document.pageCount() > 0:
        size = document.pagePointSize(0)
        document = load_pdf(relayout(render_dpi(dpi or printer.resolution(), size.width(), size.height())),
                            document)
    return print_pdf(document, printer, first=first, last=last, dpi=dpi)


def _paint_page(document: QPdfDocument, page: int, painter: QPainter, device_dpi: int) -> None:
    size = document.pagePointSize(page)
    k = dots_per_pixel(device_dpi, size.width(), size.height())
    dpi = device_dpi / k
    image = on_white(document.render(page, QSize(max(1, round(size.width() / 72 * dpi)),
                                                 max(1, round(size.height() / 72 * dpi)))))
    painter.save()
    painter.resetTransform()
    # From the page's top left corner, each pixel exactly k x k device dots: nothing is resampled.
    painter.drawImage(QRectF(0, 0, image.width() * k, image.height() * k), image)
    painter.restore()


def on_white(image: QImage) -> QImage:
    """The page on white paper, with no alpha channel: QtPdf leaves the background transparent, and a print
    engine given alpha writes a soft mask too (about a third more work and bytes)."""
    paper = QImage(image.size(), QImage.Format.Format_RGB32)
    paper.fill(QColor("white"))
    painter = QPainter(paper)
    painter.drawImage(0, 0, image)
    painter.end()
    return paper


def _why_not(printer: QPrinter) -> str:
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
        return f"Could not write the file {printer.outputFileName()}: check the folder exists and may be written to."
    name = printer.printerName() or "the printer"
    return f"Could not start printing on {name}: check it is switched on and connected."
