"""Today's tables, one per kind of worksheet row (``services.worksheet.day``): thin adapters.

Colour says what needs a person: an overdue fertilization check is red on a pale red
row, one due now is amber; a step waiting for a witness is amber; a device past its
storage expiry is red. ``day`` (the date shown) lets times on that day read as clock
times and others carry their date.
"""

from __future__ import annotations

from datetime import date
from enum import IntEnum
from typing import Any

from bench_app.domain.enums import ProcedureType
from bench_app.domain.value_labels import label_of
from bench_app.domain.worksheet_labels import (
    description_label, disposition_label, finding_label, maturity_label, pending_note_label, result_label,
    source_label, step_label, thaw_outcome_label,
)
from bench_app.i18n import _, _l, isolated, ngettext
from bench_app.services.worksheet_dto import (
    ExpiringRow, FertCheckRow, FertState, OocyteRow, PendingWitnessRow, SampleRow, ThawRow,
)
from ui.common.row_table_model import Index, RowTableModel, bold_font
from ui.qt import QColor, Qt
from ui.today.day_text import at, by, patient_text

RED, AMBER, GREEN, GREY = QColor("#b3261e"), QColor("#8a4b00"), QColor("#1e6b32"), QColor("#5f6368")
PALE_RED, PALE_AMBER = QColor("#fce8e6"), QColor("#fff4e0")
STATE_COLOURS = {FertState.OVERDUE: RED, FertState.OUTSIDE_WINDOW: RED, FertState.DUE: AMBER,
                 FertState.IN_WINDOW: GREEN, FertState.NOT_YET: GREY}
STATE_EMPHASIS = {FertState.OVERDUE: PALE_RED, FertState.DUE: PALE_AMBER}
BACKGROUND_ROLE, FONT_ROLE = int(Qt.ItemDataRole.BackgroundRole), int(Qt.ItemDataRole.FontRole)


