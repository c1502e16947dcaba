"""The issue's UI test: freeze a sample into 3 witnessed straws, see them on the cane, move one,
thaw one, and watch the occupancy counts in the tree change, all through the real widgets."""

from __future__ import annotations

import pytest

from bench_app.domain.enums import DeviceStatus, Disposition
from bench_app.domain.storage import DeviceEventKind
from tests.services.cryo_fixtures import canes_of, patient, samples, small_tank
from tests.ui.conftest import click, plain, type_into, type_text
from tests.ui.printing_helpers import print_preview_to_file
from tests.services.cryo_fixtures import emma_witness
from tests.ui.retrieval_helpers import accepted, choose, press_enter, set_count, shown_errors, witness
from ui.cryo.location_tree_model import LocationTreeModel
from ui.qt import Qt

OCC = LocationTreeModel.Column.OCCUPANCY


@pytest.fixture
def lab(services, team, clock):
    """Tank A (1 canister, 3 canes of 5), a consenting man with an ICSI cycle and one retrieval sample."""
    tank = small_tank(services, team, canisters=1, canes=3, positions=5)
    man, cycle, _consent = patient(services, team, clock)
    (sample,) = samples(services, team, clock, man)
    return tank, canes_of(services, tank.id), man, cycle, sample


@pytest.fixture
def cryo(open_window, team):
    window = open_window(team.embryologist, idle_timeout_ms=600_000)
    return window.show_area("cryo")


def tree_text(cryo, location_id: int) -> str:
    """'Cane 1  3/5' as the tree shows it (expanding the path to it on the way)."""
    model = cryo.map_view.tree_model
    index = model.index_of(location_id)
    return f"{index.data()}  {index.siblingAtColumn(OCC).data()}"


def expand(qtbot, cryo, location_id: int) -> None:
    tree = cryo.map_view.tree
    index = cryo.map_view.tree_model.index_of(location_id)
    tree.setCurrentIndex(index)
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Right)   # opens the level, which loads it
    assert tree.isExpanded(index)


def print_labels_in_freeze(qtbot, dialog, tmp_path) -> None:
    """Print the reserved codes' labels from inside the freeze form, before loading."""
    click(qtbot, dialog.print_button)
    labels = dialog.active_dialog
    click(qtbot, labels.ok_button)
    print_preview_to_file(dialog.active_dialog, tmp_path)
    dialog.active_dialog.reject()
    assert "reserved and printed" in dialog.codes_label.text()


