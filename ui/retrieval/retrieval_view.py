"""The Sperm retrieval area: the list of procedures, and one procedure with Back to the list."""

from __future__ import annotations

from bench_app.services.scan_service import ScanTarget
from ui.qt import QHBoxLayout, QPushButton, QStackedWidget, QVBoxLayout, QWidget
from ui.retrieval.procedure_list_view import ProcedureListView
from ui.retrieval.procedure_view import ProcedureView
from ui.shell.bench_context import BenchContext


class RetrievalView(QWidget):
    def __init__(self, context: BenchContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(8)
        bar = QHBoxLayout()
        self.back_button = QPushButton("‹ Procedures", self)
        self.back_button.setObjectName("backButton")
        self.back_button.setShortcut("Alt+Left")
        self.back_button.setToolTip("Back to the list of procedures (Alt+Left)")
        bar.addWidget(self.back_button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.pages = QStackedWidget(self)
        self.list_view = ProcedureListView(context, self.pages)
        self.procedure_view = ProcedureView(context, self.pages)
        self.pages.addWidget(self.list_view)
        self.pages.addWidget(self.procedure_view)
        layout.addWidget(self.pages, 1)
        self.list_view.procedureActivated.connect(self.show_procedure)
        self.back_button.clicked.connect(self.show_list)
        self.show_list()

    def current_page(self) -> QWidget:
        return self.pages.currentWidget()

    def show_list(self) -> None:
        self.pages.setCurrentWidget(self.list_view)
        self.back_button.hide()
        self.list_view.refresh()
        self.list_view.table.setFocus()

    def show_procedure(self, procedure_id: int, sample_id: int | None = None) -> None:
        self.procedure_view.load(procedure_id, select_sample_id=sample_id)
        self.pages.setCurrentWidget(self.procedure_view)
        self.back_button.show()

    def new_procedure(self, patient_id: int | None = None) -> None:
        """Start a procedure, for a given patient if one is named."""
        self.show_list()
        self.list_view.new_procedure(patient_id)

    def open_scanned(self, target: ScanTarget) -> bool:
        """Open the procedure of a scanned sample code; False if the sample belongs to none."""
        if target.kind != "sample":
            return False
        sample = self.context.services.retrieval.get_sample(target.id)
        if sample.procedure_id is None:
            return False
        self.show_procedure(sample.procedure_id, sample.id)
        return True

    def refresh(self) -> None:
        self.current_page().refresh()
