"""A couple's cycles, newest first: type, status, start date, notes."""

from __future__ import annotations

from enum import IntEnum

from bench_app.domain.clock import format_date
from bench_app.domain.enums import CycleType
from bench_app.domain.value_labels import label_of
from bench_app.i18n import _l
from bench_app.services.patients_dto import CycleInfo
from ui.common.row_table_model import RowTableModel


class CycleTableModel(RowTableModel[CycleInfo]):
    class Column(IntEnum):
        START = 0
        TYPE = 1
        STATUS = 2
        NOTES = 3

    HEADERS = {Column.START: _l("Start date"), Column.TYPE: _l("Type"), Column.STATUS: _l("Status"),
               Column.NOTES: _l("Notes")}

    def __init__(self, parent=None):
        super().__init__(parent)
        self.HEADERS = {c: str(text) for c, text in type(self).HEADERS.items()}  # in the language of the screen

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


def cycle_type_text(value: str) -> str:
    return label_of(CycleType, value)
