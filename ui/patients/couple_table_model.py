"""A patient's couples: one row per couple, naming the partner."""

from __future__ import annotations

from enum import IntEnum

from bench_app.services.patients_dto import CoupleInfo
from ui.common.bidi import couple_title
from ui.common.row_table_model import RowTableModel


class CoupleTableModel(RowTableModel[CoupleInfo]):
    class Column(IntEnum):
        COUPLE = 0
        MALE_MRN = 1
        FEMALE_MRN = 2

    HEADERS = {Column.COUPLE: "Couple", Column.MALE_MRN: "Male MRN", Column.FEMALE_MRN: "Female MRN"}

    def display(self, row: CoupleInfo, column: Column) -> str:
        if column == self.Column.COUPLE:
            return couple_title(row)
        if column == self.Column.MALE_MRN:
            return row.male.mrn
        return row.female.mrn if row.female else "—"
