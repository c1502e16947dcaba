"""Procedures of a period, newest first: start, type, patient, MRN, surgeon, samples, outcome."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from bench_app.domain.clock import format_local
from bench_app.i18n import _l
from bench_app.services.retrieval_dto import ProcedureRow
from ui.common.bidi import isolate
from ui.common.row_table_model import RowTableModel
from ui.retrieval.retrieval_text import procedure_outcome
from ui.qt import QColor

FOUND_COLOUR = QColor("#1b5e20")


class ProcedureTableModel(RowTableModel[ProcedureRow]):
    class Column(IntEnum):
        START = 0
        TYPE = 1
        PATIENT = 2
        MRN = 3
        SURGEON = 4
        SAMPLES = 5
        OUTCOME = 6

    HEADERS = {Column.START: _l("Start"), Column.TYPE: _l("Type"), Column.PATIENT: _l("Patient"),
               Column.MRN: _l("MRN"), Column.SURGEON: _l("Surgeon"), Column.SAMPLES: _l("Samples"), Column.OUTCOME: _l("Outcome")}

    def display(self, row: ProcedureRow, column: Column) -> str:
        if column == self.Column.START:
            return format_local(row.started_at)
        if column == self.Column.TYPE:
            return row.procedure_type.label
        if column == self.Column.PATIENT:
            return isolate(row.patient_name)
        if column == self.Column.MRN:
            return row.mrn
        if column == self.Column.SURGEON:
            return row.surgeon
        if column == self.Column.SAMPLES:
            return str(row.samples)
        return procedure_outcome(row)

    def sort_value(self, row: ProcedureRow, column: Column) -> Any:
        if column == self.Column.START:
            return row.started_at.isoformat()
        if column == self.Column.SAMPLES:
            return row.samples
        if column == self.Column.PATIENT:
            return row.patient_name.casefold()
        return super().sort_value(row, column)

    def foreground(self, row: ProcedureRow, column: Column) -> Any:
        if column == self.Column.OUTCOME and row.samples_positive:
            return FOUND_COLOUR
        return None
