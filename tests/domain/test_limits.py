"""The limits of typed values, on plain values: text characters and NFC, numbers, date windows, quotes."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from bench_app.domain import limits
from bench_app.domain.enums import CycleStatus

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("text, rule, ok", [
    ("Öztürk", limits.NAME, True),
    ("عبد الله", limits.NAME, True),
    ("Ann\u200dMarie", limits.NAME, True),  # a joiner shapes some scripts: allowed
    ("A" * 100, limits.NAME, True),
    ("A" * 101, limits.NAME, False),
    ("a\nb", limits.NAME, False),
    ("a\nb\tc", limits.NOTES, True),
    ("a\x00b", limits.NOTES, False),
    ("x\u202ey", limits.NOTES, False),
    ("\ud800", limits.LINE, False),
    ("pin\x07", limits.SECRET, True),  # a secret is compared, never shown
    ("pin\x00", limits.SECRET, False),
])
def test_text_rules(text, rule, ok):
    assert (limits.text_problem(text, rule) is None) == ok


def test_text_is_stored_in_nfc_but_secrets_are_not_rewritten():
    assert limits.clean_text("S\u0327ahin", limits.NAME) == "\u015eahin"
    assert limits.clean_text("S\u0327", limits.SECRET) == "S\u0327"


def test_numbers_and_record_ids():
    assert limits.number_problem(2**63, limits.number_rule("patient_id"))
    assert limits.number_problem(float("nan"), limits.number_rule("wet_weight_mg")) == "Give a number."
    assert limits.number_problem(3, limits.number_rule("canisters")) is None
    assert "between" in limits.number_problem(10**6, limits.number_rule("canisters"))


def test_date_windows_per_kind_of_event():
    assert "time zone" in limits.date_problem(datetime(2026, 11, 20, 8), limits.date_window("started_at"), NOW)
    assert "past" in limits.date_problem(NOW.replace(year=1800), limits.date_window("moved_at"), NOW)
    assert limits.date_problem(NOW - timedelta(days=300), limits.date_window("thawed_at"), NOW) is None
    assert limits.date_problem(date(9999, 12, 31), limits.date_window("start_date"), NOW)
    assert limits.date_problem(date(1, 1, 1), limits.date_window("since"), NOW)
    assert limits.date_problem(datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-5))),
                               limits.date_window("started_at"), NOW)
    errors: dict[str, str] = {}
    limits.check_after_birth(date(1983, 1, 1), date(1984, 1, 2), "diagnosed_on", errors, "The diagnosis date")
    assert "before the patient's date of birth" in errors["diagnosed_on"]


def test_quote_and_enum_value():
    assert limits.quote("x" * 10_000) == "x" * 24 + "…"
    assert limits.quote("a\x00\u202eb") == "a??b"
    errors: dict[str, str] = {}
    assert limits.enum_value(CycleStatus, "done", "status", errors, "a status") is None
    assert errors == {"status": "Choose a status."}
    assert limits.require_enum(CycleStatus, "active", "status", "a status") is CycleStatus.ACTIVE
