"""Wrapping tables on a busy day: rows wrap to their text, fitted once per change and only where they show."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from bench_app.services.worksheet_dto import PatientRef, SampleRow
from ui.common.table_section import TableSectionWidget
from ui.common.wrapping_table import wrapping
from ui.qt import QApplication
from ui.today.worksheet_table_models import SampleTableModel

S = SampleTableModel.Column
DAY = date(2026, 11, 20)
START = datetime(2026, 11, 20, 8, tzinfo=timezone.utc)
MAX_HEIGHT = 380


def sample(n: int) -> SampleRow:
    return SampleRow(procedure_id=n // 6, procedure_type="micro-TESE", started_at=START + timedelta(minutes=n // 6),
                     surgeon="Dr Okafor", patient=PatientRef(f"HADDAD{n}, Karim", f"M-{n:05d}"),
                     sample_code=f"S-{n:08d}", sample_number=n % 6 + 1, description="biopsy · left · upper pole",
                     received_at=START + timedelta(minutes=n // 6 + 5), received_by="Emma Embryologist",
                     receipt_witness="Eli Embryologist",
                     finding="no sperm seen after searching the whole sample under the microscope for two hours",
                     disposition="frozen in 3 straws")


@pytest.fixture
def section(qtbot):
    model = SampleTableModel()
    model.day = DAY
    widget = TableSectionWidget("Retrievals and samples", model, empty_text="", stretch_column=S.FINDING)
    refit = wrapping(widget, {S.PROCEDURE: 125, S.PATIENT: 200, S.SAMPLE: 175, S.RECEIVED: 110, S.WITNESS: 75,
                              S.DISPOSITION: 100}, max_height=MAX_HEIGHT)
    qtbot.addWidget(widget)
    widget.resize(1100, 900)
    widget.show()
    qtbot.waitExposed(widget)
    fitted: list[int] = []
    fit_row = widget.table.resizeRowToContents
    widget.table.resizeRowToContents = lambda row: (fitted.append(row), fit_row(row))
    return widget, refit, fitted


def chrome(table) -> int:
    return table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth() + 2


def test_a_few_rows_wrap_and_the_table_is_as_tall_as_they_are(qtbot, section):
    widget, refit, _fitted = section
    widget.set_rows([sample(n) for n in range(3)])
    refit()
    table = widget.table
    one_line = table.verticalHeader().defaultSectionSize()
    assert all(table.rowHeight(r) > one_line for r in range(3))      # the tube's second line, the long finding
    assert table.height() == sum(table.rowHeight(r) for r in range(3)) + chrome(table)


def test_thousands_of_rows_wrap_where_they_show_and_as_they_are_scrolled_to(qtbot, section):
    widget, refit, fitted = section
    widget.set_rows([sample(n) for n in range(2000)])
    refit()
    table = widget.table
    one_line = table.verticalHeader().defaultSectionSize()
    assert table.rowHeight(0) > one_line and table.height() == MAX_HEIGHT + chrome(table)
    assert 5 < len(fitted) < 60                                       # the rows in view, not all 2000
    assert table.rowHeight(1999) == one_line
    # As a person keeps scrolling to the end: rows fitted on the way make the range longer (by how
    # many depends on the font, the app's own look included), until the last row is in view.
    qtbot.waitUntil(lambda: (table.scrollToBottom(), table.rowHeight(1999) > one_line)[1])
    assert table.rowHeight(1000) == one_line                          # jumped over: fitted when shown


def test_a_narrower_window_refits_the_rows_once(qtbot, section):
    widget, refit, fitted = section
    widget.set_rows([sample(n) for n in range(50)])
    refit()
    table = widget.table
    QApplication.processEvents()
    before, fitted[:] = table.rowHeight(0), []
    widget.resize(960, 900)                                           # the stretch column gives up 140 px
    qtbot.waitUntil(lambda: 0 in fitted)
    QApplication.processEvents()
    assert fitted.count(0) == 1 and table.rowHeight(0) > before       # the finding takes more lines
