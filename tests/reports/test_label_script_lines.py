"""Each label line takes its script's height: the dots under an Arabic name never reach the line below.

Read back from the PDF as PDFium sees it: every glyph's own box (the dots of ي, ب and ج
included) of a line with Arabic stays above every glyph box of the next line, on every
stock, in the name line (bold) and in a dish label's partner line.
"""

from __future__ import annotations

import ctypes

import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest

from bench_app.domain.labels import STOCKS, LabelData, LabelKind
from bench_app.reports.labels import build_labels_pdf, layout_label
from bench_app.reports.text import has_arabic

NAMES = ["الجبوري, يحيى", "البغدادي, زينب", "الخطيب, عمر", "بن يوسف, ليلى"]


def glyph_boxes(pdf: bytes) -> list[tuple[float, float, float]]:
    """(baseline y, bottom, top) of every visible glyph on the first page, in points."""
    doc = pypdfium2.PdfDocument(pdf)
    try:
        text = doc[0].get_textpage()
        out = []
        for i in range(text.count_chars()):
            left, bottom, right, top = text.get_charbox(i)
            if right - left <= 0 or top - bottom <= 0:
                continue     # a space
            x, y = ctypes.c_double(), ctypes.c_double()
            pdfium_c.FPDFText_GetCharOrigin(text.raw, i, ctypes.byref(x), ctypes.byref(y))
            out.append((round(y.value, 2), bottom, top))
        return out
    finally:
        doc.close()


@pytest.mark.parametrize("stock_name", list(STOCKS))
@pytest.mark.parametrize("kind", [LabelKind.TUBE, LabelKind.DISH])
def test_arabic_glyphs_never_overlap_the_line_below(stock_name, kind):
    stock = STOCKS[stock_name]
    for name in NAMES:
        partner = f"Partner {NAMES[-1]} · MRN 3377" if kind == LabelKind.DISH else ""
        data = LabelData(kind, "ICSI-000012" if kind == LabelKind.DISH else "S-7K3M9Q-X", name, "M-3338",
                         "2026-11-23", "ICSI · cycle 3" if kind == LabelKind.DISH else "TESA · sample 3", partner)
        layout = layout_label(data, stock)
        oy = stock.origin_mm(0)[1] / 25.4 * 72
        baselines = sorted({round(t.y + oy, 2) for t in layout.texts}, reverse=True)   # top line first
        arabic = {round(t.y + oy, 2) for t in layout.texts if has_arabic(t.text)}
        assert arabic, "the label has an Arabic line"
        boxes = glyph_boxes(build_labels_pdf([data], stock))
        lines = {b: [(lo, hi) for y, lo, hi in boxes if abs(y - b) < 0.05] for b in baselines}
        assert all(lines.values()), f"every line has glyphs: {lines}"
        for upper, lower in zip(baselines, baselines[1:]):
            if upper not in arabic and lower not in arabic:
                continue
            lowest = min(lo for lo, _ in lines[upper])
            highest = max(hi for _, hi in lines[lower])
            assert lowest > highest, (f"{stock_name}: a glyph of {name!r}'s line reaches {lowest:.2f} pt, the line "
                                      f"below rises to {highest:.2f} pt")
