"""The report building blocks on plain data: shaping and order, fitting, barcodes, label layouts, ZPL, fonts."""

from __future__ import annotations

import pytest

from bench_app.domain.labels import STOCKS, LabelData, LabelKind
from bench_app.reports.fonts import register_fonts
from bench_app.reports.labels import build_labels_pdf, layout_label
from bench_app.reports.text import fit, runs, text_width, visual, wrap
from bench_app.reports.zpl import labels_zpl
from bench_app.resources_path import ENV_VAR, resource, resources_dir
from tests.reports.pdf_reading import decode, logical, pages_text, shaped_arabic

NAMES = ["الخطيب، عمر", "ÇELİK-KARAMANOĞLU, İbrahim Ağa Mehmet Halil", "ΠΑΠΑΔΟΠΟΎΛΟΥ, Ελένη",
         "ИВАНОВА-ПЕТРОВСКАЯ, Анастасия", "NÚÑEZ DE LA PEÑA, José María", "W" * 60]


def test_arabic_is_shaped_and_right_to_left_inside_a_left_to_right_line():
    shown = visual("عمر (علي) MRN 12")
    assert shaped_arabic(shown) and shown.endswith("MRN 12")
    assert shown.startswith("(") and logical(shown[1:4])[::-1] == "علي"    # mirrored brackets, reversed run
    assert [r.font for r in runs("MRN 5 · عمر")] == ["BenchSans", "BenchArabic"]
    assert visual("Öztürk") == "Öztürk" and runs("Ελένη")[0].font == "BenchSans"


def test_fitting_shrinks_then_cuts_and_never_overflows():
    for name in NAMES:
        for width in (20.0, 60.0, 400.0):
            f = fit(name, width, 9, 5, bold=True)
            assert f.width <= width + 1e-9 and text_width(f.text, f.size, True) == pytest.approx(f.width)
            assert f.truncated == f.text.endswith("…") or f.text == name
    lines = wrap("Moved from Tank A / Canister 1 / Cane 2 / Position 4 to Tank B", 60, 7)
    assert len(lines) > 1 and all(text_width(line, 7) <= 60 for line in lines)


@pytest.mark.parametrize("stock", list(STOCKS))
def test_every_name_fits_every_stock_and_the_barcode_reads(stock):
    labels = [LabelData(LabelKind.CRYO if i % 2 else LabelKind.TUBE, f"S-7K3M9Q-X" if i % 2 == 0 else "D-7K3M9Q-X",
                        name, "MRN-123456789", "2026-11-20", "micro-TESE · sample 12 · left", "Frozen 2026-11-20")
              for i, name in enumerate(NAMES)]
    for data in labels:
        layout = layout_label(data, STOCKS[stock])
        for t in layout.texts:
            assert t.width <= t.max_width + 1e-6 and 0 <= t.left and t.left + t.width <= layout.width + 1e-6
            assert t.y - t.size * 0.25 >= 0 and t.y + t.size <= layout.height + 1e-6
        b = layout.barcode
        for t in layout.texts:  # no line overlaps the barcode's box
            apart = (t.left + t.width <= b.x or b.x + b.width <= t.left or
                     t.y + t.size <= b.y or b.y + b.height <= t.y - t.size * 0.25)
            assert apart, (stock, t)
    pdf = build_labels_pdf(labels[:2], STOCKS[stock])
    found = {text for _, text in decode(pdf, dpi=300)}
    assert found == {"S-7K3M9Q-X", "D-7K3M9Q-X"} or (not STOCKS[stock].is_sheet and found == {"S-7K3M9Q-X"})
    text = " ".join(pages_text(pdf))
    assert "ÇELİK" in text and "عمر" in logical(text)


def test_long_names_are_cut_visibly_with_a_warning():
    data = LabelData(LabelKind.CRYO, "D-7K3M9Q-X", "W" * 60, "1", "2026-11-20")
    layout = layout_label(data, STOCKS["cryo-32x13"])
    assert layout.texts[0].truncated and layout.warnings and "is cut" in layout.warnings[0]


def test_zpl_uses_printer_barcodes_sends_non_ascii_lines_as_dots_and_escapes_carets():
    data = LabelData(LabelKind.TUBE, "S-7K3M9Q-X", "ÇELİK, İbrahim", "M^1", "2026-11-20")
    zpl = labels_zpl([layout_label(data, STOCKS["thermal-50x25"])], dpi=203, copies=3).decode("ascii")
    assert zpl.count("^XA") == 1 and "^BCN," in zpl and "^FDS-7K3M9Q-X^FS" in zpl and "^PQ3" in zpl
    assert zpl.count("^GFA,") == 1 and "ELİK" not in zpl and "\\C3\\87" not in zpl   # the name is dots
    assert "M\\5E1" in zpl and "^A@" not in zpl                                    # '^' escaped; no printer font


def test_fonts_and_resources_are_found_and_can_be_moved(monkeypatch, tmp_path):
    assert register_fonts() == ("BenchSans", "BenchSans-Bold", "BenchArabic", "BenchArabic-Bold")
    assert resource("fonts", "DejaVuSans.ttf").stat().st_size > 100_000
    assert (resources_dir() / "fonts" / "LICENSE-Noto-OFL.txt").is_file()
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    assert resources_dir() == tmp_path
    with pytest.raises(FileNotFoundError, match=ENV_VAR):
        resource("fonts", "DejaVuSans.ttf")
