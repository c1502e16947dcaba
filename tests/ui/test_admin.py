"""Admin: users managed through the dialogs, role-based visibility, the audit viewer's paging."""

from __future__ import annotations

from datetime import date

import pytest

from bench_app.domain.enums import Role
from bench_app.domain.errors import AuthenticationFailed
from tests.ui.conftest import click, type_into
from ui.qt import QDialog


@pytest.fixture
def admin_view(open_window, team):
    window = open_window(team.admin, idle_timeout_ms=600_000)
    return window.show_area("admin")


def test_add_user_through_the_dialog_then_the_person_signs_in(qtbot, services, admin_view):
    users = admin_view.users_view
    click(qtbot, users.add_button)
    dialog = users.active_dialog
    type_into(qtbot, dialog.username, "noor")
    type_into(qtbot, dialog.full_name, "Noor Haddad")
    dialog.role.setCurrentIndex(dialog.role.findData("supervisor"))
    type_into(qtbot, dialog.password, "noor-pass-1")
    type_into(qtbot, dialog.password_again, "noor-pass-1")
    type_into(qtbot, dialog.pin, "4444")
    click(qtbot, dialog.ok_button)
    assert dialog.result() == QDialog.DialogCode.Accepted

    rows = {u.username: u for u in users.model.rows()}
    assert rows["noor"].full_name == "Noor Haddad" and rows["noor"].role == Role.SUPERVISOR
    assert users.selected_user().username == "noor"
    assert users.done.text() == "Added noor."
    actor = services.users.sign_in("noor", "noor-pass-1")
    assert actor.full_name == "Noor Haddad"


def test_add_user_errors_are_shown_by_their_fields(qtbot, services, admin_view):
    users = admin_view.users_view
    click(qtbot, users.add_button)
    dialog = users.active_dialog
    type_into(qtbot, dialog.username, "emma")
    type_into(qtbot, dialog.password, "short")
    type_into(qtbot, dialog.password_again, "short")
    type_into(qtbot, dialog.pin, "12")
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible()
    assert dialog.error_text("username") == "The user name 'emma' is taken."
    assert dialog.error_text("full_name").startswith("The full name is required")
    assert dialog.error_text("password") == "A password needs at least 8 characters."
    assert dialog.error_text("pin") == "A witness PIN is 4 to 8 digits."
    type_into(qtbot, dialog.password_again, "other")
    click(qtbot, dialog.ok_button)
    assert dialog.error_text("password_again") == "The two password entries differ; type them again."
    assert len(services.users.list_users(dialog.context.actor)) == 4


