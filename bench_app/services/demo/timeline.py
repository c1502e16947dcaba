"""The demo's own time: a clock the services read, and an agenda run in time order.

Each area of the demo (couples, witnessing, later retrievals, cryo, ICSI) puts its
steps on one agenda at the moment they would happen in a lab; the agenda runs them
oldest first with the clock set to each step's moment, so the audit trail reads in
time order across areas just as a real lab's would.
"""

from __future__ import annotations

import heapq
from datetime import date, datetime, time, timedelta, timezone
from typing import Callable

TICK = timedelta(seconds=3)


class DemoClock:
    """Set to a step's moment; each reading moves on a few seconds so events keep their order."""

    def __init__(self, start: datetime):
        self._now = start

    def set(self, when: datetime) -> None:
        # Never back: a busy step may have run a few ticks past the next step's moment.
        self._now = max(when, self._now)

    def __call__(self) -> datetime:
        now = self._now
        self._now = now + TICK
        return now


def local_moment(day: date, hour: int, minute: int = 0) -> datetime:
    """``hour:minute`` on ``day`` in the lab's (this machine's) time zone, as UTC."""
    return datetime.combine(day, time(hour, minute)).astimezone(timezone.utc)


class Agenda:
    """Steps in time order; a step may put later steps on the agenda while it runs."""

    def __init__(self) -> None:
        self._steps: list[tuple[datetime, int, Callable[[], None]]] = []
        self._count = 0

    def at(self, when: datetime, step: Callable[[], None]) -> None:
        heapq.heappush(self._steps, (when, self._count, step))
        self._count += 1

    def run(self, clock: DemoClock) -> None:
        while self._steps:
            when, _, step = heapq.heappop(self._steps)
            clock.set(when)
            step()
