"""Devices under review (consent withdrawn): device, patient, position, expiry, why, since when."""

from __future__ import annotations

from bench_app.i18n import _l
from enum import IntEnum

from bench_app.domain.clock import format_date, format_local
from bench_app.services.consent_effects import DeviceReviewInfo
from ui.common.row_table_model import RowTableModel


class DeviceReviewTableModel(RowTableModel[DeviceReviewInfo]):
    class Column(IntEnum):
        DEVICE = 0
        PATIENT = 1
        MRN = 2
        POSITION = 3
        EXPIRY = 4
        SINCE = 5
        REASON = 6

    HEADERS = {Column.DEVICE: _l("Device"), Column.PATIENT: _l("Patient"), Column.MRN: _l("MRN"),
               Column.POSITION: _l("Position"), Column.EXPIRY: _l("Storage expiry"),
               Column.SINCE: _l("Under review since"), Column.REASON: _l("Why")}

    def display(self, row: DeviceReviewInfo, column: Column) -> str:
        return {
            self.Column.DEVICE: row.device_code,
            self.Column.PATIENT: row.patient_name,
            self.Column.MRN: row.mrn,
            self.Column.POSITION: row.position,
            self.Column.EXPIRY: format_date(row.storage_expiry) or "—",
            self.Column.SINCE: format_local(row.flagged_at),
            self.Column.REASON: row.reason,
        }[column]

    def tooltip(self, row: DeviceReviewInfo, column: Column) -> str | None:
        return row.reason
