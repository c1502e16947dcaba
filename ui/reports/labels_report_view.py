"""Labels in Reports: any sample, device or dish code, what its label says, every print of it, and a reprint."""

from __future__ import annotations

from bench_app.domain.errors import BenchError, ValidationError
from bench_app.i18n import _
from bench_app.services.labels_service import LabelTarget, PrintedLabels
from ui.common.area_focus import mark_search
from ui.common.form import error_label, set_message
from ui.common.headings import heading, muted
from ui.common.table_section import TableSectionWidget
from ui.common.witness_panel import ScanLineEdit
from ui.printing.label_print_dialog import target_text
from ui.printing.label_printing import print_labels
from ui.qt import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from ui.reports.report_table_models import PrintRecordTableModel
from ui.shell.bench_context import BenchContext


class LabelsReportView(QWidget):
    def __init__(self, context: BenchContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.active_dialog = None
        self.target: LabelTarget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 10, 0, 0)
        layout.setSpacing(6)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Sample, device or dish code:"), self))
        self.search = ScanLineEdit(self)
        mark_search(self.search)
        self.search.setObjectName("labelSubject")
        self.search.setPlaceholderText(_("Scan or type, e.g. S-7K3M9Q-X, D-7K3M9Q-X or C-7K3M9Q-X (dish)"))
        self.search.setMinimumWidth(260)
        self.show_button = QPushButton(_("Show"), self)
        self.print_button = QPushButton(_("&Print labels…"), self)
        bar.addWidget(self.search)
        bar.addWidget(self.show_button)
        bar.addStretch(1)
        bar.addWidget(self.print_button)
        layout.addLayout(bar)
        self.error = error_label(self)
        layout.addWidget(self.error)
        self.title = heading("", self, level=2)
        self.title.setObjectName("labelTitle")
        layout.addWidget(self.title)
        self.history = TableSectionWidget(_("Prints of this label"), PrintRecordTableModel(self),
                                          empty_text=_("Never printed."),
                                          stretch_column=PrintRecordTableModel.Column.REASON, max_rows=12, parent=self)
        layout.addWidget(self.history)
        self.placeholder = muted(_("Scan a tube, straw or dish label to see its prints or print it again."), self)
        layout.addWidget(self.placeholder)
        layout.addStretch(1)
        self.search.scanned.connect(self.show_code)
        self.show_button.clicked.connect(lambda: self.show_code(self.search.text()))
        self.print_button.clicked.connect(self.print_label)
        self._show(None)

    def _show(self, target: LabelTarget | None) -> None:
        self.target = target
        self.print_button.setEnabled(target is not None)
        self.title.setVisible(target is not None)
        self.history.setVisible(target is not None)
        self.placeholder.setVisible(target is None)
        if target is not None:
            self.title.setText(target_text(target))
            self.history.set_rows(target.prints)

    def show_code(self, code: str) -> bool:
        set_message(self.error, "")
        try:
            target = self.context.services.labels.target(code.strip())
        except BenchError as exc:
            set_message(self.error, " ".join(exc.field_errors.values()) if isinstance(exc, ValidationError)
                        else str(exc))
            return False
        self._show(target)
        return True

    def refresh(self) -> None:
        if self.target is not None:
            self.show_code(self.target.code)

    def print_label(self) -> None:
        if self.target is not None:
            print_labels(self, self.context, [self.target.code], on_printed=self._printed)

    def _printed(self, _printed: PrintedLabels) -> None:
        self.refresh()
