"""Outcomes: the lab's success rates for a period, broken down, charted, traced to their records, printed.

A supervisor picks a period (a year, quarter, month or any range), compares it with the period
before, breaks the figures down (procedure type, OA/NOA, surgeon, ...) and keeps only some strata
("micro-TESE", "NOA"). Each figure shows n/N, rate and 95% interval, coloured against competency
and benchmark. Below, the selected indicator's trend per quarter and its comparison across the
strata on screen. The figures are read off the GUI thread (BackgroundReader) while the area says
it is reading. A double-click lists the records behind a figure; Quality report… previews the
signed PDF of the period; any table exports as CSV or XLSX.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from bench_app.domain.errors import BenchError, ValidationError
from bench_app.domain.outcomes import INDICATORS
from bench_app.domain.quality_report import (
    comparison_chart_data, month_end, period_label, stratum_key, trend_chart_data,
)
from bench_app.domain.outcomes_report import stratum_value_text
from bench_app.i18n import _, _l, format_date, format_number, isolate, isolated, ngettext, pgettext
from ui.common.background import BackgroundReader
from ui.common.dates import DateFieldEdit, read_fields
from ui.common.dialog_host import open_dialog
from ui.common.form import error_label, set_message
from ui.common.headings import heading, muted
from ui.common.table_export import TableExporter
from ui.common.table_view import make_table, select_row, selected_row
from ui.common.text_columns import TextColumns
from ui.outcomes.figure_records_dialog import FigureRecordsDialog
from ui.outcomes.outcomes_charts import IntervalChartView
from ui.outcomes.outcomes_table_model import DIM_TITLES, OutcomeRow, OutcomesTableModel
from ui.outcomes.screen_figures import ScreenFigures, read_figures
from ui.printing.file_choice import FileChooser, QtFileChooser
from ui.printing.print_preview_dialog import PrintPreviewDialog
from ui.qt import (
    QCheckBox, QComboBox, QHBoxLayout, QLabel, QMenu, QPushButton, QSpinBox, QSplitter, Qt, QTimer, QToolButton,
    QVBoxLayout, QWidget,
)
from ui.shell.bench_context import BenchContext

BREAKDOWNS = ("procedure_type", "diagnosis", "etiology", "karyotype", "azf", "attempt", "treatment", "surgeon",
              "embryologist", "sperm_source", "population")
PERIOD_KINDS = ("year", "quarter", "month", "range")
PERIOD_KIND_TEXT = {"year": _l("Year"), "quarter": _l("Quarter"), "month": _l("Month"), "range": _l("Range")}
ALL = "__all__"


class OutcomesView(QWidget):
    def __init__(self, context: BenchContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("outcomesView")
        self.context = context
        self.active_dialog = None
        self.file_chooser: FileChooser = QtFileChooser()
        self.figures: ScreenFigures | None = None
        self.rows: list[OutcomeRow] = []
        self.filters: dict[str, QComboBox] = {}
        self._figures_read: int | None = None  # the serial of the figures' read (BackgroundReader.run)
        self._load_queued = False  # the first read, to start once the area is drawn (refresh)
        self._charts_drawn = 0  # how many times the charts were drawn (each table change draws them once)
        self.reader = BackgroundReader(self)
        self.reader.busyChanged.connect(self._busy)
        self.model = OutcomesTableModel((), True, "before", self)
        self._build()
        self._period_kind_changed(load=False)  # the figures are read when the area is shown (refresh)

    # --- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 12)
        layout.setSpacing(6)
        top = QHBoxLayout()
        top.addWidget(heading(_("Outcomes"), self))
        top.addSpacing(16)
        self.period_kind = QComboBox(self)
        self.period_kind.setObjectName("periodKind")
        for kind in PERIOD_KINDS:
            self.period_kind.addItem(str(PERIOD_KIND_TEXT[kind]), kind)
        today = self.context.today()
        self.year = QSpinBox(self)
        self.year.setObjectName("periodYear")
        self.year.setRange(1990, 2200)
        self.year.setValue(today.year)
        self.part = QComboBox(self)
        self.part.setObjectName("periodPart")
        self.start_field = DateFieldEdit("start", date(today.year, 1, 1), self)
        self.start_field.setObjectName("periodStart")
        self.end_field = DateFieldEdit("end", today, self)
        self.end_field.setObjectName("periodEnd")
        self.to_label = QLabel(pgettext("a period", "to"), self)
        self.compare = QCheckBox(_("Compare with the period before"), self)
        self.compare.setObjectName("compareCheck")
        self.compare.setChecked(True)
        for w in (QLabel(_("Period:"), self), self.period_kind, self.year, self.part, self.start_field, self.to_label,
                  self.end_field, self.compare):
            top.addWidget(w)
        top.addStretch(1)
        layout.addLayout(top)

        second = QHBoxLayout()
        self.breakdown_button = QToolButton(self)
        self.breakdown_button.setObjectName("breakdownButton")
        self.breakdown_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.breakdown_menu = QMenu(self.breakdown_button)
        self.breakdown_actions = {}
        for dim in BREAKDOWNS:
            action = self.breakdown_menu.addAction(str(DIM_TITLES[dim]))
            action.setCheckable(True)
            action.toggled.connect(lambda _on: self._breakdown_changed())
            self.breakdown_actions[dim] = action
        self.breakdown_button.setMenu(self.breakdown_menu)
        self.indicator = QComboBox(self)
        self.indicator.setObjectName("indicatorCombo")
        self.indicator.addItem(_("All indicators"), ALL)
        for d in INDICATORS:
            self.indicator.addItem(str(d.title), d.key)
        second.addWidget(QLabel(_("Break down by:"), self))
        second.addWidget(self.breakdown_button)
        second.addSpacing(12)
        second.addWidget(QLabel(_("Indicator:"), self))
        second.addWidget(self.indicator)
        self.indicator.setMaximumWidth(380)
        second.addStretch(1)
        layout.addLayout(second)
        self.filter_row = QHBoxLayout()  # "Show only:" one list per breakdown chosen
        self.filter_row.setSpacing(6)
        layout.addLayout(self.filter_row)
        self._update_breakdown_text()

        bar = QHBoxLayout()
        self.status = QLabel(self)
        self.status.setObjectName("outcomesStatus")
        bar.addWidget(self.status, 1)
        self.records_button = QPushButton(_("&Records behind…"), self)
        self.records_button.setToolTip(_("List the procedures, samples or oocytes behind the selected figure"))
        self.exporter = TableExporter(self, lambda: self.table.model(), self._export_title, self._export_name,
                                      self._said, None)
        self.report_button = QPushButton(_("&Quality report…"), self)
        self.report_button.setObjectName("qualityReportButton")
        self.report_button.setToolTip(_("Preview, print or save the signed quality report of this period"))
        bar.addWidget(self.records_button)
        for b in self.exporter.buttons.values():
            bar.addWidget(b)
        bar.addWidget(self.report_button)
        layout.addLayout(bar)
        self.message = error_label(self)
        self.message.setObjectName("outcomesMessage")
        layout.addWidget(self.message)

        split = QSplitter(Qt.Orientation.Vertical, self)
        self.table = make_table(self.model, split)
        self.table.setObjectName("outcomesTable")
        self.columns = TextColumns(self.table)  # widths from the texts' font metrics, not a layout of every cell
        split.addWidget(self.table)
        charts = QWidget(split)
        row = QHBoxLayout(charts)
        row.setContentsMargins(0, 0, 0, 0)
        self.trend_chart = IntervalChartView("trendChart", charts)
        self.comparison_chart = IntervalChartView("comparisonChart", charts)
        row.addWidget(self.trend_chart, 1)
        row.addWidget(self.comparison_chart, 1)
        split.addWidget(charts)
        split.setStretchFactor(0, 5)
        split.setStretchFactor(1, 4)
        layout.addWidget(split, 1)
        self.legend = muted(_("Rate colours: green meets the benchmark, amber meets competency, red below competency, "
                              "grey a small denominator (under 10) whose interval says more than its rate. Consensus "
                              "levels apply to the Vienna reference population only."), self)
        layout.addWidget(self.legend)

        self.period_kind.currentIndexChanged.connect(lambda _i: self._period_kind_changed())
        self.year.valueChanged.connect(lambda _v: self.load())
        self.part.currentIndexChanged.connect(lambda _i: self.load())
        self.start_field.editingFinished.connect(self.load)
        self.end_field.editingFinished.connect(self.load)
        self.compare.toggled.connect(lambda _on: self.load())
        self.indicator.currentIndexChanged.connect(lambda _i: self._show_rows())
        self.table.doubleClicked.connect(lambda _i: self.open_records())
        self.records_button.clicked.connect(self.open_records)
        self.report_button.clicked.connect(self.quality_report)

    # --- the period and the breakdown ------------------------------------------------------------

    def _period_kind_changed(self, load: bool = True) -> None:
        kind = self.period_kind.currentData()
        today = self.context.today()
        self.part.blockSignals(True)
        self.part.clear()
        if kind == "quarter":
            for q in range(1, 5):
                self.part.addItem(_("Q{number}").format(number=q), q)
            self.part.setCurrentIndex((today.month - 1) // 3)
        elif kind == "month":
            for m in range(1, 13):
                self.part.addItem(format_date(date(2000, m, 1), "LLLL"), m)
            self.part.setCurrentIndex(today.month - 1)
        self.part.blockSignals(False)
        self.part.setVisible(kind in ("quarter", "month"))
        self.year.setVisible(kind != "range")
        for w in (self.start_field, self.to_label, self.end_field):
            w.setVisible(kind == "range")
        if load:
            self.load()

    def set_period(self, kind: str, year: int | None = None, part: int | None = None,
                   start: date | None = None, end: date | None = None) -> None:
        """Choose a period as a person would with the controls (and load it once)."""
        self.blockSignals(True)
        for w in (self.period_kind, self.year, self.part):
            w.blockSignals(True)
        self.period_kind.setCurrentIndex(PERIOD_KINDS.index(kind))
        for w in (self.period_kind, self.year, self.part):
            w.blockSignals(False)
        self.blockSignals(False)
        self.year.blockSignals(True)
        if year is not None:
            self.year.setValue(year)
        self.year.blockSignals(False)
        if start is not None:
            self.start_field.set_date(start)
        if end is not None:
            self.end_field.set_date(end)
        self._period_kind_changed()
        if part is not None and kind in ("quarter", "month"):
            self.part.setCurrentIndex(part - 1)  # loads again

    def period(self) -> tuple[date, date]:
        kind, year = self.period_kind.currentData(), self.year.value()
        if kind == "year":
            return date(year, 1, 1), date(year, 12, 31)
        if kind == "quarter":
            first = date(year, 3 * (self.part.currentData() or 1) - 2, 1)
            return first, month_end(date(year, first.month + 2, 1))
        if kind == "month":
            first = date(year, self.part.currentData() or 1, 1)
            return first, month_end(first)
        (start, end), unread = read_fields(self.start_field, self.end_field)
        if unread:  # both dates' messages at once
            raise ValidationError(unread)
        errors = self.context.services.outcomes.window  # the service's own words for a wrong range
        return errors(start, end).start, errors(start, end).end

    def breakdown(self) -> tuple[str, ...]:
        return tuple(d for d in BREAKDOWNS if self.breakdown_actions[d].isChecked())

    def set_breakdown(self, *dims: str) -> None:
        for d, action in self.breakdown_actions.items():
            action.blockSignals(True)
            action.setChecked(d in dims)
            action.blockSignals(False)
        self._breakdown_changed()

    def _update_breakdown_text(self) -> None:
        dims = self.breakdown()
        self.breakdown_button.setText(", ".join(str(DIM_TITLES[d]) for d in dims) if dims else _("nothing (all together)"))

    def _breakdown_changed(self) -> None:
        self._update_breakdown_text()
        self.load()

    # --- reading and showing -----------------------------------------------------------------------

    def refresh(self) -> None:
        """On showing the area: the figures are read the first time only, once the area is drawn (a read holds
        Python's lock while it prepares its statements, which would slow the drawing down). Shown again while that
        read is still running, the area waits for it rather than starting it over (reading everything twice)."""
        if self.figures is None and not self._load_queued and not self.reader.pending(self._figures_read):
            self._load_queued = True
            self.status.setText(_("Reading the figures…"))
            QTimer.singleShot(250, self._queued_load)  # should no drawing come (a window minimised meanwhile)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self._load_queued:  # the area is being drawn: its read starts once this drawing is done
            QTimer.singleShot(0, self._queued_load)

    def _queued_load(self) -> None:
        if not self._load_queued:
            return
        self._load_queued = False
        if self.figures is None and not self.reader.pending(self._figures_read):  # not read meanwhile
            self.load()

    def load(self) -> None:
        if getattr(self, "_read_once", False):
            set_message(self.message, "")
        try:
            start, end = self.period()
        except ValidationError as exc:
            set_message(self.message, "; ".join(exc.field_errors.values()))
            return
        dims, compare = self.breakdown(), self.compare.isChecked()
        self.start, self.end = start, end
        services, actor = self.context.services, self.context.actor
        self._figures_read = self.reader.run(lambda: read_figures(services, actor, start, end, dims, compare),
                                             self.show_figures, self._failed)

    def _busy(self, busy: bool) -> None:
        if busy:
            self.status.setText(_("Reading the figures…"))
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    def _failed(self, exc: BaseException) -> None:
        self.status.setText("")
        if isinstance(exc, ValidationError):
            set_message(self.message, "; ".join(exc.field_errors.values()))
        else:
            set_message(self.message, str(exc) if isinstance(exc, BenchError)
                        else _("Could not read the figures: {error}").format(error=exc))

    def show_figures(self, figures: ScreenFigures) -> None:
        first_read, self._read_once = not getattr(self, "_read_once", False), True
        if first_read and self._step_back_from_empty_year(figures):
            return
        self.figures = figures
        compare = figures.previous is not None
        before = period_label(figures.previous.start, figures.previous.end) if compare else ""
        self.model = OutcomesTableModel(figures.dims, compare, before, self)
        self.table.setModel(self.model)
        # The selection, not the current row: a click moves the current row before it selects, so the charts,
        # which read the selected row, would draw the row chosen before.
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_charts())
        previous = {stratum_key(v): v for v in figures.previous.values} if compare else {}
        dims = set(figures.dims)
        self.rows = [OutcomeRow(v, previous.get(stratum_key(v))) for v in figures.current.values
                     if {k for k, _ in v.stratum} <= dims | {"population"}]
        self._rebuild_filters()
        self._show_rows()
        current = figures.current
        period = _("{period} ({start} to {end})").format(
            period=period_label(current.start, current.end), start=format_date(current.start),
            end=format_date(current.end))
        figures_text = ngettext("{count} figure", "{count} figures", len(self.rows)).format(
            count=format_number(len(self.rows)))
        self.status.setText((_("{period}, against {before}: {figures}.") if compare else
                             _("{period}: {figures}.")).format(period=period, before=before, figures=figures_text))

    def _step_back_from_empty_year(self, figures: ScreenFigures) -> bool:
        """Early in a year nothing is recorded yet: the area opens on the year before, and says so."""
        empty = not any(v.denominator for v in figures.current.values)
        if not (empty and self.period_kind.currentData() == "year" and self.year.value() == self.context.today().year):
            return False
        self.year.setValue(self.year.value() - 1)  # reads that year
        self._said(_("Nothing recorded in {year} yet: showing {shown}.").format(
            year=self.context.today().year, shown=self.year.value()), False)
        return True

    def _rebuild_filters(self) -> None:
        kept = {d: c.currentData() for d, c in self.filters.items()}
        while self.filter_row.count():
            w = self.filter_row.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        self.filters = {}
        if not self.figures or not self.figures.dims:
            return
        self.filter_row.addWidget(QLabel(_("Show only:"), self))
        for d in self.figures.dims:
            combo = QComboBox(self)
            combo.setObjectName(f"only_{d}")
            combo.addItem(_("every {what}").format(what=str(DIM_TITLES[d]).lower()), ALL)
            for value in sorted({r.stratum(d) for r in self.rows} - {"all"}):
                combo.addItem(stratum_value_text(d, value), value)
            index = combo.findData(kept.get(d, ALL))
            combo.setCurrentIndex(max(index, 0))
            combo.currentIndexChanged.connect(lambda _i: self._show_rows())
            combo.setMaximumWidth(260)
            self.filters[d] = combo
            self.filter_row.addWidget(combo)
        self.filter_row.addStretch(1)

    def only(self) -> dict[str, str]:
        return {d: c.currentData() for d, c in self.filters.items() if c.currentData() != ALL}

    def set_only(self, **values: str) -> None:
        for d, value in values.items():
            combo = self.filters[d]
            combo.setCurrentIndex(combo.findData(value))

    def shown_rows(self) -> list[OutcomeRow]:
        indicator = self.indicator.currentData()
        only = self.only()
        out = []
        for r in self.rows:
            keys = {k for k, _ in r.value.stratum}
            if indicator != ALL and r.value.indicator != indicator:
                continue
            if only and not keys >= set(only):
                continue
            if any(r.stratum(d) != v for d, v in only.items()):
                continue
            out.append(r)
        return out

    def _show_rows(self) -> None:
        selected = self.selected_value()
        self.model.set_rows(self.shown_rows())
        self.columns.fit_columns()
        row = 0
        if selected is not None:
            row = next((i for i, r in enumerate(self.model.rows()) if r.value.indicator == selected.indicator
                        and r.value.stratum == selected.stratum), 0)
        drawn = self._charts_drawn
        if self.model.rowCount():
            select_row(self.table, row)       # a new selection draws the charts (selectionChanged)
        if self._charts_drawn == drawn:       # the same row, or none: draw them here, once
            self._show_charts()

    def selected_value(self):
        row = selected_row(self.table) if self.table.selectionModel() else None
        return row.value if row is not None else None

    def _show_charts(self) -> None:
        self._charts_drawn += 1
        value = self.selected_value()
        if self.figures is None or value is None:
            self.trend_chart.set_data(None, _("Choose a figure in the table."))
            self.comparison_chart.set_data(None, _("Choose a figure in the table."))
            return
        only = self.only()
        trend = trend_chart_data(self.figures.trend, value.indicator, self.figures.dims, only)
        # the indicator on the title line, what it is drawn against on the muted line under it: a long
        # indicator name in a long language still fits the chart's width
        self.trend_chart.set_data(replace(trend, title=value.title), subtitle=_("per quarter"))
        free = tuple(d for d in self.figures.dims if d not in only)
        values = [r.value for r in self.model.rows() if r.value.indicator == value.indicator
                  and {k for k, _ in r.value.stratum} == set(self.figures.dims)]
        per = ", ".join(str(DIM_TITLES[d]).lower() for d in free)
        fixed = ", ".join(stratum_value_text(d, v) for d, v in only.items())
        subtitle = " ".join(filter(None, (_("per {breakdown}").format(breakdown=per) if per else "",
                                          f"({fixed})" if fixed else "")))
        self.comparison_chart.set_data(comparison_chart_data(values, free, None, value.title),
                                       _("Break the figures down (surgeon, embryologist, …) to compare them."),
                                       subtitle=subtitle)

    # --- actions -------------------------------------------------------------------------------------

    def _said(self, text: str, error: bool) -> None:
        self.message.setStyleSheet("color: #b3261e;" if error else "color: #1e6b32;")
        set_message(self.message, text)

    def _export_title(self) -> str:
        dims = ", ".join(str(DIM_TITLES[d]) for d in self.figures.dims) if self.figures else ""
        if dims:
            return _("Outcomes {start} to {end} by {breakdown}").format(
                start=isolate(self.start.isoformat()), end=isolate(self.end.isoformat()), breakdown=dims)
        return isolated(_("Outcomes {start} to {end}"), start=self.start.isoformat(), end=self.end.isoformat())

    def _export_name(self) -> str:
        return f"outcomes-{self.start.isoformat()}-to-{self.end.isoformat()}"

    def open_records(self) -> None:
        value = self.selected_value()
        if value is None:
            self._said(_("Choose a figure in the table first."), True)
            return
        dialog = FigureRecordsDialog(self.context, value, self.start, self.end, self.file_chooser, self)
        open_dialog(self, dialog)

    def quality_report(self) -> None:
        services, actor = self.context.services, self.context.actor
        start, end, dims, compare = self.start, self.end, self.breakdown(), self.compare.isChecked()
        reports = services.quality_report
        self.status.setText(_("Making the quality report…"))

        def make():
            data = reports.data(actor, start=start, end=end, by=dims, compare=compare)
            return data, reports.render(data)

        self.reader.run(make, lambda made: self._preview(*made), self._failed)

    def _preview(self, data, rendered) -> None:
        self.status.setText("")
        reports, actor = self.context.services.quality_report, self.context.actor
        pages = ngettext("{count} page.", "{count} pages.", rendered.pages).format(count=format_number(rendered.pages))
        details = pages + " " + isolated(_("Print… or Save as PDF… issues it signed by the lab, recorded under {person} once "
                                  "printed or saved."), person=actor.full_name)
        open_dialog(self, PrintPreviewDialog(
            rendered.pdf, title=data.title, filename=data.filename, details=details, file_chooser=self.file_chooser,
            parent=self, issue=lambda deliver: reports.issue(actor, start=data.start, end=data.end,
                                                             deliver=deliver, data=data)))
