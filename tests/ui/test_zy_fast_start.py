"""The sign-in window comes before the core is loaded, the password check waits for it, and a restore reopens
the app on the restored database. (These run after test_zz_app_start as well: ui.app.run_event_loop.)"""

from __future__ import annotations

import sqlite3
import threading

import pytest

import ui.app
from tests.conftest import ADMIN_PASSWORD
from ui.common.app_reopen import request_reopen
from ui.fast_start import CoreLoader, probe
from ui.qt import QApplication, QTimer
from ui.shell import error_hook
from ui.shell.main_window import MainWindow
from ui.shell.sign_in_dialog import SignInDialog
from ui.today.today_view import TodayView


@pytest.fixture(autouse=True)
def no_error_hook(monkeypatch):
    monkeypatch.setattr(error_hook, "install", lambda: None)  # pytest-qt reports errors in tests


def test_the_probe_takes_the_fast_path_only_for_a_current_database_with_users(services, team, db_url, tmp_path):
    services.settings.set(team.admin, "lab_name", "Andrology, St Mary's")
    found = probe(db_url)
    assert found is not None and found.users == 4 and found.lab_name == "Andrology, St Mary's"
    assert probe(f"sqlite:///{tmp_path / 'none.db'}") is None
    assert probe("postgresql+psycopg://lab@db/bench") is None
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database")
    assert probe(f"sqlite:///{junk}") is None
    older = tmp_path / "older.db"
    con = sqlite3.connect(older)
    con.executescript("CREATE TABLE alembic_version (version_num TEXT); INSERT INTO alembic_version VALUES ('0001');"
                      "CREATE TABLE users (id INTEGER); INSERT INTO users VALUES (1);"
                      "CREATE TABLE settings (key TEXT, value TEXT);")
    con.close()
    assert probe(f"sqlite:///{older}") is None  # an upgrade first, with its notice: the ordinary path


def _modal(kind):
    widget = QApplication.activeModalWidget()
    return widget if isinstance(widget, kind) else None


def _main_window():
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    return windows[0] if windows else None


def _when(find, act) -> None:
    """Once ``find()`` gives something (looked for every 20 ms on the event loop), ``act(it)``."""
    def look():
        found = find()
        if found is None:
            QTimer.singleShot(20, look)
        else:
            act(found)
    QTimer.singleShot(0, look)


def _threads_reading_the_day(monkeypatch) -> list[str]:
    """The names of the threads that read Today's day, in order, filled as the app runs."""
    from bench_app.services.worksheet_service import WorksheetService

    readers: list[str] = []
    real_day = WorksheetService.day
    # guarded() wraps the method: count the reads through the class attribute it is looked up on
    monkeypatch.setattr(WorksheetService, "day", lambda self, *a, **kw: readers.append(threading.current_thread().name)
                        or real_day(self, *a, **kw))
    return readers


def _sign_in_as_admin(dialog) -> None:
    dialog.username.setText("admin")
    dialog.password.setText(ADMIN_PASSWORD)
    dialog.ok_button.click()


def test_the_sign_in_is_up_and_typed_into_before_the_core_has_loaded(qtbot, services, team, db_url, monkeypatch):
    services.close()
    gate = threading.Event()
    seen = {}

    class HeldLoader(CoreLoader):
        def _run(self):
            gate.wait(30)  # the core "still importing" until the test lets it go
            super()._run()

    monkeypatch.setattr(ui.app, "CoreLoader", HeldLoader)

    def type_while_loading():
        dialog = _modal(SignInDialog)
        if dialog is None:
            QTimer.singleShot(20, type_while_loading)
            return
        seen["loaded_when_shown"] = dialog.services._loader.done.is_set()
        dialog.username.setText("admin")
        dialog.password.setText(ADMIN_PASSWORD)
        gate.set()
        dialog.ok_button.click()  # waits for the loader, then checks the password
        QTimer.singleShot(0, close_main_window)

    def close_main_window():
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if not windows:
            QTimer.singleShot(20, close_main_window)
            return
        seen["signed_in"] = windows[0].context.actor.username
        windows[0].close()

    QTimer.singleShot(0, type_while_loading)
    assert ui.app.run_gui(db_url) == 0
    assert seen == {"loaded_when_shown": False, "signed_in": "admin"}


def test_a_wrong_password_is_said_in_the_dialog_and_cancel_ends_cleanly(qtbot, services, team, db_url):
    services.close()
    seen = {}

    def wrong_then_cancel():
        dialog = _modal(SignInDialog)
        if dialog is None:
            QTimer.singleShot(20, wrong_then_cancel)
            return
        dialog.username.setText("admin")
        dialog.password.setText("not-it")
        dialog.ok_button.click()
        seen["message"] = dialog.message.text()
        dialog.cancel_button.click()

    QTimer.singleShot(0, wrong_then_cancel)
    assert ui.app.run_gui(db_url) == 0
    assert seen["message"].startswith("Wrong password for 'admin'")


def test_after_a_restore_the_app_asks_for_a_sign_in_again(qtbot, services, team, db_url, monkeypatch):
    services.close()
    sign_ins = []

    def sign_in(sv):  # the second sign-in, on the reopened database
        sign_ins.append(sv.users.count_users())
        return None  # cancelled: the app ends

    monkeypatch.setattr(ui.app, "sign_in", sign_in)

    def first(dialog):
        _sign_in_as_admin(dialog)
        _when(_main_window, request_reopen)

    _when(lambda: _modal(SignInDialog), first)
    assert ui.app.run_gui(db_url) == 0
    assert sign_ins == [4]


