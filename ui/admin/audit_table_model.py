"""One page of the audit trail: time (local), user, action, record, changes, reason, workstation."""

from __future__ import annotations

import json
from enum import IntEnum
from typing import Any

from bench_app.domain.clock import format_local
from bench_app.i18n import _l
from bench_app.services.audit_service import AuditRow
from bench_app.domain.value_labels import event_label
from ui.common.row_table_model import RowTableModel


def _value_text(value: Any) -> str:
    if value is None:
        return "∅"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    text = str(value)
    return text if text else "“”"


# Shown last: they are the same on every row of a kind and would push the content out of view.
BOOKKEEPING = ("id", "created_at", "created_by", "recorded_at", "recorded_by", "updated_at", "updated_by",
               "family_key", "given_key")


def ordered(changes: dict) -> list[tuple[str, Any]]:
    return sorted(changes.items(), key=lambda item: (item[0] in BOOKKEEPING, BOOKKEEPING.index(item[0])
                                                     if item[0] in BOOKKEEPING else 0))


def format_changes(changes: dict, separator: str = "; ") -> str:
    """'field: old → new; ...'; a created field shows only its value, a removed one → ∅.

    Every field is shown; only the order puts bookkeeping (ids, timestamps) last.
    """
    parts = []
    for field, change in ordered(changes):
        if isinstance(change, (list, tuple)) and len(change) == 2:
            old, new = change
            if old is None:
                parts.append(f"{field}: {_value_text(new)}")
            else:
                parts.append(f"{field}: {_value_text(old)} → {_value_text(new)}")
        else:
            parts.append(f"{field}: {_value_text(change)}")
    return separator.join(parts)


class AuditTableModel(RowTableModel[AuditRow]):
    class Column(IntEnum):
        TIME = 0
        USER = 1
        ACTION = 2
        RECORD = 3
        RECORD_ID = 4
        CHANGES = 5
        REASON = 6
        WORKSTATION = 7

    HEADERS = {Column.TIME: _l("Time"), Column.USER: _l("User"), Column.ACTION: _l("Action"),
               Column.RECORD: _l("Record"), Column.RECORD_ID: _l("Id"), Column.CHANGES: _l("Changes"),
               Column.REASON: _l("Reason"), Column.WORKSTATION: _l("Workstation")}

    def display(self, row: AuditRow, column: Column) -> str:
        c = self.Column
        if column == c.TIME:
            return format_local(row.occurred_at, with_seconds=True)
        if column == c.USER:
            return row.username or "—"
        if column == c.ACTION:
            return event_label(row.action)
        if column == c.RECORD:
            return row.entity_type
        if column == c.RECORD_ID:
            return row.entity_id
        if column == c.CHANGES:
            return format_changes(row.changes)
        if column == c.REASON:
            return row.reason
        return row.workstation

    def tooltip(self, row: AuditRow, column: Column) -> str | None:
        if column == self.Column.CHANGES and row.changes:
            return format_changes(row.changes, "\n")
        if column == self.Column.REASON and row.reason:
            return row.reason
        return None
