"""The desktop app started at a workstation of a lab server whose schema is older than this Bench.

Connected with the everyday role, which may not upgrade, the app says so in a message box before
any window and writes nothing (no upgrade notice either: there is no upgrade to wait for). Connected
with the owner role, it upgrades, and its notice says no copy is made beside the server's database.
Named test_zz_ to run with the other start-up tests, after the areas' tests.
"""

from __future__ import annotations

import pytest

import ui.app
from bench_app.persistence.migrate import HEAD_REVISION
from tests.server_lab import at_revision, counts, lab, needs_psql  # noqa: F401 (fixture)
from ui.shell import error_hook

pytestmark = needs_psql


def test_an_older_server_schema_is_said_at_the_start_and_nothing_is_written(qtbot, lab, monkeypatch):
    at_revision(lab, "0011")
    before = counts(lab)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(ui.app, "show_error", lambda title, text: shown.append((title, text)))
    monkeypatch.setattr(error_hook, "install", lambda: None)
    monkeypatch.setattr(ui.app, "open_upgrade_notice", lambda text: pytest.fail("this role does not upgrade"))
    assert ui.app.run_gui(lab.app_url) == 1
    (title, text), = shown
    assert title == "Bench and its database are different versions"
    assert "older schema (revision 0011)" in text and "bench-app upgrade --db OWNER_URL" in text
    assert f"Database: postgresql+psycopg://{lab.app}:***@" in text
    assert counts(lab) == before


def test_the_owner_role_upgrading_at_the_start_names_the_server_backup_as_the_safety_copy(qtbot, lab, monkeypatch):
    at_revision(lab, "0011")
    notices = []
    real_notice = ui.app.open_upgrade_notice
    monkeypatch.setattr(ui.app, "open_upgrade_notice", lambda text: notices.append(real_notice(text)) or notices[-1])
    ui.app._open_services_saying_so(lab.owner_url).close()
    notice, = notices
    said = notice.text()
    assert said.startswith("Bench is upgrading the lab server's database to this version.")
    assert "the server's own backup, kept by IT, is the safety copy" in said and "backing up" not in said
    assert not notice.isVisible() and counts(lab)[0] == HEAD_REVISION
