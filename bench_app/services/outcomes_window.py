"""The period of an outcomes report in SQL: its window and periods, and what differs between the dialects.

Periods are CASE expressions over local-time boundaries computed here, not date functions of one
dialect, bound at execution (``window_params``) so that a statement built once serves every window of
its shape. What is compiled per dialect: "40 years before" (the woman's age for the Vienna reference
population), the minutes between two times, and how the window's condition is written: for SQLite so
that its planner reads a long period's table in order, for PostgreSQL with the bounds' values in the
statement so that its planner weighs them against its statistics.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import Float, String, and_, bindparam, case, literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, FunctionElement

from bench_app.persistence.base import UTCDateTime

PERIOD_DIMENSIONS = ("month", "quarter", "year")


class years_before(FunctionElement):
    """``moment`` minus ``years`` whole years, in the dialect's own date arithmetic."""

    type = UTCDateTime()
    inherit_cache = True


@compiles(years_before)
def _years_before_default(element, compiler, **kw):  # PostgreSQL and others with intervals
    moment, years = list(element.clauses)
    return f"({compiler.process(moment, **kw)} - make_interval(years => {compiler.process(years, **kw)}))"


@compiles(years_before, "sqlite")
def _years_before_sqlite(element, compiler, **kw):
    moment, years = list(element.clauses)
    return f"datetime({compiler.process(moment, **kw)}, '-' || {compiler.process(years, **kw)} || ' years')"


class minutes_between(FunctionElement):
    """Minutes from ``start`` to ``end`` (a float), in the dialect's own date arithmetic."""

    type = Float()
    inherit_cache = True


@compiles(minutes_between)
def _minutes_between_default(element, compiler, **kw):  # PostgreSQL
    start, end = (compiler.process(c, **kw) for c in element.clauses)
    # EXTRACT gives a numeric, which the driver reads as a Decimal: a double is read ten times faster, and the
    # server rounds the numeric to the nearest double as Python's float() does
    return f"CAST(EXTRACT(EPOCH FROM ({end} - {start})) / 60.0 AS DOUBLE PRECISION)"


@compiles(minutes_between, "sqlite")
def _minutes_between_sqlite(element, compiler, **kw):
    start, end = (compiler.process(c, **kw) for c in element.clauses)
    return f"((julianday({end}) - julianday({start})) * 1440.0)"


# --- periods ---------------------------------------------------------------------------------

def utc_start(day: date) -> datetime:
    """The start of a local day, in UTC (times are stored in UTC and days are the lab's)."""
    return datetime.combine(day, time.min).astimezone(timezone.utc)


@dataclass(frozen=True)
class Window:
    start: date  # first local day
    end: date  # last local day, inclusive

    @property
    def utc_start(self) -> datetime:
        return utc_start(self.start)

    @property
    def utc_end(self) -> datetime:
        return utc_start(self.end + timedelta(days=1))


