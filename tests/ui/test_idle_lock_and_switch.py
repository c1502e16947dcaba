"""The shared bench PC: idle lock, unlock, switch user, and what the audit trail keeps."""

from __future__ import annotations

from bench_app.services.audit_service import AuditFilter
from tests.ui.conftest import PASSWORD, click, type_into
from ui.shell.sign_in_dialog import SignInDialog, SignInMode


def actions_of(services, team, username: str) -> list[str]:
    page = services.audit.page(team.admin, AuditFilter(username=username, entity_type="users"))
    return [row.action for row in page.rows]


def test_idle_lock_hides_everything_and_unlock_with_the_password(qtbot, services, team, open_window):
    window = open_window(team.embryologist, idle_timeout_ms=60)
    qtbot.waitUntil(lambda: window.is_locked, timeout=3000)
    assert window.body.currentWidget() is window.lock_view
    assert not window.toolbar.isEnabled()
    assert "Emma Embryologist was signed in" in window.lock_view.detail.text()
    dialog = window.active_dialog
    assert isinstance(dialog, SignInDialog) and dialog.mode is SignInMode.UNLOCK and dialog.isVisible()

    type_into(qtbot, dialog.password, "wrong-password")
    click(qtbot, dialog.ok_button)
    assert window.is_locked and "Wrong password" in dialog.message.text()
    type_into(qtbot, dialog.password, PASSWORD)
    window.idle._timer.setInterval(60_000)  # keep it from locking again while we look
    click(qtbot, dialog.ok_button)
    assert not window.is_locked
    assert window.body.currentWidget() is window.content and window.toolbar.isEnabled()
    actions = actions_of(services, team, "emma")
    assert "lock" in actions and "unlock" in actions
    assert actions.index("unlock") < actions.index("lock")  # newest first: unlocked after locking


def test_lock_hides_an_open_form_and_gives_it_back_to_the_same_person(qtbot, services, team, open_window):
    window = open_window(team.embryologist, idle_timeout_ms=60_000)
    search = window.show_area("patients").search_view
    click(qtbot, search.register_couple_button)
    form = search.active_dialog
    type_into(qtbot, form.male.family_name, "Öztürk")
    window.lock(idle=False)
    assert not form.isVisible()
    type_into(qtbot, window.active_dialog.password, PASSWORD)
    click(qtbot, window.active_dialog.ok_button)
    assert form.isVisible() and form.male.family_name.text() == "Öztürk"


def test_switch_user_from_the_lock_signs_the_other_person_in(qtbot, services, team, open_window):
    window = open_window(team.supervisor, idle_timeout_ms=60_000)
    assert "admin" in window.visible_area_keys()
    window.lock(idle=False)
    dialog = window.active_dialog
    click(qtbot, dialog.switch_button)
    type_into(qtbot, dialog.username, "emma")
    type_into(qtbot, dialog.password, PASSWORD)
    click(qtbot, dialog.ok_button)
    assert not window.is_locked
    assert window.context.actor.username == "emma"
    assert window.user_label.text() == "Signed in: Emma Embryologist (embryologist)"
    assert "admin" not in window.visible_area_keys() and window.area_widget("admin") is None
    assert "sign_out" in actions_of(services, team, "sam")


def test_switch_user_shortcut_opens_the_dialog(qtbot, services, team, open_window):
    window = open_window(team.embryologist, idle_timeout_ms=60_000)
    window.activateWindow()
    window.switch_user_action.trigger()
    dialog = window.active_dialog
    assert dialog.mode is SignInMode.SWITCH
    assert window.switch_user_action.shortcut().toString() == "Ctrl+Shift+U"
    type_into(qtbot, dialog.username, "admin")
    type_into(qtbot, dialog.password, "admin-pass-1")
    click(qtbot, dialog.ok_button)
    assert window.context.actor.username == "admin"
    assert "admin" in window.visible_area_keys()
