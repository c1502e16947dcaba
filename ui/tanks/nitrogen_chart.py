"""A tank's nitrogen level over time, with its top-ups and the alarm threshold, drawn with QPainter.

Drawn by hand rather than with QtCharts: QtCharts comes only in the PySide6-Addons wheel
(well over 100 MB that the installer would carry for one line chart), and this chart is a
polyline, a dashed line and a few bars.
"""

from __future__ import annotations

from datetime import datetime

from bench_app.domain.nitrogen import fmt_level
from bench_app.i18n import _, isolated
from bench_app.services.nitrogen_service import NitrogenEntryInfo, TankCareInfo
from ui.qt import QColor, QPainter, QPen, QPointF, QRectF, Qt, QWidget

LEVEL = QColor("#1565c0")
THRESHOLD = QColor("#b3261e")
TOP_UP = QColor("#2e7d32")
GRID = QColor("#d0d0d0")


class NitrogenChartWidget(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("nitrogenChart")
        self.setMinimumHeight(220)
        self.care: TankCareInfo | None = None
        self.entries: list[NitrogenEntryInfo] = []

    def set_data(self, care: TankCareInfo | None, entries: list[NitrogenEntryInfo]) -> None:
        self.care, self.entries = care, list(entries)
        self.update()

    def points(self) -> list[tuple[datetime, float]]:
        return [(e.at, e.level) for e in self.entries if e.kind == "reading" and e.level is not None]

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        readings = self.points()
        if self.care is None or not readings:
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, _("No level readings yet."))
            return
        fm = p.fontMetrics()
        left, right, top, bottom = fm.horizontalAdvance("100 cm") + 12, 12, 12, fm.height() + 10
        plot = QRectF(left, top, self.width() - left - right, self.height() - top - bottom)
        times = [e.at for e in self.entries]
        t0, t1 = min(times), max(times)
        span = max((t1 - t0).total_seconds(), 3600.0)
        y_max = max(self.care.full_level, max(v for _, v in readings))

        def x(t: datetime) -> float:
            return plot.left() + plot.width() * (t - t0).total_seconds() / span

        def y(v: float) -> float:
            return plot.bottom() - plot.height() * v / y_max

        unit = self.care.level_unit
        p.setPen(QPen(GRID, 1))
        for i in range(5):
            v = y_max * i / 4
            p.drawLine(QPointF(plot.left(), y(v)), QPointF(plot.right(), y(v)))
            p.setPen(QColor("#555555"))
            p.drawText(QRectF(0, y(v) - fm.height() / 2, left - 6, fm.height()),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, fmt_level(round(v, 1), unit))
            p.setPen(QPen(GRID, 1))
        p.setPen(QColor("#555555"))
        for t, align in ((t0, Qt.AlignmentFlag.AlignLeft), (t1, Qt.AlignmentFlag.AlignRight)):
            p.drawText(QRectF(plot.left(), plot.bottom() + 4, plot.width(), fm.height()), align,
                       t.astimezone().strftime("%d %b %Y"))
        # Top-ups: a green bar from the axis, litres written above it.
        p.setPen(QPen(TOP_UP, 3))
        for e in self.entries:
            if e.kind == "top_up":
                p.drawLine(QPointF(x(e.at), plot.bottom()), QPointF(x(e.at), plot.bottom() - 18))
                p.drawText(QPointF(x(e.at) + 3, plot.bottom() - 20), f"+{e.litres:g} L")
        pen = QPen(THRESHOLD, 1.5)
        pen.setStyle(Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.drawLine(QPointF(plot.left(), y(self.care.alarm_threshold)), QPointF(plot.right(), y(self.care.alarm_threshold)))
        p.drawText(QPointF(plot.left() + 4, y(self.care.alarm_threshold) - 4),
                   isolated(_("alarm {level}"), level=fmt_level(self.care.alarm_threshold, unit)))
        p.setPen(QPen(LEVEL, 2))
        pts = [QPointF(x(t), y(v)) for t, v in readings]
        for a, b in zip(pts, pts[1:]):
            p.drawLine(a, b)
        for (t, v), pt in zip(readings, pts):
            p.setBrush(THRESHOLD if v < self.care.alarm_threshold else LEVEL)
            p.drawEllipse(pt, 3, 3)
        p.end()
