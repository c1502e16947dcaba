"""Consents of one or both partners: who, permitted uses, signed, storage expiry, withdrawn."""

from __future__ import annotations

from enum import IntEnum

from bench_app.domain.clock import format_date
from bench_app.domain.enums import ConsentUse
from bench_app.domain.value_labels import label_of
from bench_app.i18n import _l
from bench_app.services.patients_dto import ConsentInfo
from ui.common.row_table_model import RowTableModel
from ui.qt import QColor


def uses_text(uses: tuple[str, ...]) -> str:
    return ", ".join(label_of(ConsentUse, u) for u in uses)


class ConsentTableModel(RowTableModel[ConsentInfo]):
    class Column(IntEnum):
        PATIENT = 0
        USES = 1
        SIGNED_ON = 2
        STORAGE_EXPIRY = 3
        WITHDRAWN_ON = 4
        NOTES = 5

    HEADERS = {Column.PATIENT: _l("Patient"), Column.USES: _l("Permitted uses"), Column.SIGNED_ON: _l("Signed on"),
               Column.STORAGE_EXPIRY: _l("Storage expiry"), Column.WITHDRAWN_ON: _l("Withdrawn on"),
               Column.NOTES: _l("Notes")}

    def __init__(self, parent=None):
        super().__init__(parent)
        self.HEADERS = {c: str(text) for c, text in type(self).HEADERS.items()}  # in the language of the screen
        self._names: dict[int, str] = {}

    def set_patient_names(self, names: dict[int, str]) -> None:
        """Names by patient id, set before ``set_rows`` (the rows carry only the id)."""
        self._names = dict(names)

    def display(self, row: ConsentInfo, column: Column) -> str:
        if column == self.Column.PATIENT:
            return self._names.get(row.patient_id, "")
        if column == self.Column.USES:
            return uses_text(row.permitted_uses)
        if column == self.Column.SIGNED_ON:
            return format_date(row.signed_on)
        if column == self.Column.STORAGE_EXPIRY:
            return format_date(row.storage_expiry) or "—"
        if column == self.Column.WITHDRAWN_ON:
            return format_date(row.withdrawn_on) or "—"
        return row.notes

    def foreground(self, row: ConsentInfo, column: Column):
        return QColor("#8a8a8a") if row.withdrawn_on is not None else None