def test_disable_asks_for_a_reason_and_stops_sign_in(qtbot, services, admin_view):
    users = admin_view.users_view
    users.select_user("eli")
    assert users.status_button.text() == "Disable…"
    click(qtbot, users.status_button)
    dialog = users.active_dialog
    click(qtbot, dialog.ok_button)
    assert dialog.error_text("reason") == "Say why the account is being enabled or disabled."
    type_into(qtbot, dialog.reason, "left the lab")
    click(qtbot, dialog.ok_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    with pytest.raises(AuthenticationFailed, match="disabled"):
        services.users.sign_in("eli", "bench-pass-1")
    assert users.selected_user().username == "eli" and users.status_button.text() == "Enable…"
    row = next(r for r in range(users.proxy.rowCount()) if users.proxy.index(r, 0).data() == "eli")
    assert users.proxy.index(row, 3).data() == "disabled"


def test_admin_cannot_disable_self_and_sees_why(qtbot, admin_view):
    users = admin_view.users_view
    users.select_user("admin")
    click(qtbot, users.status_button)
    dialog = users.active_dialog
    type_into(qtbot, dialog.reason, "testing")
    click(qtbot, dialog.ok_button)
    assert dialog.general_error.text() == "You cannot disable your own account."


def test_reset_password_and_set_pin(qtbot, services, admin_view):
    users = admin_view.users_view
    users.select_user("emma")
    click(qtbot, users.reset_button)
    dialog = users.active_dialog
    type_into(qtbot, dialog.password, "tiny")
    type_into(qtbot, dialog.password_again, "tiny")
    click(qtbot, dialog.ok_button)
    assert dialog.error_text("password") == "A password needs at least 8 characters."
    type_into(qtbot, dialog.password, "emma-new-pass")
    type_into(qtbot, dialog.password_again, "emma-new-pass")
    click(qtbot, dialog.ok_button)
    assert services.users.sign_in("emma", "emma-new-pass").username == "emma"

    click(qtbot, users.pin_button)
    dialog = users.active_dialog
    type_into(qtbot, dialog.pin, "12ab")
    type_into(qtbot, dialog.pin_again, "12ab")
    click(qtbot, dialog.ok_button)
    assert dialog.error_text("pin") == "A witness PIN is 4 to 8 digits."
    type_into(qtbot, dialog.pin, "5678")
    type_into(qtbot, dialog.pin_again, "5678")
    click(qtbot, dialog.ok_button)
    assert services.users.authenticate_secret("emma", "5678", purpose="witness").username == "emma"


def test_embryologist_has_no_admin_area_and_supervisor_only_the_audit(open_window, team):
    window = open_window(team.embryologist, idle_timeout_ms=600_000)
    assert window.visible_area_keys() == ["today", "patients", "retrieval", "cryo", "icsi", "tanks", "reports"]
    with pytest.raises(KeyError):
        window.show_area("admin")
    window = open_window(team.supervisor, idle_timeout_ms=600_000)
    admin = window.show_area("admin")
    assert [admin.tabs.tabText(i) for i in range(admin.tabs.count())] == ["Audit trail"]


def test_status_bar_names_user_role_and_database(open_window, team, db_url):
    window = open_window(team.admin, idle_timeout_ms=600_000)
    assert window.user_label.text() == "Signed in: Ada Admin (admin)"
    assert window.db_label.text() == "Database: " + db_url[len("sqlite:///"):]


def test_audit_viewer_pages_by_keyset(qtbot, services, team, admin_view):
    for n in range(130):
        services.patients.register_patient(team.embryologist, mrn=f"AU-{n:03}", family_name="Audit",
                                           given_names=f"Person {n}", date_of_birth=date(1980, 1, 1), sex="male")
    total = services.audit.count()
    admin_view.tabs.setCurrentWidget(admin_view.audit_view)
    audit = admin_view.audit_view
    audit.reload()
    first = audit.model.rows()
    assert len(first) == 100 and first[0].id == total and first[-1].id == total - 99
    assert not audit.newer_button.isEnabled() and audit.older_button.isEnabled()
    assert audit.model.index(0, 3).data() == "patients"
    assert "mrn: AU-129" in audit.model.index(0, 5).data()

    click(qtbot, audit.older_button)
    second = audit.model.rows()
    assert second[0].id == total - 100 and len(second) == min(100, total - 100)
    assert audit.page_label.text().startswith("Page 2: ")
    assert audit.newer_button.isEnabled()
    click(qtbot, audit.newer_button)
    assert audit.model.rows()[0].id == total and audit.page_number() == 1


def test_audit_viewer_filters(qtbot, services, team, admin_view):
    services.patients.register_patient(team.embryologist, mrn="FI-1", family_name="Filter", given_names="One",
                                       date_of_birth=date(1980, 1, 1), sex="male")
    audit = admin_view.audit_view
    type_into(qtbot, audit.username, "emma")
    audit.entity_type.setCurrentIndex(audit.entity_type.findData("patients"))
    click(qtbot, audit.apply_button)
    rows = audit.model.rows()
    assert len(rows) == 1 and rows[0].username == "emma" and rows[0].entity_type == "patients"
    assert not audit.older_button.isEnabled()

    type_into(qtbot, audit.date_from, "2026-13-01")
    click(qtbot, audit.apply_button)
    assert "not a real calendar date" in audit.message.text()
    type_into(qtbot, audit.date_from, "2026-11-21")
    click(qtbot, audit.apply_button)
    assert audit.model.rowCount() == 0 and audit.page_label.text() == "No event matches this filter."
    click(qtbot, audit.clear_button)
    assert audit.model.rowCount() == services.audit.count()


def test_reopening_the_audit_trail_redraws_it_only_when_its_events_changed(qtbot, services, team, open_window,
                                                                          monkeypatch):
    window = open_window(team.supervisor, idle_timeout_ms=600_000)
    audit = window.show_area("admin").audit_view
    sized = []
    size_columns = audit._size_columns
    monkeypatch.setattr(audit, "_size_columns", lambda: sized.append(1) or size_columns())
    audit.table.selectRow(1)
    window.show_area("today")
    window.show_area("admin")
    assert sized == [] and audit.table.currentIndex().row() == 1  # the same events: as it was
    services.patients.register_patient(team.embryologist, mrn="RE-1", family_name="Again", given_names="Shown",
                                       date_of_birth=date(1980, 1, 1), sex="male")
    window.show_area("today")
    window.show_area("admin")
    assert sized == [1] and "mrn: RE-1" in audit.model.index(0, 5).data()