def test_the_sign_in_path_imports_no_sqlalchemy():
    import subprocess
    import sys

    code = ("import sys, ui.app, ui.launcher, bench_app.cli; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert done.stdout.strip() == "[]", done.stdout


# In a new process: the sign-in window of the ordinary start, and which of PySide6's costliest Python classes exist
# as it first paints. PySide6 makes a class on first use: ``Qt`` with every one of its enums at once (15 ms), and,
# for the first event a Python method is handed, a class for every kind of event.
DRAWN_WITHOUT = r"""
import sys
import PySide6.QtCore, PySide6.QtGui, PySide6.QtWidgets
import ui.app
from ui.shell.sign_in_dialog import SignInDialog

def made():
    return sorted(name for module in (PySide6.QtCore, PySide6.QtGui, PySide6.QtWidgets) for name in vars(module)
                  if name in ("Qt", "QMouseEvent", "QKeyEvent", "QMessageBox", "QComboBox", "QTextEdit"))

seen, paint, shown = [], SignInDialog.paintEvent, SignInDialog.exec

def paint_event(dialog, event):
    if not seen:
        seen.append(made())
    paint(dialog, event)

def exec_(dialog):
    dialog.painted.connect(dialog.reject)
    return shown(dialog)

SignInDialog.paintEvent, SignInDialog.exec = paint_event, exec_
code = ui.app.run_gui(sys.argv[1])
print(seen[0] if seen else "not painted")
sys.exit(code)
"""


def test_the_sign_in_window_is_drawn_before_the_qt_namespace_and_the_event_classes_are_made(services, team,
                                                                                              db_url):
    import os
    import subprocess
    import sys

    services.close()
    done = subprocess.run([sys.executable, "-c", DRAWN_WITHOUT, db_url], capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]", done.stdout  # each one named here was made before the window painted


def test_today_is_read_while_the_password_is_checked_and_not_again_on_the_gui_thread(qtbot, services, team, db_url,
                                                                                     monkeypatch):
    services.close()
    readers = _threads_reading_the_day(monkeypatch)
    seen = {}

    def close_main_window(window):
        today = window.findChild(TodayView)
        seen["today"] = today.title.text() if today is not None else None
        seen["readers"] = list(readers)
        window.close()

    def sign_in(dialog):
        _sign_in_as_admin(dialog)
        _when(_main_window, close_main_window)

    _when(lambda: _modal(SignInDialog), sign_in)
    assert ui.app.run_gui(db_url) == 0
    assert seen["today"] and seen["today"].startswith("Today, ")
    assert "bench-today-prefetch" in seen["readers"]
    assert "MainThread" not in seen["readers"]  # the window took the reads begun at the click


def test_prefetched_reads_serve_only_their_own_day_and_only_while_fresh(monkeypatch):
    from datetime import date

    from ui.today import day_prefetch

    class Sv:
        class ctx:
            clock = staticmethod(lambda: None)

        class worksheet:
            day = staticmethod(lambda d: f"sheet {d}")

        class patients:
            cycles_starting_on = staticmethod(lambda d: [])

        class backups:
            status = staticmethod(lambda: "ok")

    day = date(2026, 3, 2)
    prefetch = day_prefetch.DayPrefetch(lambda: Sv, lambda sv: day)
    assert prefetch.take(day) is None  # never started: Today reads for itself
    prefetch.start()
    assert prefetch.take(date(2026, 3, 3)) is None  # past midnight: another day
    prefetch.start()
    assert prefetch.take(day).sheet == f"sheet {day}"
    monkeypatch.setattr(day_prefetch, "FRESH_S", -1.0)
    assert prefetch.take(day) is None  # read too long ago (a wrong password, then a pause)
    failing = day_prefetch.DayPrefetch(lambda: 1 / 0, lambda sv: day)
    failing.start()
    assert failing.take(day) is None


def test_a_database_opened_first_gets_the_same_sign_in_warmed_and_prefetched(qtbot, services, team, db_url,
                                                                           monkeypatch):
    """Where the fast path does not apply (a lab server; a database upgraded first), the core is opened before the
    sign-in window, and the same sign-in follows: the loader, handed the open services, only imports the main
    window's modules and warms Today while the person types, and Today is read while the password is checked."""
    services.close()
    monkeypatch.setattr(ui.app, "probe", lambda url: None)  # as on a server: no fast path
    loaders = []
    monkeypatch.setattr(ui.app, "CoreLoader", lambda url, **kw: loaders.append(CoreLoader(url, **kw)) or loaders[-1])
    readers = _threads_reading_the_day(monkeypatch)
    seen = {}

    def close_main_window(window):
        seen["signed_in"] = window.context.actor.username
        seen["readers"] = list(readers)
        window.close()

    def sign_in(dialog):
        seen["handed_in"] = bool(loaders) and loaders[0].opened is not None
        _sign_in_as_admin(dialog)
        _when(_main_window, close_main_window)

    _when(lambda: _modal(SignInDialog), sign_in)
    assert ui.app.run_gui(db_url) == 0
    assert seen["signed_in"] == "admin" and seen["handed_in"]
    assert loaders[0].upgrade_notice is None and loaders[0].services is loaders[0].opened
    assert "bench-core-loader" in seen["readers"]  # warmed while the person typed
    assert "bench-today-prefetch" in seen["readers"] and "MainThread" not in seen["readers"]


def test_cancelling_the_sign_in_of_a_database_opened_first_closes_it(qtbot, services, team, db_url, monkeypatch):
    from bench_app.services.registry import Services

    services.close()
    monkeypatch.setattr(ui.app, "probe", lambda url: None)
    closed = []
    real_close = Services.close
    monkeypatch.setattr(Services, "close", lambda self: closed.append(self) or real_close(self))
    _when(lambda: _modal(SignInDialog), lambda dialog: dialog.cancel_button.click())
    assert ui.app.run_gui(db_url) == 0
    assert len(closed) >= 1
