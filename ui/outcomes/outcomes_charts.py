"""Rates with their 95% intervals as charts on screen (QtCharts): a trend per quarter and a comparison.

Both draw a ``ChartData`` (bench_app.domain.quality_report), the same data the quality report's
charts are drawn from: categories along the bottom, a point per category with its interval as a
whisker, points of a trend joined, dashed lines for the competency and benchmark levels, and a
hollow point where the denominator is small.

QtCharts (PySide6-Addons) rather than QPainter by hand as the nitrogen chart does: these charts need
axes, legends, hover tooltips and many series, which QtCharts gives and keeps.
"""

from __future__ import annotations

from bench_app.domain.indicators import level_percent
from bench_app.domain.quality_report import ChartData
from bench_app.i18n import _, format_percent, isolated
from ui.qt import (
    QCategoryAxis, QChart, QChartView, QColor, QLineSeries, QPainter, QPen, QScatterSeries, Qt,
    QValueAxis, QWidget,
)

SERIES_COLOURS = ("#1565c0", "#ef6c00", "#2e7d32", "#6a1b9a")
LEVEL_COLOURS = {"competency": "#b3261e", "benchmark": "#1b5e20"}


def chart_title(title: str, note: str = "", bold: bool = True) -> str:
    """A chart's title (rich text), with a muted line under it for ``note``."""
    shown = f"<b>{title}</b>" if bold and title else title
    return shown + (f"<br><span style='color:#5f6368'>{note}</span>" if note else "")


def percent_axis_format() -> str:
    """The axis's printf format with the percent sign where the language writes it ('%.0f%%', '%%%.0f')."""
    sample = format_percent(0.5, 0)  # '50%', '%50', '50 %', '٥٠٪'
    digits = "50" if "50" in sample else None
    if digits is None:
        return "%.0f%%"
    before, after = sample.split(digits, 1)
    return before.replace("%", "%%") + "%.0f" + after.replace("%", "%%")


class IntervalChartView(QChartView):
    def __init__(self, object_name: str, parent: QWidget | None = None):
        chart = QChart()
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.setBackgroundRoundness(0)
        super().__init__(chart, parent)
        self.setObjectName(object_name)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)
        self.data: ChartData | None = None

    def set_data(self, data: ChartData | None, empty_text: str = "", subtitle: str = "") -> None:
        """Draw ``data``; ``subtitle`` (what the figure is drawn against) goes on the muted line under the title."""
        empty_text = empty_text or _("No figures to chart.")
        self.data = data
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        if data is None or data.empty:
            chart.setTitle(chart_title(data.title if data else "", empty_text, bold=False))  # no subtitle: nothing drawn
            return
        chart.legend().setVisible(len(data.series) > 1 or bool(data.levels))
        hollow = any(p.small for s in data.series for p in s.points)
        note = _("hollow point: fewer than 10 in the denominator")
        chart.setTitle(chart_title(data.title, " · ".join(filter(None, (subtitle, note if hollow else "")))))
        n = max(len(data.categories), 1)
        x_axis = QCategoryAxis()
        x_axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        x_axis.setRange(-0.5, n - 0.5)
        for i, category in enumerate(data.categories):
            x_axis.append(category, i)
        font = x_axis.labelsFont()
        font.setPointSizeF(max(6.5, font.pointSizeF() - (2 if n > 6 else 1)))
        x_axis.setLabelsFont(font)
        if n > 6:  # eight quarters' labels ('2026-Q1') side by side: slanted, and whole rather than '202…'
            x_axis.setLabelsAngle(-45)
            x_axis.setTruncateLabels(False)
        y_axis = QValueAxis()
        if data.percent:
            y_axis.setRange(0, 100)
            y_axis.setLabelFormat(percent_axis_format())
        else:
            top = max([p.high or p.rate or 0 for s in data.series for p in s.points] or [1])
            y_axis.setRange(0, max(1.0, top * 1.15))
            y_axis.setLabelFormat(_("%.0f min"))
        y_axis.setTickCount(6)
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        scale = 100.0 if data.percent else 1.0
        index = {c: i for i, c in enumerate(data.categories)}
        spread = min(0.12, 0.6 / max(len(data.series), 1))
        cap_width = max(0.03, min(0.08, 0.015 * n))  # a whisker's cap, in category widths
        for k, series in enumerate(data.series):
            colour = QColor(SERIES_COLOURS[k % len(SERIES_COLOURS)])
            offset = (k - (len(data.series) - 1) / 2) * spread
            points = [(index[p.category] + offset, p) for p in series.points
                      if p.category in index and p.rate is not None]
            if data.joined and len(points) > 1:
                line = QLineSeries()
                line.setName(series.name)
                line.setPen(QPen(colour, 1.5))
                for x, p in points:
                    line.append(x, p.rate * scale)
                self._add(line, x_axis, y_axis, legend=True)
            firm, small = QScatterSeries(), QScatterSeries()
            for s, hollow in ((firm, False), (small, True)):
                s.setMarkerSize(9)
                s.setColor(QColor("white") if hollow else colour)
                s.setBorderColor(colour)
                s.setName(series.name if not hollow else isolated(_("{series} (small denominator)"), series=series.name))
            for x, p in points:
                (small if p.small else firm).append(x, p.rate * scale)
                if p.low is not None and p.high is not None:
                    whisker = QLineSeries()
                    whisker.setPen(QPen(colour, 1.2))
                    for wx, wy in ((x, p.low), (x, p.high)):
                        whisker.append(wx, wy * scale)
                    self._add(whisker, x_axis, y_axis, legend=False)
                    for cap in (p.low, p.high):
                        bar = QLineSeries()
                        bar.setPen(QPen(colour, 1.2))
                        bar.append(x - cap_width, cap * scale)
                        bar.append(x + cap_width, cap * scale)
                        self._add(bar, x_axis, y_axis, legend=False)
            self._add(firm, x_axis, y_axis, legend=not data.joined or len(points) <= 1)
            self._add(small, x_axis, y_axis, legend=False)  # hollow points: said once, in the chart's title
        for level in data.levels:
            line = QLineSeries()
            line.setName(f"{level.label} {level_percent(level.value)}")
            pen = QPen(QColor(LEVEL_COLOURS.get(level.kind, "#555555")), 1.3)
            pen.setStyle(Qt.PenStyle.DashLine)
            line.setPen(pen)
            line.append(-0.5, level.value * scale)
            line.append(n - 0.5, level.value * scale)
            self._add(line, x_axis, y_axis, legend=True)

    def _add(self, series, x_axis, y_axis, *, legend: bool) -> None:
        chart = self.chart()
        chart.addSeries(series)
        series.attachAxis(x_axis)
        series.attachAxis(y_axis)
        if not legend:
            for marker in chart.legend().markers(series):
                marker.setVisible(False)

    def series_names(self) -> list[str]:
        return [s.name() for s in self.chart().series() if s.name()]