class DayRowModel(RowTableModel):
    """Adds the date shown, and whole-row emphasis (bold text, a pale background) to RowTableModel.

    Set ``day`` before ``set_rows``: the texts are made from it once per row.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.day: date | None = None

    def emphasis(self, row) -> QColor | None:
        return None

    def bold_row(self, r: int) -> bool:
        return 0 <= r < len(self._rows) and self.emphasis(self._rows[r]) is not None

    def tooltip(self, row, column) -> str | None:
        text = self.display(row, column)
        return text if len(text) > 28 else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == BACKGROUND_ROLE or role == FONT_ROLE:
            r = index.row()
            colour = self.emphasis(self._rows[r]) if 0 <= r < len(self._rows) else None
            if colour is None:
                return None
            return colour if role == BACKGROUND_ROLE else bold_font()
        return super().data(index, role)


class FertCheckTableModel(DayRowModel):
    class Column(IntEnum):
        STATE = 0
        WINDOW = 1
        OOCYTE = 2
        PATIENT = 3
        INJECTED = 4
        CHECKED = 5
        RESULT = 6

    HEADERS = {Column.STATE: _l("Check"), Column.WINDOW: _l("Window (16-18 h)"), Column.OOCYTE: _l("Oocyte"),
               Column.PATIENT: _l("Patient"), Column.INJECTED: _l("Injected"), Column.CHECKED: _l("Checked"),
               Column.RESULT: _l("Result")}

    def display(self, row: FertCheckRow, column: Column) -> str:
        if column == self.Column.STATE:
            return row.state.label.upper() if row.state == FertState.OVERDUE else row.state.label
        if column == self.Column.WINDOW:
            return f"{at(row.window_opens, self.day)} – {at(row.window_closes, self.day)}"
        if column == self.Column.OOCYTE:
            return row.oocyte_code
        if column == self.Column.PATIENT:
            return patient_text(row.patient)
        if column == self.Column.INJECTED:
            return at(row.injected_at, self.day)
        if column == self.Column.CHECKED:
            return by(at(row.checked_at, self.day), row.checked_by)
        return result_label(row.result)

    def sort_value(self, row: FertCheckRow, column: Column) -> Any:
        if column in (self.Column.WINDOW, self.Column.INJECTED):
            return row.injected_at.isoformat()
        return super().sort_value(row, column)

    def foreground(self, row: FertCheckRow, column: Column) -> Any:
        return STATE_COLOURS[row.state] if column == self.Column.STATE or row.state == FertState.OVERDUE else None

    def emphasis(self, row: FertCheckRow) -> QColor | None:
        return STATE_EMPHASIS.get(row.state)


class PendingWitnessTableModel(DayRowModel):
    class Column(IntEnum):
        AT = 0
        STEP = 1
        SUBJECT = 2
        PATIENT = 3
        PERFORMER = 4
        NOTE = 5

    HEADERS = {Column.AT: _l("When"), Column.STEP: _l("Step"), Column.SUBJECT: _l("Of"),
               Column.PATIENT: _l("Patient"), Column.PERFORMER: _l("Done by"), Column.NOTE: _l("Note")}

    def display(self, row: PendingWitnessRow, column: Column) -> str:
        return (at(row.at, self.day), step_label(row.step), row.subject, patient_text(row.patient), row.performer,
                pending_note_label(row.note))[column]

    def foreground(self, row: PendingWitnessRow, column: Column) -> Any:
        return AMBER if column == self.Column.STEP else None


class SampleTableModel(DayRowModel):
    class Column(IntEnum):
        PROCEDURE = 0
        PATIENT = 1
        SAMPLE = 2
        RECEIVED = 3
        WITNESS = 4
        FINDING = 5
        DISPOSITION = 6

    HEADERS = {Column.PROCEDURE: _l("Procedure"), Column.PATIENT: _l("Patient"), Column.SAMPLE: _l("Sample"),
               Column.RECEIVED: _l("Received"), Column.WITNESS: _l("Witness"), Column.FINDING: _l("Finding"),
               Column.DISPOSITION: _l("Disposition")}

    def display(self, row: SampleRow, column: Column) -> str:
        if column == self.Column.PROCEDURE:
            return f"{at(row.started_at, self.day)} {label_of(ProcedureType, row.procedure_type)}"
        if column == self.Column.PATIENT:
            return patient_text(row.patient)
        if column == self.Column.SAMPLE:     # the code, and on a second line which tube it is
            if not row.sample_code:
                return _("none received yet")
            return f"#{row.sample_number} {row.sample_code}" + (f"\n{description_label(row.description)}" if row.description else "")
        if column == self.Column.RECEIVED:
            return by(at(row.received_at, self.day), row.received_by)
        if column == self.Column.WITNESS:
            return row.receipt_witness or (_("none recorded") if row.sample_code else "")
        return finding_label(row.finding) if column == self.Column.FINDING else disposition_label(row.disposition)

    def sort_value(self, row: SampleRow, column: Column) -> Any:
        if column == self.Column.PROCEDURE:
            return row.started_at.isoformat()
        return super().sort_value(row, column)

    def tooltip(self, row: SampleRow, column: Column) -> str | None:
        if column == self.Column.PROCEDURE:
            return isolated(_("{procedure} started {at}, surgeon {surgeon}"),
                procedure=label_of(ProcedureType, row.procedure_type), at=at(row.started_at), surgeon=row.surgeon or "—")
        return super().tooltip(row, column)

    def foreground(self, row: SampleRow, column: Column) -> Any:
        if column == self.Column.WITNESS and row.sample_code and not row.receipt_witness:
            return AMBER
        if column == self.Column.FINDING and row.finding.startswith("sperm found"):
            return GREEN
        return GREY if column == self.Column.SAMPLE and not row.sample_code else None


class OocyteTableModel(DayRowModel):
    class Column(IntEnum):
        PATIENT = 0
        OPU = 1
        NUMBER = 2
        OOCYTE = 3
        MATURITY = 4
        INJECTED = 5
        SOURCE = 6
        FERTILIZATION = 7

    HEADERS = {Column.PATIENT: _l("Patient"), Column.OPU: _l("OPU"), Column.NUMBER: "#", Column.OOCYTE: _l("Oocyte"),
               Column.MATURITY: _l("Maturity"), Column.INJECTED: _l("Injected"),
               Column.SOURCE: _l("Sperm source"),
               Column.FERTILIZATION: _l("Fertilization")}

    def display(self, row: OocyteRow, column: Column) -> str:
        if column == self.Column.PATIENT:
            return patient_text(row.patient)
        if column == self.Column.OPU:
            return isolated(ngettext("{at}, {count} COC", "{at}, {count} COCs", row.cocs),
                at=at(row.retrieved_at, self.day), count=row.cocs)
        if column == self.Column.NUMBER:
            return str(row.number)
        if column == self.Column.INJECTED:
            text = by(at(row.injected_at, self.day), row.injected_by)
            return isolated(_("{injected} (damaged)"), injected=text) if row.damaged else text
        if column == self.Column.OOCYTE:
            return row.oocyte_code
        if column == self.Column.MATURITY:
            return maturity_label(row.maturity)
        return source_label(row.sperm_source) if column == self.Column.SOURCE else result_label(row.fertilization)

    def sort_value(self, row: OocyteRow, column: Column) -> Any:
        return (row.retrieval_id, row.number) if column == self.Column.NUMBER else super().sort_value(row, column)


class ThawTableModel(DayRowModel):
    class Column(IntEnum):
        AT = 0
        PATIENT = 1
        DEVICES = 2
        OPERATOR = 3
        WITNESS = 4
        OUTCOME = 5

    HEADERS = {Column.AT: _l("Thawed"), Column.PATIENT: _l("Patient"), Column.DEVICES: _l("Devices"),
               Column.OPERATOR: _l("By"), Column.WITNESS: _l("Witness"), Column.OUTCOME: _l("Outcome")}

    def display(self, row: ThawRow, column: Column) -> str:
        return (at(row.thawed_at, self.day), patient_text(row.patient), ", ".join(row.device_codes), row.operator,
                row.witness or _("none recorded"), thaw_outcome_label(row.outcome))[column]

    def foreground(self, row: ThawRow, column: Column) -> Any:
        return AMBER if column == self.Column.WITNESS and not row.witness else None


class ExpiringTableModel(DayRowModel):
    class Column(IntEnum):
        EXPIRY = 0
        CODE = 1
        PATIENT = 2
        POSITION = 3

    HEADERS = {Column.EXPIRY: _l("Storage expiry"), Column.CODE: _l("Device"), Column.PATIENT: _l("Patient"),
               Column.POSITION: _l("Position")}

    def display(self, row: ExpiringRow, column: Column) -> str:
        if column == self.Column.EXPIRY:
            days = row.days_left
            when = (_("today") if days == 0
                    else isolated(ngettext("in {count} day", "in {count} days", days), count=days) if days > 0
                    else isolated(ngettext("{count} day ago", "{count} days ago", -days), count=-days))
            return f"{row.storage_expiry.isoformat()} ({when})"
        return (None, row.code, patient_text(row.patient), row.position)[column]

    def sort_value(self, row: ExpiringRow, column: Column) -> Any:
        return row.storage_expiry.isoformat() if column == self.Column.EXPIRY else super().sort_value(row, column)

    def foreground(self, row: ExpiringRow, column: Column) -> Any:
        return RED if column == self.Column.EXPIRY and row.days_left < 0 else None
