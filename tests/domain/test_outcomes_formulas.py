"""The outcomes formulas and rules on plain values, each expected value worked out by hand."""

from __future__ import annotations

import math
from datetime import date

import pytest

from bench_app.domain.outcomes import (
    INDICATOR_BY_KEY, Answer, OutcomeValues, PregnancyTest, attempt_label, median_iqr, outcome_errors,
    ratio_of_proportions, te2_ratio, treatment_errors, wilson_interval, workup_errors,
)

TODAY = date(2025, 6, 1)


def test_wilson_interval_by_hand():
    # 1 of 2: p = .5, z² = 3.8415; centre = (.5 + .96037) / 2.92073 = .5; half = 1.95996/2.92073 * sqrt(.125 + .24009)
    low, high = wilson_interval(1, 2)
    assert low == pytest.approx(0.5 - 1.959964 / 2.920729 * math.sqrt(0.125 + 3.841459 / 16), abs=1e-6)
    assert high == pytest.approx(1 - low, abs=1e-9)
    assert low == pytest.approx(0.0945, abs=1e-4)
    # 0 of 10 still has an upper bound (z²/(n+z²) = 3.8415/13.8415), never a bare 0%.
    assert wilson_interval(0, 10) == pytest.approx((0.0, 3.841459 / 13.841459), abs=1e-6)
    assert wilson_interval(10, 10)[1] == pytest.approx(1.0)
    assert wilson_interval(0, 0) is None


def test_ratio_of_proportions_and_its_interval():
    ratio, (low, high) = ratio_of_proportions(5, 20, 12, 42)
    assert ratio == pytest.approx(0.25 / (12 / 42))
    se = math.sqrt(1 / 5 - 1 / 20 + 1 / 12 - 1 / 42)
    assert (low, high) == pytest.approx((ratio * math.exp(-1.959964 * se), ratio * math.exp(1.959964 * se)), rel=1e-6)
    assert ratio_of_proportions(0, 20, 12, 42) == (0.0, None)
    assert ratio_of_proportions(3, 20, 0, 42) == (None, None)


def test_median_and_quartiles():
    assert median_iqr([40, 5, 12]) == (8.5, 12, 26)
    assert median_iqr([10, 20, 30, 40]) == (17.5, 25, 32.5)
    assert median_iqr([7]) == (7, 7, 7)
    assert median_iqr([]) is None


def test_te2_ratio_in_conventional_units():
    # 15 nmol/L = 432.6 ng/dL; 110 pmol/L = 29.96 pg/mL; ratio 14.44.
    assert te2_ratio(15, 110) == pytest.approx(15 * 28.842 / (110 / 3.671))
    assert te2_ratio(15, 110) == pytest.approx(14.44, abs=0.01)
    assert te2_ratio(None, 110) is None and te2_ratio(15, None) is None


def test_verdicts_and_attempts():
    fert = INDICATOR_BY_KEY["icsi_2pn"]
    assert (fert.verdict(0.82), fert.verdict(0.70), fert.verdict(0.5)) == (
        "meets benchmark", "meets competency", "below competency")
    damage = INDICATOR_BY_KEY["icsi_damage"]
    assert (damage.verdict(0.04), damage.verdict(0.08), damage.verdict(0.2)) == (
        "meets benchmark", "meets competency", "below competency")
    assert INDICATOR_BY_KEY["srr_procedure"].verdict(0.5) == ""
    assert attempt_label(0, False) == "first"
    assert attempt_label(2, True) == "repeat after sperm found"
    assert attempt_label(1, False) == "repeat after no sperm"


def test_workup_rules():
    assert workup_errors({}, TODAY) == {}  # everything not tested
    errors = workup_errors({"fsh_iu_l": 250.0, "testosterone_nmol_l": "high", "karyotype": "45,X"}, TODAY)
    assert errors["fsh_iu_l"] == "FSH must be between 0 and 200 IU/L."
    assert "number" in errors["testosterone_nmol_l"] and "list" in errors["karyotype"]
    assert "date of the blood test" in errors["hormones_on"]
    assert "biopsy" in workup_errors({"histology": "sertoli_cell_only"}, TODAY)["histology_on"]
    assert workup_errors({"volume_left_ml": 4.0, "volumes_on": date(2026, 1, 1)}, TODAY)["volumes_on"] == \
        "The date cannot be in the future."


def test_treatment_rules():
    assert treatment_errors("clomiphene", date(2025, 1, 1), None, "", TODAY) == {}
    errors = treatment_errors("other", date(2025, 2, 1), date(2025, 1, 1), "", TODAY)
    assert set(errors) == {"ended_on", "detail"}
    assert "treatment" in treatment_errors("magic", None, None, "", TODAY)


def test_outcome_steps_follow_each_other():
    def values(**kw):
        base = dict(transfer=Answer.UNKNOWN, transfer_on=None, pregnancy_test=PregnancyTest.NOT_DONE,
                    pregnancy_test_on=None, clinical_pregnancy=Answer.UNKNOWN, clinical_pregnancy_on=None,
                    live_birth=Answer.UNKNOWN, live_birth_on=None)
        return OutcomeValues(**{**base, **kw})

    start = date(2025, 1, 10)
    assert outcome_errors(values(), start, TODAY) == {}
    full = values(transfer=Answer.YES, transfer_on=date(2025, 1, 15), pregnancy_test=PregnancyTest.POSITIVE,
                  pregnancy_test_on=date(2025, 1, 26), clinical_pregnancy=Answer.YES,
                  clinical_pregnancy_on=date(2025, 2, 14), live_birth=Answer.YES, live_birth_on=date(2025, 5, 30))
    assert outcome_errors(full, start, TODAY) == {}
    assert "transfer first" in outcome_errors(values(pregnancy_test=PregnancyTest.NEGATIVE,
                                                     pregnancy_test_on=date(2025, 1, 26)), start, TODAY)["pregnancy_test"]
    no_date = outcome_errors(values(transfer=Answer.YES), start, TODAY)
    assert no_date == {"transfer_on": "Give the date of the embryo transfer."}
    early = outcome_errors(values(transfer=Answer.YES, transfer_on=date(2025, 1, 1)), start, TODAY)
    assert "before the cycle" in early["transfer_on"]
    order = outcome_errors(values(transfer=Answer.YES, transfer_on=date(2025, 1, 20),
                                  pregnancy_test=PregnancyTest.POSITIVE, pregnancy_test_on=date(2025, 1, 18)),
                           start, TODAY)
    assert "follow each other" in order["pregnancy_test_on"]
    birth = outcome_errors(values(transfer=Answer.YES, transfer_on=date(2025, 1, 15),
                                  pregnancy_test=PregnancyTest.NEGATIVE, pregnancy_test_on=date(2025, 1, 26),
                                  live_birth=Answer.NO), start, TODAY)
    assert "follows a clinical pregnancy" in birth["live_birth"]
