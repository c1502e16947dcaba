"""The indicator table: one row per figure (indicator x stratum), with the period before beside it.

Columns are data (``ColumnSpec``): the indicator, one column per breakdown chosen, n/N, rate,
95% interval, then the period before and the change when comparing, the levels and the verdict.
The rate is coloured against competency and benchmark; a small denominator is grey and says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from bench_app.domain.outcomes_report import IndicatorValue
from bench_app.domain.quality_report import (
    change_text, fraction_text, interval_text, levels_text, note_text, rate_text,
)
from ui.common.column_table_model import ALERT, GOOD, ColumnSpec, ColumnTableModel
from ui.qt import QColor, QObject

AMBER = QColor("#8a5a00")
MUTED = QColor("#80868b")
DIM_TITLES = {"procedure_type": "Procedure", "diagnosis": "OA/NOA", "etiology": "Etiology", "karyotype": "Karyotype",
              "azf": "AZF", "attempt": "Attempt", "treatment": "Treatment", "surgeon": "Surgeon",
              "embryologist": "Embryologist", "sperm_source": "Sperm source", "population": "Population"}


@dataclass(frozen=True)
class OutcomeRow:
    value: IndicatorValue
    previous: IndicatorValue | None = None

    def stratum(self, dim: str) -> str:
        return dict(self.value.stratum).get(dim, "all")


def rate_colour(v: IndicatorValue | None) -> QColor | None:
    if v is None or v.rate is None or v.small_denominator:
        return MUTED
    if v.verdict == "meets benchmark":
        return GOOD
    if v.verdict == "meets competency":
        return AMBER
    if v.verdict.startswith("below"):
        return ALERT
    return None


def _sort_rate(v: IndicatorValue | None) -> float:
    return -1.0 if v is None or v.rate is None else v.rate


def columns(dims: tuple[str, ...], compare: bool, previous_label: str) -> list[ColumnSpec]:
    def indicator(r: OutcomeRow) -> str:
        population = dict(r.value.stratum).get("population")
        return f"{r.value.title} — {population}" if population and "population" not in dims else r.value.title

    out = [ColumnSpec("Indicator", indicator)]
    out += [ColumnSpec(DIM_TITLES.get(d, d), lambda r, d=d: r.stratum(d)) for d in dims]
    out += [ColumnSpec("n/N", lambda r: fraction_text(r.value), sort=lambda r: r.value.denominator),
            ColumnSpec("Rate", lambda r: rate_text(r.value), colour=lambda r: rate_colour(r.value),
                       sort=lambda r: _sort_rate(r.value)),
            ColumnSpec("95% CI", lambda r: interval_text(r.value))]
    if compare:
        out += [ColumnSpec(f"{previous_label} n/N", lambda r: fraction_text(r.previous) if r.previous else "—",
                           sort=lambda r: r.previous.denominator if r.previous else -1),
                ColumnSpec(f"{previous_label} rate", lambda r: rate_text(r.previous),
                           colour=lambda r: rate_colour(r.previous), sort=lambda r: _sort_rate(r.previous)),
                ColumnSpec("Change", lambda r: change_text(r.value, r.previous))]
    out += [ColumnSpec("Levels", lambda r: levels_text(r.value)),
            ColumnSpec("Verdict", lambda r: "; ".join(t for t in (r.value.verdict, note_text(r.value)) if t),
                       colour=lambda r: rate_colour(r.value))]
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
            tip += f"\nSmall denominator ({v.denominator}): the interval is wide; read it, not the rate alone."
        return tip + "\nDouble-click to list the records behind this figure."
