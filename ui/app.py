"""The composition root: open the services, sign someone in, build and show the main window.

Nothing else in the UI creates services; views receive them through a BenchContext. A
database with no users yet opens the first-run dialog (lab name, first admin) instead
of the sign-in. ``smoke_test`` is the installed bundle's self-check (make package-test):
the main window opens offscreen for a given user, every area is built, and it closes.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from typing import TYPE_CHECKING

from bench_app.domain.errors import BenchError, DatabaseUnavailable
from bench_app.domain.redaction import redact
# Before the first ui module, which imports PySide6: PySide6's import hook then reads through the source of every
# module imported after it, and the probe brings sqlite3 and json.
from bench_app.services.start_probe import probe
from bench_app.i18n import _
from ui.common.app_reopen import take_reopen_request
from ui.common.messages import set_message
from ui.common.i18n import install_language, language_for, start_language
from ui.fast_start import CoreLoader, LazyServices, start_when_painted
from ui.look import apply_look
from ui.qt import QApplication, QDialog, QEvent, QLabel, QObject, Qt, QTimer, QWidget
from ui.shell import error_hook
from ui.shell.sign_in_dialog import SignInDialog, SignInMode

if TYPE_CHECKING:  # the core (SQLAlchemy, models, services) is imported behind the sign-in: ui.fast_start
    from bench_app.services.context import Actor
    from bench_app.services.registry import Services
    from ui.shell.main_window import MainWindow

SMOKE_TEST_WAIT_S = 20.0
DESKTOP_FILE = "bench-app"  # packaging/deb: the desktop entry, so the window gets its name and icon


def show_error(title: str, text: str) -> None:
    """A blocking message before any window exists; replaced in tests."""
    from ui.qt import QMessageBox  # here, as in show_warning: the sign-in window is shown without it

    QMessageBox.critical(None, title, text)


def show_warning(title: str, text: str) -> None:
    """A blocking warning before the main window."""
    from ui.qt import QMessageBox

    QMessageBox.warning(None, title, text)


def open_upgrade_notice(text: str) -> QWidget:
    """Said while an older database is upgraded (a SQLite file backed up first), before any other window (a
    large one takes a minute): without it the first start of a new version would seem to hang. ``text`` is the
    core's words for what happens on this backend (registry.upgrade_notice)."""
    notice = QLabel(_("{notice}\nOn a large database this can take a minute or two; please wait.").format(notice=text))
    notice.setWindowTitle(_("Bench: upgrading the database"))
    notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
    notice.setMargin(24)
    notice.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint)
    notice.show()
    QApplication.processEvents()
    return notice


def keep_start_out_of_collections() -> None:
    """Once the main window is up: what the start made (modules, classes, Qt's wrappers, caches, some 150,000
    objects) lives as long as Bench, so Python's full garbage collections need not walk it again (``gc.freeze``).
    A full collection comes every few thousand new objects, in whatever the person does then: one in the
    Outcomes area's opening walked a server session's objects for 112 ms of the 233 the opening took."""
    gc.freeze()


def create_main_window(services: Services, actor: Actor, *, idle_timeout_ms: int | None = None,
                       prefetched_day=None) -> MainWindow:
    """The main window for ``actor``; ``idle_timeout_ms`` overrides the idle_lock_minutes setting;
    ``prefetched_day`` (ui.today.day_prefetch) holds Today's reads begun at the sign-in."""
    from ui.shell.bench_context import BenchContext
    from ui.shell.main_window import MainWindow

    context = BenchContext(services, actor)
    context.prefetched_day = prefetched_day
    window = MainWindow(context, idle_timeout_ms=idle_timeout_ms)
    context.setParent(window)
    return window


def configured_lab_name() -> str:
    """The config file's lab name for the first-run dialog; a broken file must not stop the first run."""
    from bench_app.config import load_config

    try:
        return load_config().get("lab.name") or ""
    except BenchError:
        return ""


def first_run(services: Services) -> Actor | None:
    """The first-run dialog: who signs in once the lab and its first admin exist (None: cancelled)."""
    from ui.shell.first_run_dialog import FirstRunDialog

    dialog = FirstRunDialog(services, lab_name=configured_lab_name())
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.actor


def sign_in(services: Services) -> Actor | None:
    dialog = SignInDialog(services, SignInMode.SIGN_IN, lab_name=services.settings.get("lab_name"))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.actor


