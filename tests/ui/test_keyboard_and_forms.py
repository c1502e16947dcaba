"""Keyboard first and forms that help: Tab in screen order, area keys, Escape, mnemonics, errors."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from bench_app.domain.limits import ends_before_start
from tests.ui.conftest import click, type_into
from tests.ui.retrieval_helpers import couple_with_cycle
from tests.ui.screen_rules import mnemonic_faults, tab_order_faults
from ui.common.focus_order import focus_chain, order_tab_chain, reading_order
from ui.icsi.opu_dialog import RecordOpuDialog
from ui.qt import QFormLayout, QLineEdit, QMenu, QMessageBox, Qt, QWidget


def ring(chain: list, first) -> list:
    """A focus chain is a ring: read it from ``first``."""
    start = chain.index(first)
    return chain[start:] + chain[:start]


def tab_walk(qtbot, dialog, start: QWidget, steps: int) -> list[str]:
    start.setFocus()
    seen = [start.objectName()]
    for _ in range(steps):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        seen.append(dialog.focusWidget().objectName())
    return seen


def opu_dialog(qtbot, window, cycle_id) -> RecordOpuDialog:
    dialog = RecordOpuDialog(window.context, cycle_id, "ÇELIK, Elif (M-200F)", window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_tab_in_the_oocyte_retrieval_dialog_follows_the_screen(qtbot, services, team, clock, open_window):
    """It went COCs → Denuded at → Notes and skipped "Retrieved at": the time went into the wrong field."""
    _, cycle = couple_with_cycle(services, team, clock)
    dialog = opu_dialog(qtbot, open_window(team.embryologist, idle_timeout_ms=600_000), cycle.id)
    assert tab_walk(qtbot, dialog, dialog.cocs, 3) == ["cocs", "retrievedAt", "denudedAt", "opuNotes"]
    assert tab_order_faults(dialog) == []


def test_the_focus_test_reads_right_to_left_when_the_layout_is_mirrored(qtbot, services, team, clock, open_window):
    _, cycle = couple_with_cycle(services, team, clock)
    dialog = opu_dialog(qtbot, open_window(team.embryologist, idle_timeout_ms=600_000), cycle.id)
    chain = focus_chain(dialog)
    buttons = [dialog.ok_button, dialog.buttons.button(dialog.buttons.StandardButton.Cancel)]
    assert reading_order(buttons, dialog) == buttons
    dialog.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    qtbot.waitUntil(lambda: buttons[0].mapTo(dialog, buttons[0].rect().topLeft()).x()
                    > buttons[1].mapTo(dialog, buttons[1].rect().topLeft()).x())
    # mirrored, OK stands right of Cancel: read from the right, Cancel still comes after OK
    assert reading_order(buttons, dialog, right_to_left=True) == buttons
    assert tab_order_faults(dialog, right_to_left=True) == []
    # the same logical order: Tab follows the reader either way
    assert ring(focus_chain(dialog), dialog.cocs) == ring(chain, dialog.cocs)


def test_tab_order_comes_from_the_layout_not_from_the_order_widgets_were_made(qtbot):
    form = QWidget()
    qtbot.addWidget(form)
    rows = QFormLayout(form)
    fields = {name: QLineEdit(form) for name in ("second", "first", "third")}   # created out of order
    for name, field in fields.items():
        field.setObjectName(name)
    for name in ("first", "second", "third"):
        rows.addRow(name.title(), fields[name])
    form.show()
    names = [w.objectName() for w in ring(focus_chain(form), fields["first"])]
    assert names == ["first", "third", "second"]
    order_tab_chain(form)
    assert [w.objectName() for w in ring(focus_chain(form), fields["first"])] == ["first", "second", "third"]


def test_ctrl_number_opens_an_area_in_its_first_field_and_ctrl_f_finds_its_search(qtbot, team, open_window):
    window = open_window(team.embryologist, idle_timeout_ms=600_000)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    keys = window.visible_area_keys()
    qtbot.keyClick(window.nav, Qt.Key.Key_0 + keys.index("patients") + 1, Qt.KeyboardModifier.ControlModifier)
    patients = window.area_widget("patients")
    assert window.current_area_key() == "patients"
    assert window.focusWidget() is patients.search_view.search
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_0 + keys.index("cryo") + 1, Qt.KeyboardModifier.ControlModifier)
    cryo = window.area_widget("cryo")
    assert window.current_area_key() == "cryo"
    assert window.focusWidget() is not None and cryo.isAncestorOf(window.focusWidget())
    cryo.tabs.setCurrentIndex(cryo.tabs.count() - 1)    # another tab: Ctrl+F comes back to the search
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.focusWidget() is cryo.search_view.search
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_0 + keys.index("icsi") + 1, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.focusWidget() is window.area_widget("icsi").chooser.search


def menu_mnemonics(menu: QMenu) -> list[str]:
    found = []
    for action in menu.actions():
        match = re.search(r"(?<!&)&([^&])", action.text().replace("&&", ""))
        if match:
            found.append(match.group(1).lower())
    return found


def test_menus_show_their_titles_whole_and_no_two_items_share_a_mnemonic(qtbot, team, open_window):
    window = open_window(team.admin, idle_timeout_ms=600_000)
    go = [a.text() for a in window.go_menu.actions()]
    assert "Patients && cycles" in go   # shown as "Patients & cycles", not "Patients _cycles"
    assert mnemonic_faults(window) == []
    for menu in [window.menuBar(), *window.findChildren(QMenu)]:
        marks = menu_mnemonics(menu) if isinstance(menu, QMenu) else [
            m.group(1).lower() for a in menu.actions() if (m := re.search(r"(?<!&)&([^&])", a.text()))]
        assert len(marks) == len(set(marks)), f"{menu.title() if isinstance(menu, QMenu) else 'menu bar'}: {marks}"


def test_a_lone_ampersand_is_a_fault_of_the_screen_check(qtbot):
    from ui.qt import QPushButton
    box = QWidget()
    qtbot.addWidget(box)
    QPushButton("Tubules & site", box)
    QPushButton("&Save", box)
    QPushButton("Salt && pepper", box)
    box.show()
    assert [f for f in mnemonic_faults(box)] == ["button 'Tubules & site' shows '&' as a mnemonic: write '&&'"]


def open_register_patient(qtbot, window):
    search = window.show_area("patients").search_view
    click(qtbot, search.register_patient_button)
    return search.active_dialog


def test_escape_on_a_form_with_typed_entries_asks_before_closing(qtbot, services, team, open_window):
    window = open_window(team.embryologist, idle_timeout_ms=600_000)
    dialog = open_register_patient(qtbot, window)
    qtbot.keyClick(dialog.fields.mrn, Qt.Key.Key_Escape)    # nothing typed: it closes at once
    assert not dialog.isVisible() and dialog.discard_question is None

    dialog = open_register_patient(qtbot, window)
    type_into(qtbot, dialog.fields.family_name, "Okafor")
    qtbot.keyClick(dialog.fields.family_name, Qt.Key.Key_Escape)
    question = dialog.discard_question
    assert dialog.isVisible() and isinstance(question, QMessageBox) and question.isVisible()
    assert question.defaultButton().text() == "&Keep editing"
    qtbot.keyClick(question, Qt.Key.Key_Escape)            # Escape again keeps the form
    assert dialog.isVisible() and dialog.fields.family_name.text() == "Okafor"

    qtbot.keyClick(dialog.fields.family_name, Qt.Key.Key_Escape)
    discard = next(b for b in dialog.discard_question.buttons() if b.text() == "&Discard")
    click(qtbot, discard)
    assert not dialog.isVisible() and services.patients.search("Okafor") == []


def test_the_app_closing_a_form_itself_asks_nothing(qtbot, services, team, open_window):
    """A question left open by a close the app made (a reopen, the end of a test) would block every window."""
    window = open_window(team.embryologist, idle_timeout_ms=600_000)
    dialog = open_register_patient(qtbot, window)
    type_into(qtbot, dialog.fields.family_name, "Okafor")
    dialog.close()
    assert not dialog.isVisible() and dialog.discard_question is None


def test_all_errors_show_at_once_and_each_goes_when_its_field_is_fixed(qtbot, services, team, open_window):
    """A bad date used to hide a blank family name; the sex is never chosen for the person."""
    dialog = open_register_patient(qtbot, open_window(team.embryologist, idle_timeout_ms=600_000))
    assert dialog.fields.sex.currentData() is None and dialog.fields.sex.currentText() == "Choose…"
    type_into(qtbot, dialog.fields.mrn, "P-77")
    type_into(qtbot, dialog.fields.given_names, "Ngozi")
    type_into(qtbot, dialog.fields.date_of_birth, "31.02.1985")
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible()
    assert "not a real calendar date" in dialog.error_text("date_of_birth")
    assert dialog.error_text("family_name") == "The family name is required."
    assert dialog.error_text("sex") == "Choose male, female or other."
    assert services.patients.search("P-77") == []

    type_into(qtbot, dialog.fields.family_name, "Okafor")
    assert dialog.error_text("family_name") == ""                    # fixed: its message is gone
    assert "not a real calendar date" in dialog.error_text("date_of_birth")   # the others stay
    type_into(qtbot, dialog.fields.date_of_birth, "1985-02-28")
    assert dialog.error_text("date_of_birth") == ""
    dialog.fields.sex.setFocus()
    qtbot.keyClicks(dialog.fields.sex, "f")
    assert dialog.error_text("sex") == "" and dialog.fields.sex.currentData() == "female"
    click(qtbot, dialog.ok_button)
    assert not dialog.isVisible()
    (stored,) = services.patients.search("P-77")
    assert stored.sex.value == "female"


def test_a_step_may_end_in_the_minute_it_started():
    start = datetime(2026, 11, 20, 10, 5, 37, tzinfo=timezone.utc)   # "now", kept to the second
    assert not ends_before_start(start, datetime(2026, 11, 20, 10, 5, tzinfo=timezone.utc))  # typed "10:05"
    assert ends_before_start(start, start.replace(minute=4, second=59))
    assert not ends_before_start(start, None) and not ends_before_start(None, start)


def test_a_witness_scan_with_enter_saves_the_step_once_the_witness_part_is_complete(
        qtbot, services, team, clock, open_window):
    from tests.services.retrieval_fixtures import make_procedure
    from tests.ui.retrieval_helpers import accepted, choose, witness

    couple, _, proc = make_procedure(services, team, clock)
    area = open_window(team.embryologist, idle_timeout_ms=600_000).show_area("retrieval")
    area.show_procedure(proc.id)
    click(qtbot, area.procedure_view.receive_button)
    dialog = area.procedure_view.active_dialog
    choose(qtbot, dialog.tubules, "d")
    panel = dialog.witness_panel
    type_into(qtbot, panel.scan, couple.male.mrn)
    qtbot.keyClick(panel.scan, Qt.Key.Key_Return)   # no witness yet: the focus goes to the witness's name
    assert dialog.isVisible() and dialog.focusWidget() is panel.username
    witness(qtbot, panel, tick=False)
    panel.scan.setFocus()
    qtbot.keyClick(panel.scan, Qt.Key.Key_Return)
    assert accepted(dialog)
    (sample,) = services.retrieval.get_procedure(proc.id).samples
    assert sample.receipt_witnessed_by == "eli"


def test_a_step_saved_with_an_end_typed_in_its_start_minute(services, team, clock):
    from tests.services.retrieval_fixtures import eli_witness, make_procedure, receive

    _, _, proc = make_procedure(services, team, clock)
    sample = receive(services, team, clock, proc)
    clock.advance(minutes=10)
    start = clock.now.replace(second=37)
    info = services.processing.add_step(team.embryologist, sample_id=sample.id, kind="mechanical_mincing",
                                        started_at=start, ended_at=start.replace(second=0), witness=eli_witness())
    assert info.steps[0].ended_at == start.replace(second=0)
    assert timedelta(0) > info.steps[0].ended_at - info.steps[0].started_at > -timedelta(minutes=1)