def test_freeze_three_straws_see_them_move_one_thaw_one(qtbot, services, team, lab, cryo, tmp_path, monkeypatch):
    tank, canes, man, cycle, sample = lab
    canister_id = canes[0].parent_id
    view = cryo.map_view
    assert tree_text(cryo, tank.id) == "Tank A  0/15"
    assert view.tree_model.loaded_ids() == {tank.id}           # only the tanks are read at first
    expand(qtbot, cryo, tank.id)                               # the tank's canisters come with their canes
    assert view.tree_model.loaded_ids() == {tank.id, canister_id, *(c.id for c in canes)}
    reads, storage = [], view.context.services.storage
    monkeypatch.setattr(storage, "branch", lambda *a, **kw: reads.append(a) or {})
    expand(qtbot, cryo, canister_id)
    assert reads == []                                         # opening the canister read nothing
    monkeypatch.undo()

    # --- freeze: patient, sample, method, lot, assessment, 3 straws, codes, positions, witness
    click(qtbot, cryo.freeze_button)
    dialog = cryo.active_dialog
    type_text(qtbot, dialog.source.picker.search, "yıl")
    qtbot.waitUntil(lambda: dialog.source.patient() is not None)
    assert dialog.source.patient().id == man.id
    samples_list = dialog.source.samples
    samples_list.setFocus()
    samples_list.setCurrentRow(0)
    qtbot.keyClick(samples_list, Qt.Key.Key_Space)                  # tick the sample
    assert dialog.source.sample_ids() == [sample.id]
    assert dialog.source.source_kind().value == "tissue_sample"
    type_into(qtbot, dialog.cryoprotectant.product, "SpermFreeze")
    type_into(qtbot, dialog.cryoprotectant.lot, "SF-0425")
    type_into(qtbot, dialog.motile, "12")
    type_into(qtbot, dialog.immotile, "30")
    set_count(qtbot, dialog.count, 3)
    click(qtbot, dialog.ok_button)                                   # no codes yet: refused in words
    assert dialog.isVisible()
    assert "Reserve codes for all 3 devices" in dialog.error_text("device_codes")
    click(qtbot, dialog.reserve_button)
    assert len(dialog.codes) == 3
    assert [ref.path for ref in dialog.positions.positions()] == [
        f"Tank A / Canister 1 / Cane 1 / Position {n}" for n in (1, 2, 3)]
    boxes = [plain(box.text()) for box, _ in dialog.witness_panel.boxes]
    assert boxes == ["Patient's full name: Mehmet Yılmaz", "MRN: M-100", *(
        f"{code}: Tank A / Canister 1 / Cane 1 / Position {n}" for n, code in enumerate(dialog.codes, start=1))]
    witness(qtbot, dialog.witness_panel, "eli", "3333")               # PIN typed, labels ticked
    click(qtbot, dialog.ok_button)                                   # labels not printed: refused
    assert not accepted(dialog) and "before loading" in " ".join(shown_errors(dialog))
    print_labels_in_freeze(qtbot, dialog, tmp_path)
    witness(qtbot, dialog.witness_panel, "eli", "3333")
    click(qtbot, dialog.ok_button)
    assert accepted(dialog), shown_errors(dialog)

    frozen = dialog.result_value
    codes = [d.code for d in frozen.devices]
    (record,) = services.witness.records_for("freeze_events", frozen.id)
    assert (record.witness, record.step) == ("eli", "device_loading")
    assert record.identifiers == tuple(boxes)                      # what the witness ticked is what is kept
    assert codes == dialog.codes and frozen.witness == "eli" and frozen.sample_codes == (sample.code,)
    assert services.retrieval.get_sample(sample.id).disposition == Disposition.FREEZE
    stored = services.cryo.patient_devices(man.id)
    assert [(d.code, d.slot, d.location_id, d.status) for d in stored] == [
        (c, n, canes[0].id, DeviceStatus.STORED) for n, c in enumerate(codes, start=1)]

    # --- the cane view shows them, and the tree's counts changed
    assert view.cane_id == canes[0].id
    cane_rows = [(view.cane_model.index(r, 0).data(), view.cane_model.index(r, 1).data(),
                  plain(view.cane_model.index(r, 2).data()), view.cane_model.index(r, 3).data())
                 for r in range(view.cane_model.rowCount())]
    assert cane_rows == [("1", codes[0], "YILMAZ, Mehmet", "M-100"), ("2", codes[1], "YILMAZ, Mehmet", "M-100"),
                         ("3", codes[2], "YILMAZ, Mehmet", "M-100"), ("4", "free", "", ""), ("5", "free", "", "")]
    assert tree_text(cryo, tank.id) == "Tank A  3/15"
    assert tree_text(cryo, canister_id) == "Canister 1  3/15"
    assert tree_text(cryo, canes[0].id) == "Cane 1  3/5"

    # --- move the first straw to Cane 2
    view.cane_table.setFocus()
    view.cane_table.selectRow(0)
    click(qtbot, cryo.move_button)
    move = cryo.active_dialog
    assert move.positions.positions()[0].path.startswith("Tank A / Canister 1 / Cane 1 / ")  # proposed
    move.positions.holder.setFocus()
    qtbot.keyClick(move.positions.holder, Qt.Key.Key_Down)        # the next cane; its first free position
    assert move.positions.positions()[0].path == "Tank A / Canister 1 / Cane 2 / Position 1"
    type_into(qtbot, move.reason, "consolidate before tank service")
    witness(qtbot, move.witness_panel, "eli", "3333")
    click(qtbot, move.ok_button)
    assert accepted(move), shown_errors(move)
    moved = services.cryo.get_device(frozen.devices[0].id)
    assert (moved.location_id, moved.slot) == (canes[1].id, 1)
    assert services.storage.cane_view(canes[0].id).slots[0].free
    assert tree_text(cryo, canes[0].id) == "Cane 1  2/5" and tree_text(cryo, canes[1].id) == "Cane 2  1/5"
    assert tree_text(cryo, tank.id) == "Tank A  3/15"
    assert view.cane_model.index(0, 1).data() == "free"            # the open cane was re-read

    # --- thaw the second straw by scanning its code
    view.cane_table.clearSelection()
    click(qtbot, cryo.thaw_button)
    thaw = cryo.active_dialog
    type_into(qtbot, thaw.scan, codes[1].lower().replace("-", ""))   # scanners may drop the dashes
    press_enter(qtbot, thaw.scan)
    assert thaw.isVisible() and [d.code for d in thaw.devices] == [codes[1]]
    type_into(qtbot, thaw.scan, codes[1])
    press_enter(qtbot, thaw.scan)
    assert "on the list already" in thaw.scan_message.text()
    assert thaw.cycle.currentData() == cycle.id
    choose(qtbot, thaw.sperm_found, "S")
    set_count(qtbot, thaw.counts["progressive"], 2)
    set_count(qtbot, thaw.counts["immotile"], 5)
    witness(qtbot, thaw.witness_panel, "eli", "3333")
    click(qtbot, thaw.ok_button)
    assert accepted(thaw), shown_errors(thaw)
    gone = services.cryo.get_device(frozen.devices[1].id)
    assert gone.status == DeviceStatus.THAWED and gone.location_id is None
    assert [t.device_codes for t in services.cryo.thaws_for_cycle(cycle.id)] == [(codes[1],)]
    assert tree_text(cryo, tank.id) == "Tank A  2/15"
    assert tree_text(cryo, canes[0].id) == "Cane 1  1/5" and tree_text(cryo, canes[1].id) == "Cane 2  1/5"
    assert [n.occupancy_text for n in services.storage.get_locations([tank.id, canes[0].id])] == ["2/15", "1/5"]

    # --- the first straw's history: freeze, placement, move, with who and the witness
    cryo.show_device(frozen.devices[0].id)
    search = cryo.search_view
    assert cryo.tabs.currentWidget() is search and search.history_title.text() == f"History of {codes[0]}"
    events = search.history.events
    assert [e.kind for e in events] == [DeviceEventKind.FREEZE, DeviceEventKind.PLACEMENT, DeviceEventKind.MOVE]
    assert (events[2].operator, events[2].witness, events[2].reason) == ("emma", "eli",
                                                                         "consolidate before tank service")
    assert search.history_model.index(2, 4).data() == ("Moved from Tank A / Canister 1 / Cane 1 / Position 1 to "
                                                       "Tank A / Canister 1 / Cane 2 / Position 1")
    assert search.history_model.index(2, 3).data() == "eli"


