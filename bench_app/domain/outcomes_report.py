"""The lab's success rates as plain data: each figure per stratum, and the records behind it.

What the CLI's exports, and later the Outcomes area, its charts and the quality-report PDF, read:
each figure keeps its numerator, denominator, interval, stratum and references.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bench_app.domain.indicators import fraction, verdict_text
from bench_app.i18n import _, _l, format_number, format_percent

# The fixed words a stratum's value can be (outcomes_queries writes them; they stay stable keys in
# exports and filters), as a person reads them. A value not here (a surgeon's name, 'micro-TESE',
# '46,XY', a period '2026-Q2') is shown as it is, or by its enum's label.
STRATUM_WORDS = {
    "all": _l("all"), "none (ejaculate)": _l("none (ejaculate)"), "no diagnosis": _l("no diagnosis"),
    "not_tested": _l("not tested"), "none": _l("none"), "unknown": _l("unknown"), "n/a": _l("n/a"),
    "surgical sperm": _l("surgical sperm"), "Vienna reference (ejaculate, woman <= 39)":
        _l("Vienna reference (ejaculate, woman <= 39)"),
    "ejaculate, woman 40 or older": _l("ejaculate, woman 40 or older"), "ejaculate": _l("ejaculate"),
    "n/a (no retrieval)": _l("n/a (no retrieval)"), "first": _l("first attempt"),
    "repeat after sperm found": _l("repeat after sperm found"), "repeat after no sperm": _l("repeat after no sperm"),
    "ejaculate fresh": _l("fresh ejaculate"), "epididymal fresh": _l("fresh epididymal"),
    "testicular fresh": _l("fresh testicular"), "ejaculate frozen": _l("frozen ejaculate"),
    "epididymal frozen": _l("frozen epididymal"), "testicular frozen": _l("frozen testicular"),
    "before": _l("before"),
}


def _enum_label(dim: str, value: str) -> str | None:
    """The label of the enum a dimension's values come from (its words; procedure types are the lab's
    own abbreviations and show as they are)."""
    from bench_app.domain import enums, outcomes

    kind = {"diagnosis": enums.AzoospermiaType, "etiology": enums.Etiology,
            "treatment": outcomes.TreatmentKind}.get(dim)
    if kind is None:
        return None
    try:
        member = kind(value)
    except ValueError:
        return None
    if dim == "treatment":
        return str(outcomes.TREATMENT_WORDS[member])
    return str(member.label)


def stratum_value_text(dim: str, value: str) -> str:
    """A stratum's value as a person reads it, in the active language."""
    words = STRATUM_WORDS.get(value)
    if words is not None:
        return str(words)
    return _enum_label(dim, value) or value


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
        """The stratum as stable keys ('procedure_type=micro-TESE'), for exports and logs."""
        return ", ".join(f"{k}={v}" for k, v in self.stratum) or "all"

    @property
    def verdict_text(self) -> str:
        return verdict_text(self.verdict)

    def group_text(self) -> str:
        """The stratum as a person reads it: 'micro-TESE, NOA' ('all' for the whole period)."""
        return ", ".join(stratum_value_text(k, v) for k, v in self.stratum) or _("all")

    def rate_text(self) -> str:
        if self.rate is None:
            return _("no data")
        if self.kind == "median":
            return _("median {minutes} min (IQR {low}-{high}), n={count}").format(
                minutes=format_number(self.rate, 0), low=format_number(self.low, 0), high=format_number(self.high, 0),
                count=format_number(self.denominator))
        interval = "" if self.low is None else " " + _("(95% CI {low}-{high})").format(
            low=format_percent(self.low), high=format_percent(self.high))
        if self.kind == "ratio":
            return _("{rate}{interval}: {after} motile after thaw, {before} before freezing").format(
                rate=format_percent(self.rate), interval=interval, after=fraction(self.numerator, self.denominator),
                before=fraction(self.baseline_numerator, self.baseline_denominator))
        return f"{format_percent(self.rate)} ({fraction(self.numerator, self.denominator)}){interval}"


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
