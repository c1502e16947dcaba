"""Work-arounds for known faults of the Qt binding, applied before the UI makes its first Qt call.

PySide6 6.12.0's wheels release one reference to ``None`` for every Qt call that returns
nothing (they are built for Python 3.12 and newer, where ``None`` is immortal and such a
release does nothing). On Python 3.11 the count falls with each call, and when it reaches
zero the interpreter aborts ("Fatal Python error: none_dealloc"): after some 50,000 calls,
a few hours of an open Today screen. ``make`` builds Bench on Python 3.12 or newer; on 3.11
``keep_none_alive`` gives ``None`` a count that no process can use up, as 3.12 does itself.
"""

from __future__ import annotations

import sys

HEADROOM = 1 << 60  # releases at a million a second would take 36,000 years to use this up


def keep_none_alive() -> bool:
    """Make ``None`` effectively immortal on CPython before 3.12; True when it was needed."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    import ctypes  # here: 3.12 and newer, where this is not needed, start without it (about 5 ms)

    count = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt, the first field of every object
    if count.value < HEADROOM // 2:
        count.value += HEADROOM
    return True
