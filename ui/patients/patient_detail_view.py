"""One patient: identity, couples, and (for a man) his diagnoses; consents; record more."""

from __future__ import annotations

from datetime import date

from bench_app.domain.clock import format_date
from bench_app.domain.enums import Sex
from bench_app.services.patients_dto import PatientDetail
from ui.common.dialog_host import open_dialog
from ui.common.headings import heading, muted, section_bar
from ui.common.table_view import fit_columns, make_table
from ui.patients.consent_dialog import ConsentDialog
from ui.patients.consent_table_model import ConsentTableModel
from ui.patients.couple_table_model import CoupleTableModel
from ui.patients.diagnosis_dialog import DiagnosisDialog
from ui.patients.diagnosis_table_model import DiagnosisTableModel
from ui.qt import QLabel, QPushButton, QVBoxLayout, QWidget, Signal
from ui.shell.bench_context import BenchContext


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def identity_line(detail_patient, today: date) -> str:
    p = detail_patient
    return (f"MRN {p.mrn}   ·   born {format_date(p.date_of_birth)} (age {age_on(p.date_of_birth, today)})"
            f"   ·   {p.sex.label}")


class PatientDetailView(QWidget):
    coupleActivated = Signal(int)

    def __init__(self, context: BenchContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.detail: PatientDetail | None = None
        self.active_dialog = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.title = heading("", self)
        self.title.setObjectName("patientTitle")
        self.identity = QLabel(self)
        self.identity.setObjectName("patientIdentity")
        layout.addWidget(self.title)
        layout.addWidget(self.identity)

        self.open_couple_button = QPushButton("Open couple", self)
        layout.addLayout(section_bar("Couples", self.open_couple_button, parent=self))
        self.couples_model = CoupleTableModel(self)
        self.couples = make_table(self.couples_model, self, sortable=False, stretch_column=0)
        self.couples.setObjectName("patientCouples")
        layout.addWidget(self.couples, 2)
        self.no_couple = muted("Not part of a registered couple.", self)
        layout.addWidget(self.no_couple)

        self.diagnosis_button = QPushButton("Record diagnosis…", self)
        self.diagnosis_bar = section_bar("Diagnosis", self.diagnosis_button, parent=self)
        layout.addLayout(self.diagnosis_bar)
        self.diagnoses_model = DiagnosisTableModel(self)
        self.diagnoses = make_table(self.diagnoses_model, self, sortable=False)
        layout.addWidget(self.diagnoses, 2)

        self.consent_button = QPushButton("Record consent…", self)
        layout.addLayout(section_bar("Consents", self.consent_button, parent=self))
        self.consents_model = ConsentTableModel(self)
        self.consents = make_table(self.consents_model, self, sortable=False)
        layout.addWidget(self.consents, 2)

        self.couples.activated.connect(lambda index: self.coupleActivated.emit(
            self.couples_model.row_at(index.row()).id))
        self.open_couple_button.clicked.connect(self._open_selected_couple)
        self.diagnosis_button.clicked.connect(self.record_diagnosis)
        self.consent_button.clicked.connect(self.record_consent)

    def load(self, patient_id: int) -> None:
        detail = self.context.services.patients.get_patient(patient_id)
        self.detail = detail
        p = detail.patient
        self.title.setText(p.listing_name)
        self.identity.setText(identity_line(p, self.context.today()))
        self.couples_model.set_rows(detail.couples)
        has_couples = bool(detail.couples)
        self.couples.setVisible(has_couples)
        self.open_couple_button.setEnabled(has_couples)
        self.no_couple.setVisible(not has_couples)
        if has_couples:
            self.couples.selectRow(0)
        is_male = p.sex == Sex.MALE
        self.diagnosis_button.setVisible(is_male)
        self.diagnoses.setVisible(is_male or bool(detail.diagnoses))
        self.diagnosis_bar.itemAt(0).widget().setVisible(is_male or bool(detail.diagnoses))
        self.diagnoses_model.set_rows(detail.diagnoses)
        self.consents_model.set_patient_names({p.id: p.listing_name})
        self.consents_model.set_rows(detail.consents)
        for table in (self.couples, self.diagnoses, self.consents):
            fit_columns(table)

    def refresh(self) -> None:
        if self.detail is not None:
            self.load(self.detail.patient.id)

    def _open_selected_couple(self) -> None:
        rows = self.couples.selectionModel().selectedRows()
        if rows:
            self.coupleActivated.emit(self.couples_model.row_at(rows[0].row()).id)

    def record_diagnosis(self) -> None:
        dialog = DiagnosisDialog(self.context, self.detail.patient, self)
        open_dialog(self, dialog, lambda _r: self.refresh())

    def record_consent(self) -> None:
        dialog = ConsentDialog(self.context, [self.detail.patient], self)
        open_dialog(self, dialog, lambda _r: self.refresh())
