"""bench_app.i18n: plural rules, the chosen language, lazy constants, the locale's dates and numbers."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from bench_app import i18n
from bench_app.i18n import choose_language, ngettext, using_language

ROOT = Path(__file__).resolve().parents[2]


def _devices(n: int) -> str:
    return ngettext("{count} device", "{count} devices", n).format(count=n)


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", {0: "0 devices", 1: "1 device", 2: "2 devices", 5: "5 devices"}),
    ("tr", {1: "1 kriyo cihazı", 2: "2 kriyo cihazı", 5: "5 kriyo cihazı"}),
    # Arabic: zero, one, two, few (3-10), many (11-99), other (100, 101, ...)
    ("ar", {0: "0 أداة", 1: "أداة واحدة", 2: "أداتان", 3: "3 أدوات", 10: "10 أدوات", 11: "11 أداة", 99: "99 أداة",
            100: "100 أداة", 103: "103 أدوات"}),
    # Spanish (CLDR): one, many (a whole million: "1000000 de ..."), other
    ("es", {1: "1 dispositivo", 2: "2 dispositivos", 0: "0 dispositivos", 1_000_000: "1000000 de dispositivos"}),
])
def test_plurals_follow_each_language_s_rules(lang, expected):
    with using_language(lang):
        assert {n: _devices(n) for n in expected} == expected


def test_a_year_is_counted_in_words_never_1_years():
    from datetime import datetime, timedelta, timezone

    from bench_app.domain.limits import EventWindow, date_problem

    now = datetime(2026, 12, 7, 9, tzinfo=timezone.utc)
    window = EventWindow("The time", timedelta(days=366), timedelta(days=1))
    assert date_problem(now - timedelta(days=800), window, now) == \
        "The time is too far in the past (more than 1 year ago)."


def test_the_language_is_chosen_user_then_workstation_then_lab_then_english():
    assert choose_language("es", "tr", "ar") == "es"
    assert choose_language(None, "tr_TR.UTF-8", "ar") == "tr"
    assert choose_language(None, "", "AR") == "ar"
    assert choose_language(None, "de", "el") == "en"  # no catalogue for either: English
    assert i18n.set_language("xx") == "en" and i18n.language() == "en"


def test_module_constants_are_looked_up_when_used():
    from bench_app.reports.worksheet import PATIENT

    with using_language("tr"):
        assert str(PATIENT.title) == "Hasta"
    with using_language("es"):
        assert f"{PATIENT.title}" == "Paciente"
    assert PATIENT.title == "Patient" and str(PATIENT.title) == "Patient"


def test_dates_and_numbers_in_the_locale_s_form():
    day = date(2026, 12, 7)
    with using_language("tr"):
        assert i18n.format_day(day) == "7 Aralık 2026 Pazartesi"
        assert i18n.format_percent(0.5652) == "%56,5" and i18n.format_number(1234.5, 1) == "1.234,5"
    with using_language("es"):
        assert i18n.format_day(day) == "lunes, 7 de diciembre de 2026"
    with using_language("ar"):
        assert "ديسمبر" in i18n.format_day(day) and i18n.is_right_to_left()
    assert i18n.format_day(day) == "Monday 07 December 2026" and not i18n.is_right_to_left()


def test_the_core_and_its_catalogues_never_import_qt():
    code = ("import sys; from bench_app import i18n; i18n.set_language('ar'); i18n.format_day(__import__('datetime')"
            ".date(2026, 1, 1)); import bench_app.reports.worksheet, bench_app.services.patients_service; "
            "assert not [m for m in sys.modules if m.startswith(('PySide6', 'ui.')) or m == 'ui'], 'Qt imported'")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
    lint = Path(sys.executable).with_name("lint-imports")
    if lint.exists():  # the import contracts (pyproject.toml): the core never imports Qt or the UI
        subprocess.run([str(lint)], check=True, cwd=ROOT, capture_output=True)
