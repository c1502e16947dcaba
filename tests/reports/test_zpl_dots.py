"""ZPL for each roll stock at 203 and 300 dpi, printed by a small rasteriser as a Zebra would.

The label is its stock's size on either printer; each barcode is the printer's own
symbol with whole-dot modules, at exactly the dots of the PDF label made for that
printer, reads, and still reads with one dot of head spread; a name outside ASCII is a
graphic (^GF) with exactly the PDF label's dots, so no font on the printer is needed.
"""

from __future__ import annotations

import pytest

from bench_app.domain.labels import STOCKS, LabelData, LabelKind
from bench_app.reports.dots import page_grid
from bench_app.reports.labels import layout_label, place_barcode
from bench_app.reports.zpl import label_zpl, labels_zpl, render_label
from tests.reports.dot_checks import check_symbols
from tests.reports.zpl_raster import rasterise

ROLL_STOCKS = [name for name, s in STOCKS.items() if not s.is_sheet]
NAMES = ["DOE, John", "الخطيب, يحيى", "Παπαδοπούλου, Ελένη", "Иванов, Сергей", "ÇELİK, İbrahim Ağa"]


def label(name: str, kind=LabelKind.TUBE, code="S-7K3M9Q-X") -> LabelData:
    return LabelData(kind, code, name, "M-4471", "2026-11-20", "micro-TESE · sample 2 · left")


@pytest.mark.parametrize("dpi", [203, 300])
@pytest.mark.parametrize("stock_name", ROLL_STOCKS)
def test_zpl_barcodes_are_whole_dots_at_the_printers_resolution_and_match_the_pdf_label(stock_name, dpi):
    stock = STOCKS[stock_name]
    codes = ["S-7K3M9Q-X", "D-7K3M9Q-X", "ICSI-000012"]
    layouts = [layout_label(label(NAMES[i], code=code), stock) for i, code in enumerate(codes)]
    zpl = labels_zpl(layouts, dpi=dpi).decode("ascii")
    printed = rasterise(zpl)
    assert len(printed) == 3
    for layout, code, zl in zip(layouts, codes, printed):
        grid = page_grid(layout.width, layout.height, dpi)
        # the label's own size on this printer: within half a dot of the stock's millimetres
        assert abs(zl.width / dpi * 25.4 - stock.label_width_mm) <= 12.7 / dpi
        assert abs(zl.height / dpi * 25.4 - stock.label_height_mm) <= 12.7 / dpi
        (kind, data, x, y, module), = zl.barcodes
        assert data == code and module == check_symbols(zl.image, {code})[code]
        # at exactly the dots where the PDF label made for this printer has it
        box = place_barcode(layout, grid)
        assert (x, y, module) == (box.left_dots, box.top_dots, box.module_dots)
        pdf = render_label(layout, grid)
        quiet = 10 * module if kind == "code128" else module
        size = round(box.width / grid.dx)
        area = (box.left_dots - quiet, box.top_dots, box.left_dots - quiet + size,
                box.top_dots + round(box.height / grid.dy))
        ink = [v < 128 for v in zl.image.crop(area).tobytes()]
        assert ink == [v < 128 for v in pdf.crop(area).tobytes()] and any(ink)


@pytest.mark.parametrize("dpi", [203, 300])
@pytest.mark.parametrize("stock_name", ROLL_STOCKS)
def test_a_name_outside_ascii_is_sent_as_the_pdf_labels_dots(stock_name, dpi):
    for name in NAMES[1:]:
        layout = layout_label(label(name), STOCKS[stock_name])
        zpl = label_zpl(layout, dpi=dpi)
        assert "^GFA," in zpl and "^A@" not in zpl and "^CI28" in zpl
        (zl,) = rasterise(zpl)
        assert zl.graphics and not any("\\" in t or not t.isascii() for t in zl.texts)
        pdf = render_label(layout, page_grid(layout.width, layout.height, dpi))
        for x, y, w, h in zl.graphics:
            got = [v < 128 for v in zl.image.crop((x, y, x + w, y + h)).tobytes()]
            assert got == [v < 128 for v in pdf.crop((x, y, x + w, y + h)).tobytes()] and sum(got) > 50
    plain = LabelData(LabelKind.TUBE, "S-7K3M9Q-X", NAMES[0], "M-4471", "2026-11-20", "micro-TESE")
    ascii_only = label_zpl(layout_label(plain, STOCKS[stock_name]), dpi=dpi)
    assert "^GF" not in ascii_only and "^FDDOE, John^FS" in ascii_only


def test_declared_darkness_and_speed_go_into_the_zpl():
    zpl = label_zpl(layout_label(label(NAMES[0]), STOCKS["thermal-50x25"]), dpi=203, darkness=18, speed=3)
    assert zpl.startswith("~SD18\n^XA") and "^PR3" in zpl and "^PW400" in zpl and "^LL200" in zpl
    at_300 = label_zpl(layout_label(label(NAMES[0]), STOCKS["cryo-32x13"]), dpi=300)
    at_203 = label_zpl(layout_label(label(NAMES[0]), STOCKS["cryo-32x13"]), dpi=203)
    assert "^PW378" in at_300 and "^LL154" in at_300 and "^PW256" in at_203 and "^LL104" in at_203
