"""Outcomes: the man's work-up, treatment before retrieval, cycle outcomes, and the formulas of
the lab's success rates (DOMAIN.md section 6), on plain values (no database).

Every field of the work-up can be "not tested" or "unknown", kept apart from a normal result:
a stratum of "46,XY" men must not silently hold the men never karyotyped.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from bench_app.domain.enums import StrEnum
from bench_app.domain.indicators import (
    BELOW_BENCHMARK, BELOW_COMPETENCY, MEETS_BENCHMARK, MEETS_COMPETENCY, level_percent,
)
from bench_app.i18n import _, _l


class Karyotype(StrEnum):
    NOT_TESTED = "not_tested"
    XY = "46,XY"
    XXY = "47,XXY"
    MOSAIC = "46,XY/47,XXY"
    OTHER = "other"


class YMicrodeletion(StrEnum):
    NOT_TESTED = "not_tested"
    NONE = "none"
    AZFA = "AZFa"
    AZFB = "AZFb"
    AZFBC = "AZFb+c"
    AZFABC = "AZFa+b+c"
    AZFC = "AZFc"


class Histology(StrEnum):
    NOT_TESTED = "not_tested"
    NORMAL = "normal"
    HYPOSPERMATOGENESIS = "hypospermatogenesis"
    MATURATION_ARREST = "maturation_arrest"
    SERTOLI_CELL_ONLY = "sertoli_cell_only"
    MIXED = "mixed"


class HistoryAnswer(StrEnum):
    UNKNOWN = "unknown"
    YES = "yes"
    NO = "no"


class TreatmentKind(StrEnum):
    AROMATASE_INHIBITOR = "aromatase_inhibitor"
    HCG_FSH = "hCG/FSH"
    CLOMIPHENE = "clomiphene"
    VARICOCELE_REPAIR = "varicocele_repair"
    EXOSOME_THERAPY = "intratesticular_exosome_therapy"
    OTHER = "other"


TREATMENT_WORDS = {TreatmentKind.AROMATASE_INHIBITOR: _l("Aromatase inhibitor"), TreatmentKind.HCG_FSH: _l("hCG / FSH"),
                   TreatmentKind.CLOMIPHENE: _l("Clomiphene"), TreatmentKind.VARICOCELE_REPAIR: _l("Varicocele repair"),
                   TreatmentKind.EXOSOME_THERAPY: _l("Intratesticular exosome therapy (experimental)"),
                   TreatmentKind.OTHER: _l("Other")}


class PregnancyTest(StrEnum):
    NOT_DONE = "not_done"
    POSITIVE = "positive"
    NEGATIVE = "negative"


class Answer(StrEnum):
    """A cycle outcome step: not recorded yet, or yes / no."""

    UNKNOWN = "unknown"
    YES = "yes"
    NO = "no"


HISTORY_FIELDS = ("cryptorchidism", "chemo_radiation", "steroid_use", "varicocele")
# name: (low, high, unit) for the measured values of the work-up.
WORKUP_RANGES = {
    "fsh_iu_l": (0.0, 200.0, "IU/L"),
    "lh_iu_l": (0.0, 200.0, "IU/L"),
    "testosterone_nmol_l": (0.0, 100.0, "nmol/L"),
    "estradiol_pmol_l": (0.0, 5000.0, "pmol/L"),
    "volume_left_ml": (0.0, 60.0, "mL"),
    "volume_right_ml": (0.0, 60.0, "mL"),
}
WORKUP_LABELS = {
    "fsh_iu_l": "FSH", "lh_iu_l": "LH", "testosterone_nmol_l": _l("Testosterone"),
    "estradiol_pmol_l": _l("Estradiol"), "volume_left_ml": _l("Left testis volume"),
    "volume_right_ml": _l("Right testis volume"),
}
# Conventional units of the T/E2 ratio (testosterone ng/dL over estradiol pg/mL; below 10 is low).
NG_DL_PER_NMOL_L_TESTOSTERONE = 28.842
PG_ML_PER_PMOL_L_ESTRADIOL = 1 / 3.671


def te2_ratio(testosterone_nmol_l: float | None, estradiol_pmol_l: float | None) -> float | None:
    """T/E2 in conventional units (ng/dL : pg/mL), as the clinical threshold of 10 is stated."""
    if testosterone_nmol_l is None or not estradiol_pmol_l:
        return None
    return (testosterone_nmol_l * NG_DL_PER_NMOL_L_TESTOSTERONE) / (estradiol_pmol_l * PG_ML_PER_PMOL_L_ESTRADIOL)


def workup_errors(values: dict, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    for name, (low, high, unit) in WORKUP_RANGES.items():
        v = values.get(name)
        if v is None:
            continue
        if isinstance(v, bool) or not isinstance(v, (int, float)) or math.isnan(v):
            errors[name] = _("{what} is a number in {unit}, or empty if not tested.").format(what=WORKUP_LABELS[name], unit=unit)
        elif not low <= v <= high:
            errors[name] = _("{what} must be between {low:g} and {high:g} {unit}.").format(
                what=WORKUP_LABELS[name], low=low, high=high, unit=unit)
    for name, enum_type in (("karyotype", Karyotype), ("y_microdeletion", YMicrodeletion),
                            ("histology", Histology)):
        try:
            enum_type(values.get(name, enum_type("not_tested")))
        except ValueError:
            errors[name] = _("Choose a value from the list (or 'not tested').")
    for name in HISTORY_FIELDS:
        try:
            HistoryAnswer(values.get(name, HistoryAnswer.UNKNOWN))
        except ValueError:
            errors[name] = _("Answer yes, no or unknown.")
    hormones = any(values.get(n) is not None for n in ("fsh_iu_l", "lh_iu_l", "testosterone_nmol_l",
                                                       "estradiol_pmol_l"))
    if hormones and values.get("hormones_on") is None:
        errors["hormones_on"] = _("Give the date of the blood test.")
    volumes = values.get("volume_left_ml") is not None or values.get("volume_right_ml") is not None
    if volumes and values.get("volumes_on") is None:
        errors["volumes_on"] = _("Give the date the volumes were measured.")
    if values.get("histology", "not_tested") not in ("not_tested", None) and values.get("histology_on") is None:
        errors["histology_on"] = _("Give the date of the biopsy the histology comes from.")
    for name in ("hormones_on", "volumes_on", "histology_on"):
        d = values.get(name)
        if d is not None and d > today:
            errors[name] = _("The date cannot be in the future.")
    return errors


def treatment_errors(kind: str, started_on: date | None, ended_on: date | None, detail: str,
                     today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    try:
        k = TreatmentKind(kind)
    except ValueError:
        errors["treatment"] = _("Choose a treatment from the list.")
        k = None
    if started_on is None:
        errors["started_on"] = _("The start date is required.")
    elif started_on > today:
        errors["started_on"] = _("The start date cannot be in the future.")
    if ended_on is not None and started_on is not None and ended_on < started_on:
        errors["ended_on"] = _("The end date cannot be before the start.")
    if ended_on is not None and ended_on > today:
        errors["ended_on"] = _("The end date cannot be in the future.")
    if k == TreatmentKind.OTHER and not (detail or "").strip():
        errors["detail"] = _("Say what the other treatment was.")
    return errors


@dataclass(frozen=True)
class OutcomeValues:
    transfer: Answer
    transfer_on: date | None
    pregnancy_test: PregnancyTest
    pregnancy_test_on: date | None
    clinical_pregnancy: Answer
    clinical_pregnancy_on: date | None
    live_birth: Answer
    live_birth_on: date | None


def outcome_errors(v: OutcomeValues, cycle_start: date, today: date) -> dict[str, str]:
    """Each step needs the one before it, and its date; dates in order, none in the future."""
    errors: dict[str, str] = {}
    steps = (("transfer", v.transfer == Answer.YES, v.transfer_on, _l("the embryo transfer")),
             ("pregnancy_test", v.pregnancy_test != PregnancyTest.NOT_DONE, v.pregnancy_test_on,
              _l("the pregnancy test")),
             ("clinical_pregnancy", v.clinical_pregnancy == Answer.YES, v.clinical_pregnancy_on,
              _l("the scan showing a sac")),
             ("live_birth", v.live_birth == Answer.YES, v.live_birth_on, _l("the birth")))
    for name, done, on, words in steps:
        if done and on is None:
            errors[f"{name}_on"] = _("Give the date of {words}.").format(words=words)
        if not done and on is not None:
            errors[f"{name}_on"] = _("A date without {words} recorded: clear the date or record it.").format(
                words=words)
        if on is not None and on > today:
            errors[f"{name}_on"] = _("The date cannot be in the future.")
        if on is not None and on < cycle_start:
            errors[f"{name}_on"] = _("The date cannot be before the cycle started.")
    if v.pregnancy_test != PregnancyTest.NOT_DONE and v.transfer != Answer.YES:
        errors["pregnancy_test"] = _("A pregnancy test follows an embryo transfer: record the transfer first.")
    if v.clinical_pregnancy != Answer.UNKNOWN and v.pregnancy_test != PregnancyTest.POSITIVE:
        errors["clinical_pregnancy"] = _("A clinical pregnancy (or its absence) follows a positive pregnancy test.")
    if v.live_birth != Answer.UNKNOWN and v.clinical_pregnancy != Answer.YES:
        errors["live_birth"] = _("A live birth (or its absence) follows a clinical pregnancy.")
    dated = [(name, on) for name, _, on, _ in steps if on is not None]
    for (first, a), (second, b) in zip(dated, dated[1:]):
        if b < a and f"{second}_on" not in errors:
            errors[f"{second}_on"] = _("The dates must follow each other: transfer, test, scan, birth.")
    return errors


# --- the formulas --------------------------------------------------------------------------

Z95 = 1.959963984540054


def wilson_interval(numerator: int, denominator: int, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval of a proportion: honest for small denominators and 0 or n."""
    if denominator <= 0:
        return None
    p = numerator / denominator
    z2 = z * z
    centre = (p + z2 / (2 * denominator)) / (1 + z2 / denominator)
    half = (z / (1 + z2 / denominator)) * math.sqrt(p * (1 - p) / denominator + z2 / (4 * denominator ** 2))
    return max(0.0, centre - half), min(1.0, centre + half)


