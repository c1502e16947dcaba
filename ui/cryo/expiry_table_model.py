"""Devices whose storage consent expires soon or has expired; expired rows stand out in red."""

from __future__ import annotations

from bench_app.i18n import _, _l, isolated, ngettext
from enum import IntEnum
from typing import Any

from bench_app.domain.clock import format_date
from bench_app.services.storage_dto import ExpiryRow
from ui.common.row_table_model import RowTableModel, bold_font
from ui.cryo.cryo_text import EXPIRED, WARNING
from ui.qt import QColor, Qt

EXPIRED_BACKGROUND = QColor("#fdecea")


class ExpiryTableModel(RowTableModel[ExpiryRow]):
    class Column(IntEnum):
        EXPIRY = 0
        WHEN = 1
        CODE = 2
        PATIENT = 3
        MRN = 4
        POSITION = 5

    HEADERS = {Column.EXPIRY: _l("Expiry"), Column.WHEN: _l("Days"), Column.CODE: _l("Device"),
               Column.PATIENT: _l("Patient"), Column.MRN: _l("MRN"), Column.POSITION: _l("Position")}

    def display(self, row: ExpiryRow, column: Column) -> str:
        return {
            self.Column.EXPIRY: format_date(row.storage_expiry),
            self.Column.WHEN: days_text(row.days_left),
            self.Column.CODE: row.code,
            self.Column.PATIENT: row.patient_name,
            self.Column.MRN: row.mrn,
            self.Column.POSITION: row.position_path,
        }[column]

    def sort_value(self, row: ExpiryRow, column: Column) -> Any:
        if column in (self.Column.EXPIRY, self.Column.WHEN):
            return row.days_left
        return super().sort_value(row, column)

    def foreground(self, row: ExpiryRow, column: Column) -> Any:
        if row.expired:
            return EXPIRED
        return WARNING if row.days_left <= 30 and column == self.Column.WHEN else None

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        value = super().data(index, role)
        if value is None and index.isValid():
            row = self.row_at(index.row())
            if role == Qt.ItemDataRole.BackgroundRole and row.expired:
                return EXPIRED_BACKGROUND
            if role == Qt.ItemDataRole.FontRole and row.expired and index.column() == self.Column.WHEN:
                return bold_font()
        return value


def days_text(days: int) -> str:
    if days < 0:
        return isolated(ngettext("expired {count} day ago", "expired {count} days ago", -days), count=-days)
    if days == 0:
        return _("expires today")
    return isolated(ngettext("in {count} day", "in {count} days", days), count=days)