def run_gui(url: str, *, smoke_test: tuple[str, str] | None = None) -> int:
    if smoke_test is not None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before the QApplication: no display needed
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Bench")
    app.setOrganizationName("Bench")
    app.setDesktopFileName(DESKTOP_FILE)
    apply_look(app)
    fast = probe(url) if smoke_test is None else None
    # The sign-in window in the workstation's language, else the lab's (read by the probe), else English.
    install_language(start_language(fast.lab_language if fast is not None else None), app)
    actor = prefetched_day = pressed_at = None
    if fast is not None:  # the sign-in at once, the core imported while the person types
        error_hook.install()
        opened = _fast_sign_in(url, fast.lab_name)
        if isinstance(opened, int):
            return opened
        services, actor, prefetched_day, pressed_at = opened
    else:
        from bench_app.services.upgrade_service import UpgradeFailed

        try:
            services = _open_services_saying_so(url)
        except UpgradeFailed as exc:
            show_error(_("Bench could not upgrade its database"), str(exc))
            return 1
        except DatabaseUnavailable as exc:
            from bench_app.services.registry import shown_url
            from bench_app.services.upgrade_service import SchemaNotCurrent

            title = (_("Bench and its database are different versions") if isinstance(exc, SchemaNotCurrent)
                     else _("Bench cannot open its database"))
            show_error(title, _("{problem}\n\nDatabase: {database}").format(problem=redact(exc), database=shown_url(url)))
            return 1
        install_language(start_language(_lab_language(services)), app)
        if smoke_test is None and services.users.count_users() > 0:
            # The same sign-in as the fast path's, on services already open (a lab server, or a database just
            # upgraded): Today's queries are warmed while the person types and read while the password is checked.
            error_hook.install()
            opened = _fast_sign_in(url, services.settings.get("lab_name") or "", opened=services)
            if isinstance(opened, int):
                return opened
            services, actor, prefetched_day, pressed_at = opened
    try:
        if smoke_test is not None:
            return _smoke_test(app, services, *smoke_test)
        error_hook.install()
        while True:
            for warning in getattr(services, "start_warnings", ()):  # e.g. a database file every account can read
                show_warning(_("Bench: patient data readable by others"), warning)
            if actor is None:
                actor = first_run(services) if services.users.count_users() == 0 else sign_in(services)
            if actor is None:
                return 0
            # The person's own language from here on: the main window is built in it.
            install_language(language_for(actor.username, _lab_language(services)), app)
            window = create_main_window(services, actor, prefetched_day=prefetched_day)
            prefetched_day = None  # the first window only
            if pressed_at is not None:
                log_first_paint(window, pressed_at)
                pressed_at = None
            window.show()
            keep_start_out_of_collections()
            code = run_event_loop(app)
            reopen = take_reopen_request()  # the database was restored under the window: sign in again
            if not reopen:
                try:
                    services.users.sign_out(window.context.actor, reason="closed Bench")
                except BenchError:
                    pass  # closing must never fail because the database went away
            _dispose(window)
            if not reopen:
                return code
            from bench_app.services.registry import open_services

            services.close()
            services = open_services(url)
            actor = None
    except DatabaseUnavailable as exc:
        show_error(_("Bench lost its database"), str(exc))
        return 1
    finally:
        services.close()


def _lab_language(services) -> str | None:
    try:
        return services.settings.get("lab_language")
    except BenchError:
        return None


def _fast_sign_in(url: str, lab_name: str, *, opened: Services | None = None):
    """The sign-in window before the core: (services, actor, Today's prefetch, when Sign in was last pressed) once
    someone signed in, else the exit code (the services closed). ``opened``: services already open, for which the
    loader only imports the main window's modules and warms Today's queries."""
    from ui.today.day_prefetch import DayPrefetch

    from_loader: list = []  # set once the loader finished, checked on the GUI thread
    loader = CoreLoader(url, opened=opened)
    dialog = SignInDialog(LazyServices(loader, lambda text: _say(dialog, text)), SignInMode.SIGN_IN,
                          lab_name=lab_name)
    # The time is taken first: the loader's start (Qt's namespace, the thread) runs after the window is up.
    dialog.painted.connect(_log_sign_in_painted)
    start_when_painted(dialog, loader)
    prefetch = DayPrefetch(loader.wait_in_thread, _local_day)
    dialog.ok_button.pressed.connect(prefetch.start)  # Today's reads run while the password is checked
    pressed: list[float] = []
    dialog.ok_button.pressed.connect(lambda: pressed.append(time.monotonic()))  # (Return presses it too)

    def check() -> None:
        if not loader.done.is_set():
            if loader.upgrade_notice:
                set_message(dialog.message, _("{notice} Please wait.").format(notice=loader.upgrade_notice))
            return
        poll.stop()
        from_loader.append(True)
        if loader.error is not None:
            dialog.reject()  # said below, as the ordinary start says it
        else:
            dialog.set_lab_name(loader.services.settings.get("lab_name") or lab_name)

    poll = QTimer(dialog)
    poll.setInterval(50)
    poll.timeout.connect(check)
    poll.start()
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    poll.stop()
    if not loader.started:  # cancelled before the dialog even painted: nothing was opened but what was handed in
        dialog.deleteLater()
        if opened is not None:
            opened.close()
        return 0
    loader.done.wait()  # never leave a half-done upgrade behind, even on Cancel
    actor = dialog.actor
    dialog.deleteLater()
    if loader.error is not None:
        from bench_app.services.upgrade_service import UpgradeFailed

        if isinstance(loader.error, UpgradeFailed):
            show_error(_("Bench could not upgrade its database"), str(loader.error))
        elif isinstance(loader.error, DatabaseUnavailable):
            from bench_app.services.registry import shown_url

            show_error(_("Bench cannot open its database"),
                       _("{problem}\n\nDatabase: {database}").format(problem=loader.error, database=shown_url(url)))
        else:
            raise loader.error
        return 1
    if not accepted or actor is None:
        prefetch.take(None)  # let its reads end before the services close
        loader.services.close()
        return 0
    return loader.services, actor, prefetch, (pressed[-1] if pressed else None)


