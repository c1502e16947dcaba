"""Labels printed through the app's own print path at 203, 300 and 600 dpi, read back dot by dot.

Each label stock is printed from the print preview (as a person does) to a PDF file at the
printer's resolution; the page image the print engine embedded is taken out as it is
(never resampled): one pixel is one printer dot, or k x k dots when a big sheet on a
600-dpi printer is rendered at 300. In it every bar and space of every symbol is a whole
number of modules of whole dots, every symbol reads, and still reads when every bar grows
by one dot. The image is lossless, and the page has the label's own size, upright.
"""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from bench_app.domain.labels import STOCKS, dish_code
from bench_app.reports.dots import page_pixels
from tests.reports.dot_checks import check_symbols
from tests.reports.world import build_world
from ui.printing.pdf_printing import dots_per_pixel
from ui.printing.print_preview_dialog import PrintPreviewDialog
from ui.qt import QPrinter

DPIS = (203, 300, 600)


def file_printer(path, dpi: int) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setResolution(dpi)
    return printer


def page_images(data: bytes):
    """(page width pt, page height pt, [PIL images as embedded, with their PDF filters]) of each page."""
    out = []
    for page in PdfReader(io.BytesIO(data)).pages:
        images = []
        for name, obj in page["/Resources"]["/XObject"].items():
            obj = obj.get_object()
            if obj["/Subtype"] == "/Image":
                images.append((obj.get("/Filter"), obj["/Width"], obj["/Height"]))
        out.append((float(page.mediabox.width), float(page.mediabox.height), images,
                    [i.image.convert("L") for i in page.images]))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("stock_name", list(STOCKS))
def test_each_stock_prints_whole_dot_barcodes_at_203_300_and_600_dpi(qtbot, services, team, clock, tmp_path,
                                                                     stock_name):
    world = build_world(services, team, clock)
    stock = STOCKS[stock_name]
    codes = [world.samples[0].code, world.freeze.devices[0].code, dish_code(world.retrieval_id)]
    printed = services.labels.print_labels(team.embryologist, codes, stock=stock_name)
    dialog = PrintPreviewDialog(printed.content, title="Labels", filename="labels.pdf", printers=(),
                                relayout=lambda dpi: services.labels.laid_out_for(printed, dpi))
    qtbot.addWidget(dialog)
    figures = {}
    for dpi in DPIS:
        out = tmp_path / f"{stock_name}-{dpi}.pdf"
        assert dialog.print_to(file_printer(out, dpi)) == (1 if stock.is_sheet else 3)
        data = out.read_bytes()
        assert b"/DCTDecode" not in data and b"/JPXDecode" not in data        # no lossy image at all
        w_mm, h_mm = stock.page_size_mm
        k = dots_per_pixel(dpi, w_mm / 25.4 * 72, h_mm / 25.4 * 72)
        pages = page_images(data)
        for width, height, raw, images in pages:
            # the page is the label's (or sheet's) own size, upright: never turned to landscape
            # (Qt writes the PDF's page box in whole points)
            assert abs(width - w_mm / 25.4 * 72) <= 0.5 and abs(height - h_mm / 25.4 * 72) <= 0.5
            (filter_, px_w, px_h), = raw
            assert filter_ == "/FlateDecode"
            # one pixel per printer dot (k x k on a big sheet): the raster was not resampled on the way
            assert (px_w, px_h) == page_pixels(w_mm / 25.4 * 72, h_mm / 25.4 * 72, dpi / k)
        if stock.is_sheet:
            modules = check_symbols(pages[0][3][0], set(codes), k)
        else:
            modules = {}
            for (_, _, _, (image,)), code in zip(pages, codes):
                modules.update(check_symbols(image, {code}, k))
        figures[dpi] = modules
    print(stock_name, "module in dots by printer dpi:", figures)
    # finer printers get finer modules, never coarser than the label allows
    for code in codes:
        assert figures[203][code] <= figures[300][code] <= figures[600][code]

