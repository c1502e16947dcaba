"""First run: the lab's name and its first admin, typed into the real dialog and checked in the database."""

from __future__ import annotations

import pytest

from bench_app.domain.enums import Role
from bench_app.domain.errors import DatabaseUnavailable
from tests.ui.conftest import click, type_into
from ui.qt import QDialog
from ui.shell.first_run_dialog import FirstRunDialog

PASSWORD = "first-admin-1"


@pytest.fixture
def dialog(qtbot, services):
    d = FirstRunDialog(services)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    return d


def fill(qtbot, d: FirstRunDialog, *, lab="Andrology Lab, City Hospital", username="ada", full_name="Ada Lovelace",
         password=PASSWORD, again=PASSWORD, pin="4321") -> None:
    for field, text in ((d.lab_name, lab), (d.username, username), (d.full_name, full_name),
                        (d.password, password), (d.password_again, again), (d.pin, pin)):
        type_into(qtbot, field, text)


def test_the_lab_and_its_first_admin_are_created_and_signed_in(qtbot, dialog, services):
    fill(qtbot, dialog)
    click(qtbot, dialog.ok_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    actor = dialog.actor
    assert (actor.username, actor.full_name, actor.role) == ("ada", "Ada Lovelace", Role.ADMIN)
    assert services.settings.get("lab_name") == "Andrology Lab, City Hospital"
    assert services.users.authenticate_secret("ada", "4321", purpose="witness").id == actor.id  # the PIN works
    (user,) = services.users.list_users(actor)
    assert user.has_pin and user.active
    events = [(r.action, r.entity_type, r.reason) for r in services.audit.page(actor, limit=50).rows]
    assert ("sign_in", "users", "sign-in") in events
    assert ("create", "settings", "set at first run") in events


def test_everything_the_form_can_see_is_shown_at_once_and_nothing_is_stored(qtbot, dialog, services):
    fill(qtbot, dialog, lab="", full_name="", password="short", again="short", pin="12ab")
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible()
    assert "lab's name" in dialog.error_text("lab_name")
    assert "full name is required" in dialog.error_text("full_name")
    assert "at least" in dialog.error_text("password")
    assert "4 to 8 digits" in dialog.error_text("pin")
    assert services.users.count_users() == 0


def test_the_two_passwords_must_match(qtbot, dialog, services):
    fill(qtbot, dialog, again="first-admin-2")
    click(qtbot, dialog.ok_button)
    assert "differ" in dialog.error_text("password_again")
    assert dialog.password.text() == PASSWORD  # nothing typed is lost
    assert services.users.count_users() == 0


def test_the_services_word_on_a_bad_user_name_lands_under_it(qtbot, dialog, services):
    fill(qtbot, dialog, username="ada lovelace!")
    click(qtbot, dialog.ok_button)
    assert "letters, digits" in dialog.error_text("username")
    assert services.users.count_users() == 0


def test_the_pin_is_optional(qtbot, dialog, services):
    fill(qtbot, dialog, pin="")
    click(qtbot, dialog.ok_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    (user,) = services.users.list_users(dialog.actor)
    assert not user.has_pin


def test_the_configured_lab_name_is_offered(qtbot, services):
    d = FirstRunDialog(services, lab_name="Laboratorio de Andrología")
    qtbot.addWidget(d)
    assert d.lab_name.text() == "Laboratorio de Andrología"


def test_a_step_failing_after_the_admin_exists_can_be_finished_by_pressing_again(qtbot, dialog, services,
                                                                                  monkeypatch):
    real_set = services.settings.set
    calls = []

    def flaky_set(*args, **kwargs):
        calls.append(args)
        if len(calls) == 1:
            raise DatabaseUnavailable("The database is busy or locked by another program; try again.")
        return real_set(*args, **kwargs)

    monkeypatch.setattr(services.settings, "set", flaky_set)
    fill(qtbot, dialog)
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible() and "busy or locked" in dialog.general_error.text()
    assert services.users.count_users() == 1 and dialog.username.isReadOnly()
    click(qtbot, dialog.ok_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert services.settings.get("lab_name") == "Andrology Lab, City Hospital"
    assert services.users.count_users() == 1
