"""Which backups rotation keeps: the newest of each of the last N days, ISO weeks and months.

A backup file is named ``bench-YYYYMMDD-HHMMSSZ.db`` (UTC), so its name says when it was
taken and the names sort in time order. Rotation keeps, like grandfather-father-son tape
schemes, the newest backup of each of the ``daily`` most recent days that have one, of the
``weekly`` most recent ISO weeks and of the ``monthly`` most recent months; a file kept by
any rule stays. The newest backup is always kept, whatever the counts. Files with any
other name are never touched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone

BACKUP_NAME = re.compile(r"^bench-(\d{8})-(\d{6})Z\.db$")


@dataclass(frozen=True)
class Retention:
    daily: int = 14
    weekly: int = 8
    monthly: int = 12


def backup_name(at: datetime) -> str:
    return f"bench-{at.astimezone(timezone.utc):%Y%m%d-%H%M%S}Z.db"


def taken_at(name: str) -> datetime | None:
    """When the backup called ``name`` was taken (UTC); None for a file that is not one."""
    m = BACKUP_NAME.match(name)
    if not m:
        return None
    try:
        return datetime.strptime(m.group(1) + m.group(2), "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc)
    except ValueError:
        return None


def to_keep(names: list[str], retention: Retention) -> set[str]:
    """The backup names rotation keeps; every other backup name in ``names`` may be deleted."""
    dated = sorted(((t, n) for n in names if (t := taken_at(n)) is not None), reverse=True)
    keep: set[str] = set()
    if dated:
        keep.add(dated[0][1])
    for count, period in ((retention.daily, lambda t: t.date()),
                          (retention.weekly, lambda t: t.isocalendar()[:2]),
                          (retention.monthly, lambda t: (t.year, t.month))):
        seen: list[object] = []
        for t, name in dated:  # newest first: the first of each period is its newest
            p = period(t)
            if p in seen:
                continue
            if len(seen) >= count:
                break
            seen.append(p)
            keep.add(name)
    return keep
