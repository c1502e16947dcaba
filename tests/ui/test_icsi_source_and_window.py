"""ICSI safety through the widgets: another man's straw is refused and shown; a late check needs a reason."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from bench_app.persistence.models import FertilizationCheck, IcsiSession, WitnessRecord
from tests.ui.conftest import click, type_into
from tests.ui.icsi_helpers import icsi, injected_cycle, keys, thawed_couple  # noqa: F401  (icsi is a fixture)
from tests.ui.retrieval_helpers import accepted, press_enter, shown_errors, witness
from ui.icsi.oocyte_grid_view import GridMode
from ui.icsi.oocyte_table_model import FLAG, OocyteTableModel
from ui.qt import Qt


def count(services, model) -> int:
    with services.db.read() as s:
        return s.execute(select(func.count(model.id))).scalar_one()


def test_another_mans_thawed_straw_is_refused_and_shown(qtbot, services, team, clock, icsi):
    _, cycle, own_device, own_thaw = thawed_couple(services, team, clock)
    _, _, other_device, other_thaw = thawed_couple(services, team, clock, mrn="M-999", family="Kaya", given="Emre")
    opu = services.icsi.record_opu(team.embryologist, cycle_id=cycle.id, retrieved_at=clock.now, cocs_retrieved=4)
    icsi.show_cycle(cycle.id)
    view = icsi.cycle_view
    click(qtbot, view.injection_panel.session_button)
    dialog = view.active_dialog
    assert [dialog.thaw.itemData(i) for i in range(dialog.thaw.count())] == [own_thaw.id]  # only his are offered
    witnesses_before = count(services, WitnessRecord)

    type_into(qtbot, dialog.scan, other_device.code.lower())  # the straw on the bench is another man's
    press_enter(qtbot, dialog.scan)
    assert dialog.isVisible() and dialog.thaw.currentData() == other_thaw.id
    witness(qtbot, dialog.witness_panel)
    click(qtbot, dialog.ok_button)

    assert dialog.isVisible()
    message = "This sperm source belongs to another patient: it is not the male partner's of this cycle."
    assert dialog.error_text("source_thaw_event_id") == message
    assert dialog.banner.isVisibleTo(dialog) and dialog.banner.text().startswith("WRONG PATIENT.")
    assert count(services, IcsiSession) == 0 and count(services, WitnessRecord) == witnesses_before

    type_into(qtbot, dialog.scan, own_device.code)  # the right straw: selected, and the refusal goes
    press_enter(qtbot, dialog.scan)
    assert dialog.thaw.currentData() == own_thaw.id
    witness(qtbot, dialog.witness_panel)
    click(qtbot, dialog.ok_button)
    assert accepted(dialog), shown_errors(dialog)
    assert [s.source.thaw_event_id for s in services.icsi.cycle_grid(cycle.id).sessions] == [own_thaw.id]
    assert opu.id == services.icsi.cycle_grid(cycle.id).sessions[0].retrieval_id


def test_an_unknown_or_unthawed_code_is_said_so_under_the_scan(qtbot, services, team, clock, icsi):
    _, cycle, device, _ = thawed_couple(services, team, clock)
    services.icsi.record_opu(team.embryologist, cycle_id=cycle.id, retrieved_at=clock.now, cocs_retrieved=1)
    stored = services.cryo.patient_devices(device.patient_id)
    still_stored = next(d for d in stored if d.id != device.id)
    icsi.show_cycle(cycle.id)
    click(qtbot, icsi.cycle_view.injection_panel.session_button)
    dialog = icsi.cycle_view.active_dialog
    type_into(qtbot, dialog.scan, still_stored.code)
    press_enter(qtbot, dialog.scan)
    assert dialog.error_text("source_code") == (f"Device {still_stored.code} has not been thawed: "
                                                f"thaw it in Cryo storage first.")


def test_a_late_check_is_flagged_and_needs_a_reason(qtbot, services, team, clock, icsi):
    cycle, _, rows = injected_cycle(services, team, clock, ["MII", "MII", "GV"])
    clock.advance(hours=19, minutes=30)
    icsi.show_cycle(cycle.id)
    view = icsi.cycle_view
    grid = view.table
    assert view.mode() == GridMode.CHECK
    hours = view.model.index(0, OocyteTableModel.Column.HOURS)
    assert hours.data() == "19.5 h" and hours.data(Qt.ItemDataRole.BackgroundRole) == FLAG
    assert view.model.index(0, OocyteTableModel.Column.WINDOW).data() == "late: reason needed"
    assert view.model.index(2, OocyteTableModel.Column.HOURS).data() == ""  # the GV oocyte was not injected

    keys(qtbot, grid, "21")
    assert grid.current_row() == 1  # the GV line is skipped: nothing to check there
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert view.check_panel.form.error_text("window_reason") == (
        "This check is at 19.5 h: late (after 18 h), outside 16-18 h: give a reason.")
    assert count(services, FertilizationCheck) == 0
    assert view.model.result_drafts  # what was keyed stays for another try

    type_into(qtbot, view.check_panel.reason, "Sunday: one embryologist on duty")
    press_enter(qtbot, view.check_panel.reason)
    stored = {o.number: o for o in services.icsi.cycle_grid(cycle.id).oocytes}
    assert (stored[1].result.value, stored[2].result.value) == ("2PN", "1PN")
    assert stored[1].outside_window and stored[1].window_reason == "Sunday: one embryologist on duty"
    assert view.model.index(0, OocyteTableModel.Column.WINDOW).data() == "late: Sunday: one embryologist on duty"
    assert view.summary.rate_labels["Fertilization checks in 16-18 h"].text() == "0.0% (0/2)"


def test_a_check_typed_for_an_earlier_time_inside_the_window_needs_no_reason(qtbot, services, team, clock, icsi):
    cycle, _, rows = injected_cycle(services, team, clock, ["MII"])
    injected_at = services.icsi.cycle_grid(cycle.id).oocytes[0].injected_at
    clock.advance(hours=20)
    icsi.show_cycle(cycle.id)
    view = icsi.cycle_view
    at = (injected_at + timedelta(hours=17)).astimezone()
    type_into(qtbot, view.check_panel.checked_at, at.strftime("%Y-%m-%d %H:%M"))  # entered late, done on time
    assert view.model.index(0, OocyteTableModel.Column.HOURS).data() == "17.0 h"
    view.table.setFocus()
    keys(qtbot, view.table, "2")
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert view.message.text() == "Saved the check of 1 oocyte."
    assert not services.icsi.cycle_grid(cycle.id).oocytes[0].outside_window
