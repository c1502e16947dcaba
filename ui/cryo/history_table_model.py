"""A device's history in time order: freeze, placement, moves, thaw, discard; who, witness, what, why.

The Details column carries the service's description, which names the positions of a
placement or move ("Moved from … to …"); a thaw adds where the device was taken from.
"""

from __future__ import annotations

from bench_app.i18n import _, _l, isolated
from enum import IntEnum

from bench_app.domain.clock import format_local
from bench_app.domain.storage import DeviceEventKind
from bench_app.services.storage_dto import HistoryEvent
from ui.common.row_table_model import RowTableModel
from ui.cryo.cryo_text import EVENT_TEXT


class HistoryTableModel(RowTableModel[HistoryEvent]):
    class Column(IntEnum):
        WHEN = 0
        EVENT = 1
        BY = 2
        WITNESS = 3
        DETAILS = 4
        REASON = 5

    HEADERS = {Column.WHEN: _l("When"), Column.EVENT: _l("Event"), Column.BY: _l("By"), Column.WITNESS: _l("Witness"),
               Column.DETAILS: _l("Details (from → to)"), Column.REASON: _l("Reason")}

    def display(self, row: HistoryEvent, column: Column) -> str:
        if column == self.Column.WHEN:
            return format_local(row.at)
        if column == self.Column.EVENT:
            return str(EVENT_TEXT.get(row.kind, row.kind.label))
        if column == self.Column.BY:
            return row.operator
        if column == self.Column.WITNESS:
            return row.witness or "—"
        if column == self.Column.REASON:
            return row.reason
        return details_text(row)

    def tooltip(self, row: HistoryEvent, column: Column) -> str | None:
        return details_text(row)


def details_text(event: HistoryEvent) -> str:
    if event.kind == DeviceEventKind.THAW and event.from_path:
        return isolated(_("{description}; taken from {position}"), description=event.description,
                                                                 position=event.from_path)
    return event.description
