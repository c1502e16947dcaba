"""The users table: user name, full name, role, active, PIN, locked until, last sign-in."""

from __future__ import annotations

from datetime import datetime
from enum import IntEnum

from bench_app.domain.clock import as_utc, format_local
from bench_app.i18n import _, _l, pgettext
from bench_app.services.users_service import UserInfo
from ui.common.row_table_model import RowTableModel
from ui.qt import QColor


class UserTableModel(RowTableModel[UserInfo]):
    class Column(IntEnum):
        USERNAME = 0
        FULL_NAME = 1
        ROLE = 2
        ACTIVE = 3
        PIN = 4
        LOCKED_UNTIL = 5
        LAST_SIGN_IN = 6

    HEADERS = {Column.USERNAME: _l("User name"), Column.FULL_NAME: _l("Full name"), Column.ROLE: _l("Role"),
               Column.ACTIVE: _l("Active"), Column.PIN: _l("Witness PIN"), Column.LOCKED_UNTIL: _l("Locked until"),
               Column.LAST_SIGN_IN: _l("Last sign-in")}

    def __init__(self, parent=None):
        super().__init__(parent)
        self.now: datetime | None = None  # set with the rows: a lock in the past is no lock

    def set_users(self, rows: list[UserInfo], now: datetime) -> None:
        self.now = as_utc(now)
        self.set_rows(rows)

    def is_locked(self, row: UserInfo) -> bool:
        return (row.locked_until is not None and self.now is not None
                and as_utc(row.locked_until) > self.now)

    def display(self, row: UserInfo, column: Column) -> str:
        c = self.Column
        if column == c.USERNAME:
            return row.username
        if column == c.FULL_NAME:
            return row.full_name
        if column == c.ROLE:
            return str(row.role.label)
        if column == c.ACTIVE:
            return _("yes") if row.active else _("disabled")
        if column == c.PIN:
            return pgettext("witness PIN", "set") if row.has_pin else pgettext("witness PIN", "not set")
        if column == c.LOCKED_UNTIL:
            return format_local(row.locked_until) if self.is_locked(row) else ""
        return format_local(row.last_sign_in_at) or _("never")

    def sort_value(self, row: UserInfo, column: Column):
        if column == self.Column.LAST_SIGN_IN:
            return row.last_sign_in_at.isoformat() if row.last_sign_in_at else ""
        return super().sort_value(row, column)

    def foreground(self, row: UserInfo, column: Column):
        if not row.active:
            return QColor("#8a8a8a")
        if column == self.Column.LOCKED_UNTIL and self.is_locked(row):
            return QColor("#b3261e")
        return None
