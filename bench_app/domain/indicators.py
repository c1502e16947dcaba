"""Laboratory performance indicators (DOMAIN.md section 6): every figure keeps its fraction."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rate:
    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        return None if self.denominator == 0 else self.numerator / self.denominator

    def percent_text(self) -> str:
        v = self.value
        return "n/a" if v is None else f"{100 * v:.1f}% ({self.numerator}/{self.denominator})"


@dataclass(frozen=True)
class Benchmark:
    """A Vienna consensus (ESHRE/ALPHA 2017) threshold: 'competency' and 'benchmark' levels."""

    name: str
    higher_is_better: bool
    competency: float | None
    benchmark: float | None
    note: str = ""

    def verdict(self, rate: Rate) -> str:
        v = rate.value
        if v is None:
            return "no data"

        def meets(level: float) -> bool:
            return v >= level if self.higher_is_better else v <= level

        if self.benchmark is not None and meets(self.benchmark):
            return "meets benchmark"
        if self.competency is not None and meets(self.competency):
            return "meets competency"
        if self.competency is None and self.benchmark is None:
            return ""
        return "below competency"

    def levels_text(self) -> str:
        sign = "≥" if self.higher_is_better else "≤"
        parts = []
        if self.competency is not None:
            parts.append(f"competency {sign} {100 * self.competency:g}%")
        if self.benchmark is not None:
            parts.append(f"benchmark {sign} {100 * self.benchmark:g}%")
        return ", ".join(parts) or self.note


ICSI_DAMAGE = Benchmark("ICSI damage rate", False, 0.10, 0.05)
ICSI_NORMAL_FERTILIZATION = Benchmark("ICSI normal fertilization (2PN/MII injected)", True, 0.65, 0.80)
ICSI_1PN = Benchmark("ICSI 1PN rate", False, 0.03, None, "competency < 3%")
PROPORTION_MII = Benchmark("Proportion MII at ICSI", True, None, None, "expected 75-90%")
