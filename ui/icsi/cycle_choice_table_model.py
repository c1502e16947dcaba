"""ICSI cycles to choose from, each with both partners' names and MRNs in full view."""

from __future__ import annotations

from enum import IntEnum

from bench_app.domain.clock import format_date
from bench_app.i18n import _l
from bench_app.services.patients_dto import CycleListing
from ui.common.bidi import person
from ui.common.row_table_model import RowTableModel
from ui.patients.cycle_table_model import cycle_type_text


class CycleChoiceTableModel(RowTableModel[CycleListing]):
    class Column(IntEnum):
        FEMALE = 0
        FEMALE_MRN = 1
        MALE = 2
        MALE_MRN = 3
        TYPE = 4
        START = 5
        STATUS = 6

    HEADERS = {Column.FEMALE: _l("Female partner"), Column.FEMALE_MRN: _l("MRN"), Column.MALE: _l("Male partner"),
               Column.MALE_MRN: _l("MRN"), Column.TYPE: _l("Cycle"), Column.START: _l("Started"),
               Column.STATUS: _l("Status")}

    def __init__(self, parent=None):
        super().__init__(parent)
        self.HEADERS = {c: str(text) for c, text in type(self).HEADERS.items()}  # in the language of the screen

    def display(self, row: CycleListing, column: Column) -> str:
        couple, cycle = row.couple, row.cycle
        C = self.Column
        if column == C.FEMALE:
            return person(couple.female) if couple.female else "—"
        if column == C.FEMALE_MRN:
            return couple.female.mrn if couple.female else ""
        if column == C.MALE:
            return person(couple.male)
        if column == C.MALE_MRN:
            return couple.male.mrn
        if column == C.TYPE:
            return cycle_type_text(cycle.cycle_type.value)
        if column == C.START:
            return format_date(cycle.start_date)
        return cycle.status.label
