"""Rules that hold across the fields of one record, or between a record and the ones it follows.

A step cannot come before the step it depends on (a freeze before its sample arrived, a
thaw before its devices were frozen, an ICSI before its sperm source existed). Each rule
returns the message shown next to the field, or None.
"""

from __future__ import annotations

from datetime import datetime

from bench_app.domain.clock import format_local
from bench_app.i18n import _


def not_before(value: datetime | None, earliest: datetime | None, *, step: str, after: str) -> str | None:
    """``step`` at ``value`` cannot come before ``after`` at ``earliest``."""
    if value is None or earliest is None or value >= earliest:
        return None
    return _("{step} cannot be before {after} ({when}).").format(step=step, after=after, when=format_local(earliest))
