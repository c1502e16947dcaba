"""The quality report's charts print Arabic as the tables do: letters joined, in a font that has them."""

from __future__ import annotations

from reportlab.graphics.shapes import Group, String

from bench_app.domain.quality_report import ChartData, ChartLevel, ChartPoint, ChartSeries
from bench_app.i18n import using_language
from bench_app.reports.charts import interval_chart
from bench_app.reports.fonts import arabic_font, latin_font
from bench_app.reports.text import has_arabic
from tests.reports.pdf_reading import shaped_arabic


def strings(node) -> list[String]:
    if isinstance(node, String):
        return [node]
    return [s for child in getattr(node, "contents", []) for s in strings(child)] if isinstance(node, Group) else []


def chart() -> ChartData:
    points = (ChartPoint("2026-Q1", 0.5, 0.3, 0.7, label="5/10"), ChartPoint("2026-Q2", 0.6, 0.4, 0.8))
    return ChartData("معدل استرجاع النطاف لكل إجراء", ("2026-Q1", "2026-Q2"),
                     (ChartSeries("الجرّاح Aydin", points), ChartSeries("micro-TESE", points)),
                     (ChartLevel("الحد الأدنى للكفاءة", 0.4, "competency"),), joined=True)


def test_arabic_in_an_arabic_chart_is_shaped_and_in_the_arabic_font():
    with using_language("ar"):
        drawn = strings(interval_chart(300, 200, chart()))
    arabic = [s for s in drawn if has_arabic(s.text) or shaped_arabic(s.text)]
    assert len(arabic) >= 4  # the title, two legend entries, the note
    for s in arabic:
        assert s.fontName in (arabic_font(False), arabic_font(True)), (s.text, s.fontName)
        assert shaped_arabic(s.text), s.text  # joined forms, not separate letters
    latin = [s for s in drawn if s.text.strip() and not (has_arabic(s.text) or shaped_arabic(s.text))]
    assert latin and all(s.fontName in (latin_font(False), latin_font(True)) for s in latin)
    title = [s for s in drawn if s.fontName == arabic_font(True)]
    assert title and max(s.x for s in title) > 150  # an Arabic title starts at the right


def test_an_english_chart_draws_as_before():
    drawn = strings(interval_chart(300, 200, chart()))
    assert any(s.text.startswith("Points: rate") and s.x == 30 for s in drawn)
