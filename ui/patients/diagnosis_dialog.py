"""Record the male partner's diagnosis: OA, NOA or other, the etiology, when, and notes."""

from __future__ import annotations

from bench_app.domain.enums import AzoospermiaType, Etiology
from bench_app.i18n import _, isolated
from bench_app.services.patients_dto import DiagnosisInfo, PatientSummary
from ui.common.bidi import person
from ui.common.dates import DateFieldEdit
from ui.common.form import ErrorForm
from ui.common.service_dialog import ServiceDialog
from ui.qt import QComboBox, QLineEdit, QWidget
from ui.shell.bench_context import BenchContext


class DiagnosisDialog(ServiceDialog):
    def __init__(self, context: BenchContext, patient: PatientSummary, parent: QWidget | None = None):
        super().__init__(_("Record diagnosis"), parent, ok_text=_("Record"),
                         intro=isolated(_("Male partner: {name} ({mrn})"), name=person(patient), mrn=patient.mrn))
        self.context = context
        self.patient = patient
        form = self.add_form(ErrorForm(parent=self))
        self.azoospermia_type = QComboBox(self)
        self.azoospermia_type.setObjectName("azoospermiaType")
        for value in AzoospermiaType:
            self.azoospermia_type.addItem(value.label, value.value)
        self.etiology = QComboBox(self)
        self.etiology.setObjectName("etiology")
        self.etiology.setEditable(True)
        self.etiology.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for value in Etiology:  # the name in the screen's language; the English code is what is stored
            self.etiology.addItem(value.label, value.value)
        self.etiology.setCurrentIndex(-1)
        self.etiology.lineEdit().setPlaceholderText(_("Choose from the list or type"))
        self.diagnosed_on = DateFieldEdit("diagnosed_on", context.today(), self)
        self.diagnosed_on.setObjectName("diagnosedOn")
        self.notes = QLineEdit(self)
        self.notes.setObjectName("notes")
        form.add_row("azoospermia_type", _("Azoospermia"), self.azoospermia_type)
        form.add_row("etiology", _("Etiology"), self.etiology)
        form.add_row("diagnosed_on", _("Diagnosed on"), self.diagnosed_on)
        form.add_row("notes", _("Notes"), self.notes)
        self.setMinimumWidth(500)
        self.azoospermia_type.setFocus()

    def save(self) -> DiagnosisInfo:
        (diagnosed_on,) = self.read_dates(self.diagnosed_on)
        return self.context.services.patients.record_diagnosis(
            self.context.actor, patient_id=self.patient.id,
            azoospermia_type=self.azoospermia_type.currentData(),
            etiology=self._etiology(), diagnosed_on=diagnosed_on,
            notes=self.notes.text().strip())

    def _etiology(self) -> str:
        """The chosen etiology's code, or the words typed when they are none of the list's."""
        text = self.etiology.currentText().strip()
        index = self.etiology.findText(text)
        return self.etiology.itemData(index) if index >= 0 else text
