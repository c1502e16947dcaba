"""Label stocks (declared once) and what a label says: plain data for the label builders.

A *roll* stock is one label per page (thermal and cryo printers, ZPL); a *sheet*
stock is a page of labels for an office printer. Sheet geometry follows the common
A4 21-up (63.5 x 38.1 mm) and US Letter 30-up (2 5/8 x 1 in) layouts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bench_app.domain.enums import StrEnum


class LabelKind(StrEnum):
    TUBE = "tube"      # a sample's tube
    CRYO = "cryo"      # a straw, vial or single-sperm device
    DISH = "dish"      # an ICSI dish (the oocytes of one retrieval)
    CANE = "cane"      # a cane or goblet, scanned at a tank audit


class Symbology(StrEnum):
    CODE128 = "code128"
    DATAMATRIX = "datamatrix"


@dataclass(frozen=True)
class LabelStock:
    name: str
    title: str
    label_width_mm: float
    label_height_mm: float
    barcode: Symbology
    dpi: int                       # printer resolution: barcode modules are whole dots
    margin_mm: float
    page_width_mm: float = 0.0     # sheets only
    page_height_mm: float = 0.0
    columns: int = 1
    rows: int = 1
    left_mm: float = 0.0           # first label's left edge on the sheet
    top_mm: float = 0.0            # first label's top edge on the sheet
    h_pitch_mm: float = 0.0        # from one label's left edge to the next one's
    v_pitch_mm: float = 0.0

    @property
    def is_sheet(self) -> bool:
        return self.columns * self.rows > 1

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    @property
    def page_size_mm(self) -> tuple[float, float]:
        if self.is_sheet:
            return self.page_width_mm, self.page_height_mm
        return self.label_width_mm, self.label_height_mm

    def origin_mm(self, index: int) -> tuple[float, float]:
        """Lower-left corner of the ``index``-th label (0-based, row by row) on its page."""
        if not self.is_sheet:
            return 0.0, 0.0
        row, col = divmod(index % self.per_page, self.columns)
        x = self.left_mm + col * self.h_pitch_mm
        y = self.page_height_mm - self.top_mm - row * self.v_pitch_mm - self.label_height_mm
        return x, y


STOCKS: dict[str, LabelStock] = {
    s.name: s
    for s in (
        LabelStock("thermal-50x25", "Thermal roll 50 x 25 mm", 50, 25, Symbology.CODE128, 203, 1.5),
        LabelStock("cryo-32x13", "Cryo label 32 x 13 mm (liquid-nitrogen proof)", 32, 13,
                   Symbology.DATAMATRIX, 300, 0.8),
        LabelStock("a4-21", "A4 sheet, 21 labels of 63.5 x 38.1 mm", 63.5, 38.1, Symbology.CODE128, 300, 3.0,
                   210, 297, 3, 7, 7.2, 15.15, 66.04, 38.1),
        LabelStock("letter-30", "Letter sheet, 30 labels of 2 5/8 x 1 in", 66.675, 25.4, Symbology.CODE128,
                   300, 2.0, 215.9, 279.4, 3, 10, 4.7625, 12.7, 69.85, 25.4),
    )
}
DEFAULT_TUBE_STOCK = "thermal-50x25"
DEFAULT_CRYO_STOCK = "cryo-32x13"
# An ICSI dish holds the oocytes of one retrieval; its label's code names that retrieval.
# The prefix starts with none of the code kind letters (S, D, O), so it never reads as one.
_DISH = re.compile(r"^ICSI-?0*(\d{1,9})$")


def dish_code(retrieval_id: int) -> str:
    return f"ICSI-{retrieval_id:06d}"


def parse_dish_code(text: str) -> int | None:
    """The retrieval id in a dish code such as 'ICSI-000012', or None if it is not one."""
    m = _DISH.match((text or "").strip().upper().replace(" ", ""))
    return int(m.group(1)) if m else None


@dataclass(frozen=True)
class LabelData:
    """What one label carries. Names and identifiers are printed as given."""

    kind: LabelKind
    code: str                 # the identity the barcode encodes (sample, device or dish code)
    patient_name: str         # 'FAMILY, Given'
    mrn: str                  # the second identifier
    date_text: str            # received, frozen or retrieved on (local date, ISO)
    detail: str = ""          # e.g. 'micro-TESE · sample 2 · left'
    third_id: str = ""        # cryo: 'Frozen 2026-11-20'; dish: the partner's name and MRN
    legend: str = ""          # e.g. 'QUARANTINE'
