"""One sample's findings in time order: when, found or not, counts and motility, viability, who."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from bench_app.domain.enums import ViabilityTest
from bench_app.i18n import _, _l
from bench_app.services.retrieval_dto import FindingInfo
from ui.common.row_table_model import RowTableModel
from ui.qt import QColor
from ui.retrieval.retrieval_text import BASIS_TEXT, VIABILITY_TEXT, clock_time, motility_text

FOUND_COLOUR = QColor("#1b5e20")


class FindingTableModel(RowTableModel[FindingInfo]):
    class Column(IntEnum):
        TIME = 0
        FOUND = 1
        SEEN = 2
        MOTILITY = 3
        VIABILITY = 4
        ASSESSOR = 5
        NOTES = 6

    HEADERS = {Column.TIME: _l("Time"), Column.FOUND: _l("Sperm"), Column.SEEN: _l("Number seen"),
               Column.MOTILITY: _l("Motility"), Column.VIABILITY: _l("Viability"),
               Column.ASSESSOR: _l("Assessor"),
               Column.NOTES: _l("Notes")}

    def display(self, row: FindingInfo, column: Column) -> str:
        c = self.Column
        if column == c.TIME:
            return clock_time(row.assessed_at)
        if column == c.FOUND:
            return _("found") if row.sperm_found else _("none seen")
        if column == c.SEEN:
            return "" if row.count_seen is None else f"{row.count_seen} {BASIS_TEXT[row.count_basis]}"
        if column == c.MOTILITY:
            return motility_text(row)
        if column == c.VIABILITY:
            if row.viability_test == ViabilityTest.NONE:
                return ""
            return f"{VIABILITY_TEXT[row.viability_test]}: {row.viability_result}"
        if column == c.ASSESSOR:
            return row.assessor
        notes = [row.notes] if row.notes else []
        if row.elongated_spermatids:
            notes.insert(0, _("elongated spermatids"))
        return "; ".join(notes)

    def foreground(self, row: FindingInfo, column: Column) -> Any:
        return FOUND_COLOUR if column == self.Column.FOUND and row.sperm_found else None
