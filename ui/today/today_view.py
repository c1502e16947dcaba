"""Today: the cycles starting on a day (today by default), one step from each couple."""

from __future__ import annotations

from datetime import date, timedelta

from ui.common.headings import heading, muted
from ui.common.row_table_model import sorting_proxy
from ui.common.table_view import fit_columns, make_table
from ui.qt import QHBoxLayout, QPushButton, QVBoxLayout, QWidget
from ui.shell.bench_context import BenchContext
from ui.today.today_table_model import TodayTableModel


class TodayView(QWidget):
    def __init__(self, context: BenchContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.day: date = context.today()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(10)
        top = QHBoxLayout()
        self.title = heading("", self)
        self.title.setObjectName("todayTitle")
        top.addWidget(self.title)
        top.addStretch(1)
        self.previous_button = QPushButton("‹ Previous day", self)
        self.today_button = QPushButton("Today", self)
        self.next_button = QPushButton("Next day ›", self)
        for button in (self.previous_button, self.today_button, self.next_button):
            top.addWidget(button)
        layout.addLayout(top)

        layout.addWidget(heading("Cycles starting", self, level=2))
        self.model = TodayTableModel(self)
        self.proxy = sorting_proxy(self.model, self)
        self.table = make_table(self.proxy, self, stretch_column=TodayTableModel.Column.NOTES)
        self.table.setObjectName("todayCycles")
        layout.addWidget(self.table, 1)
        self.empty = muted("No cycle starts on this day.", self)
        layout.addWidget(self.empty)
        layout.addWidget(muted(
            "Retrievals, oocyte pick-ups, ICSI, fertilization checks due and steps waiting for a "
            "witness will be listed here once those areas are built.", self))

        self.previous_button.clicked.connect(lambda: self.show_day(self.day - timedelta(days=1)))
        self.next_button.clicked.connect(lambda: self.show_day(self.day + timedelta(days=1)))
        self.today_button.clicked.connect(lambda: self.show_day(self.context.today()))
        self.table.activated.connect(self._open_index)
        self.show_day(self.day)

    def show_day(self, day: date) -> None:
        self.day = day
        today = self.context.today()
        when = "Today" if day == today else day.strftime("%A")
        self.title.setText(f"{when}, {day.day} {day.strftime('%B %Y')}")
        self.refresh()

    def refresh(self) -> None:
        rows = self.context.services.patients.cycles_starting_on(self.day)
        self.model.set_rows(rows)
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        fit_columns(self.table)

    def _open_index(self, index) -> None:
        row = self.model.row_at(self.proxy.mapToSource(index).row())
        self.context.open_couple(row.couple.id)
