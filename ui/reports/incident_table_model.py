"""The incident list's rows: one incident each, its state coloured (open red, acknowledged amber)."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from bench_app.domain.clock import format_local
from bench_app.domain.incidents import IncidentState
from bench_app.i18n import _, _l
from bench_app.services.incidents_service import IncidentInfo
from ui.common.row_table_model import RowTableModel
from ui.qt import QColor

STATE_COLOURS = {IncidentState.OPEN: QColor("#b3261e"), IncidentState.ACKNOWLEDGED: QColor("#8a5a00"),
                 IncidentState.RESOLVED: QColor("#1e6b32")}


class IncidentTableModel(RowTableModel[IncidentInfo]):
    class Column(IntEnum):
        ID = 0
        WHEN = 1
        KIND = 2
        STATE = 3
        WHAT = 4
        REPORTED_BY = 5
        REVIEW = 6

    HEADERS = {Column.ID: "#", Column.WHEN: _l("When"), Column.KIND: _l("Kind"), Column.STATE: _l("State"),
               Column.WHAT: _l("What happened"), Column.REPORTED_BY: _l("Reported by"), Column.REVIEW: _l("Review")}

    def display(self, row: IncidentInfo, column: Column) -> str:
        if column == self.Column.ID:
            return str(row.id)
        if column == self.Column.WHEN:
            return format_local(row.occurred_at)
        if column == self.Column.KIND:
            return row.kind_label
        if column == self.Column.STATE:
            return str(row.state.label)
        if column == self.Column.WHAT:
            return row.description
        if column == self.Column.REPORTED_BY:
            return row.reported_by
        return review_text(row)

    def sort_value(self, row: IncidentInfo, column: Column) -> Any:
        if column == self.Column.ID:
            return row.id
        if column == self.Column.WHEN:
            return row.occurred_at.isoformat()
        return super().sort_value(row, column)

    def foreground(self, row: IncidentInfo, column: Column) -> Any:
        return STATE_COLOURS[row.state] if column == self.Column.STATE else None

    def tooltip(self, row: IncidentInfo, column: Column) -> str | None:
        if column in (self.Column.WHAT, self.Column.REVIEW):
            return f"{row.description}\n\n{review_text(row)}".strip()
        return None


def review_text(row: IncidentInfo) -> str:
    if row.state == IncidentState.RESOLVED:
        return _("resolved by {name}, {time}: {resolution}").format(
            name=row.resolved_by, time=format_local(row.resolved_at), resolution=row.resolution)
    if row.state == IncidentState.ACKNOWLEDGED:
        return _("acknowledged by {name}, {time}").format(name=row.acknowledged_by,
                                                          time=format_local(row.acknowledged_at))
    return ""
