"""Cycles starting on a day, with their couple."""

from __future__ import annotations

from enum import IntEnum

from bench_app.i18n import _l
from bench_app.services.patients_dto import CycleListing
from ui.common.bidi import couple_title
from ui.common.row_table_model import RowTableModel
from ui.patients.cycle_table_model import cycle_type_text


class TodayTableModel(RowTableModel[CycleListing]):
    class Column(IntEnum):
        COUPLE = 0
        MALE_MRN = 1
        FEMALE_MRN = 2
        TYPE = 3
        STATUS = 4
        NOTES = 5

    HEADERS = {Column.COUPLE: _l("Couple"), Column.MALE_MRN: _l("Male MRN"), Column.FEMALE_MRN: _l("Female MRN"),
               Column.TYPE: _l("Cycle type"), Column.STATUS: _l("Status"), Column.NOTES: _l("Notes")}

    def display(self, row: CycleListing, column: Column) -> str:
        couple, cycle = row.couple, row.cycle
        if column == self.Column.COUPLE:
            return couple_title(couple)
        if column == self.Column.MALE_MRN:
            return couple.male.mrn
        if column == self.Column.FEMALE_MRN:
            return couple.female.mrn if couple.female else "—"
        if column == self.Column.TYPE:
            return cycle_type_text(cycle.cycle_type.value)
        if column == self.Column.STATUS:
            return cycle.status.label
        return cycle.notes
