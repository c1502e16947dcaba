"""The test label IT prints to prove a declared label printer: right size, upright, whole-dot bars.

It carries no patient: an Arabic sample name (its dots must clear the MRN line; in ZPL it
travels as dots), the printer's resolution in words and in the barcode (a scanner reads
``TEST-203`` from a 203-dpi printer), and is made exactly as patient labels are.
"""

from __future__ import annotations

from datetime import date

from bench_app.domain.labels import STOCKS, LabelData, LabelKind, LabelStock
from bench_app.reports.labels import build_labels_pdf, layout_label
from bench_app.reports.zpl import labels_zpl

TEST_NAME = "الجبوري, يحيى"


def check_label_stock(stock: str) -> LabelStock:
    """The printer's stock; a printer that does not say prints the thermal roll's test label."""
    return STOCKS[stock] if stock in STOCKS and not STOCKS[stock].is_sheet else STOCKS["thermal-50x25"]


def check_label_data(dpi: int, stock: LabelStock, today: date) -> LabelData:
    return LabelData(LabelKind.CRYO if stock.name.startswith("cryo") else LabelKind.TUBE, f"TEST-{dpi}", TEST_NAME,
                     "TEST-3338", today.isoformat(), f"{dpi} dpi test", f"{stock.label_width_mm:g} x "
                     f"{stock.label_height_mm:g} mm at {dpi} dpi")


def check_label_pdf(dpi: int, stock: LabelStock, today: date) -> bytes:
    return build_labels_pdf([check_label_data(dpi, stock, today)], stock, dpi=dpi, title="Bench test label")


def check_label_zpl(dpi: int, stock: LabelStock, today: date, *, darkness: int | None = None,
                   speed: int | None = None) -> bytes:
    return labels_zpl([layout_label(check_label_data(dpi, stock, today), stock)], dpi=dpi, darkness=darkness,
                      speed=speed)
