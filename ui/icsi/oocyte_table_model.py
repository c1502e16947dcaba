"""The oocyte grid: one line per oocyte (1..COCs) across maturity, injection and the check.

The model adapts the service's rows and keeps what has been keyed but not saved yet
(maturity, result, polar bodies) as drafts, shaded until they are saved. Hours since
injection are computed against a reference time the view sets (the time of check being
entered, or now), so the 16-18 h flag follows what the person is about to record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum
from typing import Any

from bench_app.domain import icsi as rules
from bench_app.domain.enums import FertilizationResult, Maturity, ViabilityTest
from bench_app.i18n import _, _l, isolated, ngettext
from bench_app.services.icsi_dto import OocyteRow
from ui.common.row_table_model import RowTableModel
from ui.icsi.icsi_text import (
    MATURITY_TEXT, MOTILITY_SHORT, RESULT_TEXT, VIABILITY_SHORT, clock_time, technique_names, technique_short,
)
from ui.qt import QColor, QModelIndex, Qt

DRAFT = QColor("#fff1b8")      # keyed, not saved yet
FLAG = QColor("#fbd5d2")       # outside the 16-18 h window, or refused
FLAG_TEXT = QColor("#8c1d18")
MUTED = QColor("#6b7078")


@dataclass(frozen=True)
class GridLine:
    """Line ``number`` of the dish; ``oocyte`` is None until its maturity is first saved."""

    number: int
    oocyte: OocyteRow | None
    beyond_cocs: bool = False


class OocyteTableModel(RowTableModel[GridLine]):
    class Column(IntEnum):
        NUMBER = 0
        MATURITY = 1
        INJECTED = 2
        SPERM = 3
        DAMAGED = 4
        HOURS = 5
        RESULT = 6
        POLAR_BODIES = 7
        WINDOW = 8

    # The oocyte code is in the # column's tooltip and the source panel: the grid keeps to what the bench calls out.
    HEADERS = {Column.NUMBER: "#", Column.MATURITY: _l("Maturity"), Column.INJECTED: _l("Injected"),
               Column.SPERM: _l("Sperm, technique"), Column.DAMAGED: _l("Damage"),
               Column.HOURS: _l("Hours"), Column.RESULT: _l("Result"),
               # Translators: PB, the polar bodies' column of the ICSI grid (keep it short)
               Column.POLAR_BODIES: _l("PB"), Column.WINDOW: "16-18 h"}

    def __init__(self, parent=None):
        super().__init__(parent)
        self.HEADERS = {c: str(text) for c, text in type(self).HEADERS.items()}  # in the language of the screen
        self.cocs = 0
        self.reference_time: datetime | None = None
        self.today = None
        self.maturity_drafts: dict[int, Maturity | None] = {}
        self.result_drafts: dict[int, FertilizationResult] = {}
        self.pb_drafts: dict[int, int] = {}
        self.row_errors: dict[int, str] = {}

    # --- loading -----------------------------------------------------------------------

    def load(self, oocytes: list[OocyteRow], cocs: int, *, keep_drafts: bool = False) -> None:
        self.cocs = cocs
        if not keep_drafts:
            self.clear_drafts(notify=False)
        by_number = {o.number: o for o in oocytes}
        count = max([cocs, *by_number])
        self.set_rows(GridLine(n, by_number.get(n), n > cocs) for n in range(1, count + 1))

    def add_line(self) -> int:
        """One more line than the COCs (refused when saved, as the service says)."""
        n = len(self._rows) + 1
        self.beginInsertRows(QModelIndex(), n - 1, n - 1)
        self._rows.append(GridLine(n, None, n > self.cocs))
        self.endInsertRows()
        return n - 1

    def set_reference_time(self, moment: datetime | None) -> None:
        self.reference_time = moment
        self._changed_columns(self.Column.HOURS, self.Column.WINDOW)

    def clear_drafts(self, notify: bool = True) -> None:
        self.maturity_drafts.clear()
        self.result_drafts.clear()
        self.pb_drafts.clear()
        self.row_errors.clear()
        if notify and self._rows:
            self._changed_columns(*self.Column)

    # --- keyed values ------------------------------------------------------------------

    def maturity_of(self, line: GridLine) -> Maturity | None:
        if line.number in self.maturity_drafts:
            return self.maturity_drafts[line.number]
        return line.oocyte.maturity if line.oocyte else None

    def set_maturity(self, row: int, maturity: Maturity | None) -> str:
        """Key a maturity; returns why it cannot be, or ""."""
        line = self._rows[row]
        if line.oocyte is not None and line.oocyte.injected:
            return isolated(_("Oocyte {number} was injected: its maturity can no longer change."), number=line.number)
        stored = line.oocyte.maturity if line.oocyte else None
        if maturity == stored:
            self.maturity_drafts.pop(line.number, None)
        else:
            self.maturity_drafts[line.number] = maturity
        self.row_errors.pop(line.number, None)
        self._changed_row(row)
        return ""

    def maturities(self) -> list[Maturity | None]:
        """Every line's maturity, stored or keyed, up to the last one that has any."""
        values = [self.maturity_of(line) for line in self._rows]
        while values and values[-1] is None:
            values.pop()
        return values

    def changes_recorded_maturity(self) -> bool:
        """A keyed maturity replaces one already saved: a correction that needs a reason."""
        return any(line.oocyte is not None and line.oocyte.maturity is not None and line.number in self.maturity_drafts
                   and self.maturity_drafts[line.number] is not None for line in self._rows)

    def can_check(self, row: int) -> bool:
        oocyte = self._rows[row].oocyte
        return oocyte is not None and oocyte.injected and oocyte.result is None

    def set_result(self, row: int, result: FertilizationResult | None) -> None:
        number = self._rows[row].number
        if result is None:
            self.result_drafts.pop(number, None)
            self.pb_drafts.pop(number, None)
        else:
            self.result_drafts[number] = result
        self.row_errors.pop(number, None)
        self._changed_row(row)

    def set_polar_bodies(self, row: int, count: int | None) -> None:
        number = self._rows[row].number
        if count is None:
            self.pb_drafts.pop(number, None)
        else:
            self.pb_drafts[number] = count
        self._changed_row(row)

    def pending_checks(self) -> list[tuple[OocyteRow, FertilizationResult | None, int | None]]:
        """Injected, unchecked oocytes with a keyed result or polar-body count."""
        numbers = sorted(set(self.result_drafts) | set(self.pb_drafts))
        lines = {line.number: line for line in self._rows}
        return [(lines[n].oocyte, self.result_drafts.get(n), self.pb_drafts.get(n)) for n in numbers
                if n in lines and lines[n].oocyte is not None and lines[n].oocyte.injected]

    def hours(self, line: GridLine) -> float | None:
        o = line.oocyte
        if o is None or not o.injected:
            return None
        if o.hours_at_check is not None:
            return o.hours_at_check
        if self.reference_time is None:
            return None
        return o.hours_since_injection(self.reference_time)

    def outside_window(self, line: GridLine) -> bool:
        o = line.oocyte
        if o is None or not o.injected:
            return False
        if o.result is not None:
            return o.outside_window
        h = self.hours(line)
        # an unchecked oocyte is flagged once its window is missed, or when a check is keyed early
        return h is not None and (h > rules.WINDOW_END_HOURS or
                                  (line.number in self.result_drafts and not rules.in_window(h)))

    def set_row_errors(self, errors: dict[int, str]) -> None:
        self.row_errors = dict(errors)
        self._changed_columns(*self.Column)

    def row_of_number(self, number: int) -> int:
        return next(i for i, line in enumerate(self._rows) if line.number == number)

    # --- display -----------------------------------------------------------------------

    def display(self, line: GridLine, column: Column) -> str:
        o = line.oocyte
        C = self.Column
        if column == C.NUMBER:
            return str(line.number)
        if column == C.MATURITY:
            m = self.maturity_of(line)
            return str(MATURITY_TEXT[m]) if m else ""
        if column == C.RESULT:
            r = self.result_drafts.get(line.number) or (o.result if o else None)
            return str(RESULT_TEXT[r]) if r else ""
        if column == C.POLAR_BODIES:
            pb = self.pb_drafts.get(line.number, o.polar_bodies if o else None)
            return "" if pb is None else str(pb)
        if o is None or not o.injected:
            return ""
        if column == C.INJECTED:
            return f"{clock_time(o.injected_at)} {o.injected_by or ''}".strip()
        if column == C.SPERM:
            text = str(MOTILITY_SHORT[o.sperm_motility]) if o.sperm_motility else ""
            if o.viability_test not in (None, ViabilityTest.NONE):
                text += f" + {VIABILITY_SHORT[o.viability_test]}"
            extras = [technique_short(o.techniques)] if o.techniques else []
            return ", ".join([text, *extras, *([_("non-MII")] if o.non_mii_reason else [])])
        if column == C.DAMAGED:
            return _("damaged") if o.damaged else _("no")
        if column == C.HOURS:
            h = self.hours(line)
            return "" if h is None else isolated(_("{hours} h"), hours=f"{h:.1f}")
        return self._window_text(line)

    def _window_text(self, line: GridLine) -> str:
        o = line.oocyte
        h = self.hours(line)
        if o.result is not None:
            if not o.outside_window:
                return _("in window")
            when = _("late") if h > rules.WINDOW_END_HOURS else _("early")
            return isolated(_("{when}: {reason}"), when=when, reason=o.window_reason) if o.window_reason else when
        if h is None:
            return ""
        if line.number in self.result_drafts and not rules.in_window(h):
            return (_("early: reason needed") if h < rules.WINDOW_START_HOURS else _("late: reason needed"))
        if h < rules.WINDOW_START_HOURS:
            return isolated(_("due in {hours} h"), hours=f"{rules.WINDOW_START_HOURS - h:.1f}")
        if h <= rules.WINDOW_END_HOURS:
            return _("check now")
        return _("late: reason needed")

    def tooltip(self, line: GridLine, column: Column) -> str | None:
        if line.number in self.row_errors:
            return self.row_errors[line.number]
        o = line.oocyte
        if line.beyond_cocs and column in (self.Column.NUMBER, self.Column.MATURITY):
            return isolated(ngettext("Line {number} is beyond the {count} COC retrieved.",
                                     "Line {number} is beyond the {count} COCs retrieved.", self.cocs),
                number=line.number, count=self.cocs)
        if o is None:
            return None
        if column == self.Column.WINDOW:  # the window note is cut to the column: read whole here
            return self.display(line, column) or None
        if column == self.Column.NUMBER:
            return isolated(_("Oocyte {number}: {code}"), number=line.number, code=o.code)
        if column == self.Column.INJECTED and o.injected:
            return isolated(_("Injected {time} by {name}"), time=clock_time(o.injected_at, self.today), name=o.injected_by)
        if column == self.Column.SPERM and o.injected:
            text = technique_names(o.techniques) or _("no special technique")
            if o.non_mii_reason:
                text += "\n" + isolated(_("Non-MII exception: {reason}"), reason=o.non_mii_reason)
            return text
        if column == self.Column.WINDOW and o.window_reason:
            return o.window_reason
        if column == self.Column.RESULT and o.checked_at is not None:
            return isolated(_("Checked {time} by {name}"), time=clock_time(o.checked_at), name=o.checked_by)
        return None

    def background(self, line: GridLine, column: Column) -> Any:
        C = self.Column
        n = line.number
        if n in self.row_errors and column in (C.NUMBER, C.MATURITY, C.RESULT):
            return FLAG
        if line.beyond_cocs and column in (C.NUMBER, C.MATURITY):
            return FLAG
        if (column == C.MATURITY and n in self.maturity_drafts) or (column == C.RESULT and n in self.result_drafts) \
                or (column == C.POLAR_BODIES and n in self.pb_drafts):
            return DRAFT
        if column in (C.HOURS, C.WINDOW) and self.outside_window(line):
            return FLAG
        return None

    def foreground(self, line: GridLine, column: Column) -> Any:
        if column in (self.Column.HOURS, self.Column.WINDOW) and self.outside_window(line):
            return FLAG_TEXT
        if column == self.Column.INJECTED:
            return MUTED
        return None

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and index.isValid() and 0 <= index.row() < len(self._rows):
            return self.background(self._rows[index.row()], self._columns[index.column()])
        if role == Qt.ItemDataRole.TextAlignmentRole and index.isValid() and index.column() in (
                self.Column.NUMBER, self.Column.HOURS, self.Column.POLAR_BODIES):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().data(index, role)

    # --- change notifications ------------------------------------------------------------

    def _changed_row(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.Column) - 1))

    def _changed_columns(self, *columns: Column) -> None:
        if self._rows:
            cols = [int(c) for c in columns]
            self.dataChanged.emit(self.index(0, min(cols)), self.index(len(self._rows) - 1, max(cols)))
