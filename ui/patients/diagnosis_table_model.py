"""The male partner's diagnoses, oldest first: OA/NOA/other, etiology, date, notes."""

from __future__ import annotations

from enum import IntEnum

from bench_app.domain.clock import format_date, format_local
from bench_app.domain.enums import Etiology
from bench_app.domain.value_labels import label_of
from bench_app.i18n import _l
from bench_app.services.patients_dto import DiagnosisInfo
from ui.common.row_table_model import RowTableModel

class DiagnosisTableModel(RowTableModel[DiagnosisInfo]):
    class Column(IntEnum):
        TYPE = 0
        ETIOLOGY = 1
        DIAGNOSED_ON = 2
        RECORDED = 3
        NOTES = 4

    HEADERS = {Column.TYPE: _l("Azoospermia"), Column.ETIOLOGY: _l("Etiology"), Column.DIAGNOSED_ON: _l("Diagnosed on"),
               Column.RECORDED: _l("Recorded"), Column.NOTES: _l("Notes")}

    def __init__(self, parent=None):
        super().__init__(parent)
        self.HEADERS = {c: str(text) for c, text in type(self).HEADERS.items()}  # in the language of the screen

    def display(self, row: DiagnosisInfo, column: Column) -> str:
        if column == self.Column.TYPE:
            return row.azoospermia_type.label
        if column == self.Column.ETIOLOGY:
            return label_of(Etiology, row.etiology)  # a code from the list, or the words typed
        if column == self.Column.DIAGNOSED_ON:
            return format_date(row.diagnosed_on)
        if column == self.Column.RECORDED:
            return format_local(row.recorded_at)
        return row.notes
