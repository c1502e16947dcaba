"""The lab's quality review of a period: which period came before it, which quarters a trend shows,
and the plain data the quality-report PDF and the Outcomes area read.

A period of whole calendar months (a month, a quarter, a year, or any run of months) is compared with
the same number of months just before it, so 2026 is held against 2025 and 2026-Q2 against 2026-Q1;
any other range with the same number of days just before it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from bench_app.domain.indicators import fraction, level_percent, verdict_text
from bench_app.domain.outcomes_report import IndicatorValue, OutcomesReport, stratum_value_text
from bench_app.i18n import _, format_date, format_number, format_percent

# The trend of a short period is read over this many quarters ending with the period's last quarter.
TREND_QUARTERS = 8


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    """The first day of the month ``months`` after the month of ``day``."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_end(day: date) -> date:
    return add_months(day, 1) - timedelta(days=1)


def whole_months(start: date, end: date) -> int | None:
    """How many calendar months [start, end] spans, or None when it does not start and end on month edges."""
    if start.day != 1 or end != month_end(end):
        return None
    return (end.year - start.year) * 12 + end.month - start.month + 1


def previous_period(start: date, end: date) -> tuple[date, date]:
    months = whole_months(start, end)
    if months is not None:
        first = add_months(start, -months)
        return first, start - timedelta(days=1)
    days = (end - start).days + 1
    return start - timedelta(days=days), start - timedelta(days=1)


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_labels(start: date, end: date) -> list[str]:
    """'2025-Q1', '2025-Q2', ... for every quarter overlapping [start, end], as the period strata name them."""
    out, d = [], quarter_start(start)
    while d <= end:
        out.append(f"{d.year}-Q{(d.month - 1) // 3 + 1}")
        d = add_months(d, 3)
    return out


def trend_window(start: date, end: date, quarters: int = TREND_QUARTERS) -> tuple[date, date]:
    """The quarters a trend chart shows: at least ``quarters`` of them, ending with the period's last."""
    earliest = add_months(quarter_start(end), -3 * (quarters - 1))
    return min(quarter_start(start), earliest), end


def period_label(start: date, end: date) -> str:
    """'2026', '2026-Q2', 'March 2026', or '2026-01-05 to 2026-02-20'."""
    months = whole_months(start, end)
    if months == 12 and start.month == 1:
        return f"{start.year}"
    if months == 3 and start.month in (1, 4, 7, 10):
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    if months == 1:
        return format_date(start, "LLLL y")
    return _("{start} to {end}").format(start=start.isoformat(), end=end.isoformat())


def stratum_key(v: IndicatorValue) -> tuple[str, tuple[tuple[str, str], ...]]:
    """What identifies a figure across two periods: its indicator and its stratum (period strata left out)."""
    return v.indicator, tuple((k, val) for k, val in v.stratum if k not in ("month", "quarter", "year"))


@dataclass(frozen=True)
class QualityReportData:
    """Everything the quality report prints: the figures of the period, of the period before, a trend by
    quarter, and the figures per procedure type, surgeon and embryologist (and the breakdown asked for)."""

    lab_name: str
    start: date
    end: date
    generated_by: str
    generated_at: datetime
    overall: OutcomesReport
    previous: OutcomesReport | None
    trend: OutcomesReport
    per_procedure: OutcomesReport
    per_surgeon: OutcomesReport
    per_embryologist: OutcomesReport
    breakdown: OutcomesReport | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def title(self) -> str:
        return _("Quality report {period}").format(period=period_label(self.start, self.end))

    @property
    def filename(self) -> str:
        return f"quality-report-{self.start.isoformat()}-to-{self.end.isoformat()}.pdf"

    def previous_of(self, v: IndicatorValue) -> IndicatorValue | None:
        if self.previous is None:
            return None
        wanted = stratum_key(v)
        return next((p for p in self.previous.values if stratum_key(p) == wanted), None)


