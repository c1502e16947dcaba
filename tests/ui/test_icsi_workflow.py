"""The issue's UI test: 12 oocytes by keyboard, MII ones injected with a thawed source and a witness,
the fertilization check, and the summary rates; checked against what the services stored."""

from __future__ import annotations

from bench_app.domain.enums import FertilizationResult, Maturity, SpermSourceKind
from tests.ui.conftest import click, plain, type_into
from tests.ui.icsi_helpers import icsi, keys, thawed_couple  # noqa: F401  (icsi is a fixture)
from tests.ui.retrieval_helpers import accepted, choose, press_enter, set_count, shown_errors, witness
from ui.icsi.oocyte_grid_view import GridMode
from ui.icsi.oocyte_table_model import FLAG, OocyteTableModel
from ui.qt import QApplication, Qt

MATURITY_KEYS = "11M123ADM1O1"  # MII MII MII MII MI GV atretic degenerated MII MII other MII
EXPECTED = ["MII", "MII", "MII", "MII", "MI", "GV", "atretic", "degenerated", "MII", "MII", "other", "MII"]


def test_twelve_oocytes_by_keyboard_injected_with_thawed_sperm_then_checked(qtbot, services, team, clock, icsi):
    man, cycle, device, thaw = thawed_couple(services, team, clock)
    chooser = icsi.chooser
    chooser.refresh()
    assert chooser.model.rowCount() == 1 and chooser.caption.text().startswith("ICSI cycles started today or yesterday")
    assert plain(chooser.proxy.index(0, 0).data()) == "YILMAZ, Ayşe" and chooser.proxy.index(0, 3).data() == "M-100"
    press_enter(qtbot, chooser.table)  # the selected cycle opens
    view = icsi.cycle_view
    assert icsi.current_page() is view
    assert "MRN M-100F" in plain(view.identity.text()) and "MRN M-100" in plain(view.identity.text())

    # OPU: 12 COCs, now
    click(qtbot, view.opu_button)
    dialog = view.active_dialog
    set_count(qtbot, dialog.cocs, 12)
    click(qtbot, dialog.ok_button)
    assert accepted(dialog), shown_errors(dialog)
    assert view.model.rowCount() == 12 and view.mode() == GridMode.MATURITY

    # maturity by keyboard alone: one key per oocyte, then Enter
    grid = view.table
    assert grid.hasFocus() or grid.setFocus() is None
    keys(qtbot, grid, MATURITY_KEYS)
    assert [view.model.display(line, OocyteTableModel.Column.MATURITY) for line in view.model.rows()] == EXPECTED
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    stored = services.icsi.cycle_grid(cycle.id).oocytes
    assert [o.maturity.value for o in stored] == EXPECTED and all(o.code.startswith("O-") for o in stored)
    assert view.model.maturity_drafts == {}

    # ICSI session with the thawed straw; the witness types their PIN
    qtbot.keyClick(grid, Qt.Key.Key_F3)
    assert view.mode() == GridMode.INJECTION
    click(qtbot, view.injection_panel.session_button)
    session_dialog = view.active_dialog
    assert session_dialog.source_kind() == SpermSourceKind.THAW_EVENT and session_dialog.thaw.currentData() == thaw.id
    ticks = [text for _box, text in session_dialog.witness_panel.boxes]
    assert any("MRN M-100F" in t for t in ticks) and any(device.code in t for t in ticks)
    witness(qtbot, session_dialog.witness_panel)
    click(qtbot, session_dialog.ok_button)
    assert accepted(session_dialog), shown_errors(session_dialog)
    assert "witnessed by eli" in view.session_line.text()
    qtbot.waitUntil(lambda: grid.window().focusWidget() is grid)  # back on the grid for the next step, not a button

    # inject every MII oocyte: one dialog, oocyte 10 damaged
    click(qtbot, view.injection_panel.select_mii_button)
    assert grid.selected_rows() == [0, 1, 2, 3, 8, 9, 11]
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    inject = view.active_dialog
    assert inject.windowTitle() == "Inject oocytes 1-4, 9, 10, 12"
    choose(qtbot, inject.motility, "t")
    inject.damage.setFocus()
    inject.damage.setCurrentRow(5)  # oocyte 10
    qtbot.keyClick(inject.damage, Qt.Key.Key_Space)
    inject.technique_boxes["laser_assisted_selection"].setChecked(True)
    click(qtbot, inject.ok_button)
    assert accepted(inject), shown_errors(inject)
    rows = {o.number: o for o in services.icsi.cycle_grid(cycle.id).oocytes}
    assert sorted(n for n, o in rows.items() if o.injected) == [1, 2, 3, 4, 9, 10, 12]
    assert rows[10].damaged and not rows[1].damaged and rows[1].injected_by == "emma"
    assert rows[1].techniques == ("laser_assisted_selection",) and rows[1].sperm_motility.value == "twitching"
    # before the check nothing is judged: the dish is still in the incubator
    pending = "ICSI normal fertilization (2PN/MII injected)"
    assert view.summary.verdict_labels[pending].text() == "check pending"
    assert view.summary.rate_labels[pending].text() == "7 awaiting check"
    assert view.summary.verdict_labels["ICSI damage rate"].text() == "check pending"

    # 17 hours later: the check, by keyboard; results down the Result column, then polar bodies
    clock.advance(hours=17)
    grid.window().activateWindow()  # as the window manager does once the dialog is gone (offscreen does not)
    qtbot.waitUntil(grid.window().isActiveWindow)
    qtbot.keyClick(grid, Qt.Key.Key_F4)
    assert view.mode() == GridMode.CHECK and grid.current_row() == 0
    assert view.model.display(view.model.row_at(0), OocyteTableModel.Column.HOURS) == "17.0 h"
    keys(qtbot, grid, "2221023")  # 1-4: 2PN 2PN 2PN 1PN, 9: 0PN, 10: 2PN, 12: 3PN+
    grid.go_to(0, OocyteTableModel.Column.POLAR_BODIES)
    keys(qtbot, grid, "2222022")
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    rows = {o.number: o for o in services.icsi.cycle_grid(cycle.id).oocytes}
    results = {n: (o.result.value, o.polar_bodies) for n, o in rows.items() if o.result}
    assert results == {1: ("2PN", 2), 2: ("2PN", 2), 3: ("2PN", 2), 4: ("1PN", 2), 9: ("0PN", 0), 10: ("2PN", 2),
                       12: ("3PN+", 2)}
    assert not any(o.outside_window for o in rows.values())

    # the summary: counts and rates with numerator and denominator, beside Vienna
    summary = services.icsi.cycle_summary(cycle.id)
    assert (summary.cocs, summary.mii, summary.injected, summary.damaged, summary.pn2, summary.pn1, summary.pn3) == \
        (12, 7, 7, 1, 4, 1, 1)
    panel = view.summary
    assert [panel.figures[k].text() for k in ("cocs", "mii", "injected", "damaged", "pn2", "pn1", "pn3")] == \
        ["12", "7", "7", "1", "4", "1", "1"]
    fert = "ICSI normal fertilization (2PN/MII injected)"
    assert panel.rate_labels[fert].text() == "57.1% (4/7)" and panel.verdict_labels[fert].text() == "below competency"
    assert panel.rate_labels["ICSI damage rate"].text() == "14.3% (1/7)"
    assert panel.rate_labels["Proportion MII at ICSI"].text() == "58.3% (7/12)"
    assert "frozen ejaculate" in panel.source.text()

    # from an oocyte, one click to its sperm source: the thawed straw in Cryo storage
    grid.go_to(0)
    assert device.code.replace("-", "\u2011") in view.source.text.text()  # non-breaking hyphens on screen
    click(qtbot, view.source.buttons[0])
    window = icsi.window()
    assert window.current_area_key() == "cryo"
    window.show_area("icsi")
    assert icsi.current_page() is view and grid.current_row() == 0  # and back, where we were


