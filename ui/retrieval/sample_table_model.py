"""The samples of one procedure: tube, where it came from, who witnessed it, what was found, where it went."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from bench_app.domain.enums import Side
from bench_app.domain.value_labels import label_of
from bench_app.i18n import _, _l
from bench_app.services.retrieval_dto import SampleInfo
from ui.common.row_table_model import RowTableModel
from ui.qt import QColor
from ui.retrieval.retrieval_text import (
    STATUS_TEXT, clock_time, disposition_text, findings_summary, weight_text,
)

FOUND_COLOUR = QColor("#1b5e20")


class SampleTableModel(RowTableModel[SampleInfo]):
    class Column(IntEnum):
        NUMBER = 0
        CODE = 1
        PLACE = 2
        TUBULES = 3
        WEIGHT = 4
        RECEIVED = 5
        WITNESS = 6
        STATUS = 7
        FINDINGS = 8
        DISPOSITION = 9

    HEADERS = {Column.NUMBER: "#", Column.CODE: _l("Code"), Column.PLACE: _l("Side, site"),
               Column.TUBULES: _l("Tubules"), Column.WEIGHT: "mg", Column.RECEIVED: _l("Received"),
               Column.WITNESS: _l("Witness"), Column.STATUS: _l("Status"), Column.FINDINGS: _l("Findings"),
               Column.DISPOSITION: _l("Disposition")}

    def display(self, row: SampleInfo, column: Column) -> str:
        c = self.Column
        if column == c.NUMBER:
            return str(row.sample_number)
        if column == c.CODE:
            return row.code
        if column == c.PLACE:
            return ", ".join(part for part in (label_of(Side, row.side), row.site) if part)
        if column == c.TUBULES:
            return row.tubule_appearance.label
        if column == c.WEIGHT:
            return weight_text(row.wet_weight_mg)
        if column == c.RECEIVED:
            return clock_time(row.received_at)
        if column == c.WITNESS:
            return row.receipt_witnessed_by or ""
        if column == c.STATUS:
            return str(STATUS_TEXT[row.status])
        if column == c.FINDINGS:
            return findings_summary(row)
        return disposition_text(row)

    def sort_value(self, row: SampleInfo, column: Column) -> Any:
        if column == self.Column.NUMBER:
            return row.sample_number
        return super().sort_value(row, column)

    def tooltip(self, row: SampleInfo, column: Column) -> str | None:
        if column in (self.Column.FINDINGS, self.Column.DISPOSITION):
            return self.display(row, column)
        if column == self.Column.WEIGHT:
            return _("Wet weight in mg")
        return None

    def foreground(self, row: SampleInfo, column: Column) -> Any:
        if column == self.Column.FINDINGS and row.positive:
            return FOUND_COLOUR
        return None