def test_a_wrong_pin_or_a_taken_position_saves_nothing_and_keeps_the_form(qtbot, services, team, clock, lab, cryo,
                                                                          tmp_path):
    tank, canes, man, _cycle, _sample = lab
    dialog = cryo.freeze(man.id)
    choose(qtbot, dialog.source.source, "E")                              # ejaculate
    type_into(qtbot, dialog.cryoprotectant.product, "SpermFreeze")
    type_into(qtbot, dialog.cryoprotectant.lot, "SF-0425")
    choose(qtbot, dialog.sperm_present, "S")
    set_count(qtbot, dialog.count, 2)
    click(qtbot, dialog.reserve_button)
    print_labels_in_freeze(qtbot, dialog, tmp_path)
    witness(qtbot, dialog.witness_panel, "eli", "0000")
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible() and dialog.error_text("witness_secret")
    assert dialog.witness_panel.secret.text() == "" and dialog.witness_panel.username.text() == "eli"
    # another workstation takes the second proposed position meanwhile
    other, _, _ = patient(services, team, clock, mrn="M-900", family="Kaya", given="Emre")
    taken = dialog.positions.positions()[1]
    services.cryo.freeze(team.embryologist2, source_kind="ejaculate", patient_id=other.id, method="slow",
                         cryoprotectant="X", cryoprotectant_lot="L1", device_count=1, device_type="vial",
                         positions=[taken.key], witness=emma_witness(), sperm_present=True)
    type_into(qtbot, dialog.witness_panel.secret, "3333")
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible()
    assert f"{taken.path} is occupied by" in dialog.error_text("positions")
    assert "occupied" in dialog.race.text() and dialog.race.isVisible()
    assert services.cryo.patient_devices(man.id) == []
    click(qtbot, dialog.positions.propose_button)                       # new free positions
    witness(qtbot, dialog.witness_panel, "eli", "3333")
    click(qtbot, dialog.ok_button)
    assert accepted(dialog), shown_errors(dialog)
    assert len(services.cryo.patient_devices(man.id)) == 2


def test_the_freeze_form_shows_a_taken_position_in_turkish_too(qtbot, services, team, clock, lab, cryo):
    """The form knows an occupied position by the message's code, not by its English words."""
    from bench_app import i18n
    from bench_app.domain.errors import POSITION_OCCUPIED, ValidationError, message_code

    _tank, _canes, man, _cycle, _sample = lab
    dialog = cryo.freeze(man.id)
    set_count(qtbot, dialog.count, 1)
    click(qtbot, dialog.positions.propose_button)
    taken = dialog.positions.positions()[0]
    other, _, _ = patient(services, team, clock, mrn="M-901", family="Kaya", given="Emre")
    services.cryo.freeze(team.embryologist2, source_kind="ejaculate", patient_id=other.id, method="slow",
                         cryoprotectant="X", cryoprotectant_lot="L1", device_count=1, device_type="vial",
                         positions=[taken.key], witness=emma_witness(), sperm_present=True)
    try:
        i18n.set_language("tr")
        with pytest.raises(ValidationError) as refused:
            services.cryo.freeze(team.embryologist2, source_kind="ejaculate", patient_id=other.id, method="slow",
                                 cryoprotectant="X", cryoprotectant_lot="L1", device_count=1, device_type="vial",
                                 positions=[taken.key], witness=emma_witness(), sperm_present=True)
        message = refused.value.field_errors["positions"]
        assert "occupied" not in message and message_code(message) == POSITION_OCCUPIED  # Turkish words, a code
        dialog.show_errors(refused.value.field_errors)
        assert dialog.race.text() == message and not dialog.race.isHidden()
    finally:
        i18n.set_language("en")
