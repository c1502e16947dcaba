"""The samples of one procedure: tube, where it came from, who witnessed it, what was found, where it went."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from bench_app.services.retrieval_dto import SampleInfo
from ui.common.row_table_model import RowTableModel
from ui.qt import QColor
from ui.retrieval.retrieval_text import (
    STATUS_TEXT, TUBULE_TEXT, clock_time, disposition_text, findings_summary, weight_text,
)

FOUND_COLOUR = QColor("#1b5e20")


class SampleTableModel(RowTableModel[SampleInfo]):
    class Column(IntEnum):
        NUMBER = 0
        CODE = 1
        SIDE = 2
        SITE = 3
        TUBULES = 4
        WEIGHT = 5
        RECEIVED = 6
        WITNESS = 7
        STATUS = 8
        FINDINGS = 9
        DISPOSITION = 10

    HEADERS = {Column.NUMBER: "#", Column.CODE: "Code", Column.SIDE: "Side", Column.SITE: "Site",
               Column.TUBULES: "Tubules", Column.WEIGHT: "Weight mg", Column.RECEIVED: "Received",
               Column.WITNESS: "Witnessed by", Column.STATUS: "Status", Column.FINDINGS: "Findings",
               Column.DISPOSITION: "Disposition"}

    def display(self, row: SampleInfo, column: Column) -> str:
        c = self.Column
        if column == c.NUMBER:
            return str(row.sample_number)
        if column == c.CODE:
            return row.code
        if column == c.SIDE:
            return row.side
        if column == c.SITE:
            return row.site
        if column == c.TUBULES:
            return TUBULE_TEXT[row.tubule_appearance]
        if column == c.WEIGHT:
            return weight_text(row.wet_weight_mg)
        if column == c.RECEIVED:
            return clock_time(row.received_at)
        if column == c.WITNESS:
            return row.receipt_witnessed_by or ""
        if column == c.STATUS:
            return STATUS_TEXT[row.status]
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
        return None

    def foreground(self, row: SampleInfo, column: Column) -> Any:
        if column == self.Column.FINDINGS and row.positive:
            return FOUND_COLOUR
        return None
