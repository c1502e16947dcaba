"""A couple's cycles, newest first: type, status, start date, notes."""

from __future__ import annotations

from enum import IntEnum

from bench_app.domain.clock import format_date
from bench_app.services.patients_dto import CycleInfo
from ui.common.row_table_model import RowTableModel


class CycleTableModel(RowTableModel[CycleInfo]):
    class Column(IntEnum):
        START = 0
        TYPE = 1
        STATUS = 2
        NOTES = 3

    HEADERS = {Column.START: "Start date", Column.TYPE: "Type", Column.STATUS: "Status",
               Column.NOTES: "Notes"}

    def display(self, row: CycleInfo, column: Column) -> str:
        if column == self.Column.START:
            return format_date(row.start_date)
        if column == self.Column.TYPE:
            return cycle_type_text(row.cycle_type.value)
        if column == self.Column.STATUS:
            return row.status.label
        return row.notes

    def tooltip(self, row: CycleInfo, column: Column) -> str | None:
        return row.notes or None if column == self.Column.NOTES else None


CYCLE_TYPE_TEXT = {
    "icsi": "ICSI",
    "sperm_banking": "Sperm banking",
    "surgical_retrieval": "Surgical retrieval",
    "frozen_sperm_icsi": "ICSI with frozen sperm",
}


def cycle_type_text(value: str) -> str:
    return CYCLE_TYPE_TEXT.get(value, value.replace("_", " "))
