"""What the Outcomes area reads in one go, off the GUI thread: the period, the period before and the trend."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date

from bench_app.domain.quality_report import previous_period, trend_window
from bench_app.services.outcomes_dto import OutcomesReport


@dataclass(frozen=True)
class ScreenFigures:
    """One read of the area: the period, the period before (when comparing) and the trend by quarter."""

    dims: tuple[str, ...]
    current: OutcomesReport
    previous: OutcomesReport | None
    trend: OutcomesReport


def read_figures(services, actor, start: date, end: date, dims: tuple[str, ...], compare: bool) -> ScreenFigures:
    outcomes = services.outcomes
    report = functools.partial(outcomes.report, actor, side_by_side=outcomes.beside_a_window())
    current = report(start=start, end=end, by=dims)
    previous = None
    if compare:
        p_start, p_end = previous_period(start, end)
        previous = report(start=p_start, end=p_end, by=dims)
    t_start, t_end = trend_window(start, end)
    trend = report(start=t_start, end=t_end, by=("quarter", *dims))
    return ScreenFigures(dims, current, previous, trend)
