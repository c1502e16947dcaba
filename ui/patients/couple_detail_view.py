"""One couple: both partners, their cycles, the male diagnosis, consents of both."""

from __future__ import annotations

from bench_app.i18n import _
from bench_app.services.patients_dto import CoupleDetail, PatientSummary
from ui.common.bidi import couple_title, person
from ui.common.dialog_host import open_dialog
from ui.common.headings import heading
from ui.common.table_section import TableSectionWidget
from ui.patients.consent_dialog import ConsentDialog
from ui.patients.consent_table_model import ConsentTableModel
from ui.patients.cycle_table_model import CycleTableModel
from ui.patients.diagnosis_dialog import DiagnosisDialog
from ui.patients.diagnosis_table_model import DiagnosisTableModel
from ui.patients.new_cycle_dialog import NewCycleDialog
from ui.outcomes.cycle_outcome_dialog import CycleOutcomeDialog
from ui.outcomes.outcome_text import workup_summary
from ui.outcomes.treatments_section import TreatmentsSection
from ui.outcomes.workup_dialog import WorkupDialog
from ui.patients.patient_detail_view import identity_line
from ui.qt import QGridLayout, QLabel, QPushButton, Qt, QVBoxLayout, QWidget, Signal
from ui.shell.bench_context import BenchContext


