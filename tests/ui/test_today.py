"""Today, the home screen: the day's worksheet rows, overdue checks standing out, rows that open their record."""

from __future__ import annotations

import pytest

from tests.reports.world import build_world
from tests.ui.conftest import click, plain
from ui.printing.print_preview_dialog import PrintPreviewDialog
from ui.qt import Qt
from ui.today.worksheet_table_models import AMBER, PALE_AMBER, PALE_RED, RED, FertCheckTableModel

STATE = FertCheckTableModel.Column.STATE
OOCYTE = FertCheckTableModel.Column.OOCYTE


@pytest.fixture
def world(services, team, clock):
    return build_world(services, team, clock)


def states(section) -> dict[str, str]:
    m = section.model
    return {m.index(r, OOCYTE).data(): m.index(r, STATE).data() for r in range(m.rowCount())}


def row_of(section, text: str) -> int:
    m = section.model
    return next(r for r in range(m.rowCount())
                if any(text in plain(m.index(r, c).data() or "") for c in range(m.columnCount())))


def test_a_due_fertilization_check_turns_overdue_when_the_clock_passes_18_hours(
        qtbot, team, clock, open_window, world):
    clock.advance(hours=16)                   # 01:00 the next day: injected 08:01-08:03, windows open 00:01-00:03
    today = open_window(team.embryologist, idle_timeout_ms=600_000).show_area("today")
    first, second, third = world.oocyte_codes[:3]
    assert states(today.fert) == {first: "checked in window", second: "due now", third: "due now"}
    assert today.fert.title_label.text() == "Fertilization checks (3, 2 due now)"
    row = row_of(today.fert, second)
    index = today.fert.model.index(row, STATE)
    assert index.data(Qt.ItemDataRole.ForegroundRole) == AMBER
    assert index.data(Qt.ItemDataRole.BackgroundRole) == PALE_AMBER
    assert today.fert.model.index(row, FertCheckTableModel.Column.WINDOW).data() == "00:02 – 02:02"
    assert "overdue" not in today.alert.text()

    clock.advance(hours=2, minutes=30)        # 03:30: past 18 h for both
    today.timer.timeout.emit()                # the minute's refresh
    assert states(today.fert) == {first: "checked in window", second: "OVERDUE", third: "OVERDUE"}
    index = today.fert.model.index(row_of(today.fert, second), STATE)
    assert index.data(Qt.ItemDataRole.ForegroundRole) == RED
    assert index.data(Qt.ItemDataRole.BackgroundRole) == PALE_RED
    assert index.data(Qt.ItemDataRole.FontRole).bold()
    assert today.fert.title_label.text() == "Fertilization checks (3, 2 overdue)"
    assert today.alert.isVisibleTo(today) and "2 fertilization checks overdue (past 18 h)" in today.alert.text()


def test_the_day_lists_samples_oocytes_and_pending_witnesses_and_rows_open_their_records(
        qtbot, team, open_window, world):
    window = open_window(team.embryologist, idle_timeout_ms=600_000)
    today = window.show_area("today")
    assert today.samples.model.rowCount() == 2 and today.oocytes.model.rowCount() == 4
    assert today.oocytes.title_label.text() == "OPU and ICSI, a row per oocyte (4 oocytes from 1 OPU)"
    assert today.pending.model.rowCount() == 1 and "1 step waiting for a witness" in today.alert.text()
    assert not today.fert.isVisibleTo(today) and "Fertilization checks" in today.nothing.text()
    sample = today.samples.model.index(0, today.samples.model.Column.SAMPLE).data()
    assert sample.startswith(f"#1 {world.samples[0].code}\n")     # then which tube it is
    assert plain(today.samples.model.index(0, 1).data()).endswith(" · M-4471")

    oocyte_row = row_of(today.oocytes, world.oocyte_codes[1])
    today.oocytes.table.activated.emit(today.oocytes.model.index(oocyte_row, 0))
    assert window.current_area_key() == "icsi"
    assert window.area_widget("icsi").current_page() is window.area_widget("icsi").cycle_view

    window.show_area("today")
    today.samples.table.activated.emit(today.samples.model.index(1, 0))
    retrieval = window.area_widget("retrieval")
    assert window.current_area_key() == "retrieval"
    assert retrieval.procedure_view.selected_sample().code == world.samples[1].code

    window.show_area("today")
    today.pending.table.activated.emit(today.pending.model.index(0, 0))   # 'ICSI started …': its patient opens
    assert window.current_area_key() == "patients"


def test_print_worksheet_from_today_and_other_days(qtbot, team, open_window, world):
    today = open_window(team.supervisor, idle_timeout_ms=600_000).show_area("today")
    click(qtbot, today.print_button)
    preview = today.active_dialog
    assert isinstance(preview, PrintPreviewDialog) and preview.page_count >= 1
    preview.reject()
    click(qtbot, today.previous_button)
    assert today.title.text() == "Thursday, 19 November 2026" and today.samples.model.rowCount() == 0
    assert not today.alert.isVisibleTo(today)          # the step waiting for a witness was recorded on the 20th
    click(qtbot, today.today_button)
    assert today.title.text() == "Today, 20 November 2026"


def test_opening_the_window_reads_the_day_once_and_each_refresh_once_more(qtbot, services, team, open_window,
                                                                         monkeypatch):
    read = []
    day = services.worksheet.day
    monkeypatch.setattr(services.worksheet, "day", lambda d, actor=None: read.append(d) or day(d, actor=actor))
    window = open_window(team.embryologist, idle_timeout_ms=600_000)
    today = window.area_widget("today")
    assert len(read) == 1 and today.title.text() == "Today, 20 November 2026"
    today.timer.timeout.emit()                                  # the minute's refresh
    click(qtbot, today.previous_button)
    assert len(read) == 3 and today.title.text() == "Thursday, 19 November 2026"
    window.show_area("patients")
    window.show_area("today")                                   # back to Today: read again
    assert len(read) == 4 and window.area_widget("today") is today


def test_devices_expired_long_ago_are_a_line_under_the_expiry_section_even_when_none_is_listed(
        qtbot, services, team, clock, open_window):
    from tests.services.cryo_fixtures import canes_of, freeze_ejaculate, patient, small_tank

    tank = small_tank(services, team, canisters=1, canes=1, positions=5)
    (cane,) = canes_of(services, tank.id)
    lapsed, _, _ = patient(services, team, clock, mrn="M-301", family="Kaya", given="Emre", expiry_days=5)
    freeze_ejaculate(services, team.embryologist, lapsed.id, [(cane.id, 1), (cane.id, 2)])
    clock.advance(days=60)                    # expired 55 days ago: past the sheet's 30-day lookback
    today = open_window(team.supervisor, idle_timeout_ms=600_000).show_area("today")
    section = today.expiring
    assert section.isVisibleTo(today) and section.model.rowCount() == 0
    assert section.empty.isVisibleTo(today)
    assert section.empty.text().startswith("Not listed: 2 stored devices expired before ")
    assert "Devices near storage expiry" not in today.nothing.text()
