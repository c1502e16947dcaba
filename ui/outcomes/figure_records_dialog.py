"""The records behind one figure: its numerator and its denominator, each a list that opens a record.

The lists come from the OutcomesService (``records``), read off the GUI thread; a double-click or
"Open" closes the dialog and opens the record in its area (record_links). Each list exports as
CSV or XLSX.
"""

from __future__ import annotations

from bench_app.domain.errors import BenchError
from bench_app.domain.quality_report import fraction_text, rate_text
from bench_app.i18n import _, _l, format_date, format_number, isolate, isolated
from bench_app.services.outcomes_dto import IndicatorRecords, IndicatorValue, RecordRef
from ui.common.background import BackgroundReader
from ui.common.column_table_model import ColumnSpec, ColumnTableModel
from ui.common.focus_order import order_tab_chain
from ui.common.form import error_label, set_message
from ui.common.headings import heading, muted
from ui.common.table_export import TableExporter
from ui.common.table_view import fit_columns, make_table, selected_row
from ui.outcomes.record_links import KIND_TITLES, open_ref
from ui.qt import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

LIMIT = 5000


def record_columns() -> list[ColumnSpec]:
    return [ColumnSpec(_l("Record"), lambda r: r.code),
            ColumnSpec(_l("Kind"), lambda r: str(KIND_TITLES.get(r.kind, r.kind)))]


class FigureRecordsDialog(QDialog):
    def __init__(self, context, value: IndicatorValue, start, end, file_chooser=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.context, self.value, self.start, self.end = context, value, start, end
        self.opened: RecordRef | None = None
        self.setWindowTitle(_("Records behind — {indicator}").format(indicator=value.title))
        self.resize(860, 560)
        layout = QVBoxLayout(self)
        # the figure kept in its own direction: right to left it would read "%0.0 = 0/13"
        layout.addWidget(heading(f"{value.title}: {isolate(f'{fraction_text(value)} = {rate_text(value)}')}", self,
                                 level=2))
        layout.addWidget(muted(_("{group}; {start} to {end}. Double-click a record to open it.").format(
            group=isolate(value.group_text()), start=format_date(start), end=format_date(end)), self))
        self.status = QLabel(_("Reading the records…"), self)
        self.status.setObjectName("recordsStatus")
        layout.addWidget(self.status)
        row = QHBoxLayout()
        row.setSpacing(24)   # two columns apart more than a list from its buttons: each is read (and Tabbed) through in turn
        self.lists = {}
        for part, name, what in (("numerator", _("Numerator"), value.numerator_text or _("counted")),
                                 ("denominator", _("Denominator"), value.denominator_text)):
            box = QVBoxLayout()
            box.setSpacing(6)
            title = QLabel(_("<b>{part}</b>: {what}").format(part=name, what=what), self)
            title.setWordWrap(True)
            box.addWidget(title)
            model = ColumnTableModel(record_columns(), self)
            table = make_table(model, self)
            table.setObjectName(f"{part}Table")
            table.doubleClicked.connect(lambda _i, t=table: self.open_selected(t))
            box.addWidget(table, 1)
            exporter = TableExporter(self, lambda t=table: t.model(), lambda p=name: f"{value.title} — {p}",
                                     lambda p=part: f"{value.indicator}-{p}", self._said, file_chooser)
            bar = QHBoxLayout()
            open_button = QPushButton(_("Open"), self)
            open_button.clicked.connect(lambda _c=False, t=table: self.open_selected(t))
            bar.addWidget(open_button)
            bar.addStretch(1)
            for b in exporter.buttons.values():
                bar.addWidget(b)
            box.addLayout(bar)
            row.addLayout(box, 1)
            self.lists[part] = (title, model, table, exporter)
        layout.addLayout(row, 1)
        self.message = error_label(self)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.reader = BackgroundReader(self)
        actor, outcomes = context.actor, context.services.outcomes
        self.reader.run(lambda: outcomes.records(actor, value.indicator, start=start, end=end,
                                                 stratum=value.stratum, limit=LIMIT),
                        self.show_records, self._failed)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        order_tab_chain(self)

    def show_records(self, records: IndicatorRecords) -> None:
        for part, refs in (("numerator", records.numerator), ("denominator", records.denominator)):
            _title, model, table, _exporter = self.lists[part]
            model.set_rows(refs)
            fit_columns(table)
        if LIMIT in (len(records.numerator), len(records.denominator)):
            text = _("{numerator} in the numerator, {denominator} in the denominator (the first {limit} of each list).")
        else:
            text = _("{numerator} in the numerator, {denominator} in the denominator.")
        self.status.setText(text.format(numerator=format_number(len(records.numerator)),
                                        denominator=format_number(len(records.denominator)),
                                        limit=format_number(LIMIT)))

    def _failed(self, exc: BaseException) -> None:
        self.status.setText("")
        set_message(self.message, str(exc) if isinstance(exc, BenchError)
                    else _("Could not read the records: {error}").format(error=exc))

    def _said(self, text: str, error: bool) -> None:
        self.message.setStyleSheet("color: #b3261e;" if error else "color: #1e6b32;")
        set_message(self.message, text)

    def open_selected(self, table) -> None:
        ref = selected_row(table)
        if ref is None:
            return
        try:
            open_ref(self.context, ref)
        except (BenchError, ValueError) as exc:
            self._said(isolated(_("Could not open {code}: {error}"), code=ref.code, error=str(exc)), True)
            return
        self.opened = ref
        self.accept()
