"""Admin, Backups: the last backup's time, place, size and result; back up now; restore; Today's warning."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from bench_app.persistence.location import sqlite_path
from bench_app.services.backup_schedule_service import BackupPolicy
from tests.conftest import ADMIN_PASSWORD
from tests.ui.conftest import click, type_into
from ui.common.app_reopen import take_reopen_request
from ui.qt import QDialog


class PickFile:
    """Answers the restore dialog's file chooser at once."""

    def __init__(self, path: Path):
        self.path = path

    def open_path(self, parent, caption, name_filter, on_chosen):
        on_chosen(str(self.path))

    def save_path(self, *args):  # pragma: no cover - not used here
        raise AssertionError("no save dialog here")


@pytest.fixture
def share(tmp_path, services) -> Path:
    folder = tmp_path / "share"
    folder.mkdir()
    services.backups.policy = BackupPolicy(folder, warn_after=timedelta(hours=36))
    return folder


@pytest.fixture
def backups_view(open_window, team, share):
    admin = open_window(team.admin, idle_timeout_ms=600_000).show_area("admin")
    admin.tabs.setCurrentWidget(admin.backups_view)
    return admin.backups_view


def _mrns(path: Path) -> set[str]:
    con = sqlite3.connect(path)
    try:
        return {m for (m,) in con.execute("SELECT mrn FROM patients")}
    finally:
        con.close()


def test_back_up_now_shows_the_backup_and_today_stops_warning(qtbot, services, team, open_window, share, clock):
    today = open_window(team.embryologist, idle_timeout_ms=600_000).show_area("today")
    today.refresh()
    assert today.backup_warning.isVisibleTo(today)
    assert "no good backup" in today.backup_warning.text()

    admin = open_window(team.admin, idle_timeout_ms=600_000).show_area("admin")
    admin.tabs.setCurrentWidget(admin.backups_view)
    view = admin.backups_view
    assert view.folder_label.text() == str(share) and view.last_label.text() == "none yet"
    click(qtbot, view.backup_button)
    (written,) = share.glob("bench-*Z.db")
    assert view.done.text().startswith(f"Backed up to {written}")
    assert str(written) in view.last_label.text() and "good (checked: integrity" in view.last_label.text()
    assert "KB" in view.last_label.text() or "MB" in view.last_label.text()
    assert services.audit.page(team.admin).rows[0].action == "backup"

    today.refresh()
    assert not today.backup_warning.isVisibleTo(today)
    clock.advance(hours=40)
    today.refresh()
    assert "40 hours old" in today.backup_warning.text() and today.backup_warning.isVisibleTo(today)


def test_only_an_admin_sees_backups_and_no_folder_means_no_warning_on_today(open_window, team, services):
    services.backups.policy = BackupPolicy(None)
    admin = open_window(team.supervisor, idle_timeout_ms=600_000).show_area("admin")
    assert admin.backups_view is None
    today = open_window(team.embryologist, idle_timeout_ms=600_000).show_area("today")
    today.refresh()
    assert not today.backup_warning.isVisibleTo(today)


def test_restore_needs_a_reason_and_the_admins_password_then_reopens(qtbot, services, team, backups_view, share):
    services.patients.register_patient(team.embryologist, mrn="500100", family_name="Haddad", given_names="Omar",
                                       date_of_birth=date(1981, 2, 3), sex="male")
    click(qtbot, backups_view.backup_button)
    (backup,) = share.glob("bench-*Z.db")
    services.patients.register_patient(team.embryologist, mrn="500200", family_name="Haddad", given_names="Sami",
                                       date_of_birth=date(1983, 2, 3), sex="male")
    live = sqlite_path(services.db.url)

    backups_view.file_chooser = PickFile(backup)
    click(qtbot, backups_view.restore_button)
    dialog = backups_view.active_dialog
    click(qtbot, dialog.browse_button)
    assert dialog.file.text() == str(backup)
    click(qtbot, dialog.ok_button)
    assert dialog.error_text("reason") == "Say why the database is being restored."
    assert dialog.error_text("password") == "Your password is needed to restore."
    type_into(qtbot, dialog.reason, "a wrong import this morning")
    type_into(qtbot, dialog.password, "not-the-password")
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible() and dialog.error_text("password").startswith("Wrong password for 'admin'")
    assert _mrns(live) == {"500100", "500200"}  # nothing restored

    type_into(qtbot, dialog.password, ADMIN_PASSWORD)
    click(qtbot, dialog.ok_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert _mrns(live) == {"500100"}
    (safety,) = live.parent.glob(f"{live.name}.before-restore-*")
    assert _mrns(safety) == {"500100", "500200"}
    event = services.audit.page(team.admin).rows[0]
    assert event.action == "restore" and event.username == "admin"
    assert event.reason.startswith("a wrong import this morning: restored from a backup")

    notice = backups_view.active_dialog
    assert notice.objectName() == "restoredNotice"
    window = backups_view.window()
    notice.accept()
    qtbot.waitUntil(lambda: not window.isVisible())
    assert take_reopen_request() and not take_reopen_request()


def test_a_non_sqlite_database_has_no_backup_buttons(backups_view, monkeypatch):
    monkeypatch.setattr(backups_view.context.services.db, "url", "postgresql+psycopg://lab@db/bench")
    backups_view.refresh()
    assert not backups_view.backup_button.isEnabled() and not backups_view.restore_button.isEnabled()
    assert "on a server" in backups_view.about.text()
