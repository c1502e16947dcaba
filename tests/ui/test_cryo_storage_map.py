"""The storage map: a full tank opens lazily, supervisors set the map up, retiring is refused when
not empty, a scanned device code opens the device, and a patient's devices are listed with their status."""

from __future__ import annotations

from bench_app.domain.codes import make_code
from tests.services.cryo_fixtures import canes_of, eli_witness, freeze_ejaculate, patient, small_tank
from tests.ui.conftest import click, plain, type_into
from tests.ui.retrieval_helpers import accepted, set_count, shown_errors
from ui.cryo.location_tree_model import NODE_ROLE, LocationTreeModel
from ui.qt import Qt


def scan(qtbot, window, text: str) -> None:
    """A scanner types into the main window's Scan field (Ctrl+L) and presses Enter."""
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    type_into(qtbot, window.scan.field, text)
    qtbot.keyClick(window.scan.field, Qt.Key.Key_Return)


def test_a_full_tank_opens_with_its_canes_and_a_canister_then_opens_without_a_read(
        qtbot, qtmodeltester, services, team, clock):
    tank = small_tank(services, team, name="Tank B", canisters=10, canes=12, positions=5)
    man, _, _ = patient(services, team, clock)
    canes = canes_of(services, tank.id)
    freeze_ejaculate(services, team.embryologist, man.id, [(canes[0].id, 1), (canes[0].id, 2), (canes[20].id, 3)])
    calls = []

    def tanks(retired):
        calls.append(None)
        return services.storage.tanks(include_retired=retired)

    def branch(location_id, retired):
        calls.append(location_id)
        return services.storage.branch(location_id, include_retired=retired)

    model = LocationTreeModel(tanks, branch)
    model.reload()
    assert calls == [None] and model.rowCount() == 1
    tank_index = model.index(0, 0)
    assert tank_index.data() == "Tank B" and tank_index.siblingAtColumn(1).data() == "3/600"
    assert model.hasChildren(tank_index) and model.rowCount(tank_index) == 0   # not read until opened
    assert model.canFetchMore(tank_index)
    model.fetchMore(tank_index)
    assert calls == [None, tank.id] and model.rowCount(tank_index) == 10
    second = model.index(1, 0, tank_index)
    assert (second.data(), second.siblingAtColumn(1).data(), second.siblingAtColumn(2).data()) == (
        "Canister 2", "1/60", "59")
    # The canisters came with their canes: 1 tank, 10 canisters, 120 canes, in one call.
    assert model.loaded_ids() == {tank.id, *(c.parent_id for c in canes[::12]), *(c.id for c in canes)}
    assert model.rowCount(second) == 12 and model.hasChildren(second) and not model.canFetchMore(second)
    cane = model.index(8, 0, second)
    assert (cane.data(), cane.siblingAtColumn(1).data(), cane.data(NODE_ROLE).path) == (
        "Cane 9", "1/5", "Tank B / Canister 2 / Cane 9")
    qtmodeltester.check(model, force_py=True)                      # Qt's rules for item models hold
    model.fetchMore(second)
    assert calls == [None, tank.id]                                # opening a canister reads nothing
    model.refresh_nodes(services.storage.get_locations([tank.id, canes[12].id]))
    qtmodeltester.check(model, force_py=True)
    # A refresh of every canister tells the view once for their level, not once a row.
    changed = []
    model.dataChanged.connect(lambda first, last, *_: changed.append((first.row(), last.row(), last.column())))
    model.refresh_nodes(services.storage.children(tank.id))
    assert changed == [(0, 9, len(LocationTreeModel.Column) - 1)]
    assert model.index(0, 1, tank_index).data() == "2/60"


def test_the_tree_in_the_window_reads_only_the_tank_that_is_opened(
        qtbot, services, team, clock, open_window, monkeypatch):
    tank = small_tank(services, team, name="Tank B", canisters=10, canes=12, positions=5)
    small_tank(services, team, name="Tank C", canisters=2, canes=2, positions=5)
    cryo = open_window(team.embryologist, idle_timeout_ms=600_000).show_area("cryo")
    view = cryo.map_view
    storage = view.context.services.storage
    reads, branch = [], storage.branch
    monkeypatch.setattr(storage, "branch", lambda *a, **kw: reads.append(a[0]) or branch(*a, **kw))
    assert len(view.tree_model.loaded_ids()) == 2                  # the tanks only
    assert view.new_tank_button.isHidden() and view.retire_button.isHidden()   # embryologists do not set up
    view.tree.setFocus()
    qtbot.keyClick(view.tree, Qt.Key.Key_Right)
    assert len(view.tree_model.loaded_ids()) == 2 + 10 + 120 and reads == [tank.id]
    qtbot.keyClick(view.tree, Qt.Key.Key_Down)
    qtbot.keyClick(view.tree, Qt.Key.Key_Right)
    assert view.tree.isExpanded(view.tree.currentIndex()) and view.tree_model.rowCount(view.tree.currentIndex()) == 12
    assert len(view.tree_model.loaded_ids()) == 132 and reads == [tank.id]   # the canister's canes were read
    qtbot.keyClick(view.tree, Qt.Key.Key_Down)                     # Cane 1 of Canister 1: its positions
    assert view.cane_model.rowCount() == 5 and view.cane_model.index(0, 1).data() == "free"
    assert view.cane_title.text().startswith("Tank B / Canister 1 / Cane 1")


