"""Reads that take long run off the GUI thread (a QThreadPool), their result delivered back by signal.

``BackgroundReader.run(work, on_done, on_error)`` runs ``work()`` on a pool thread (it calls
services, each of which opens its own session) and calls ``on_done(result)`` or ``on_error(exc)``
on the GUI thread. A newer request supersedes an older one still running: only the newest result
is shown, so a person clicking through periods never sees an old period's figures arrive last.
``busyChanged`` tells the view when to show its busy state.
"""

from __future__ import annotations

from typing import Any, Callable

from ui.qt import QObject, QRunnable, Qt, QThreadPool, Signal


class _Relay(QObject):
    """Lives on the GUI thread; the pool thread emits through it (a queued connection)."""

    finished = Signal(int, bool, object)  # serial, ok, result or exception


class _Job(QRunnable):
    def __init__(self, serial: int, work: Callable[[], Any], relay: _Relay):
        super().__init__()
        self.serial, self.work, self.relay = serial, work, relay

    def run(self) -> None:
        try:
            result, ok = self.work(), True
        except BaseException as exc:  # delivered to the view, which says it in words
            result, ok = exc, False
        try:
            self.relay.finished.emit(self.serial, ok, result)
        except RuntimeError:  # the view was closed meanwhile (another person signed in): nobody to tell
            pass


class BackgroundReader(QObject):
    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None):
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self._relay = _Relay(self)
        self._relay.finished.connect(self._finished, Qt.ConnectionType.QueuedConnection)
        self._serial = 0
        self._running = 0
        self._handlers: dict[int, tuple[Callable[[Any], None], Callable[[BaseException], None] | None]] = {}

    @property
    def busy(self) -> bool:
        return self._running > 0

    def run(self, work: Callable[[], Any], on_done: Callable[[Any], None],
            on_error: Callable[[BaseException], None] | None = None) -> int:
        self._serial += 1
        self._handlers = {self._serial: (on_done, on_error)}  # older requests are superseded
        self._running += 1
        if self._running == 1:
            self.busyChanged.emit(True)
        self.pool.start(_Job(self._serial, work, self._relay))
        return self._serial

    def pending(self, serial: int | None) -> bool:
        """Whether request ``serial`` (what ``run`` returned) is still being read and not superseded."""
        return serial in self._handlers

    def _finished(self, serial: int, ok: bool, value: object) -> None:
        self._running -= 1
        handlers = self._handlers.pop(serial, None)
        if self._running == 0:
            self.busyChanged.emit(False)
        if handlers is None:
            return  # superseded: a newer request's answer is the one to show
        on_done, on_error = handlers
        if ok:
            on_done(value)
        elif on_error is not None:
            on_error(value)
        else:
            raise value

    def wait(self, msecs: int = 30_000) -> bool:
        """For closing and tests: wait for the pool's running reads to end."""
        return self.pool.waitForDone(msecs)
