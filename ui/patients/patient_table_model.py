"""Search results: one patient per row (MRN, FAMILY, Given, date of birth, sex)."""

from __future__ import annotations

from enum import IntEnum

from bench_app.domain.clock import format_date
from bench_app.i18n import _l
from bench_app.services.patients_dto import PatientSummary
from ui.common.row_table_model import RowTableModel


class PatientTableModel(RowTableModel[PatientSummary]):
    class Column(IntEnum):
        MRN = 0
        NAME = 1
        DATE_OF_BIRTH = 2
        SEX = 3

    HEADERS = {Column.MRN: _l("MRN"), Column.NAME: _l("Name"), Column.DATE_OF_BIRTH: _l("Date of birth"),
               Column.SEX: _l("Sex")}

    def __init__(self, parent=None):
        super().__init__(parent)
        self.HEADERS = {c: str(text) for c, text in type(self).HEADERS.items()}  # in the language of the screen

    def display(self, row: PatientSummary, column: Column) -> str:
        if column == self.Column.MRN:
            return row.mrn
        if column == self.Column.NAME:
            return row.listing_name
        if column == self.Column.DATE_OF_BIRTH:
            return format_date(row.date_of_birth)
        return row.sex.label
