"""Search results: one patient per row (MRN, FAMILY, Given, date of birth, sex)."""

from __future__ import annotations

from enum import IntEnum

from bench_app.domain.clock import format_date
from bench_app.services.patients_dto import PatientSummary
from ui.common.row_table_model import RowTableModel


class PatientTableModel(RowTableModel[PatientSummary]):
    class Column(IntEnum):
        MRN = 0
        NAME = 1
        DATE_OF_BIRTH = 2
        SEX = 3

    HEADERS = {Column.MRN: "MRN", Column.NAME: "Name", Column.DATE_OF_BIRTH: "Date of birth",
               Column.SEX: "Sex"}

    def display(self, row: PatientSummary, column: Column) -> str:
        if column == self.Column.MRN:
            return row.mrn
        if column == self.Column.NAME:
            return row.listing_name
        if column == self.Column.DATE_OF_BIRTH:
            return format_date(row.date_of_birth)
        return row.sex.label
