"""One sample's processing steps in time order: what, when, details, lot, who, witness."""

from __future__ import annotations

from enum import IntEnum

from bench_app.i18n import _l
from bench_app.services.retrieval_dto import StepInfo
from ui.common.row_table_model import RowTableModel
from ui.retrieval.retrieval_text import STEP_TEXT, clock_time, step_details


class StepTableModel(RowTableModel[StepInfo]):
    class Column(IntEnum):
        STEP = 0
        START = 1
        END = 2
        DETAILS = 3
        LOT = 4
        OPERATOR = 5
        WITNESS = 6

    HEADERS = {Column.STEP: _l("Step"), Column.START: _l("Start"), Column.END: _l("End"),
               Column.DETAILS: _l("Details"), Column.LOT: _l("Medium / lot"), Column.OPERATOR: _l("Operator"), Column.WITNESS: _l("Witness")}

    def display(self, row: StepInfo, column: Column) -> str:
        c = self.Column
        if column == c.STEP:
            return str(STEP_TEXT[row.kind])
        if column == c.START:
            return clock_time(row.started_at)
        if column == c.END:
            return clock_time(row.ended_at)
        if column == c.DETAILS:
            return step_details(row)
        if column == c.LOT:
            return row.medium_lot
        if column == c.OPERATOR:
            return row.operator
        return row.witnessed_by or ""
