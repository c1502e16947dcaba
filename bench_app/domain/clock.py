"""Time in one place: stored in UTC, shown in local time."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Callable

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def as_utc(value: datetime) -> datetime:
    """Treat a naive datetime as already UTC (how the database returns them)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def to_local(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return as_utc(value).astimezone()


def format_local(value: datetime | None, with_seconds: bool = False) -> str:
    if value is None:
        return ""
    local = to_local(value)
    return local.strftime("%Y-%m-%d %H:%M:%S" if with_seconds else "%Y-%m-%d %H:%M")


def format_date(value: date | None) -> str:
    return "" if value is None else value.isoformat()


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The local calendar day as a UTC interval [start, end)."""
    start = datetime.combine(day, time.min).astimezone(timezone.utc)
    end = datetime.combine(day + timedelta(days=1), time.min).astimezone(timezone.utc)
    return start, end
