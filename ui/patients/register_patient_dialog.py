"""Register one patient without a couple (e.g. a partner to be linked later)."""

from __future__ import annotations

from bench_app.i18n import _
from bench_app.services.patients_dto import PatientSummary
from ui.common.service_dialog import ServiceDialog
from ui.patients.patient_fields import PatientFieldsForm
from ui.qt import QWidget
from ui.shell.bench_context import BenchContext


class RegisterPatientDialog(ServiceDialog):
    def __init__(self, context: BenchContext, parent: QWidget | None = None):
        super().__init__(_("Register patient"), parent, ok_text=_("Register"))
        self.context = context
        self.fields = self.add_form(PatientFieldsForm("", parent=self))
        self.setMinimumWidth(440)
        self.fields.mrn.setFocus()

    def save(self) -> PatientSummary:
        (dob,) = self.read_dates(self.fields.date_of_birth)
        return self.context.services.patients.register_patient(self.context.actor, **self.fields.values(dob))
