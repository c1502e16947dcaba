"""The composition root: open the services, sign someone in, build and show the main window.

Nothing else in the UI creates services; views receive them through a BenchContext.
"""

from __future__ import annotations

import sys

from bench_app.domain.errors import BenchError, DatabaseUnavailable
from bench_app.services.context import Actor
from bench_app.services.registry import Services, open_services
from ui.look import apply_look
from ui.qt import QApplication, QDialog, QMessageBox
from ui.shell import error_hook
from ui.shell.bench_context import BenchContext
from ui.shell.main_window import MainWindow
from ui.shell.sign_in_dialog import SignInDialog, SignInMode

NO_USERS_MESSAGE = (
    "This database has no users yet.\n\n"
    "Create the first administrator from a terminal:\n\n"
    "    bench-app init --admin NAME\n\n"
    "then start Bench again. (A first-run wizard will do this from here in a later release.)"
)


def show_error(title: str, text: str) -> None:
    """A blocking message before any window exists; replaced in tests."""
    QMessageBox.critical(None, title, text)


def create_main_window(services: Services, actor: Actor, *, idle_timeout_ms: int | None = None) -> MainWindow:
    """The main window for ``actor``; ``idle_timeout_ms`` overrides the idle_lock_minutes setting."""
    context = BenchContext(services, actor)
    window = MainWindow(context, idle_timeout_ms=idle_timeout_ms)
    context.setParent(window)
    return window


def run_gui(url: str) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Bench")
    app.setOrganizationName("Bench")
    apply_look(app)
    try:
        services = open_services(url)
    except DatabaseUnavailable as exc:
        show_error("Bench cannot open its database", f"{exc}\n\nDatabase: {url}")
        return 1
    try:
        if services.users.count_users() == 0:
            show_error("Bench has no users yet", NO_USERS_MESSAGE)
            return 1
        sign_in = SignInDialog(services, SignInMode.SIGN_IN, lab_name=services.settings.get("lab_name"))
        if sign_in.exec() != QDialog.DialogCode.Accepted or sign_in.actor is None:
            return 0
        window = create_main_window(services, sign_in.actor)
        error_hook.install()
        window.show()
        code = app.exec()
        try:
            services.users.sign_out(window.context.actor, reason="closed Bench")
        except BenchError:
            pass  # closing must never fail because the database went away
        return code
    except DatabaseUnavailable as exc:
        show_error("Bench lost its database", str(exc))
        return 1
    finally:
        services.close()
