"""One patient: identity, couples, and (for a man) his diagnoses; consents; record more."""

from __future__ import annotations

from datetime import date

from bench_app.domain.clock import format_date
from bench_app.domain.enums import Sex
from bench_app.i18n import _, isolated
from bench_app.services.patients_dto import PatientDetail, PatientSummary
from ui.common.dialog_host import open_dialog
from ui.common.headings import heading
from ui.common.table_section import TableSectionWidget
from ui.common.table_view import select_row
from ui.patients.consent_change_dialog import ExtendStorageDialog, WithdrawConsentDialog
from ui.patients.consent_dialog import ConsentDialog
from ui.patients.consent_table_model import ConsentTableModel
from ui.patients.couple_table_model import CoupleTableModel
from ui.patients.diagnosis_dialog import DiagnosisDialog
from ui.patients.diagnosis_table_model import DiagnosisTableModel
from ui.qt import QLabel, QPushButton, QVBoxLayout, QWidget, Signal
from ui.shell.bench_context import BenchContext


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def identity_line(p: PatientSummary, today: date) -> str:
    return isolated(_("MRN {mrn}   ·   born {born} (age {age})   ·   {sex}"),
        mrn=p.mrn, born=format_date(p.date_of_birth), age=age_on(p.date_of_birth, today), sex=p.sex.label)


class PatientDetailView(QWidget):
    coupleActivated = Signal(int)

    def __init__(self, context: BenchContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.detail: PatientDetail | None = None
        self.active_dialog = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.title = heading("", self)
        self.title.setObjectName("patientTitle")
        self.identity = QLabel(self)
        self.identity.setObjectName("patientIdentity")
        layout.addWidget(self.title)
        layout.addWidget(self.identity)

        self.open_couple_button = QPushButton(_("Open couple"), self)
        self.couples_model = CoupleTableModel(self)
        self.couples_section = TableSectionWidget(
            _("Couples"), self.couples_model, empty_text=_("Not part of a registered couple."),
            buttons=[self.open_couple_button], stretch_column=CoupleTableModel.Column.COUPLE, parent=self)
        self.couples = self.couples_section.table
        self.couples.setObjectName("patientCouples")
        layout.addWidget(self.couples_section)

        self.diagnosis_button = QPushButton(_("Record diagnosis…"), self)
        self.diagnoses_model = DiagnosisTableModel(self)
        self.diagnoses_section = TableSectionWidget(
            _("Diagnosis"), self.diagnoses_model, empty_text=_("No diagnosis recorded."),
            buttons=[self.diagnosis_button], stretch_column=DiagnosisTableModel.Column.NOTES, parent=self)
        layout.addWidget(self.diagnoses_section)

        self.consent_button = QPushButton(_("Record consent…"), self)
        self.extend_button = QPushButton(_("Extend storage…"), self)
        self.extend_button.setToolTip(_("Extend the selected consent to storage; the stored devices follow"))
        self.withdraw_button = QPushButton(_("Withdraw…"), self)
        self.withdraw_button.setToolTip(_("Withdraw the selected consent; stored devices go up for review"))
        self.consents_model = ConsentTableModel(self)
        self.consents_section = TableSectionWidget(
            _("Consents"), self.consents_model, empty_text=_("No consent recorded."),
            buttons=[self.consent_button, self.extend_button, self.withdraw_button],
            stretch_column=ConsentTableModel.Column.NOTES, parent=self)
        layout.addWidget(self.consents_section)
        layout.addStretch(1)

        self.couples.activated.connect(lambda index: self.coupleActivated.emit(
            self.couples_model.row_at(index.row()).id))
        self.open_couple_button.clicked.connect(self._open_selected_couple)
        self.diagnosis_button.clicked.connect(self.record_diagnosis)
        self.consent_button.clicked.connect(self.record_consent)
        self.extend_button.clicked.connect(lambda: self._change_consent(ExtendStorageDialog))
        self.withdraw_button.clicked.connect(lambda: self._change_consent(WithdrawConsentDialog))

    def load(self, patient_id: int) -> None:
        detail = self.context.services.patients.get_patient(patient_id)
        self.detail = detail
        p = detail.patient
        self.title.setText(p.listing_name)
        self.identity.setText(identity_line(p, self.context.today()))
        self.couples_section.set_rows(detail.couples)
        self.open_couple_button.setEnabled(bool(detail.couples))
        if detail.couples:
            select_row(self.couples, 0)
        # The diagnosis is the male partner's; a woman's record shows it only if one exists.
        self.diagnoses_section.setVisible(p.sex == Sex.MALE or bool(detail.diagnoses))
        self.diagnosis_button.setVisible(p.sex == Sex.MALE)
        self.diagnoses_section.set_rows(detail.diagnoses)
        self.consents_model.set_patient_names({p.id: p.listing_name})
        self.consents_section.set_rows(detail.consents)
        standing = any(c.withdrawn_on is None for c in detail.consents)
        self.extend_button.setEnabled(standing)
        self.withdraw_button.setEnabled(standing)

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

    def selected_consent(self):
        rows = self.consents_section.table.selectionModel().selectedRows()
        consents = self.consents_model.rows()
        if rows:
            return self.consents_model.row_at(rows[0].row())
        standing = [c for c in consents if c.withdrawn_on is None]
        return standing[-1] if standing else None   # the dialog names the consent it changes

    def _change_consent(self, dialog_class) -> None:
        consent = self.selected_consent()
        if consent is None:
            return
        open_dialog(self, dialog_class(self.context, consent, self), lambda _r: self.refresh())
