"""Laboratory performance indicators (DOMAIN.md section 6): every figure keeps its fraction.

A verdict is a stable code (``MEETS_BENCHMARK``...: what exports write and screens key their colours
by); ``verdict_text`` is its words in the active language. A benchmark's ``name`` is a stable key too;
``title`` and ``formula`` are what a person reads.
"""

from __future__ import annotations

from dataclasses import dataclass

from bench_app.i18n import _, _l, format_number, format_percent

MEETS_BENCHMARK = "meets benchmark"
MEETS_COMPETENCY = "meets competency"
BELOW_COMPETENCY = "below competency"
BELOW_BENCHMARK = "below benchmark"
NO_DATA = "no data"
CHECK_PENDING = "check pending"
VERDICT_TEXT = {MEETS_BENCHMARK: _l("meets benchmark"), MEETS_COMPETENCY: _l("meets competency"),
                BELOW_COMPETENCY: _l("below competency"), BELOW_BENCHMARK: _l("below benchmark"),
                NO_DATA: _l("no data"), CHECK_PENDING: _l("check pending")}


def verdict_text(code: str) -> str:
    """The verdict ``code`` in the active language ('' stays '')."""
    return str(VERDICT_TEXT.get(code, code))


def is_below(code: str) -> bool:
    return code in (BELOW_COMPETENCY, BELOW_BENCHMARK)


def level_percent(value: float) -> str:
    """A consensus level as the locale writes a percentage: '65%', '%65', '65 %' (one decimal only if it has one)."""
    return format_percent(value, 0 if round(100 * value, 6) == round(100 * value) else 1)


def fraction(numerator: int, denominator: int) -> str:
    return f"{format_number(numerator)}/{format_number(denominator)}"


@dataclass(frozen=True)
class Rate:
    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        return None if self.denominator == 0 else self.numerator / self.denominator

    def percent_text(self) -> str:
        v = self.value
        if v is None:
            return _("n/a")
        return f"{format_percent(v)} ({fraction(self.numerator, self.denominator)})"


@dataclass(frozen=True)
class Benchmark:
    """A Vienna consensus (ESHRE/ALPHA 2017) threshold: 'competency' and 'benchmark' levels.

    ``name`` is the stable key (English); ``title`` and ``formula`` are shown, in the active language.
    """

    name: str
    higher_is_better: bool
    competency: float | None
    benchmark: float | None
    note: str = ""
    title: str = ""
    formula: str = ""

    def verdict(self, rate: Rate) -> str:
        """A verdict code (verdict_text gives its words)."""
        v = rate.value
        if v is None:
            return NO_DATA

        def meets(level: float) -> bool:
            return v >= level if self.higher_is_better else v <= level

        if self.benchmark is not None and meets(self.benchmark):
            return MEETS_BENCHMARK
        if self.competency is not None and meets(self.competency):
            return MEETS_COMPETENCY
        if self.competency is None and self.benchmark is None:
            return ""
        return BELOW_COMPETENCY

    def levels_text(self) -> str:
        sign = "≥" if self.higher_is_better else "≤"
        parts = []
        if self.competency is not None:
            parts.append(_("competency {sign} {level}").format(sign=sign, level=level_percent(self.competency)))
        if self.benchmark is not None:
            parts.append(_("benchmark {sign} {level}").format(sign=sign, level=level_percent(self.benchmark)))
        return ", ".join(parts) or str(self.note)


ICSI_DAMAGE = Benchmark("ICSI damage rate", False, 0.10, 0.05, title=_l("ICSI damage rate"))
ICSI_NORMAL_FERTILIZATION = Benchmark("ICSI normal fertilization (2PN/MII injected)", True, 0.65, 0.80,
                                      title=_l("ICSI normal fertilization"), formula=_l("2PN/MII injected"))
ICSI_1PN = Benchmark("ICSI 1PN rate", False, 0.03, None, _l("competency < 3%"), title=_l("ICSI 1PN rate"))
PROPORTION_MII = Benchmark("Proportion MII at ICSI", True, None, None, _l("expected 75-90%"),
                           title=_l("Proportion MII at ICSI"))