def test_supervisor_sets_up_a_tank_adds_a_cane_and_retiring_needs_an_empty_location(
        qtbot, services, team, clock, open_window):
    cryo = open_window(team.supervisor, idle_timeout_ms=600_000).show_area("cryo")
    view = cryo.map_view
    assert view.new_tank_button.isVisible()
    click(qtbot, view.new_tank_button)
    dialog = view.active_dialog
    type_into(qtbot, dialog.name, "Tank C")
    set_count(qtbot, dialog.canisters, 2)
    set_count(qtbot, dialog.holders, 3)
    set_count(qtbot, dialog.positions, 4)
    assert dialog.total.text() == "6 canes, 24 positions in all"
    click(qtbot, dialog.ok_button)
    assert accepted(dialog), shown_errors(dialog)
    (tank,) = services.storage.tanks()
    assert (tank.name, tank.occupancy_text) == ("Tank C", "0/24")
    assert view.current_node().id == tank.id

    click(qtbot, view.new_tank_button)                              # the same name again is refused in words
    again = view.active_dialog
    type_into(qtbot, again.name, "tank c")
    click(qtbot, again.ok_button)
    assert again.isVisible() and "already a tank called" in again.error_text("name")
    again.reject()

    canister = services.storage.children(tank.id)[0]
    view.tree.expand(view.tree_model.index_of(tank.id))
    view.select_location(canister.id)
    click(qtbot, view.add_location_button)
    add = view.active_dialog
    assert add.kind.currentText() == "Cane"
    type_into(qtbot, add.name, "Cane 4")
    set_count(qtbot, add.capacity, 6)
    click(qtbot, add.ok_button)
    assert accepted(add), shown_errors(add)
    assert [c.name for c in services.storage.children(canister.id)] == ["Cane 1", "Cane 2", "Cane 3", "Cane 4"]
    assert view.current_node().name == "Cane 4"
    assert view.tree_model.index_of(tank.id).siblingAtColumn(1).data() == "0/30"

    man, _, _ = patient(services, team, clock)
    cane1 = services.storage.children(canister.id)[0]
    freeze_ejaculate(services, team.embryologist, man.id, [(cane1.id, 1)])
    view.refresh()
    view.select_location(canister.id)
    click(qtbot, view.retire_button)
    retire = view.active_dialog
    type_into(qtbot, retire.reason, "cracked canister")
    click(qtbot, retire.ok_button)
    assert retire.isVisible()
    assert retire.error_text("location_id") == ("Canister 1 still holds 1 device: a location is retired only "
                                                "when empty.")
    retire.reject()
    empty = services.storage.children(tank.id)[1]
    view.select_location(empty.id)
    click(qtbot, view.retire_button)
    retire = view.active_dialog
    type_into(qtbot, retire.reason, "cracked canister")
    click(qtbot, retire.ok_button)
    assert accepted(retire), shown_errors(retire)
    assert [c.name for c in services.storage.children(tank.id)] == ["Canister 1"]
    assert view.tree_model.index_of(empty.id).isValid() is False   # hidden unless asked for
    click(qtbot, view.show_retired)
    index = view.tree_model.index_of(tank.id)
    view.tree.expand(index)
    shown = [view.tree_model.index(r, 0, index).data() for r in range(view.tree_model.rowCount(index))]
    assert shown == ["Canister 1", "Canister 2 (retired)"]


def test_a_scanned_device_code_opens_the_device_and_a_patients_devices_are_listed(
        qtbot, services, team, clock, open_window):
    tank = small_tank(services, team, canisters=1, canes=2, positions=5)
    canes = canes_of(services, tank.id)
    man, cycle, _ = patient(services, team, clock)
    d1, d2 = freeze_ejaculate(services, team.embryologist, man.id, [(canes[0].id, 1), (canes[0].id, 2)]).devices
    services.cryo.thaw(team.embryologist, device_ids=[d2.id], cycle_id=cycle.id, sperm_found=True,
                       witness=eli_witness())
    window = open_window(team.embryologist, idle_timeout_ms=600_000)
    scan(qtbot, window, d1.code)
    assert window.current_area_key() == "cryo"
    cryo = window.area_widget("cryo")
    search = cryo.search_view
    assert search.history.device.id == d1.id and search.history_title.text() == f"History of {d1.code}"
    assert window.scan.message.text().startswith(f"Opened Device {d1.code}")

    click(qtbot, search.patient_button)
    assert [(d.code, d.status.value) for d in search.model.rows()] == [(d1.code, "stored"), (d2.code, "thawed")]
    assert plain(search.summary.text()) == "Devices of YILMAZ, Mehmet (M-100): 2 in all, 1 stored."
    assert search.model.index(1, 5).data() == "—"                  # a thawed device is nowhere
    click(qtbot, search.map_button)
    assert cryo.tabs.currentWidget() is cryo.map_view and cryo.map_view.cane_id == canes[0].id
    assert [d.id for d in cryo.map_view.selected_devices()] == [d1.id]

    cryo.focus_search()
    type_into(qtbot, search.search, make_code("D", 999))
    qtbot.keyClick(search.search, Qt.Key.Key_Return)
    assert search.summary.text().startswith("No device matches")
    mistyped = d1.code[:-1] + ("X" if d1.code[-1] != "X" else "Y")
    type_into(qtbot, search.search, mistyped)
    qtbot.keyClick(search.search, Qt.Key.Key_Return)
    assert "check character" in search.summary.text() and search.model.rowCount() == 0
    cryo.map_view.cane_table.clearSelection()
    cryo.tabs.setCurrentWidget(cryo.map_view)
    click(qtbot, cryo.move_button)                                  # nothing selected: told, nothing opens
    assert "Select the devices to move first" in cryo.message.text() and cryo.active_dialog is None
