"""A patient's couples: one row per couple, naming the partner."""

from __future__ import annotations

from enum import IntEnum

from bench_app.i18n import _l
from bench_app.services.patients_dto import CoupleInfo
from ui.common.bidi import couple_title
from ui.common.row_table_model import RowTableModel


class CoupleTableModel(RowTableModel[CoupleInfo]):
    class Column(IntEnum):
        COUPLE = 0
        MALE_MRN = 1
        FEMALE_MRN = 2

    HEADERS = {Column.COUPLE: _l("Couple"), Column.MALE_MRN: _l("Male MRN"), Column.FEMALE_MRN: _l("Female MRN")}

    def __init__(self, parent=None):
        super().__init__(parent)
        self.HEADERS = {c: str(text) for c, text in type(self).HEADERS.items()}  # in the language of the screen

    def display(self, row: CoupleInfo, column: Column) -> str:
        if column == self.Column.COUPLE:
            return couple_title(row)
        if column == self.Column.MALE_MRN:
            return row.male.mrn
        return row.female.mrn if row.female else "—"