def _log_sign_in_painted() -> None:
    """The moment the sign-in window was first drawn, on the wall clock: bench/bundle_start.py subtracts the moment
    it started the installed program (issue 22: at most 1.5 x an empty PySide6 window)."""
    import logging

    logging.getLogger("bench").info("Sign-in window painted at %.3f", time.time())


class _FirstPaint(QObject):
    """Logs, once the main window's first frame is drawn, how long it took from the press on Sign in (issue 22: at
    most 400 ms on a twenty-year database). bench/bundle_start.py reads it from the log of an installed Bench."""

    def __init__(self, window: QWidget, pressed_at: float):
        super().__init__(window)
        self.pressed_at = pressed_at
        window.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._painted)  # after the rest of this frame: the window's areas, the flush
        return False

    def _painted(self) -> None:
        import logging

        logging.getLogger("bench").info("Main window painted %.0f ms after Sign in was pressed",
                                        (time.monotonic() - self.pressed_at) * 1000)


def log_first_paint(window: QWidget, pressed_at: float) -> None:
    _FirstPaint(window, pressed_at)


def _local_day(services):
    from bench_app.domain.clock import to_local

    return to_local(services.ctx.clock()).date()


def _say(dialog: SignInDialog, text: str) -> None:
    set_message(dialog.message, text)
    QApplication.processEvents()


def _open_services_saying_so(url: str) -> Services:
    """open_services, with the upgrade notice up while an older database is upgraded."""
    from bench_app.services.registry import open_services, upgrade_notice

    said = upgrade_notice(url)
    notice = open_upgrade_notice(said) if said else None
    try:
        return open_services(url)
    finally:  # gone before any message about the outcome
        if notice is not None:
            notice.close()
            notice.deleteLater()


def run_event_loop(app: QApplication) -> int:
    """``app.exec()``, leaving no Quit behind for the dialogs that come after it.

    Closing the last window while the loop runs posts a Quit event; when the loop ends by
    ``app.quit()`` (the smoke test) or that close, a second Quit may still be queued. Delivered
    later outside the loop, it marks the thread as quitting, and every dialog's ``exec()``
    after it (the sign-in again after a restore) returns at once, as if cancelled.
    """
    code = app.exec()
    QApplication.removePostedEvents(app, QEvent.Type.Quit)
    return code


def _dispose(window) -> None:
    """Close the window for good: its idle watcher leaves the application's event filters too."""
    window.idle.stop()
    window.close()
    window.deleteLater()


def _smoke_test(app: QApplication, services: Services, username: str, password: str) -> int:
    """Sign in, show the main window, build every area the user may open, close; 0 if all went well."""
    started = time.monotonic()
    actor = services.users.sign_in(username, password)  # BenchError: the CLI says it in one line
    window = create_main_window(services, actor)
    window.show()
    built = [window.show_area(key) for key in window.visible_area_keys()]
    deadline = time.monotonic() + SMOKE_TEST_WAIT_S
    shown = False

    def check() -> None:  # in the event loop, until the platform has really put the window up
        nonlocal shown
        handle = window.windowHandle()
        shown = window.isVisible() and handle is not None and handle.isExposed()
        if shown or time.monotonic() > deadline:
            app.quit()  # closes the window too
        else:
            QTimer.singleShot(20, check)

    errors: list[str] = []  # an exception in any slot or timer while the window is up fails the test
    saved_hook, sys.excepthook = sys.excepthook, lambda kind, exc, tb: errors.append(f"{kind.__name__}: {exc}")
    try:
        QTimer.singleShot(0, check)
        run_event_loop(app)
    finally:
        sys.excepthook = saved_hook
    _dispose(window)
    services.users.sign_out(actor, reason="smoke test finished")
    if not shown or errors:
        why = "; ".join(errors) or "the main window was not shown"
        print(f"bench-app: smoke test failed: {why}.", file=sys.stderr)
        return 1
    print(f"Smoke test: the main window opened for {actor.username} with {len(built)} areas "
          f"in {time.monotonic() - started:.2f} s ({app.platformName()}).")
    return 0