def period_starts(window: Window, kind: str) -> list[tuple[date, str]]:
    """The first day and label of each month, quarter or year overlapping the window."""
    out = []
    d = date(window.start.year, 1 if kind == "year" else
             (window.start.month if kind == "month" else 3 * ((window.start.month - 1) // 3) + 1), 1)
    step = {"month": 1, "quarter": 3, "year": 12}[kind]
    while d <= window.end:
        label = {"month": f"{d.year}-{d.month:02d}", "quarter": f"{d.year}-Q{(d.month - 1) // 3 + 1}",
                 "year": f"{d.year}"}[kind]
        out.append((d, label))
        month = d.month - 1 + step
        d = date(d.year + month // 12, month % 12 + 1, 1)
    return out


def period_expression(column, window: Window, kind: str) -> ColumnElement:
    """The period's label of ``column``: a CASE over the window's period starts, given as bound values
    (``window_params``), so a statement built once serves every window with as many periods."""
    whens = [(column >= bindparam(f"{kind}_start_{i}", type_=UTCDateTime()),
              bindparam(f"{kind}_label_{i}", type_=String())) for i in range(len(period_starts(window, kind)))]
    return case(*whens, else_=literal("before"))


def window_params(window: Window, by: tuple[str, ...] = PERIOD_DIMENSIONS) -> dict[str, Any]:
    """The bound values of a statement built for ``window``: its bounds and its periods' starts and labels."""
    params: dict[str, Any] = {"window_start": window.utc_start, "window_end": window.utc_end}
    for kind in PERIOD_DIMENSIONS:
        if kind in by:
            for i, (d, label) in enumerate(reversed(period_starts(window, kind))):
                params[f"{kind}_start_{i}"] = utc_start(max(d, window.start))
                params[f"{kind}_label_{i}"] = label
    return params


def statement_key(window: Window, by: tuple[str, ...]) -> tuple:
    """What a statement built for ``window`` depends on besides its bound values."""
    return (window_scans(window), window_many_opus(window), by,
            tuple(len(period_starts(window, d)) for d in by if d in PERIOD_DIMENSIONS))


# Beyond this many days reading the table in order is cheaper than following the time index to each
# row: the summaries are short rows, and a row found through the index costs about as much as reading
# ten in order. Measured on twenty years of records: one year 253 ms of CPU through the indexes, 127 ms
# read in order; one month 25 ms through them, 50 ms in order.
SCAN_DAYS = 100


def window_scans(window: Window) -> bool:
    return (window.end - window.start).days > SCAN_DAYS


# Beyond this many days an OPU's first ICSI dish is found for all OPUs at once (an anti join over every dish)
# rather than OPU by OPU. Measured on PostgreSQL, twenty years of records, OPUs of one year: 80 ms of server
# CPU at once, 63 OPU by OPU; three years 100 and 121; five 145 and 179; twenty 305 and 475.
MANY_OPUS_DAYS = 2 * 365


def window_many_opus(window: Window) -> bool:
    return (window.end - window.start).days > MANY_OPUS_DAYS


class in_order(FunctionElement):
    """``column``, written on SQLite so that its planner reads the table in order rather than through
    the column's index (COALESCE of the column with itself: the same rows). PostgreSQL is given the
    column as it is: it weighs the index against reading in order from its statistics and the
    window's bounds, and the COALESCE only hid the column's statistics from it (it then expected
    a two-hundredth of the rows and chose a nested loop over every joined table)."""

    type = UTCDateTime()  # the window's columns are all times
    inherit_cache = True


@compiles(in_order)
def _in_order_default(element, compiler, **kw):
    return compiler.process(list(element.clauses)[0], **kw)


@compiles(in_order, "sqlite")
def _in_order_sqlite(element, compiler, **kw):
    column = compiler.process(list(element.clauses)[0], **kw)
    return f"coalesce({column}, {column})"


class window_bound(FunctionElement):
    """A bound of the window (``window_params``), bound at execution. PostgreSQL is given its value in
    the statement's text: it plans a prepared statement's parameters once for all values after a few
    runs, guessing a two-hundredth of the rows for each inequality, and so chose nested loops over
    every joined table for twenty years of records; with the value it reads its statistics."""

    type = UTCDateTime()
    inherit_cache = True

    def __init__(self, name: str):
        super().__init__(bindparam(name, type_=UTCDateTime()))


@compiles(window_bound)
def _window_bound_default(element, compiler, **kw):  # PostgreSQL
    param = list(element.clauses)[0]
    return compiler.process(bindparam(param.key, type_=param.type, literal_execute=True), **kw)


@compiles(window_bound, "sqlite")
def _window_bound_sqlite(element, compiler, **kw):
    return compiler.process(list(element.clauses)[0], **kw)


def in_window(column, window: Window):
    """The period's condition (bounds given at execution, ``window_params``). For a long period it is written
    so that SQLite reads the table in order rather than through an index of ``column`` (``in_order``)."""
    if window_scans(window):
        column = in_order(column)
    return and_(column >= window_bound("window_start"), column < window_bound("window_end"))