class CoupleDetailView(QWidget):
    patientActivated = Signal(int)

    def __init__(self, context: BenchContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.detail: CoupleDetail | None = None
        self.active_dialog = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.title = heading("", self)
        self.title.setObjectName("coupleTitle")
        self.title.setWordWrap(True)
        layout.addWidget(self.title)

        partners = QGridLayout()
        partners.setHorizontalSpacing(12)
        partners.setVerticalSpacing(4)
        self.male_line = QLabel(self)
        self.female_line = QLabel(self)
        self.open_male = QPushButton(_("Open"), self)
        self.open_female = QPushButton(_("Open"), self)
        for row, (caption, line, button) in enumerate(((_("Male partner"), self.male_line, self.open_male),
                                                       (_("Female partner"), self.female_line, self.open_female))):
            label = QLabel(caption, self)
            label.setStyleSheet("font-weight: 600;")
            partners.addWidget(label, row, 0)
            partners.addWidget(line, row, 1)
            partners.addWidget(button, row, 2, Qt.AlignmentFlag.AlignLeft)
        partners.setColumnStretch(3, 1)
        layout.addLayout(partners)

        self.new_cycle_button = QPushButton(_("New cycle…"), self)
        self.new_cycle_button.setObjectName("newCycleButton")
        self.outcome_button = QPushButton(_("Outcome…"), self)
        self.outcome_button.setObjectName("outcomeButton")
        self.outcome_button.setToolTip(_("Transfer, pregnancy test, clinical pregnancy and live birth of the chosen "
                                         "ICSI cycle"))
        self.cycles_model = CycleTableModel(self)
        self.cycles_section = TableSectionWidget(
            _("Cycles"), self.cycles_model, empty_text=_("No cycle yet. Start one with New cycle…"),
            buttons=[self.outcome_button, self.new_cycle_button], stretch_column=CycleTableModel.Column.NOTES, max_rows=10, parent=self)
        self.cycles = self.cycles_section.table
        self.cycles.setObjectName("coupleCycles")
        layout.addWidget(self.cycles_section)

        self.diagnosis_button = QPushButton(_("Record diagnosis…"), self)
        self.diagnosis_button.setObjectName("diagnosisButton")
        self.workup_button = QPushButton(_("Work-up…"), self)
        self.workup_button.setObjectName("workupButton")
        self.workup_button.setToolTip(_("Hormones, testicular volumes, genetics, histology and history of the chosen "
                                        "(else the latest) diagnosis"))
        self.diagnoses_model = DiagnosisTableModel(self)
        self.diagnoses_section = TableSectionWidget(
            _("Male diagnosis"), self.diagnoses_model, empty_text=_("No diagnosis recorded."),
            buttons=[self.workup_button, self.diagnosis_button], stretch_column=DiagnosisTableModel.Column.NOTES,
            parent=self)
        self.diagnoses = self.diagnoses_section.table
        layout.addWidget(self.diagnoses_section)
        self.workup_line = QLabel(self)
        self.workup_line.setObjectName("workupLine")
        self.workup_line.setWordWrap(True)
        layout.addWidget(self.workup_line)
        self.treatments = TreatmentsSection(context, self)
        layout.addWidget(self.treatments)

        self.consent_button = QPushButton(_("Record consent…"), self)
        self.consent_button.setObjectName("consentButton")
        self.consents_model = ConsentTableModel(self)
        self.consents_section = TableSectionWidget(
            _("Consents"), self.consents_model, empty_text=_("No consent recorded for either partner."),
            buttons=[self.consent_button], stretch_column=ConsentTableModel.Column.NOTES, parent=self)
        self.consents = self.consents_section.table
        layout.addWidget(self.consents_section)
        layout.addStretch(1)

        self.open_male.clicked.connect(lambda: self.patientActivated.emit(self.detail.couple.male.id))
        self.open_female.clicked.connect(lambda: self.patientActivated.emit(self.detail.couple.female.id))
        self.new_cycle_button.clicked.connect(self.new_cycle)
        self.diagnosis_button.clicked.connect(self.record_diagnosis)
        self.workup_button.clicked.connect(self.record_workup)
        self.outcome_button.clicked.connect(self.record_outcome)
        self.consent_button.clicked.connect(self.record_consent)

    def partners(self) -> list[PatientSummary]:
        couple = self.detail.couple
        return [couple.male] + ([couple.female] if couple.female else [])

    def load(self, couple_id: int) -> None:
        detail = self.context.services.patients.get_couple(couple_id)
        self.detail = detail
        couple = detail.couple
        today = self.context.today()
        self.title.setText(couple_title(couple))
        self.male_line.setText(f"{person(couple.male)}   ·   {identity_line(couple.male, today)}")
        if couple.female is not None:
            self.female_line.setText(f"{person(couple.female)}   ·   {identity_line(couple.female, today)}")
        else:
            self.female_line.setText(_("None: sperm banking for the man alone"))
        self.open_female.setVisible(couple.female is not None)
        self.cycles_section.set_rows(detail.cycles)
        self.diagnoses_section.set_rows(detail.diagnoses)
        self.workup_button.setEnabled(bool(detail.diagnoses))
        self.outcome_button.setEnabled(any(c.cycle_type.value in ("icsi", "frozen_sperm_icsi") for c in detail.cycles))
        latest = detail.diagnoses[-1] if detail.diagnoses else None
        self.workup_line.setVisible(latest is not None)
        if latest is not None:
            self.workup_line.setText(workup_summary(self.context.services.outcome_records.workup_of_diagnosis(latest.id)))
        self.treatments.setVisible(bool(detail.diagnoses))
        if detail.diagnoses:
            self.treatments.load(couple.male)
        self.consents_model.set_patient_names({p.id: p.listing_name for p in self.partners()})
        self.consents_section.set_rows(detail.consents)

    def refresh(self) -> None:
        if self.detail is not None:
            self.load(self.detail.couple.id)

    def new_cycle(self) -> None:
        open_dialog(self, NewCycleDialog(self.context, self.detail.couple, self), lambda _r: self.refresh())

    def record_diagnosis(self) -> None:
        open_dialog(self, DiagnosisDialog(self.context, self.detail.couple.male, self), lambda _r: self.refresh())

    def _chosen(self, section: TableSectionWidget, rows):
        """The row chosen in a section's table, else the newest of ``rows``."""
        index = section.table.currentIndex()
        if index.isValid() and section.table.selectionModel().hasSelection():
            return section.model.row_at(index.row())
        return rows[-1] if rows else None

    def record_workup(self) -> None:
        diagnosis = self._chosen(self.diagnoses_section, self.detail.diagnoses)
        if diagnosis is None:
            return
        existing = self.context.services.outcome_records.workup_of_diagnosis(diagnosis.id)
        open_dialog(self, WorkupDialog(self.context, self.detail.couple.male, diagnosis, existing, self),
                    lambda _r: self.refresh())

    def record_outcome(self) -> None:
        icsi = [c for c in self.detail.cycles if c.cycle_type.value in ("icsi", "frozen_sperm_icsi")]
        cycle = self._chosen(self.cycles_section, icsi[::-1])  # cycles are listed newest first
        if cycle is None:
            return
        existing = self.context.services.outcome_records.outcome_of_cycle(cycle.id)
        open_dialog(self, CycleOutcomeDialog(self.context, cycle, couple_title(self.detail.couple), existing, self),
                    lambda _r: self.refresh())

    def record_consent(self) -> None:
        open_dialog(self, ConsentDialog(self.context, self.partners(), self), lambda _r: self.refresh())