# --- how a figure reads, on screen and on paper ------------------------------------------------

def fraction_text(v: IndicatorValue) -> str:
    """The figure's counts: 'n/N'; a median says how many it is of; cryosurvival both motilities."""
    if v.kind == "median":
        return f"n={format_number(v.denominator)}"
    if v.kind == "ratio":
        return _("{after} vs {before}").format(after=fraction(v.numerator, v.denominator),
                                               before=fraction(v.baseline_numerator, v.baseline_denominator))
    return fraction(v.numerator, v.denominator)


def rate_text(v: IndicatorValue | None) -> str:
    if v is None or v.rate is None:
        return "—"
    if v.kind == "median":
        return _("{minutes} min").format(minutes=format_number(v.rate, 0))
    return format_percent(v.rate)


def interval_text(v: IndicatorValue) -> str:
    if v.rate is None or v.low is None or v.high is None:
        return ""
    if v.kind == "median":
        return _("IQR {low}–{high} min").format(low=format_number(v.low, 0), high=format_number(v.high, 0))
    return f"{format_percent(v.low)}–{format_percent(v.high)}"


def change_text(v: IndicatorValue, before: IndicatorValue | None) -> str:
    """The change against the period before, in percentage points (minutes for a median)."""
    if before is None or v.rate is None or before.rate is None:
        return ""
    if v.kind == "median":
        change = round(v.rate - before.rate)
        return _("{change} min").format(change=("+" if change >= 0 else "−") + format_number(abs(change)))
    change = 100 * (v.rate - before.rate)
    return _("{change} pts").format(change=("+" if change >= 0 else "−") + format_number(abs(change), 1))


def levels_text(v: IndicatorValue) -> str:
    """The consensus levels a figure is read against: '≥ 65% competency, ≥ 80% benchmark'."""
    out = []
    for r in v.references:
        if r.kind == "expected range" and r.low is not None and r.high is not None:
            out.append(_("{low}–{high} expected").format(low=level_percent(r.low), high=level_percent(r.high)))
        elif r.kind in ("competency", "benchmark") and r.low is not None:
            sign = "≥" if _higher_is_better(v.indicator) else "≤"
            text = _("{sign} {level} competency") if r.kind == "competency" else _("{sign} {level} benchmark")
            out.append(text.format(sign=sign, level=level_percent(r.low)))
    return ", ".join(out)


def _higher_is_better(indicator: str) -> bool:
    from bench_app.domain.outcomes import INDICATOR_BY_KEY

    d = INDICATOR_BY_KEY.get(indicator)
    return bool(d is None or d.higher_is_better is not False)


def level_values(v: IndicatorValue) -> list[tuple[str, float, str]]:
    """(label, value, kind) of the competency and benchmark levels, for a chart's lines."""
    return [(level_name(r.kind), r.low, r.kind) for r in v.references
            if r.kind in ("competency", "benchmark") and r.low is not None]


def level_name(kind: str) -> str:
    return {"competency": _("competency"), "benchmark": _("benchmark")}.get(kind, kind)


def note_text(v: IndicatorValue) -> str:
    if v.rate is None:
        return _("no data")
    if v.small_denominator:
        return _("small denominator")
    return ""


def verdict_note_text(v: IndicatorValue) -> str:
    """The verdict and the note on the figure, in words: 'below competency; small denominator'."""
    return "; ".join(t for t in (verdict_text(v.verdict), note_text(v)) if t)


def stratum_values(v: IndicatorValue, dims: tuple[str, ...]) -> tuple[str, ...]:
    values = dict(v.stratum)
    return tuple(stratum_value_text(d, values.get(d, "all")) for d in dims)


# --- what a chart shows: the same for the screen (QtCharts) and the paper (reportlab) -----------

@dataclass(frozen=True)
class ChartPoint:
    category: str
    rate: float | None
    low: float | None
    high: float | None
    small: bool = False
    label: str = ""   # "13/23", beside the point


