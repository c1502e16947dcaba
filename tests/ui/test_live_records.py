"""Screens follow what another workstation saves: Today, the storage map and an open ICSI cycle.

The other workstation is a second set of services on the same database (its own engine
and connections, as another PC has); the window's change watcher polls as it does in use,
only more often, and the views re-read through ``recordsChanged``.
"""

from __future__ import annotations

from datetime import date

import pytest

from bench_app.domain.enums import FertilizationResult
from bench_app.domain.record_changes import RecordChanges, RecordKind
from bench_app.services.registry import open_services
from tests.services import cryo_fixtures as cf
from tests.services.retrieval_fixtures import make_procedure, receive
from tests.ui.icsi_helpers import icsi, injected_cycle, keys  # noqa: F401  (icsi is a fixture)
from ui.icsi.oocyte_grid_view import GridMode
from ui.icsi.oocyte_table_model import OocyteTableModel
from ui.qt import Qt

WAIT_MS = 10_000


@pytest.fixture
def other_bench(services, clock):
    other = open_services(services.db.url, clock=clock, workstation="bench-2", upgrade=False)
    yield other
    other.close()


def quick(window, interval_ms: int = 50):
    window.change_watcher.timer.setInterval(interval_ms)
    return window


def test_today_shows_a_sample_received_at_another_workstation(qtbot, services, team, clock, open_window,
                                                              other_bench):
    window = quick(open_window(team.embryologist, idle_timeout_ms=600_000))
    today = window.area_widget("today")
    assert today.samples.model.rowCount() == 0
    _couple, _cycle, proc = make_procedure(other_bench, team, clock, mrn="M-700")
    sample = receive(other_bench, team, clock, proc)
    qtbot.waitUntil(lambda: today.samples.model.rowCount() == 1, timeout=WAIT_MS)
    assert sample.code in " ".join(str(today.samples.model.index(0, c).data())
                                   for c in range(today.samples.model.columnCount()))
    assert today.live.refreshes >= 1


def test_the_storage_map_shows_a_device_frozen_elsewhere(qtbot, services, team, clock, open_window, other_bench):
    tank = cf.small_tank(services, team, canisters=1, canes=1, positions=3)
    man, _cycle, _ = cf.patient(services, team, clock)
    cryo = quick(open_window(team.embryologist, idle_timeout_ms=600_000)).show_area("cryo")
    view = cryo.map_view
    cane = cf.canes_of(services, tank.id)[0]
    for location_id in (tank.id, cane.parent_id):
        index = view.tree_model.index_of(location_id)
        view.tree_model.fetchMore(index)
        view.tree.expand(index)
    assert view.select_location(cane.id)
    view.cane_table.selectRow(1)                       # the cane open, position 2 selected
    assert [view.cane_model.index(r, 1).data() for r in range(3)] == ["free"] * 3
    frozen = cf.freeze_ejaculate(other_bench, team.embryologist, man.id, [(cane.id, 1)])
    code = frozen.devices[0].code
    qtbot.waitUntil(lambda: view.cane_model.index(0, 1).data() != "free", timeout=WAIT_MS)
    assert code in " ".join(str(view.cane_model.index(0, c).data()) for c in range(view.cane_model.columnCount()))
    assert "2 of 3 positions free" in view.cane_note.text()
    assert [i.row() for i in view.cane_table.selectionModel().selectedRows()] == [1]  # the selection stays


def test_an_open_cycle_shows_a_result_saved_elsewhere_and_keeps_the_draft_being_keyed(
        qtbot, services, team, clock, icsi, other_bench):
    cycle, _opu, rows = injected_cycle(services, team, clock, ["MII", "MII", "MII"])
    clock.advance(hours=17)
    window = quick(icsi.window())
    icsi.show_cycle(cycle.id)
    view = icsi.cycle_view
    grid = view.table
    qtbot.keyClick(grid, Qt.Key.Key_F4)
    assert view.mode() == GridMode.CHECK and grid.current_row() == 0
    keys(qtbot, grid, "2")                              # oocyte 1: 2PN keyed, not saved
    assert view.model.result_drafts == {1: FertilizationResult.PN2}
    other_bench.icsi.record_check(team.embryologist2, oocyte_id=rows[2].id, checked_at=clock.now,
                                  result=FertilizationResult.PN1)    # oocyte 3, checked at the next bench
    result = OocyteTableModel.Column.RESULT
    qtbot.waitUntil(lambda: view.model.display(view.model.row_at(2), result) == "1PN", timeout=WAIT_MS)
    assert view.model.result_drafts == {1: FertilizationResult.PN2}          # the draft is kept ...
    assert view.model.display(view.model.row_at(0), result) == "2PN"         # ... and still shown
    assert grid.current_row() == 1 and grid.hasFocus()                      # the person goes on where they were
    assert view.summary.figures["pn1"].text() == "1"
    assert window.change_watcher.timer.isActive()


def test_a_view_hidden_or_behind_a_dialog_reads_again_only_when_it_can_be_seen(qtbot, services, team, clock,
                                                                              open_window):
    window = open_window(team.embryologist, idle_timeout_ms=600_000)
    window.change_watcher.stop()
    today = window.area_widget("today")
    read = []
    today.live._refresh = lambda: read.append("today")
    window.show_area("patients")
    window.context.records_changed(RecordChanges.of(["tissue_samples"]))
    assert read == [] and today.live.pending                   # hidden: not read now
    window.context.records_changed(RecordChanges.of(["users"]))
    assert read == []                                          # not a kind Today shows
    window.show_area("today")
    qtbot.waitUntil(lambda: read == ["today"], timeout=WAIT_MS)  # read once it is seen again
    assert not today.live.pending
    window.context.records_changed(RecordChanges())            # nothing changed: no signal at all
    assert read == ["today"]


def test_a_save_at_this_workstation_comes_through_the_same_signal(qtbot, services, team, clock, open_window):
    window = quick(open_window(team.embryologist, idle_timeout_ms=600_000))
    with qtbot.waitSignal(window.context.recordsChanged, timeout=WAIT_MS,
                          check_params_cb=lambda changes: changes.touches(RecordKind.PATIENTS)) as blocker:
        services.patients.register_patient(team.embryologist, mrn="M-800", family_name="Arslan", given_names="Deniz",
                                           date_of_birth=date(1984, 3, 3), sex="male")
    assert blocker.args[0].tables == {"patients"}


def test_how_often_the_screens_look_is_set_in_the_config(qtbot, services, team, open_window, tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text('[database]\nchange_poll_seconds = "2.5"\n', encoding="utf-8")
    monkeypatch.setenv("BENCH_CONFIG", str(config))
    window = open_window(team.embryologist, idle_timeout_ms=600_000)
    assert window.change_watcher.timer.interval() == 2500 and window.change_watcher.timer.isActive()
