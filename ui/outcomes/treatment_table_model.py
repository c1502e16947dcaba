"""The man's treatments before retrieval, oldest first."""

from __future__ import annotations

from enum import IntEnum

from bench_app.domain.clock import format_date
from bench_app.services.outcomes_dto import TreatmentInfo
from ui.common.row_table_model import RowTableModel
from ui.outcomes.outcome_text import TREATMENT_TEXT


class TreatmentTableModel(RowTableModel[TreatmentInfo]):
    class Column(IntEnum):
        TREATMENT = 0
        STARTED = 1
        ENDED = 2
        DETAIL = 3

    HEADERS = {Column.TREATMENT: "Treatment", Column.STARTED: "Started", Column.ENDED: "Ended",
               Column.DETAIL: "Detail"}

    def display(self, row: TreatmentInfo, column: Column) -> str:
        if column == self.Column.TREATMENT:
            return TREATMENT_TEXT.get(row.treatment, row.treatment.value)
        if column == self.Column.STARTED:
            return format_date(row.started_on)
        if column == self.Column.ENDED:
            return format_date(row.ended_on) if row.ended_on else "ongoing / not stated"
        return row.detail
