"""Starting the app: the first run, a failed upgrade, the bundle's smoke test, and the calm crash message.

run_gui() runs and quits the shared QApplication's event loop; a Quit it left queued used to end every later
dialog at once (and upset later tests' timers), so this file ran last. ui.app.run_event_loop drops it now, and
the order no longer matters (test_a_dialog_after_the_app_quit_still_waits_for_its_person)."""

from __future__ import annotations

import pytest

import ui.app
from bench_app import logs
from tests.conftest import ADMIN_PASSWORD
from tests.services.test_upgrade import newer_bench
from ui.qt import QApplication, QDialog, QTimer
from ui.shell import error_hook


@pytest.fixture
def shown_errors(monkeypatch):
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(ui.app, "show_error", lambda title, text: shown.append((title, text)))
    monkeypatch.setattr(error_hook, "install", lambda: None)  # pytest-qt reports errors in tests
    return shown


def test_with_no_users_the_first_run_dialog_opens_and_its_admin_gets_the_main_window(
        qtbot, services, db_url, shown_errors, monkeypatch):
    seen = {}

    def first_run(sv):
        seen["first_run"] = sv.users.count_users()
        sv.users.create_first_admin(username="ada", full_name="Ada Lovelace", password=ADMIN_PASSWORD)
        QTimer.singleShot(0, QApplication.quit)  # the main window's event loop ends at once
        return sv.users.sign_in("ada", ADMIN_PASSWORD)

    monkeypatch.setattr(ui.app, "first_run", first_run)
    monkeypatch.setattr(ui.app, "sign_in", lambda sv: pytest.fail("no sign-in before there are users"))
    assert ui.app.run_gui(db_url) == 0
    assert seen == {"first_run": 0} and not shown_errors
    assert services.users.count_users() == 1


def test_cancelling_the_first_run_leaves_quietly(qtbot, tmp_path, shown_errors, monkeypatch):
    monkeypatch.setattr(ui.app, "first_run", lambda sv: None)
    assert ui.app.run_gui(f"sqlite:///{tmp_path / 'new.db'}") == 0
    assert not shown_errors


def test_the_config_lab_name_is_offered_and_a_broken_config_does_not_stop_the_first_run(tmp_path, monkeypatch):
    system = tmp_path / "config.toml"
    monkeypatch.setenv("BENCH_CONFIG", str(system))
    monkeypatch.setattr("bench_app.config.user_config_path", lambda: tmp_path / "none.toml")
    system.write_text('[lab]\nname = "Andrology, St Mary\'s"\n')
    assert ui.app.configured_lab_name() == "Andrology, St Mary's"
    system.write_text("[lab\n")
    assert ui.app.configured_lab_name() == ""


def test_a_failed_upgrade_is_explained_before_any_window(qtbot, services, team, db_url, tmp_path, shown_errors,
                                                         monkeypatch):
    services.close()
    newer_bench(tmp_path, monkeypatch, 'raise RuntimeError("a migration bug")')
    notices = []
    real_notice = ui.app.open_upgrade_notice
    monkeypatch.setattr(ui.app, "open_upgrade_notice", lambda text: notices.append(real_notice(text)) or notices[-1])
    monkeypatch.setattr(ui.app, "show_error", lambda title, text: shown_errors.append(
        (title, text, [n.isVisible() for n in notices])))
    assert ui.app.run_gui(db_url) == 1
    (title, text, notices_up), = shown_errors
    assert title == "Bench could not upgrade its database"
    assert "a migration bug" in text and "restored from the backup" in text
    # The wait was announced, and the notice was gone before the message about the outcome.
    assert len(notices) == 1 and notices_up == [False]
    assert "Bench is backing up its database and upgrading it to this version." in notices[0].text()


def test_an_up_to_date_database_opens_without_the_upgrade_notice(qtbot, services, team, db_url, monkeypatch):
    services.close()
    monkeypatch.setattr(ui.app, "open_upgrade_notice", lambda text: pytest.fail("nothing to upgrade"))
    assert ui.app.run_gui(db_url, smoke_test=("admin", ADMIN_PASSWORD)) == 0


def test_the_smoke_test_opens_every_area_and_closes(qtbot, services, team, db_url, capsys):
    assert ui.app.run_gui(db_url, smoke_test=("admin", ADMIN_PASSWORD)) == 0
    out = capsys.readouterr().out
    assert "Smoke test: the main window opened for admin with 9 areas" in out
    reasons = [r.reason for r in services.audit.page(team.admin, limit=5).rows]
    assert "smoke test finished" in reasons


def test_a_bug_shows_a_calm_message_naming_the_log_file(qtbot, tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(logs, "_log_file", tmp_path / "bench.log")
    try:
        raise KeyError("oocyte 7")
    except KeyError as exc:
        box = error_hook.report_exception(type(exc), exc, exc.__traceback__)
    assert box.windowTitle() == "Something went wrong"
    assert "Everything saved before it is kept" in box.text()
    assert str(tmp_path / "bench.log") in box.text()
    record, = [r for r in caplog.records if r.name == "bench.ui"]
    assert record.exc_info[0] is KeyError
    box.close()  # deletes itself (WA_DeleteOnClose)


def test_a_broken_config_at_a_desktop_start_is_shown_in_a_message_box(tmp_path, monkeypatch, capsys):
    import ui.launcher
    from bench_app import cli

    system = tmp_path / "config.toml"
    system.write_text("[database\n")
    monkeypatch.setenv("BENCH_CONFIG", str(system))
    monkeypatch.delenv("BENCH_DB", raising=False)
    monkeypatch.setenv("DISPLAY", ":0")  # as launched from the desktop menu: a screen, no terminal
    shown = []
    monkeypatch.setattr(ui.app, "show_error", lambda title, text: shown.append((title, text)))
    monkeypatch.setattr(ui.app, "run_gui", lambda url, **kw: pytest.fail("the app must not start"))
    assert cli.main([], gui_runner=ui.launcher.run_gui) == 1
    (title, text), = shown
    assert title == "Bench cannot start" and str(system) in text and "not valid TOML" in text
    assert "not valid TOML" in capsys.readouterr().err


def test_an_error_while_the_smoke_test_window_is_up_fails_it(qtbot, services, team, db_url, capsys, monkeypatch):
    def broken_timer(window):
        QTimer.singleShot(0, lambda: 1 / 0)
        return window

    real = ui.app.create_main_window
    monkeypatch.setattr(ui.app, "create_main_window", lambda sv, actor: broken_timer(real(sv, actor)))
    assert ui.app.run_gui(db_url, smoke_test=("admin", ADMIN_PASSWORD)) == 1
    assert "smoke test failed: ZeroDivisionError" in capsys.readouterr().err


def test_a_dialog_after_the_app_quit_still_waits_for_its_person(qtbot, services, team, db_url):
    """The smoke test quits the loop with its window up; the Quit that closing the last window queued must not
    reach the next dialog (after a restore, the sign-in again), which would close before anyone saw it."""
    assert ui.app.run_gui(db_url, smoke_test=("admin", ADMIN_PASSWORD)) == 0
    QApplication.processEvents()  # a Quit still queued would be delivered here, outside any loop
    dialog = QDialog()
    qtbot.addWidget(dialog)
    QTimer.singleShot(50, dialog.accept)
    assert dialog.exec() == QDialog.DialogCode.Accepted
