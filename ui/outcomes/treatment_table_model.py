"""The man's treatments before retrieval, oldest first."""

from __future__ import annotations

from enum import IntEnum

from bench_app.i18n import _, _l, format_date
from bench_app.services.outcomes_dto import TreatmentInfo
from ui.common.row_table_model import RowTableModel
from ui.outcomes.outcome_text import TREATMENT_TEXT


class TreatmentTableModel(RowTableModel[TreatmentInfo]):
    class Column(IntEnum):
        TREATMENT = 0
        STARTED = 1
        ENDED = 2
        DETAIL = 3

    HEADERS = {Column.TREATMENT: _l("Treatment"), Column.STARTED: _l("Started"), Column.ENDED: _l("Ended"),
               Column.DETAIL: _l("Detail")}

    def display(self, row: TreatmentInfo, column: Column) -> str:
        if column == self.Column.TREATMENT:
            return str(TREATMENT_TEXT.get(row.treatment, row.treatment.value))
        if column == self.Column.STARTED:
            return format_date(row.started_on)
        if column == self.Column.ENDED:
            return format_date(row.ended_on) if row.ended_on else _("ongoing / not stated")
        return row.detail