@dataclass(frozen=True)
class ChartSeries:
    name: str
    points: tuple[ChartPoint, ...]


@dataclass(frozen=True)
class ChartLevel:
    label: str
    value: float
    kind: str  # competency, benchmark


@dataclass(frozen=True)
class ChartData:
    title: str
    categories: tuple[str, ...]
    series: tuple[ChartSeries, ...]
    levels: tuple[ChartLevel, ...]
    percent: bool = True
    joined: bool = False

    @property
    def empty(self) -> bool:
        return not any(p.rate is not None for s in self.series for p in s.points)


MAX_SERIES = 4


def chart_point(category: str, v: IndicatorValue) -> ChartPoint:
    label = fraction(v.numerator, v.denominator) if v.kind == "proportion" and v.rate is not None else ""
    return ChartPoint(category, v.rate, v.low, v.high, v.small_denominator, label)


def chart_levels(values) -> tuple[ChartLevel, ...]:
    for v in values:
        found = level_values(v)
        if found:
            return tuple(ChartLevel(label, value, kind) for label, value, kind in found)
    return ()


def _series(groups: dict[str, list[tuple[str, IndicatorValue]]]) -> tuple[ChartSeries, ...]:
    """At most MAX_SERIES, those with the largest denominators first kept, then named in order."""
    ranked = sorted(groups.items(), key=lambda kv: -sum(v.denominator for _, v in kv[1]))[:MAX_SERIES]
    return tuple(ChartSeries(name, tuple(chart_point(c, v) for c, v in items)) for name, items in sorted(ranked))


def trend_chart_data(trend: OutcomesReport, indicator: str, dims: tuple[str, ...] = (),
                     only: dict[str, str] | None = None) -> ChartData:
    """One point per quarter of ``trend`` (a report by quarter and ``dims``): a series per stratum of the
    dims not fixed by ``only`` (e.g. one per surgeon when procedure type and diagnosis are chosen)."""
    only = only or {}
    wanted = {"quarter", *dims}
    groups: dict[str, list[tuple[str, IndicatorValue]]] = {}
    title = str(indicator)
    for v in trend.values:
        if v.indicator != indicator:
            continue
        title = v.title
        s = dict(v.stratum)
        if set(s) != wanted or any(s.get(k) != val for k, val in only.items()) or s["quarter"] == "before":
            continue
        name = ", ".join(stratum_value_text(d, s[d]) for d in dims if d not in only) or _("all")
        groups.setdefault(name, []).append((s["quarter"], v))
    values = [v for items in groups.values() for _, v in items]
    kind = next((v.kind for v in values), "proportion")
    return ChartData(_("{indicator} per quarter").format(indicator=title), tuple(quarter_labels(trend.start, trend.end)), _series(groups),
                     chart_levels(values), percent=kind != "median", joined=True)


def comparison_chart_data(values, category_dims: tuple[str, ...], series_dim: str | None = None,
                          title: str = "") -> ChartData:
    """One point per stratum (category: the values of ``category_dims``), a series per ``series_dim``."""
    values = [v for v in values if v.rate is not None]

    def category(v: IndicatorValue) -> str:
        s = dict(v.stratum)
        return " · ".join(stratum_value_text(d, s.get(d, "all")) for d in category_dims) or _("all")

    groups: dict[str, list[tuple[str, IndicatorValue]]] = {}
    for v in values:
        name = stratum_value_text(series_dim, dict(v.stratum).get(series_dim, "all")) if series_dim else _("all")
        groups.setdefault(name, []).append((category(v), v))
    series = _series(groups)
    shown = {p.category for s in series for p in s.points}
    categories = tuple(sorted(shown))
    kind = next((v.kind for v in values), "proportion")
    return ChartData(title or next((v.title for v in values), ""), categories, series, chart_levels(values),
                     percent=kind != "median")
