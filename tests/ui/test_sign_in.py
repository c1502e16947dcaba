"""Signing in: the service's words inline, acceptance with the right password, lockout."""

from __future__ import annotations

from bench_app.domain.enums import Role
from tests.ui.conftest import PASSWORD, click, type_into
from ui.qt import QDialog
from ui.shell.sign_in_dialog import SignInDialog, SignInMode


def make_dialog(qtbot, services, mode=SignInMode.SIGN_IN, current=None) -> SignInDialog:
    dialog = SignInDialog(services, mode, current=current)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_wrong_password_is_shown_inline_and_the_right_one_signs_in(qtbot, services, team):
    dialog = make_dialog(qtbot, services)
    type_into(qtbot, dialog.username, "emma")
    type_into(qtbot, dialog.password, "not-her-password")
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible()
    assert "Wrong password for 'emma'" in dialog.message.text()
    assert "4 attempts left" in dialog.message.text()
    assert dialog.password.text() == "" and dialog.username.text() == "emma"

    type_into(qtbot, dialog.password, PASSWORD)
    click(qtbot, dialog.ok_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.actor.username == "emma" and dialog.actor.role == Role.EMBRYOLOGIST


def test_five_wrong_passwords_lock_the_account(qtbot, services, team):
    dialog = make_dialog(qtbot, services)
    type_into(qtbot, dialog.username, "eli")
    for _ in range(5):
        type_into(qtbot, dialog.password, "wrong-password")
        click(qtbot, dialog.ok_button)
    assert "locked after too many failed attempts" in dialog.message.text()
    # Even the right password is refused while locked, in the same words.
    type_into(qtbot, dialog.password, PASSWORD)
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible() and "locked" in dialog.message.text()


def test_empty_fields_are_asked_for_without_calling_the_service(qtbot, services, team):
    dialog = make_dialog(qtbot, services)
    click(qtbot, dialog.ok_button)
    assert dialog.message.text() == "Type your user name."
    type_into(qtbot, dialog.username, "emma")
    click(qtbot, dialog.ok_button)
    assert dialog.message.text() == "Type your password."


def test_unlock_takes_only_the_same_persons_password_or_a_switch(qtbot, services, team):
    dialog = make_dialog(qtbot, services, SignInMode.UNLOCK, current=team.embryologist)
    assert dialog.username.text() == "emma" and dialog.username.isReadOnly()
    type_into(qtbot, dialog.password, "bench-pass-2")
    click(qtbot, dialog.ok_button)
    assert "Wrong password for 'emma'" in dialog.message.text()

    click(qtbot, dialog.switch_button)
    assert dialog.mode is SignInMode.SWITCH and not dialog.username.isReadOnly()
    type_into(qtbot, dialog.username, "eli")
    type_into(qtbot, dialog.password, PASSWORD)
    click(qtbot, dialog.ok_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.actor.username == "eli"
