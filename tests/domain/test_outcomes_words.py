"""The indicators' words in the person's language; their keys and verdict codes the same in every language."""

from __future__ import annotations

from datetime import date, datetime, timezone

from bench_app.domain.indicators import BELOW_COMPETENCY, ICSI_NORMAL_FERTILIZATION, Rate, verdict_text
from bench_app.domain.outcomes import INDICATOR_BY_KEY
from bench_app.domain.outcomes_report import IndicatorValue, ReferenceLine, stratum_value_text
from bench_app.domain.quality_report import levels_text, period_label, verdict_note_text
from bench_app.domain.record_titles import cycle_title, opu_title
from bench_app.i18n import using_language
from tests.i18n.compiled import ensure_compiled

ensure_compiled()


def _value() -> IndicatorValue:
    d = INDICATOR_BY_KEY["icsi_2pn"]
    return IndicatorValue("icsi_2pn", str(d.title), "proportion", (("population", "surgical sperm"),), 4, 7, 4 / 7,
                          0.25, 0.84, verdict=BELOW_COMPETENCY, small_denominator=True,
                          references=())


def test_a_verdict_is_a_code_and_its_words_follow_the_language():
    assert ICSI_NORMAL_FERTILIZATION.verdict(Rate(4, 7)) == BELOW_COMPETENCY == "below competency"
    with using_language("tr"):
        assert ICSI_NORMAL_FERTILIZATION.verdict(Rate(4, 7)) == BELOW_COMPETENCY  # the code does not move
        assert verdict_text(BELOW_COMPETENCY) == "yeterliliğin altında"
        assert verdict_note_text(_value()) == "yeterliliğin altında; küçük payda"
        assert Rate(4, 7).percent_text() == "%57,1 (4/7)"
        assert ICSI_NORMAL_FERTILIZATION.levels_text() == "yeterlilik ≥ %65, hedef ≥ %80"
    with using_language("es"):
        assert verdict_text(BELOW_COMPETENCY) == "por debajo de la competencia"
        assert Rate(4, 7).percent_text() == "57,1\xa0% (4/7)"  # a no-break space before the sign


def test_titles_strata_and_periods_read_in_the_language():
    d = INDICATOR_BY_KEY["srr_procedure"]
    with using_language("tr"):
        assert str(d.title) == "İşlem başına sperm bulunma oranı" and d.key == "srr_procedure"
        assert stratum_value_text("population", "surgical sperm") == "cerrahi sperm"
        assert stratum_value_text("treatment", "clomiphene") == "Klomifen"
        assert stratum_value_text("surgeon", "Dr. Aydin") == "Dr. Aydin"   # a name stays as it is
        assert _value().group_text() == "cerrahi sperm"
        assert period_label(date(2026, 3, 1), date(2026, 3, 31)) == "Mart 2026"
        assert cycle_title("icsi", date(2026, 12, 6)) == "ICSI siklusu, başlangıç 2026-12-06"
        moment = datetime(2026, 12, 6, 8, 30, tzinfo=timezone.utc)
        assert opu_title(moment, "431050").startswith("Oosit toplama ") and "Hasta No 431050" in opu_title(moment, "431050")
    references = tuple(ReferenceLine(str(r.label), r.low, r.high, str(r.source), r.kind)
                       for r in INDICATOR_BY_KEY["icsi_2pn"].references)
    with using_language("ar"):
        levels = levels_text(IndicatorValue("icsi_2pn", "", "proportion", (), 4, 7, 4 / 7, None, None,
                                            references=references))
        assert "الكفاءة" in levels and "المستوى المرجعي" in levels
    assert _value().stratum_text == "population=surgical sperm"  # exports keep the keys
