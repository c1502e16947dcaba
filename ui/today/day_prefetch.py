"""Today's reads started when the person clicks Sign in, so the main window opens with its day filled in.

Checking a password (Argon2, about 0.1 s by design) runs in C without holding Python's lock;
the reads of Today (the worksheet day, the cycles starting, the backup state) run meanwhile in
this thread, and on a twenty-year database they take as long again. The main window's Today
takes them once (``BenchContext.take_prefetched_day``) instead of reading the same thing again
after the password; every later refresh reads afresh. If the reads fail, Today reads as usual
and says what is wrong in its own words.
"""

from __future__ import annotations

import threading
import time
from datetime import date, datetime
from typing import Any, Callable, NamedTuple

WAIT_S = 30.0  # never hang the window on a stuck read: past this Today reads for itself
FRESH_S = 15.0  # reads finished longer ago (a wrong password, then a pause) are not shown: Today reads again


class DayReads(NamedTuple):  # a NamedTuple: this module is imported before the sign-in window
    day: date
    sheet: Any  # WorksheetDay
    cycles: tuple
    backup: Any  # BackupStatus
    taken_at: datetime


class DayPrefetch:
    """Reads ``day`` in a background thread once ``services()`` (which may wait for the core) gives them."""

    def __init__(self, services: Callable[[], Any], day: Callable[[Any], date]):
        self._services = services
        self._day = day
        self._reads: DayReads | None = None
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        self._finished_at = 0.0

    def start(self) -> None:
        """Start reading, unless reads begun at an earlier press (a wrong password) are still running."""
        if self._thread is not None and not self._done.is_set():
            return
        self._done.clear()
        self._thread = threading.Thread(target=self._run, name="bench-today-prefetch", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            services = self._services()
            day = self._day(services)
            taken = services.ctx.clock()
            self._reads = DayReads(day, services.worksheet.day(day), tuple(services.patients.cycles_starting_on(day)),
                                   services.backups.status(), taken)
        except Exception:  # noqa: BLE001 - Today reads again, and reports the error itself
            self._reads = None
        finally:
            self._finished_at = time.monotonic()
            self._done.set()

    def take(self, day: date) -> DayReads | None:
        """The reads for ``day`` if they were started (waiting for them to finish), else None."""
        if self._thread is None or not self._done.wait(WAIT_S):
            return None
        reads = self._reads
        fresh = time.monotonic() - self._finished_at <= FRESH_S
        return reads if reads is not None and reads.day == day and fresh else None
