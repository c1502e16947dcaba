"""The sign-in window first, the core behind it: Bench answers at once.

Importing the core (SQLAlchemy, the models, the services, the main window's modules) takes
several times as long as Qt itself. A person needs a few seconds to type a user name and a
password, so the sign-in window is shown as soon as Qt is up, and the core is imported and
the database opened in a background thread (``CoreLoader``) while they type. The dialog
talks to ``LazyServices``, which waits for the loader only when it is first asked for
something (the password check); by then it has usually long finished.

Whether the fast path applies is decided with the standard library's sqlite3 alone
(``bench_app.services.start_probe``): an existing SQLite database at this version's schema revision with at least
one user. Anything else (a first run, a database to upgrade, a server database, a file
that cannot be read) takes the ordinary path in ui.app, which imports the core first,
shows the upgrade notice and says what is wrong in the usual words.
"""

from __future__ import annotations

import threading
from typing import Any, Callable

from bench_app.services.start_probe import Probe, probe  # noqa: F401 (ui.app's door to it)
from ui.qt import QApplication, QCursor, Qt, QTimer


class CoreLoader:
    """Imports the core and opens the database in a background thread; ``result()`` waits for it."""

    def __init__(self, url: str, opener: Callable[[str], Any] | None = None, *, opened: Any = None):
        self.url = url
        self.opener = opener
        self.opened = opened  # services already open (a server's start): only the imports and the warm-up are left
        self.done = threading.Event()
        self.services: Any = None
        self.error: BaseException | None = None
        self.upgrade_notice: str | None = None  # what to say while the database is upgraded first
        self.thread = threading.Thread(target=self._run, name="bench-core-loader", daemon=True)
        self._started = threading.Lock()

    def start(self) -> "CoreLoader":
        """Start loading (once; later calls do nothing). Called on the GUI thread."""
        if self._started.acquire(blocking=False):
            # Qt's namespace is made here (15 ms: the window is up), not by make_every_class in the loader's thread
            # while this thread may read a Qt name too: PySide6 makes a class once, but not twice at the same time.
            Qt.CursorShape  # noqa: B018
            self.thread.start()
        return self

    @property
    def started(self) -> bool:
        return self._started.locked()

    def _run(self) -> None:
        try:
            # What the main window needs after the password, imported now rather than then.
            import ui.shell.main_window  # noqa: F401
            import ui.today.today_view  # noqa: F401

            services = self.opened
            if services is None:
                from bench_app.services.registry import open_services, upgrade_notice

                self.upgrade_notice = upgrade_notice(self.url)
                services = (self.opener or open_services)(self.url)
            _warm_up(services)
            self.services = services
        except BaseException as exc:  # handed to the GUI thread, which says it
            self.error = exc
        finally:
            self.done.set()

    def wait_in_thread(self) -> Any:
        """The opened services, for another background thread: waits with no cursor; raises the loader's error."""
        self.done.wait()
        if self.error is not None:
            raise self.error
        return self.services

    def result(self, on_wait: Callable[[str], None] | None = None) -> Any:
        """The opened services (or the loader's exception), waiting with a busy cursor if need be."""
        self.start()  # asked before the dialog painted (or it never did): load now
        if not self.done.is_set():
            if on_wait is not None:
                on_wait(f"{self.upgrade_notice} This can take a minute or two." if self.upgrade_notice else "")
            QApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
            try:
                self.done.wait()
            finally:
                QApplication.restoreOverrideCursor()
        if self.error is not None:
            raise self.error
        return self.services


def start_when_painted(dialog, loader: CoreLoader, at_latest_ms: int = 500) -> None:
    """Start ``loader`` once ``dialog`` has painted (its ``painted`` signal), or after ``at_latest_ms`` if it has
    not by then. (Not an event filter: PySide6 would make a Python class for every kind of event it saw.)"""
    dialog.painted.connect(loader.start)
    QTimer.singleShot(at_latest_ms, loader.start)


def _warm_up(services) -> None:
    """Read what the main window reads first (Today), so that after the password its queries are compiled
    and its pages cached, and have Qt's classes made (``make_every_class``). Reads only; a failure here is
    the main window's to report, not the loader's."""
    from bench_app.domain.clock import to_local
    from ui.qt import make_every_class

    try:
        today = to_local(services.ctx.clock()).date()
        services.worksheet.day(today)
        services.patients.cycles_starting_on(today)
        services.backups.status()
        make_every_class()
    except Exception:  # noqa: BLE001 - warming is optional
        pass


class LazyServices:
    """Stands in for Services in the sign-in dialog: the first attribute asked for waits for the loader."""

    def __init__(self, loader: CoreLoader, on_wait: Callable[[str], None] | None = None):
        self._loader = loader
        self._on_wait = on_wait

    def __getattr__(self, name: str) -> Any:
        return getattr(self._loader.result(self._on_wait), name)
