"""The man's treatments before retrieval as a section of the couple's record: add, correct, remove."""

from __future__ import annotations

from bench_app.i18n import _
from bench_app.services.patients_dto import PatientSummary
from ui.common.dialog_host import open_dialog
from ui.common.table_section import TableSectionWidget
from ui.outcomes.treatment_dialog import RemoveTreatmentDialog, TreatmentDialog
from ui.outcomes.treatment_table_model import TreatmentTableModel
from ui.qt import QPushButton, QVBoxLayout, QWidget
from ui.shell.bench_context import BenchContext


class TreatmentsSection(QWidget):
    def __init__(self, context: BenchContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.man: PatientSummary | None = None
        self.active_dialog = None
        self.add_button = QPushButton(_("Add treatment…"), self)
        self.add_button.setObjectName("addTreatmentButton")
        self.correct_button = QPushButton(_("Correct…"), self)
        self.remove_button = QPushButton(_("Remove…"), self)
        self.model = TreatmentTableModel(self)
        self.section = TableSectionWidget(
            _("Treatment before retrieval"), self.model, empty_text=_("No treatment before retrieval recorded."),
            buttons=[self.add_button, self.correct_button, self.remove_button],
            stretch_column=TreatmentTableModel.Column.DETAIL, parent=self)
        self.table = self.section.table
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.section)
        self.add_button.clicked.connect(self.add)
        self.correct_button.clicked.connect(self.correct)
        self.remove_button.clicked.connect(self.remove)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

    def load(self, man: PatientSummary) -> None:
        self.man = man
        self.section.set_rows(self.context.services.outcome_records.treatments_of_patient(man.id))
        self._update_buttons()

    def _selected(self):
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() and self.table.selectionModel().hasSelection() \
            else None

    def _update_buttons(self, *_) -> None:
        chosen = self._selected() is not None
        self.correct_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    def add(self) -> None:
        open_dialog(self, TreatmentDialog(self.context, self.man, parent=self), lambda _r: self.load(self.man))

    def correct(self) -> None:
        row = self._selected()
        if row is not None:
            open_dialog(self, TreatmentDialog(self.context, self.man, row, parent=self), lambda _r: self.load(self.man))

    def remove(self) -> None:
        row = self._selected()
        if row is not None:
            open_dialog(self, RemoveTreatmentDialog(self.context, row, parent=self), lambda _r: self.load(self.man))
