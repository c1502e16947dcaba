"""Charts of rates with their 95% intervals for the printed reports, drawn with reportlab.graphics.

One chart shape serves both uses: categories along the bottom (quarters for a trend, surgeons or
strata for a comparison), each series a point per category with its interval as a whisker, points
of a series joined for a trend, and horizontal lines for the competency and benchmark levels. A
figure with a small denominator is drawn hollow, so it does not read as firm as the others.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, PolyLine, Rect, String
from reportlab.lib.colors import Color, HexColor

from bench_app.domain.indicators import level_percent
from bench_app.domain.quality_report import ChartData
from bench_app.i18n import _, format_number, format_percent
from bench_app.reports.fonts import latin_font, register_fonts
from bench_app.reports.text import fit, text_width

SERIES_COLOURS = (HexColor("#1565c0"), HexColor("#ef6c00"), HexColor("#2e7d32"), HexColor("#6a1b9a"))
LEVEL_COLOURS = {"competency": HexColor("#b3261e"), "benchmark": HexColor("#1b5e20"),
                 "expected range": HexColor("#7a4100")}
GRID = HexColor("#d6d6d6")
TEXT = HexColor("#333333")


def interval_chart(width: float, height: float, chart: ChartData) -> Group:
    """A chart of ``width`` x ``height`` points; the y axis runs 0-100% for rates."""
    title, categories, series, levels = chart.title, chart.categories, chart.series, chart.levels
    joined, percent = chart.joined, chart.percent
    register_fonts()
    font, bold = latin_font(False), latin_font(True)
    g = Group()
    g.add(String(0, height - 9, fit(title, width, 8.5, 6.5, True).text, fontName=bold, fontSize=8.5, fillColor=TEXT))
    legend_h = 12 if (len(series) > 1 or levels) else 0
    n = max(len(categories), 1)
    rotate = (width - 38) / n < 44  # many categories: their labels slanted, so none runs into the next
    left, right, top, bottom = 30, 8, 16 + legend_h, 60 if rotate else 30
    pw, ph = width - left - right, height - top - bottom
    values = [v for s in series for p in s.points for v in (p.rate, p.low, p.high) if v is not None]
    values += [lv.value for lv in levels]
    y_max = 1.0 if percent else max(values or [1.0]) * 1.1 or 1.0

    def y(v: float) -> float:
        return bottom + ph * max(0.0, min(v, y_max)) / y_max

    for step in range(0, 6):
        v = y_max * step / 5
        g.add(Line(left, y(v), left + pw, y(v), strokeColor=GRID, strokeWidth=0.4))
        text = format_percent(v, 0) if percent else format_number(v, 0)
        g.add(String(left - 3, y(v) - 2.5, text, fontName=font, fontSize=6, fillColor=TEXT, textAnchor="end"))
    g.add(Rect(left, bottom, pw, ph, strokeColor=HexColor("#999999"), strokeWidth=0.5, fillColor=None))
    slot = pw / n
    label_size = 6 if slot > 34 else 5
    for i, cat in enumerate(categories):
        cx = left + slot * (i + 0.5)
        if rotate:
            text = fit(cat, 78, label_size, 4.5).text
            label = Group(String(0, 0, text, fontName=font, fontSize=label_size, fillColor=TEXT, textAnchor="end"))
            label.transform = (0.866, 0.5, -0.5, 0.866, cx + 2, bottom - 5)  # 30 degrees
            g.add(label)
        else:
            text = fit(cat, slot - 2, label_size, 4.5).text
            g.add(String(cx, bottom - 9, text, fontName=font, fontSize=label_size, fillColor=TEXT,
                         textAnchor="middle"))
    for lv in levels:
        colour = LEVEL_COLOURS.get(lv.kind, HexColor("#555555"))
        g.add(Line(left, y(lv.value), left + pw, y(lv.value), strokeColor=colour, strokeWidth=0.8,
                   strokeDashArray=[3, 2]))
    offsets = [(k - (len(series) - 1) / 2) * min(8.0, slot / (2 * max(len(series), 1))) for k in range(len(series))]
    index = {c: i for i, c in enumerate(categories)}
    for k, s in enumerate(series):
        colour = SERIES_COLOURS[k % len(SERIES_COLOURS)]
        joined_points = []
        for p in s.points:
            if p.category not in index or p.rate is None:
                continue
            cx = left + slot * (index[p.category] + 0.5) + offsets[k]
            if p.low is not None and p.high is not None:
                g.add(Line(cx, y(p.low), cx, y(p.high), strokeColor=colour, strokeWidth=0.9))
                for v in (p.low, p.high):
                    g.add(Line(cx - 2.5, y(v), cx + 2.5, y(v), strokeColor=colour, strokeWidth=0.9))
            joined_points.append((cx, y(p.rate)))
            g.add(Circle(cx, y(p.rate), 2.4, strokeColor=colour, strokeWidth=0.9,
                         fillColor=Color(1, 1, 1) if p.small else colour))
            if p.label:
                g.add(String(cx + 3.5, y(p.rate) + 2, p.label, fontName=font, fontSize=5, fillColor=TEXT))
        if joined and len(joined_points) > 1:
            g.add(PolyLine([c for xy in joined_points for c in xy], strokeColor=colour, strokeWidth=0.7))
    # legend: series, then levels
    x = left
    ly = height - 12 - legend_h + 2
    if legend_h:
        for k, s in enumerate(series):
            colour = SERIES_COLOURS[k % len(SERIES_COLOURS)]
            g.add(Circle(x + 3, ly + 2.5, 2.4, strokeColor=colour, fillColor=colour))
            g.add(String(x + 8, ly, s.name, fontName=font, fontSize=6, fillColor=TEXT))
            x += 14 + text_width(s.name, 6)
        for lv in levels:
            colour = LEVEL_COLOURS.get(lv.kind, HexColor("#555555"))
            g.add(Line(x, ly + 2.5, x + 10, ly + 2.5, strokeColor=colour, strokeWidth=0.8, strokeDashArray=[3, 2]))
            text = f"{lv.label} {level_percent(lv.value)}" if percent else lv.label
            g.add(String(x + 13, ly, text, fontName=font, fontSize=6, fillColor=TEXT))
            x += 18 + text_width(text, 6)
    g.add(String(left, 2, _("Points: rate; whiskers: {level} interval; hollow: fewer than 10 in the denominator.").format(
                     level=format_percent(0.95, 0)),
                 fontName=font, fontSize=5.5, fillColor=HexColor("#777777")))
    return g


def side_by_side(width: float, height: float, charts: list[Group], gap: float = 14) -> Drawing:
    """Charts already drawn for (width - gaps) / len(charts) each, placed in one row."""
    d = Drawing(width, height)
    each = (width - gap * (len(charts) - 1)) / max(len(charts), 1)
    for i, chart in enumerate(charts):
        chart.translate(i * (each + gap), 0)
        d.add(chart)
    return d
