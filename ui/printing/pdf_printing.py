"""PDF bytes in Qt: loading them for QtPdf, and printing their pages on any QPrinter.

QtPdf draws a page only as an image, so each page is rendered at the printer's
resolution (capped, so an A4 page stays a few tens of megabytes) and painted onto a
printer page of the PDF page's own size: a 50 x 25 mm label comes out as a 50 x 25 mm
page on a label printer, an A4 worksheet as an A4 page.
"""

from __future__ import annotations

import math

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
    """A borderless layout of exactly the PDF page's size."""
    size = document.pagePointSize(page)
    orientation = (QPageLayout.Orientation.Landscape if size.width() > size.height()
                   else QPageLayout.Orientation.Portrait)
    portrait = size.transposed() if orientation == QPageLayout.Orientation.Landscape else size
    # In millimetres: QPageSize rounds points to whole points (a 50 mm label would print 50.09 mm wide).
    page_size = QPageSize(portrait * (25.4 / 72.0), QPageSize.Unit.Millimeter, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
    layout = QPageLayout()
    layout.setPageSize(page_size)
    layout.setOrientation(orientation)
    layout.setMode(QPageLayout.Mode.FullPageMode)
    return layout


def render_dpi(printer_dpi: int, width_pt: float, height_pt: float) -> float:
    area_in2 = max(width_pt / 72.0 * height_pt / 72.0, 1e-6)
    return max(72.0, min(float(printer_dpi), MAX_DPI, math.sqrt(MAX_PIXELS / area_in2)))


def print_pdf(document: QPdfDocument, printer: QPrinter, *, first: int = 1, last: int = 0) -> int:
    """Print pages ``first``..``last`` (1-based; 0 means the last page); return how many were printed."""
    count = document.pageCount()
    if count <= 0:
        raise PrintFailed("The document has no pages to print.")
    first = max(first, 1)
    last = count if last <= 0 else min(last, count)
    printer.setFullPage(True)
    painter = QPainter()
    printed = 0
    try:
        for page in range(first - 1, last):
            printer.setPageLayout(page_layout(document, page))
            if printed == 0:
                if not painter.begin(printer):
                    raise PrintFailed(_why_not(printer))
            elif not printer.newPage():
                raise PrintFailed("The printer refused a new page.")
            _paint_page(document, page, painter, printer)
            printed += 1
    finally:
        if painter.isActive():
            painter.end()
    return printed


def _paint_page(document: QPdfDocument, page: int, painter: QPainter, printer: QPrinter) -> None:
    size = document.pagePointSize(page)
    target = QRectF(painter.viewport())
    dpi = render_dpi(printer.resolution(), size.width(), size.height())
    image = document.render(page, QSize(round(size.width() / 72 * dpi), round(size.height() / 72 * dpi)))
    image = on_white(image)
    # Keep the page's proportions if the printer's page differs slightly (a driver's rounding).
    scale = min(target.width() / image.width(), target.height() / image.height())
    w, h = image.width() * scale, image.height() * scale
    painter.save()
    painter.resetTransform()
    painter.drawImage(QRectF(target.x() + (target.width() - w) / 2, target.y() + (target.height() - h) / 2, w, h),
                      image)
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
