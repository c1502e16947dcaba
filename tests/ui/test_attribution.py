"""Who did it (issue 14, 21 CFR Part 11): unsaved entries never cross a change of user, and nothing of one
person's work (draft, selected patient, last scan) is shown to the next."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bench_app.persistence.models import AuditEvent, Oocyte
from tests.ui.conftest import PASSWORD, click, type_into
from tests.ui.icsi_helpers import keys, thawed_couple
from tests.ui.test_scan_field import scan
from ui.shell.sign_in_dialog import SignInDialog, SignInMode
from ui.shell.unsaved_entries import UnsavedEntriesDialog


def grid_with_a_draft(qtbot, services, team, clock, window):
    """Emma opens the cycle and keys oocyte 1 as MII (a draft: not saved)."""
    _man, cycle, _device, _thaw = thawed_couple(services, team, clock)
    services.icsi.record_opu(team.embryologist, cycle_id=cycle.id, retrieved_at=clock.now - timedelta(hours=1),
                             cocs_retrieved=5)
    icsi = window.show_area("icsi")
    icsi.show_cycle(cycle.id)
    view = icsi.cycle_view
    view.table.setFocus()
    keys(qtbot, view.table, "1")
    assert view.model.maturity_drafts == {1: view.model.maturity_drafts[1]} and view.model.maturity_drafts[1]
    return cycle, view


def sign_in_as(qtbot, dialog: SignInDialog, username: str, password: str = PASSWORD) -> None:
    type_into(qtbot, dialog.username, username)
    type_into(qtbot, dialog.password, password)
    click(qtbot, dialog.ok_button)


def stored_maturities(services):
    with services.db.read() as s:
        return s.execute(select(Oocyte.maturity)).scalars().all()


def test_a_draft_is_never_shown_to_the_next_person_on_a_switch_of_user(qtbot, services, team, clock, open_window):
    window = open_window(team.embryologist, idle_timeout_ms=600_000)
    cycle, view = grid_with_a_draft(qtbot, services, team, clock, window)
    window.switch_user()
    ask = window.active_dialog
    assert isinstance(ask, UnsavedEntriesDialog)
    assert "Emma Embryologist" in ask.text.text() and "ICSI grid: oocyte 1 keyed but not saved" in ask.text.text()
    click(qtbot, ask.back_button)                                   # go back: the draft is kept, still emma
    assert window.context.actor.username == "emma" and view.model.maturity_drafts
    window.switch_user()
    click(qtbot, window.active_dialog.discard_button)
    dialog = window.active_dialog
    assert isinstance(dialog, SignInDialog) and dialog.mode is SignInMode.SWITCH
    sign_in_as(qtbot, dialog, "eli")
    assert window.context.actor.username == "eli"
    icsi = window.show_area("icsi")
    assert icsi.current_page() is icsi.chooser                       # a fresh area: no cycle, no draft open
    icsi.show_cycle(cycle.id)
    assert icsi.cycle_view.model.maturity_drafts == {}
    assert stored_maturities(services) == []
    with services.db.read() as s:   # nothing was saved under either name
        assert s.execute(select(AuditEvent.id).where(AuditEvent.entity_type == "oocytes")).first() is None


def test_saving_first_records_the_first_person_and_then_the_switch_asks_nothing(qtbot, services, team, clock,
                                                                                open_window):
    from ui.qt import Qt

    window = open_window(team.embryologist, idle_timeout_ms=600_000)
    _cycle, view = grid_with_a_draft(qtbot, services, team, clock, window)
    window.switch_user()
    click(qtbot, window.active_dialog.back_button)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)                  # emma saves her entry
    assert view.model.maturity_drafts == {}
    window.switch_user()
    assert isinstance(window.active_dialog, SignInDialog)           # nothing unsaved: straight to sign-in
    with services.db.read() as s:
        assert set(s.execute(select(AuditEvent.username).where(AuditEvent.entity_type == "oocytes")).scalars()) \
            == {"emma"}


def test_after_the_idle_lock_another_person_unlocking_never_sees_the_draft(qtbot, services, team, clock, open_window):
    window = open_window(team.embryologist, idle_timeout_ms=600_000)
    cycle, _view = grid_with_a_draft(qtbot, services, team, clock, window)
    window.lock(idle=True)
    unlock = window.active_dialog
    click(qtbot, unlock.switch_button)
    sign_in_as(qtbot, unlock, "eli")
    assert not window.is_locked and window.context.actor.username == "eli"
    icsi = window.show_area("icsi")
    assert icsi.current_page() is icsi.chooser
    icsi.show_cycle(cycle.id)
    assert icsi.cycle_view.model.maturity_drafts == {}
    assert stored_maturities(services) == []


def test_an_open_form_is_saved_or_discarded_before_a_switch_and_closing_bench_asks_too(
        qtbot, services, team, open_window):
    window = open_window(team.embryologist, idle_timeout_ms=600_000)
    search = window.show_area("patients").search_view
    click(qtbot, search.register_couple_button)
    form = search.active_dialog
    type_into(qtbot, form.male.family_name, "Öztürk")
    window.close()                                                   # closing signs out: asked first
    assert window.isVisible()
    ask = window.active_dialog
    assert isinstance(ask, UnsavedEntriesDialog) and "Register couple" in ask.text.text()
    click(qtbot, ask.back_button)
    assert window.isVisible() and form.isVisible() and form.male.family_name.text() == "Öztürk"
    window.switch_user()
    click(qtbot, window.active_dialog.discard_button)
    assert not form.isVisible()
    sign_in_as(qtbot, window.active_dialog, "eli")
    assert window.context.actor.username == "eli"
    assert all(not d.isVisible() for d in window.findChildren(type(form)))


def test_the_last_scan_and_the_selected_patient_are_cleared_on_a_change_of_user(qtbot, services, team, open_window):
    from datetime import date

    p = services.patients.register_patient(team.embryologist, mrn="M-555", family_name="Núñez",
                                           given_names="José", date_of_birth=date(1980, 2, 2), sex="male")
    window = open_window(team.embryologist, idle_timeout_ms=600_000)
    scan(qtbot, window, "M-555")
    patients = window.area_widget("patients")
    assert patients.pages.currentWidget() is patients.patient_view and "M-555" in window.scan.message.text()
    window.switch_user()
    sign_in_as(qtbot, window.active_dialog, "eli")
    assert window.scan.message.text() == "" and window.scan.field.text() == ""
    patients = window.show_area("patients")
    assert patients.pages.currentWidget() is not patients.patient_view
    assert patients.patient_view.detail is None or patients.patient_view.detail.patient.id != p.id
