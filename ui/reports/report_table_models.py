"""Table models of the Reports area: custody events, items and signatures, day signatures, label prints.

Thin adapters over the services' frozen rows (``set_rows``); long texts are also tooltips
so a narrow column never hides what a cell says.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from bench_app.domain.clock import format_local
from bench_app.i18n import _, _l, isolate, isolated, lazy_pgettext
from bench_app.services.custody_dto import CustodyEvent, CustodyItem, SignatureLine
from bench_app.services.labels_service import PrintRecord
from bench_app.services.worksheet_dto import DaySignature
from bench_app.domain.value_labels import event_label, label_of
from bench_app.domain.enums import SignatureMeaning
from ui.common.row_table_model import RowTableModel
from ui.qt import QColor

ALERT = QColor("#b3261e")
OK = QColor("#1e6b32")


class _Tipped(RowTableModel):
    def tooltip(self, row, column) -> str | None:
        text = self.display(row, column)
        return text if len(text) > 24 else None


class CustodyEventTableModel(_Tipped):
    """What, where and which lots wrap in the view; the subject leads 'What' when a report covers several items."""

    class Column(IntEnum):
        AT = 0
        EVENT = 1
        DESCRIPTION = 2
        PERFORMER = 3
        WITNESS = 4
        LOCATION = 5
        LOTS = 6

    HEADERS = {Column.AT: _l("When"), Column.EVENT: _l("Event"), Column.DESCRIPTION: _l("What"),
               Column.PERFORMER: _l("By"), Column.WITNESS: _l("Witness"), Column.LOCATION: _l("Where"),
               Column.LOTS: _l("Lots")}
    _FIELDS = ("at", "event", "description", "performer", "witness", "location", "lots")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.show_subject = True

    def display(self, row: CustodyEvent, column: Column) -> str:
        if column == self.Column.AT:
            return row.at[:16]        # '2026-11-20 09:12' (the PDF prints the UTC offset too)
        if column == self.Column.DESCRIPTION:
            text = f"{isolate(row.subject)}: {row.description}" if self.show_subject and row.subject else row.description
            return text + (" " + isolated(_("Reason: {reason}."), reason=row.reason) if row.reason else "")
        if column == self.Column.EVENT:
            return event_label(row.event)  # stored in English, shown in the screen's words
        return getattr(row, self._FIELDS[column])

    def tooltip(self, row: CustodyEvent, column: Column) -> str | None:
        return None

    def sort_value(self, row: CustodyEvent, column: Column) -> Any:
        return row.at_utc if column == self.Column.AT else super().sort_value(row, column)


class CustodyItemTableModel(_Tipped):
    class Column(IntEnum):
        CODE = 0
        KIND = 1
        STATUS = 2
        POSITION = 3
        DETAIL = 4

    HEADERS = {Column.CODE: _l("Code"), Column.KIND: _l("Kind"), Column.STATUS: _l("Status"),
               Column.POSITION: _l("Position now"), Column.DETAIL: _l("Detail")}

    def display(self, row: CustodyItem, column: Column) -> str:
        return getattr(row, ("code", "kind", "status", "position", "detail")[column])


class SignatureLineTableModel(_Tipped):
    class Column(IntEnum):
        NAME = 0
        AT = 1
        MEANING = 2
        RECORD = 3

    HEADERS = {Column.NAME: _l("Printed name"), Column.AT: _l("Signed"), Column.MEANING: _l("Meaning"),
               Column.RECORD: _l("Record")}

    def display(self, row: SignatureLine, column: Column) -> str:
        if column == self.Column.AT:
            return row.signed_at[:16]
        if column == self.Column.MEANING:
            return label_of(SignatureMeaning, row.meaning)
        return getattr(row, ("printed_name", "signed_at", "meaning", "record")[column])


class DaySignatureTableModel(RowTableModel[DaySignature]):
    class Column(IntEnum):
        NAME = 0
        AT = 1
        MEANING = 2
        STATE = 3

    HEADERS = {Column.NAME: _l("Signed by"), Column.AT: _l("Signed"), Column.MEANING: _l("Meaning"),
               Column.STATE: _l("Records")}

    def display(self, row: DaySignature, column: Column) -> str:
        if column == self.Column.NAME:
            return row.printed_name
        if column == self.Column.AT:
            return format_local(row.signed_at)
        if column == self.Column.MEANING:
            return label_of(SignatureMeaning, row.meaning)
        return _("match what was signed") if row.matches_current else _("CHANGED since signing")

    def foreground(self, row: DaySignature, column: Column) -> Any:
        if column == self.Column.STATE:
            return OK if row.matches_current else ALERT
        return None

    def tooltip(self, row: DaySignature, column: Column) -> str | None:
        waiting = "\n".join(row.open_items)
        return (isolated(_("SHA-256 of the signed records: {hash}"), hash=row.content_hash)
                + ("\n" + _("Signed while waiting for a witness:") + f"\n{waiting}" if waiting else ""))


class PrintRecordTableModel(RowTableModel[PrintRecord]):
    class Column(IntEnum):
        AT = 0
        BY = 1
        STOCK = 2
        COPIES = 3
        KIND = 4
        REASON = 5

    HEADERS = {Column.AT: _l("Printed"), Column.BY: _l("By"), Column.STOCK: _l("Stock"), Column.COPIES: _l("Copies"),
               Column.KIND: lazy_pgettext("a label's", "Print"), Column.REASON: _l("Reason")}

    def display(self, row: PrintRecord, column: Column) -> str:
        return (format_local(row.printed_at), row.printed_by, row.stock, str(row.copies),
                _("reprint") if row.is_reprint else _("first print"), row.reason)[column]

    def sort_value(self, row: PrintRecord, column: Column) -> Any:
        return row.printed_at.isoformat() if column == self.Column.AT else super().sort_value(row, column)
