"""A device's history in time order: freeze, placement, moves, thaw, discard; who, witness, where."""

from __future__ import annotations

from enum import IntEnum

from bench_app.domain.clock import format_local
from bench_app.services.storage_dto import HistoryEvent
from ui.common.row_table_model import RowTableModel
from ui.cryo.cryo_text import EVENT_TEXT


class HistoryTableModel(RowTableModel[HistoryEvent]):
    class Column(IntEnum):
        WHEN = 0
        EVENT = 1
        BY = 2
        WITNESS = 3
        WHERE = 4
        REASON = 5
        DETAILS = 6

    HEADERS = {Column.WHEN: "When", Column.EVENT: "Event", Column.BY: "By", Column.WITNESS: "Witness",
               Column.WHERE: "From → to", Column.REASON: "Reason", Column.DETAILS: "Details"}

    def display(self, row: HistoryEvent, column: Column) -> str:
        if column == self.Column.WHEN:
            return format_local(row.at)
        if column == self.Column.EVENT:
            return EVENT_TEXT.get(row.kind, row.kind.label)
        if column == self.Column.BY:
            return row.operator
        if column == self.Column.WITNESS:
            return row.witness or "—"
        if column == self.Column.WHERE:
            return where_text(row)
        if column == self.Column.REASON:
            return row.reason
        return row.description

    def tooltip(self, row: HistoryEvent, column: Column) -> str | None:
        return row.description


def where_text(event: HistoryEvent) -> str:
    if event.from_path and event.to_path:
        return f"{event.from_path} → {event.to_path}"
    if event.to_path:
        return f"→ {event.to_path}"
    if event.from_path:
        return f"{event.from_path} →"
    return ""
