"""Record a signed consent: which uses it permits, when it was signed, and the storage expiry."""

from __future__ import annotations

from typing import Sequence

from bench_app.domain.enums import ConsentUse
from bench_app.i18n import _
from bench_app.services.patients_dto import ConsentInfo, PatientSummary
from ui.common.bidi import person
from ui.common.dates import DateFieldEdit
from ui.common.form import ErrorForm
from ui.common.service_dialog import ServiceDialog
from ui.qt import QCheckBox, QComboBox, QGridLayout, QLabel, QLineEdit, QWidget
from ui.shell.bench_context import BenchContext


class ConsentDialog(ServiceDialog):
    def __init__(self, context: BenchContext, patients: Sequence[PatientSummary], parent: QWidget | None = None):
        super().__init__(_("Record consent"), parent, ok_text=_("Record"))
        if not patients:
            raise ValueError("a consent needs a patient")
        self.context = context
        self.patients = list(patients)
        form = self.add_form(ErrorForm(parent=self))
        if len(self.patients) > 1:
            self.patient = QComboBox(self)
            self.patient.setObjectName("consentPatient")
            for p in self.patients:
                self.patient.addItem(f"{person(p)} ({p.mrn})", p.id)
            form.add_row("patient_id", _("Patient"), self.patient)
        else:
            self.patient = None
            only = self.patients[0]
            form.add_row("patient_id", _("Patient"), QLabel(f"{person(only)} ({only.mrn})", self))
        uses = QWidget(self)
        grid = QGridLayout(uses)
        grid.setContentsMargins(0, 0, 0, 0)
        self.use_boxes: dict[str, QCheckBox] = {}
        for i, use in enumerate(ConsentUse):
            box = QCheckBox(use.label.capitalize(), uses)
            box.setObjectName(f"use_{use.value}")
            self.use_boxes[use.value] = box
            grid.addWidget(box, i // 3, i % 3)
        form.add_row("permitted_uses", _("Permits"), uses)
        self.signed_on = DateFieldEdit("signed_on", context.today(), self)
        self.signed_on.setObjectName("signedOn")
        self.storage_expiry = DateFieldEdit("storage_expiry", None, self)
        self.storage_expiry.setObjectName("storageExpiry")
        self.storage_expiry.setToolTip(_("Required when the consent permits storage"))
        self.notes = QLineEdit(self)
        self.notes.setObjectName("notes")
        form.add_row("signed_on", _("Signed on"), self.signed_on)
        form.add_row("storage_expiry", _("Storage expiry"), self.storage_expiry)
        form.add_row("notes", _("Notes"), self.notes)
        self.setMinimumWidth(520)
        (self.patient or self.use_boxes[ConsentUse.TREATMENT.value]).setFocus()

    def selected_patient_id(self) -> int:
        return self.patient.currentData() if self.patient is not None else self.patients[0].id

    def save(self) -> ConsentInfo:
        signed_on, expiry = self.read_dates(self.signed_on, self.storage_expiry)
        uses = [value for value, box in self.use_boxes.items() if box.isChecked()]
        return self.context.services.patients.record_consent(
            self.context.actor, patient_id=self.selected_patient_id(), permitted_uses=uses,
            signed_on=signed_on, storage_expiry=expiry, notes=self.notes.text().strip())