def test_more_oocytes_than_cocs_is_refused_with_the_service_message(qtbot, services, team, clock, icsi):
    _, cycle, _, _ = thawed_couple(services, team, clock)
    opu = services.icsi.record_opu(team.embryologist, cycle_id=cycle.id, retrieved_at=clock.now, cocs_retrieved=3)
    icsi.show_cycle(cycle.id)
    view = icsi.cycle_view
    grid = view.table
    keys(qtbot, grid, "111")
    click(qtbot, view.maturity_panel.add_button)
    keys(qtbot, grid, "1")
    assert view.model.rowCount() == 4
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert view.message.text() == "4 oocytes is more than the 3 COCs retrieved: correct the COC count first."
    assert services.icsi.cycle_grid(cycle.id).oocytes == ()
    assert view.model.data(view.model.index(3, OocyteTableModel.Column.MATURITY), Qt.ItemDataRole.BackgroundRole) == FLAG
    assert opu.cocs_retrieved == 3


def test_a_recorded_maturity_changes_only_with_a_reason(qtbot, services, team, clock, icsi):
    _, cycle, _, _ = thawed_couple(services, team, clock)
    opu = services.icsi.record_opu(team.embryologist, cycle_id=cycle.id, retrieved_at=clock.now, cocs_retrieved=2)
    services.icsi.set_maturities(team.embryologist, retrieval_id=opu.id, maturities=["MII", "MII"])
    icsi.show_cycle(cycle.id)
    view = icsi.cycle_view
    assert view.mode() == GridMode.INJECTION  # every oocyte assessed: the next step is injection
    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    view.table.go_to(1)
    keys(qtbot, view.table, "2")
    assert view.maturity_panel.reason.isVisibleTo(view)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert view.maturity_panel.form.error_text("reason") == "Oocyte 2 was recorded MII: say why it changes."
    type_into(qtbot, view.maturity_panel.reason, "second look: no polar body")
    press_enter(qtbot, view.maturity_panel.reason)
    assert [o.maturity for o in services.icsi.cycle_grid(cycle.id).oocytes] == [Maturity.MII, Maturity.MI]
    assert FertilizationResult.PN2.value == "2PN"


def test_a_couple_is_found_by_name_and_yesterdays_cycle_is_listed_for_its_check(qtbot, services, team, clock, icsi):
    thawed_couple(services, team, clock)
    thawed_couple(services, team, clock, mrn="M-300", family="Kaya", given="Emre")
    clock.advance(days=1)  # the morning of the check: yesterday's cycles are still listed
    chooser = icsi.chooser
    chooser.refresh()
    assert chooser.model.rowCount() == 2
    type_into(qtbot, chooser.search, "kay")  # the list follows the typing after a pause; Enter searches at once
    press_enter(qtbot, chooser.search)  # one match: Enter opens it
    assert icsi.current_page() is icsi.cycle_view and "M-300" in icsi.cycle_view.identity.text()
    click(qtbot, icsi.back_button)
    assert chooser.model.rowCount() == 1 and plain(chooser.proxy.index(0, 2).data()) == "KAYA, Emre"
    assert icsi.current_page() is chooser
