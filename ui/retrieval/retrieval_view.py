"""The Sperm retrieval area: the list of procedures, and one procedure with Back to the list."""

from __future__ import annotations

from bench_app.i18n import _
from bench_app.services.scan_service import ScanTarget
from ui.common.list_detail_area import ListDetailArea
from ui.qt import QWidget
from ui.retrieval.procedure_list_view import ProcedureListView
from ui.retrieval.procedure_view import ProcedureView
from ui.shell.bench_context import BenchContext


class RetrievalView(ListDetailArea):
    def __init__(self, context: BenchContext, parent: QWidget | None = None):
        super().__init__(_("‹ Procedures"), _("Back to the list of procedures"), parent)
        self.context = context
        self.list_view = ProcedureListView(context, self.pages)
        self.procedure_view = ProcedureView(context, self.pages)
        self.set_pages(self.list_view, self.procedure_view)
        self.list_view.procedureActivated.connect(self.show_procedure)
        self.show_list()

    def list_focus(self) -> QWidget:
        return self.list_view.table

    def show_list(self) -> None:
        self.show_list_page()

    def show_procedure(self, procedure_id: int, sample_id: int | None = None) -> None:
        self.procedure_view.load(procedure_id, select_sample_id=sample_id)
        self.show_detail_page()

    def new_procedure(self, patient_id: int | None = None) -> None:
        """Start a procedure, for a given patient if one is named."""
        self.show_list()
        self.list_view.new_procedure(patient_id)

    def open_scanned(self, target: ScanTarget) -> bool:
        """Open the procedure of a scanned sample code; False if the sample belongs to none."""
        if target.kind == "procedure":  # a procedure behind a figure of Outcomes
            self.show_procedure(target.id)
            return True
        if target.kind != "sample":
            return False
        sample = self.context.services.retrieval.get_sample(target.id)
        if sample.procedure_id is None:
            return False
        self.show_procedure(sample.procedure_id, sample.id)
        return True

