"""The lab's success rates as plain data: each figure per stratum, and the records behind it.

What the CLI's exports, and later the Outcomes area, its charts and the quality-report PDF, read:
each figure keeps its numerator, denominator, interval, stratum and references.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class ReferenceLine:
    label: str
    low: float | None
    high: float | None
    source: str
    kind: str


@dataclass(frozen=True)
class IndicatorValue:
    """One figure of one stratum. ``rate`` is None when the denominator is 0.

    For a proportion, rate = numerator / denominator with its 95% Wilson interval. For
    cryosurvival (a ratio of two proportions), numerator/denominator are the post-thaw motile
    and counted sperm, baseline_* the pre-freeze ones, with a Katz log interval. For time to
    first sperm, ``denominator`` is the number of timed procedures, ``rate`` the median minutes
    and low/high the quartiles.
    """

    indicator: str
    title: str
    kind: str
    stratum: tuple[tuple[str, str], ...]
    numerator: int | None
    denominator: int
    rate: float | None
    low: float | None
    high: float | None
    baseline_numerator: int | None = None
    baseline_denominator: int | None = None
    small_denominator: bool = False
    verdict: str = ""
    references: tuple[ReferenceLine, ...] = ()
    numerator_text: str = ""
    denominator_text: str = ""

    @property
    def stratum_text(self) -> str:
        return ", ".join(f"{k}={v}" for k, v in self.stratum) or "all"

    def rate_text(self) -> str:
        if self.rate is None:
            return "no data"
        if self.kind == "median":
            return f"median {self.rate:.0f} min (IQR {self.low:.0f}-{self.high:.0f}), n={self.denominator}"
        interval = "" if self.low is None else f" (95% CI {100 * self.low:.1f}-{100 * self.high:.1f}%)"
        if self.kind == "ratio":
            return (f"{100 * self.rate:.1f}%{interval}: {self.numerator}/{self.denominator} motile after thaw, "
                    f"{self.baseline_numerator}/{self.baseline_denominator} before freezing")
        return f"{100 * self.rate:.1f}% ({self.numerator}/{self.denominator}){interval}"


@dataclass(frozen=True)
class RecordRef:
    """One record behind a figure: which kind, its id, and its code or a readable name."""

    kind: str  # procedure, sample, thaw_event, oocyte, opu, cycle
    id: int
    code: str


@dataclass(frozen=True)
class IndicatorRecords:
    indicator: str
    stratum: tuple[tuple[str, str], ...]
    numerator: tuple[RecordRef, ...]
    denominator: tuple[RecordRef, ...]


@dataclass(frozen=True)
class OutcomesReport:
    start: date
    end: date
    by: tuple[str, ...]
    values: tuple[IndicatorValue, ...]
    records: tuple[IndicatorRecords, ...] = field(default=())
