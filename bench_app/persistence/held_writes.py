"""A pass that checks a form whole and stores nothing, while some of its values could not be read.

A person who types a bad date should see every other mistake of the form in the same pass
(a blank family name too), so the form still asks its service, with the unreadable values
left out; but nothing may be stored without them. While ``hold_writes(unread)`` is in force
and ``unread`` (field → message) is not empty, the first write transaction opened does not
commit: it rolls back whole and raises ``ValidationError(unread)`` instead. The service's own
checks run before that point as always, and their messages are shown with the unread ones.

Only the first transaction is held: if it fails by itself (a wrong witness PIN), what the
service then records of the failure in a transaction of its own is kept as usual. A PIN
check records its outcome in a write, so in such a pass it is held like any other: the
answer is the unread values' messages whether the PIN was right or wrong, so nothing is
learnt of a PIN tried there, and it is tried again, and counted, once the values read.
"""

from __future__ import annotations

import contextlib
from contextvars import ContextVar
from typing import Iterator

from bench_app.domain.errors import ValidationError


class _Hold:
    def __init__(self, unread: dict[str, str]):
        self.unread = unread
        self.used = False


_HOLD: ContextVar[_Hold | None] = ContextVar("bench_held_writes", default=None)


@contextlib.contextmanager
def hold_writes(unread: dict[str, str]) -> Iterator[None]:
    """While ``unread`` has messages (it may be filled inside the block), no write transaction commits."""
    token = _HOLD.set(_Hold(unread))
    try:
        yield
    finally:
        _HOLD.reset(token)


def take_hold() -> ValidationError | None:
    """For a write transaction that is starting: the error to raise instead of committing, if held."""
    hold = _HOLD.get()
    if hold is None or hold.used or not hold.unread:
        return None
    hold.used = True
    return ValidationError(dict(hold.unread))
