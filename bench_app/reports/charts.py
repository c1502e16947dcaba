"""Charts of rates with their 95% intervals for the printed reports, drawn with reportlab.graphics.

One chart shape serves both uses: categories along the bottom (quarters for a trend, surgeons or
strata for a comparison), each series a point per category with its interval as a whisker, points
of a series joined for a trend, and horizontal lines for the competency and benchmark levels. A
figure with a small denominator is drawn hollow, so it does not read as firm as the others.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, PolyLine, Rect, String
from reportlab.lib.colors import Color, HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth

from bench_app.domain.indicators import level_percent
from bench_app.domain.quality_report import ChartData
from bench_app.i18n import _, format_number, format_percent, is_right_to_left
from bench_app.reports.fonts import register_fonts
from bench_app.reports.text import fit, runs, text_width

SERIES_COLOURS = (HexColor("#1565c0"), HexColor("#ef6c00"), HexColor("#2e7d32"), HexColor("#6a1b9a"))
LEVEL_COLOURS = {"competency": HexColor("#b3261e"), "benchmark": HexColor("#1b5e20"),
                 "expected range": HexColor("#7a4100")}
GRID = HexColor("#d6d6d6")
TEXT = HexColor("#333333")


def label(x: float, y: float, text: str, size: float, *, bold: bool = False, anchor: str = "start",
          colour=TEXT) -> Group:
    """One line of a chart's text as the report tables print it: Arabic letters joined, the line in its
    visual order (right to left in an Arabic report), each run in a font that has its letters (Noto Naskh
    Arabic for Arabic, the Latin font for the rest). ``anchor``: start (x is the left end), end or middle."""
    width = text_width(text, size, bold)
    x -= width if anchor == "end" else width / 2 if anchor == "middle" else 0
    g = Group()
    for run in runs(text, bold):
        g.add(String(x, y, run.text, fontName=run.font, fontSize=size, fillColor=colour))
        x += stringWidth(run.text, run.font, size)
    return g


def interval_chart(width: float, height: float, chart: ChartData) -> Group:
    """A chart of ``width`` x ``height`` points; the y axis runs 0-100% for rates."""
    title, categories, series, levels = chart.title, chart.categories, chart.series, chart.levels
    joined, percent = chart.joined, chart.percent
    register_fonts()
    rtl = is_right_to_left()  # an Arabic report's charts: title, legend and note start from the right
    g = Group()
    g.add(label(width if rtl else 0, height - 9, fit(title, width, 8.5, 6.5, True).text, 8.5, bold=True,
                anchor="end" if rtl else "start"))
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
        g.add(label(left - 3, y(v) - 2.5, text, 6, anchor="end"))
    g.add(Rect(left, bottom, pw, ph, strokeColor=HexColor("#999999"), strokeWidth=0.5, fillColor=None))
    slot = pw / n
    label_size = 6 if slot > 34 else 5
    for i, cat in enumerate(categories):
        cx = left + slot * (i + 0.5)
        if rotate:
            text = fit(cat, 78, label_size, 4.5).text
            slanted = Group(label(0, 0, text, label_size, anchor="end"))
            slanted.transform = (0.866, 0.5, -0.5, 0.866, cx + 2, bottom - 5)  # 30 degrees
            g.add(slanted)
        else:
            text = fit(cat, slot - 2, label_size, 4.5).text
            g.add(label(cx, bottom - 9, text, label_size, anchor="middle"))
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
                g.add(label(cx + 3.5, y(p.rate) + 2, p.label, 5))
        if joined and len(joined_points) > 1:
            g.add(PolyLine([c for xy in joined_points for c in xy], strokeColor=colour, strokeWidth=0.7))
    # legend: series, then levels, each a mark then its words (from the right, mark first, in an Arabic report)
    ly = height - 12 - legend_h + 2
    x = left + pw if rtl else left

    def legend_item(mark, text: str, mark_width: float) -> None:
        nonlocal x
        words = text_width(text, 6)
        start = x - mark_width - 3 - words if rtl else x  # the item's left end
        mark(start + words + 3 if rtl else start)
        g.add(label(start if rtl else start + mark_width + 3, ly, text, 6))
        x += -(mark_width + 3 + words + 6) if rtl else mark_width + 3 + words + 6

    if legend_h:
        for k, s in enumerate(series):
            colour = SERIES_COLOURS[k % len(SERIES_COLOURS)]
            legend_item(lambda mx, c=colour: g.add(Circle(mx + 3, ly + 2.5, 2.4, strokeColor=c, fillColor=c)),
                        s.name, 5)
        for lv in levels:
            colour = LEVEL_COLOURS.get(lv.kind, HexColor("#555555"))
            text = f"{lv.label} {level_percent(lv.value)}" if percent else lv.label
            legend_item(lambda mx, c=colour: g.add(Line(mx, ly + 2.5, mx + 10, ly + 2.5, strokeColor=c, strokeWidth=0.8,
                                                        strokeDashArray=[3, 2])), text, 10)
    note = _("Points: rate; whiskers: {level} interval; hollow: fewer than 10 in the denominator.").format(
        level=format_percent(0.95, 0))
    g.add(label(left + pw if rtl else left, 2, note, 5.5, anchor="end" if rtl else "start", colour=HexColor("#777777")))
    return g


def side_by_side(width: float, height: float, charts: list[Group], gap: float = 14) -> Drawing:
    """Charts already drawn for (width - gaps) / len(charts) each, placed in one row."""
    d = Drawing(width, height)
    each = (width - gap * (len(charts) - 1)) / max(len(charts), 1)
    for i, chart in enumerate(charts):
        chart.translate(i * (each + gap), 0)
        d.add(chart)
    return d
