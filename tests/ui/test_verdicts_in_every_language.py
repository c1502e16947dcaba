"""Verdicts and position problems are keyed by code: their colours and warnings hold in every language."""

from __future__ import annotations

import pytest

from bench_app import i18n
from bench_app.domain import indicators as vienna
from bench_app.domain.errors import POSITION_OCCUPIED, CodedMessage, message_code
from bench_app.domain.indicators import BELOW_COMPETENCY, MEETS_BENCHMARK, Rate, verdict_text
from bench_app.services.icsi_dto import CycleSummary, Indicator
from ui.icsi.summary_panel import VERDICT_STYLE, SummaryPanelWidget


@pytest.fixture(autouse=True)
def _english_after():
    yield
    i18n.set_language("en")


def _summary() -> CycleSummary:
    return CycleSummary(
        cycle_id=1, cocs=12, mii=7, injected=7, mii_injected=7, damaged=0, pn2=4, pn1=1, pn3=1, checked=7,
        checks_in_window=7, sperm_sources=("frozen ejaculate",),
        indicators=(Indicator(vienna.ICSI_DAMAGE, Rate(0, 7)),                 # 0%: meets the benchmark
                    Indicator(vienna.ICSI_NORMAL_FERTILIZATION, Rate(4, 7)),   # 57%: below competency
                    Indicator(vienna.ICSI_1PN, Rate(1, 7)), Indicator(vienna.PROPORTION_MII, Rate(7, 12))))


def test_the_summary_colours_its_verdicts_under_turkish(qtbot):
    i18n.set_language("tr")
    panel = SummaryPanelWidget()
    qtbot.addWidget(panel)
    panel.show_summary(_summary())
    fert, damage = vienna.ICSI_NORMAL_FERTILIZATION.name, vienna.ICSI_DAMAGE.name
    below, meets = panel.verdict_labels[fert], panel.verdict_labels[damage]
    assert below.text() == verdict_text(BELOW_COMPETENCY) != "below competency"  # Turkish words...
    assert below.styleSheet() == VERDICT_STYLE[BELOW_COMPETENCY]                  # ...in the alert colour
    assert meets.text() == verdict_text(MEETS_BENCHMARK) != "meets benchmark"
    assert meets.styleSheet() == VERDICT_STYLE[MEETS_BENCHMARK]
    assert panel.rate_labels[fert].text() == "%57,1 (4/7)"  # Turkish puts the sign first, a comma for decimals
    assert "ejaculate" not in panel.source.text()


def test_the_summary_reads_the_same_in_english(qtbot):
    panel = SummaryPanelWidget()
    qtbot.addWidget(panel)
    panel.show_summary(_summary())
    fert = vienna.ICSI_NORMAL_FERTILIZATION.name
    assert panel.verdict_labels[fert].text() == "below competency"
    assert panel.rate_labels[fert].text() == "57.1% (4/7)"
    assert panel.verdict_labels[fert].styleSheet() == VERDICT_STYLE[BELOW_COMPETENCY]


def test_a_coded_message_keeps_its_code_through_a_validation_error():
    from bench_app.domain.errors import ValidationError

    i18n.set_language("tr")
    exc = ValidationError({"positions": CodedMessage("A1 dolu.", POSITION_OCCUPIED)})
    shown = dict(exc.field_errors)["positions"]
    assert shown == "A1 dolu." and message_code(shown) == POSITION_OCCUPIED
    assert message_code("A1 is occupied by D-1.") == ""
