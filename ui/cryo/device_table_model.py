"""Devices found by a search or belonging to one patient: code, patient, status and where."""

from __future__ import annotations

from bench_app.i18n import _l
from enum import IntEnum
from typing import Any

from bench_app.domain.clock import format_date, format_local
from bench_app.services.storage_dto import DeviceInfo
from ui.common.row_table_model import RowTableModel
from ui.cryo.cryo_text import DEVICE_TYPE_TEXT, EXPIRED, MUTED, status_text


class DeviceTableModel(RowTableModel[DeviceInfo]):
    class Column(IntEnum):
        CODE = 0
        PATIENT = 1
        MRN = 2
        TYPE = 3
        STATUS = 4
        POSITION = 5
        FROZEN = 6
        EXPIRY = 7

    HEADERS = {Column.CODE: _l("Device"), Column.PATIENT: _l("Patient"), Column.MRN: _l("MRN"), Column.TYPE: _l("Type"),
               Column.STATUS: _l("Status"), Column.POSITION: _l("Position"), Column.FROZEN: _l("Frozen"),
               Column.EXPIRY: _l("Expiry")}

    def __init__(self, parent=None):
        super().__init__(parent)
        self.today = None

    def display(self, row: DeviceInfo, column: Column) -> str:
        return {
            self.Column.CODE: row.code,
            self.Column.PATIENT: row.patient_name,
            self.Column.MRN: row.mrn,
            self.Column.TYPE: str(DEVICE_TYPE_TEXT.get(row.device_type, row.device_type.label)),
            self.Column.STATUS: status_text(row),
            self.Column.POSITION: row.position_path or "—",
            self.Column.FROZEN: format_local(row.frozen_at)[:10],
            self.Column.EXPIRY: format_date(row.storage_expiry),
        }[column]

    def sort_value(self, row: DeviceInfo, column: Column) -> Any:
        if column == self.Column.FROZEN:
            return row.frozen_at.isoformat()
        if column == self.Column.EXPIRY:
            return format_date(row.storage_expiry) or "9999"
        return super().sort_value(row, column)

    def foreground(self, row: DeviceInfo, column: Column) -> Any:
        if not row.stored:
            return MUTED
        if column == self.Column.EXPIRY and self.today and row.storage_expiry and row.storage_expiry < self.today:
            return EXPIRED
        return None

    def tooltip(self, row: DeviceInfo, column: Column) -> str | None:
        return row.contents or None
