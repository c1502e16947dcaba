"""One cane or goblet, a row per position: what sits there, whose it is, and until when.

Free positions are rows too (shown as "free", greyed), so a person sees the gaps on
the cane the way they are in the tank.
"""

from __future__ import annotations

from bench_app.i18n import _, _l, isolated
from enum import IntEnum
from typing import Any

from bench_app.domain.value_labels import colour_label
from bench_app.domain.clock import format_date, format_local
from bench_app.services.storage_dto import CaneSlot
from ui.common.row_table_model import RowTableModel
from ui.cryo.cryo_text import DEVICE_TYPE_TEXT, EXPIRED, MUTED


class CaneTableModel(RowTableModel[CaneSlot]):
    class Column(IntEnum):
        POSITION = 0
        CODE = 1
        PATIENT = 2
        MRN = 3
        TYPE = 4
        COLOUR = 5
        FROZEN = 6
        EXPIRY = 7

    HEADERS = {Column.POSITION: _l("Pos."), Column.CODE: _l("Device"), Column.PATIENT: _l("Patient"),
               Column.MRN: _l("MRN"), Column.TYPE: _l("Type"), Column.COLOUR: _l("Colour"), Column.FROZEN: _l("Frozen"),
               Column.EXPIRY: _l("Expiry")}

    def __init__(self, parent=None):
        super().__init__(parent)
        self.today = None

    def display(self, row: CaneSlot, column: Column) -> str:
        if column == self.Column.POSITION:
            return str(row.slot)
        d = row.device
        if d is None:
            return _("free") if column == self.Column.CODE else ""
        return {
            self.Column.CODE: d.code if d.pending_discard_id is None else isolated(_("{code} (discard pending)"), code=d.code),
            self.Column.PATIENT: d.patient_name,
            self.Column.MRN: d.mrn,
            self.Column.TYPE: str(DEVICE_TYPE_TEXT.get(d.device_type, d.device_type.label)),
            self.Column.COLOUR: colour_label(d.colour),
            self.Column.FROZEN: format_local(d.frozen_at)[:10],
            self.Column.EXPIRY: format_date(d.storage_expiry),
        }[column]

    def sort_value(self, row: CaneSlot, column: Column) -> Any:
        if column == self.Column.POSITION:
            return row.slot
        return super().sort_value(row, column)

    def foreground(self, row: CaneSlot, column: Column) -> Any:
        if row.device is None:
            return MUTED
        if column == self.Column.EXPIRY and self.today and row.device.storage_expiry \
                and row.device.storage_expiry < self.today:
            return EXPIRED
        return None

    def tooltip(self, row: CaneSlot, column: Column) -> str | None:
        d = row.device
        if d is None:
            return isolated(_("Position {number} is free"), number=row.slot)
        return f"{d.code}: {d.contents}" if d.contents else None
