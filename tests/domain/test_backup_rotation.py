"""Rotation of dated backups: the newest of each of the last N days, ISO weeks and months."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bench_app.domain.backup_rotation import Retention, backup_name, taken_at, to_keep


def _nightly(days: int, end: datetime) -> list[str]:
    return [backup_name(end - timedelta(days=d)) for d in range(days)]


def test_a_name_says_when_the_backup_was_taken():
    at = datetime(2026, 11, 20, 2, 30, 5, tzinfo=timezone.utc)
    assert backup_name(at) == "bench-20261120-023005Z.db"
    assert taken_at(backup_name(at)) == at
    assert taken_at("bench-20261120-023005Z.db.failed") is None
    assert taken_at("notes.txt") is None and taken_at("bench-20261399-000000Z.db") is None


def test_two_years_of_nightly_backups_keep_14_daily_8_weekly_12_monthly():
    end = datetime(2026, 11, 20, 2, 0, tzinfo=timezone.utc)  # a Friday
    names = _nightly(730, end)
    keep = to_keep(names, Retention(daily=14, weekly=8, monthly=12))
    dates = sorted(taken_at(n).date() for n in keep)

    daily = {(end - timedelta(days=d)).date() for d in range(14)}
    assert daily <= set(dates)
    # the newest of each of the last 8 ISO weeks: the Sundays, and this week's Friday
    weeks = {d for d in dates if d.isoweekday() == 7 and d > (end - timedelta(weeks=8)).date()}
    assert len(weeks) == 7
    # the newest of each of the last 12 months: the month ends, and this month's newest
    month_ends = {d for d in dates if (d + timedelta(days=1)).day == 1}
    assert len(month_ends) == 11 and max(month_ends).month == 10 and min(month_ends).year == 2025
    assert len(keep) == len(set(dates)) and len(keep) < 14 + 8 + 12
    assert min(dates) == datetime(2025, 12, 31).date()  # nothing older than the 12th month is kept


def test_several_backups_a_day_keep_the_newest_of_each_day():
    end = datetime(2026, 11, 20, 23, 0, tzinfo=timezone.utc)
    names = [backup_name(end - timedelta(hours=h)) for h in range(0, 72, 6)]
    keep = to_keep(names, Retention(daily=2, weekly=0, monthly=0))
    assert keep == {backup_name(end), backup_name(end - timedelta(hours=24))}


def test_the_newest_backup_stays_whatever_the_counts_and_other_files_are_ignored():
    end = datetime(2026, 11, 20, 2, 0, tzinfo=timezone.utc)
    names = _nightly(5, end) + ["readme.txt", "bench-20200101-000000Z.db.failed"]
    assert to_keep(names, Retention(0, 0, 0)) == {backup_name(end)}
    assert to_keep([], Retention()) == set()
