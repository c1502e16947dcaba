"""Screens that follow the records: one watcher polls the change feed, each view decides what to re-read.

``ChangeWatcher`` (one per main window) asks ``services.changes`` every
``database.change_poll_seconds`` (default 1.5 s) what was committed since the last look, by
this workstation or another, and emits ``BenchContext.recordsChanged`` with the answer. That
is the one road by which saved records reach the screens: a save here arrives the same way as
a save at the next bench (a view that re-read at once after its own save reads again then).

``LiveRefresh`` ties a view to that signal for the kinds of record it shows. It never
overwrites what a person is entering:

- a hidden view is not read now; it re-reads when it is shown again;
- while the view has a dialog open (its ``active_dialog``), or any modal dialog or popup is
  up, the re-read waits and is tried again a second later (the dialog's own save refreshes
  the view when it closes anyway);
- the re-read itself is the view's own ``refresh``: read-only views (Today, the storage map)
  simply show the new rows; the ICSI grid merges, keeping the values keyed but not saved.
"""

from __future__ import annotations

from typing import Callable, Iterable

from bench_app.config import configured_seconds
from bench_app.domain.record_changes import RecordChanges, RecordKind
from ui.qt import QApplication, QEvent, QObject, QTimer, QWidget

DEFAULT_POLL_SECONDS = 1.5
BUSY_RETRY_MS = 1000


class ChangeWatcher(QObject):
    """Polls the change feed on the GUI thread and hands what changed to ``context.records_changed``."""

    def __init__(self, context, parent: QObject | None = None, *, interval_ms: int | None = None):
        super().__init__(parent)
        self.context = context
        if interval_ms is None:
            try:
                interval_ms = int(configured_seconds("database.change_poll_seconds", DEFAULT_POLL_SECONDS) * 1000)
            except Exception:  # a broken config file is reported at start; the screens still follow
                interval_ms = int(DEFAULT_POLL_SECONDS * 1000)
        self.timer = QTimer(self)
        self.timer.setInterval(max(interval_ms, 100))
        self.timer.timeout.connect(self.poll)

    def start(self) -> None:
        self.context.services.changes.poll()  # the baseline: what is already saved is not news
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def poll(self) -> RecordChanges:
        changes = self.context.services.changes.poll()
        if changes:
            self.context.records_changed(changes)
        return changes


class LiveRefresh(QObject):
    """Calls ``refresh`` when records of ``kinds`` change, once the view is shown and not busy."""

    def __init__(self, view: QWidget, context, kinds: Iterable[RecordKind],
                 refresh: Callable[[], None] | None = None):
        super().__init__(view)
        self.view = view
        self.kinds = tuple(kinds)
        self._refresh = refresh or view.refresh
        self.pending = False
        self.refreshes = 0
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(BUSY_RETRY_MS)
        self._retry.timeout.connect(self._try)
        view.installEventFilter(self)
        context.recordsChanged.connect(self._on_changes)

    def _on_changes(self, changes: RecordChanges) -> None:
        if changes.touches(*self.kinds):
            self.pending = True
            self._try()

    def busy(self) -> bool:
        dialog = getattr(self.view, "active_dialog", None)
        if dialog is not None and dialog.isVisible():
            return True
        return QApplication.activeModalWidget() is not None or QApplication.activePopupWidget() is not None

    def _try(self) -> None:
        if not self.pending or not self.view.isVisible():
            return  # shown again later: eventFilter tries then
        if self.busy():
            self._retry.start()
            return
        self.pending = False
        self.refreshes += 1
        self._refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and event.type() == QEvent.Type.Show and self.pending:
            QTimer.singleShot(0, self, self._try)  # after the area's own refresh on opening, if any
        return False
