"""Discard requests waiting for a supervisor's signature: who asked, when, whose devices, why."""

from __future__ import annotations

from bench_app.i18n import _l
from enum import IntEnum

from bench_app.domain.clock import format_local
from bench_app.services.storage_dto import DiscardInfo
from ui.common.row_table_model import RowTableModel


class DiscardTableModel(RowTableModel[DiscardInfo]):
    class Column(IntEnum):
        NUMBER = 0
        REQUESTED = 1
        BY = 2
        PATIENT = 3
        MRN = 4
        DEVICES = 5
        REASON = 6

    HEADERS = {Column.NUMBER: "#", Column.REQUESTED: _l("Requested"), Column.BY: _l("Requested by"),
               Column.PATIENT: _l("Patient"), Column.MRN: _l("MRN"), Column.DEVICES: _l("Devices"),
               Column.REASON: _l("Reason")}

    def display(self, row: DiscardInfo, column: Column) -> str:
        return {
            self.Column.NUMBER: str(row.id),
            self.Column.REQUESTED: format_local(row.requested_at),
            self.Column.BY: row.requested_by,
            self.Column.PATIENT: row.patient_name,
            self.Column.MRN: row.mrn,
            self.Column.DEVICES: devices_text(row),
            self.Column.REASON: row.reason,
        }[column]

    def tooltip(self, row: DiscardInfo, column: Column) -> str | None:
        return "\n".join(f"{d.code}  {d.position_path}" for d in row.devices)


def devices_text(row: DiscardInfo) -> str:
    return ", ".join(d.code for d in row.devices)
