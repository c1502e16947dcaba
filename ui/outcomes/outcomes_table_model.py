"""The indicator table: one row per figure (indicator x stratum), with the period before beside it.

Columns are data (``ColumnSpec``): the indicator, one column per breakdown chosen, n/N, rate,
95% interval, then the period before and the change when comparing, the levels and the verdict.
The rate is coloured against competency and benchmark; a small denominator is grey and says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from bench_app.domain.indicators import MEETS_BENCHMARK, MEETS_COMPETENCY, is_below
from bench_app.domain.outcomes_report import IndicatorValue, stratum_value_text
from bench_app.domain.quality_report import (
    change_text, fraction_text, interval_text, levels_text, rate_text, verdict_note_text,
)
from bench_app.i18n import _, _l, format_number
from ui.common.column_table_model import ALERT, GOOD, ColumnSpec, ColumnTableModel
from ui.qt import QColor, QObject

AMBER = QColor("#8a5a00")
MUTED = QColor("#80868b")
DIM_TITLES = {"procedure_type": _l("Procedure"), "diagnosis": _l("OA/NOA"), "etiology": _l("Etiology"),
              "karyotype": _l("Karyotype"), "azf": "AZF", "attempt": _l("Attempt"), "treatment": _l("Treatment"),
              "surgeon": _l("Surgeon"), "embryologist": _l("Embryologist"), "sperm_source": _l("Sperm source"),
              "population": _l("Population")}


@dataclass(frozen=True)
class OutcomeRow:
    value: IndicatorValue
    previous: IndicatorValue | None = None

    def stratum(self, dim: str) -> str:
        """The stratum's value as a stable key ('all' when the figure is not broken down by ``dim``)."""
        return dict(self.value.stratum).get(dim, "all")

    def stratum_text(self, dim: str) -> str:
        return stratum_value_text(dim, self.stratum(dim))


def rate_colour(v: IndicatorValue | None) -> QColor | None:
    if v is None or v.rate is None or v.small_denominator:
        return MUTED
    if v.verdict == MEETS_BENCHMARK:
        return GOOD
    if v.verdict == MEETS_COMPETENCY:
        return AMBER
    if is_below(v.verdict):
        return ALERT
    return None


def _sort_rate(v: IndicatorValue | None) -> float:
    return -1.0 if v is None or v.rate is None else v.rate


def columns(dims: tuple[str, ...], compare: bool, previous_label: str) -> list[ColumnSpec]:
    def indicator(r: OutcomeRow) -> str:
        population = dict(r.value.stratum).get("population")
        if population and "population" not in dims:
            return f"{r.value.title} — {stratum_value_text('population', population)}"
        return r.value.title

    out = [ColumnSpec(_("Indicator"), indicator)]
    out += [ColumnSpec(str(DIM_TITLES.get(d, d)), lambda r, d=d: r.stratum_text(d)) for d in dims]
    out += [ColumnSpec("n/N", lambda r: fraction_text(r.value), sort=lambda r: r.value.denominator),
            ColumnSpec(_("Rate"), lambda r: rate_text(r.value), colour=lambda r: rate_colour(r.value),
                       sort=lambda r: _sort_rate(r.value)),
            ColumnSpec(_("95% CI"), lambda r: interval_text(r.value))]
    if compare:
        out += [ColumnSpec(_("{before} n/N").format(before=previous_label),
                           lambda r: fraction_text(r.previous) if r.previous else "—",
                           sort=lambda r: r.previous.denominator if r.previous else -1),
                ColumnSpec(_("{before} rate").format(before=previous_label), lambda r: rate_text(r.previous),
                           colour=lambda r: rate_colour(r.previous), sort=lambda r: _sort_rate(r.previous)),
                ColumnSpec(_("Change"), lambda r: change_text(r.value, r.previous))]
    out += [ColumnSpec(_("Levels"), lambda r: levels_text(r.value)),
            ColumnSpec(_("Verdict"), lambda r: verdict_note_text(r.value), colour=lambda r: rate_colour(r.value))]
    return out


class OutcomesTableModel(ColumnTableModel):
    def __init__(self, dims: tuple[str, ...], compare: bool, previous_label: str, parent: QObject | None = None):
        self.dims = dims
        super().__init__(columns(dims, compare, previous_label), parent)

    def tooltip(self, row: OutcomeRow, column) -> str | None:
        v = row.value
        means = f"{v.numerator_text} / {v.denominator_text}" if v.numerator_text else v.denominator_text
        tip = f"{v.title}: {v.rate_text()}\n{means}"
        if v.small_denominator:
            tip += "\n" + _("Small denominator ({count}): the interval is wide; read it, not the rate alone.").format(
                count=format_number(v.denominator))
        return tip + "\n" + _("Double-click to list the records behind this figure.")