def ratio_of_proportions(a: int, n1: int, c: int, n2: int,
                         z: float = Z95) -> tuple[float | None, tuple[float, float] | None]:
    """(a/n1) / (c/n2) with the Katz log interval; for cryosurvival (post-thaw over pre-freeze motility)."""
    if n1 <= 0 or n2 <= 0 or c == 0:
        return None, None
    ratio = (a / n1) / (c / n2)
    if a == 0:
        return ratio, None
    se = math.sqrt(max(0.0, 1 / a - 1 / n1 + 1 / c - 1 / n2))
    return ratio, (ratio * math.exp(-z * se), ratio * math.exp(z * se))


def quantile(sorted_values: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (the common 'type 7' definition)."""
    if not sorted_values:
        raise ValueError("no values")
    pos = (len(sorted_values) - 1) * q
    lo = math.floor(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def median_iqr(values: list[float]) -> tuple[float, float, float] | None:
    """(first quartile, median, third quartile), or None without values."""
    if not values:
        return None
    v = sorted(values)
    return quantile(v, 0.25), quantile(v, 0.5), quantile(v, 0.75)


def attempt_label(earlier: int, earlier_positive: bool) -> str:
    if earlier == 0:
        return "first"
    return "repeat after sperm found" if earlier_positive else "repeat after no sperm"


SMALL_DENOMINATOR = 10


@dataclass(frozen=True)
class Reference:
    """A line to read a figure against: a consensus level or a published figure."""

    label: str
    low: float | None
    high: float | None
    source: str
    kind: str = "reference"  # competency, benchmark, expected range, published

    def text(self) -> str:
        if self.low is not None and self.high is not None and self.low != self.high:
            return _("{label}: {low}–{high} ({source})").format(
                label=self.label, low=level_percent(self.low), high=level_percent(self.high), source=self.source)
        value = self.low if self.low is not None else self.high
        return (_("{label}: {level} ({source})").format(label=self.label, level=level_percent(value), source=self.source)
                if value is not None else str(self.label))


VIENNA = _l("ESHRE/ALPHA Vienna consensus 2017")
LIT = _l("published series")
CLINIC = _l("clinic report")


@dataclass(frozen=True)
class IndicatorDefinition:
    key: str
    title: str
    numerator_text: str
    denominator_text: str
    kind: str  # proportion, ratio (cryosurvival), median (minutes)
    higher_is_better: bool | None
    competency: float | None = None
    benchmark: float | None = None
    references: tuple[Reference, ...] = ()
    vienna: bool = False  # a consensus level applies to the Vienna reference population only

    def verdict(self, rate: float | None) -> str:
        """A verdict code (indicators.verdict_text gives its words)."""
        if rate is None or self.higher_is_better is None:
            return ""
        if self.competency is None and self.benchmark is None:
            return ""

        def meets(level: float) -> bool:
            return rate >= level if self.higher_is_better else rate <= level

        if self.benchmark is not None and meets(self.benchmark):
            return MEETS_BENCHMARK
        if self.competency is not None and meets(self.competency):
            return MEETS_COMPETENCY
        return BELOW_COMPETENCY if self.competency is not None else BELOW_BENCHMARK


INDICATORS: tuple[IndicatorDefinition, ...] = (
    IndicatorDefinition(
        "srr_procedure", _l("Sperm retrieval rate per procedure"), _l("procedures with sperm found in any sample"),
        _l("procedures with at least one sample searched"), "proportion", True,
        references=(Reference(_l("NOA, all methods"), 0.47, 0.56, LIT, "published"),
                    Reference(_l("NOA micro-TESE"), 0.50, 0.70, LIT, "published"),
                    Reference(_l("NOA conventional biopsy"), 0.30, 0.40, LIT, "published"),
                    Reference(_l("OA"), 1.0, 1.0, LIT, "published"),
                    Reference(_l("one clinic's micro-TESE year, 13/23"), 13 / 23, 13 / 23, CLINIC,
                              "published"))),
    IndicatorDefinition("srr_sample", _l("Sperm retrieval rate per sample"), _l("samples with sperm found"),
                        _l("samples searched"), "proportion", True),
    IndicatorDefinition("time_to_first_sperm", _l("Time to first sperm (minutes)"),
                        "", _l("positive procedures with a timed search"), "median", False),
    IndicatorDefinition("thaw_sperm_found", _l("Sperm found after thaw"), _l("thaw events with sperm found"),
                        _l("thaw events assessed"), "proportion", True),
    IndicatorDefinition("cryosurvival", _l("Sperm cryosurvival (post-thaw / pre-freeze motility)"),
                        _l("post-thaw motile / counted"), _l("pre-freeze motile / counted"), "ratio", True,
                        competency=0.50,
                        references=(Reference(_l("competency"), 0.50, None, _l("DOMAIN §6"), "competency"),)),
    IndicatorDefinition("icsi_damage", _l("ICSI damage rate"), _l("oocytes damaged or degenerated after injection"),
                        _l("oocytes injected"), "proportion", False, competency=0.10, benchmark=0.05, vienna=True,
                        references=(Reference(_l("competency"), 0.10, None, VIENNA, "competency"),
                                    Reference(_l("benchmark"), 0.05, None, VIENNA, "benchmark"))),
    IndicatorDefinition("icsi_2pn", _l("ICSI normal fertilization (2PN / MII injected)"), _l("2PN oocytes"),
                        _l("MII oocytes injected"), "proportion", True, competency=0.65, benchmark=0.80, vienna=True,
                        references=(Reference(_l("competency"), 0.65, None, VIENNA, "competency"),
                                    Reference(_l("benchmark"), 0.80, None, VIENNA, "benchmark"),
                                    Reference(_l("TESA sperm"), 0.648, None, LIT, "published"),
                                    Reference(_l("ejaculated sperm"), 0.703, None, LIT, "published"))),
    IndicatorDefinition("icsi_1pn", _l("ICSI 1PN rate"), _l("1PN oocytes"), _l("MII oocytes injected"), "proportion",
                        False,
                        competency=0.03, vienna=True,
                        references=(Reference(_l("competency (below)"), 0.03, None, VIENNA, "competency"),)),
    IndicatorDefinition("proportion_mii", _l("Proportion MII at ICSI"), _l("MII oocytes"), _l("COCs retrieved"),
                        "proportion", None, vienna=True,
                        references=(Reference(_l("expected range"), 0.75, 0.90, VIENNA, "expected range"),)),
    IndicatorDefinition("checks_in_window", _l("Fertilization checks in the 16-18 h window"),
                        _l("checks at 16-18 h"),
                        _l("fertilization checks"), "proportion", True),
    IndicatorDefinition("pregnancy_per_cycle", _l("Clinical pregnancy per ICSI cycle"),
                        _l("cycles with a clinical pregnancy"),
                        _l("ICSI cycles"), "proportion", True),
    IndicatorDefinition("pregnancy_per_positive_retrieval", _l("Clinical pregnancy per positive retrieval"),
                        _l("positive retrievals whose sperm gave a clinical pregnancy"), _l("procedures with sperm found"),
                        "proportion", True,
                        references=(Reference(_l("one clinic's micro-TESE year, 6/13"), 6 / 13, 6 / 13, CLINIC,
                                              "published"),)),
)
INDICATOR_BY_KEY = {d.key: d for d in INDICATORS}
