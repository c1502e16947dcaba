"""Start a retrieval procedure: the man, his cycle if any, and the facts of the operation.

The indication follows the man's latest diagnosis; anaesthesia follows the procedure type
(general for micro-TESE and open TESE, local for needle aspirations); the planned use is
fresh ICSI when a cycle is chosen, freezing otherwise. Every default can be changed.
"""

from __future__ import annotations

from datetime import timedelta

from bench_app.domain.enums import Anaesthesia, PlannedUse, ProcedureType, Sex, Side
from bench_app.domain.errors import ValidationError
from bench_app.i18n import _, _l
from bench_app.services.patients_dto import PatientSummary
from bench_app.services.retrieval_dto import ProcedureInfo
from ui.common.form import ErrorForm
from ui.common.patient_picker import PatientPickerWidget
from ui.common.service_dialog import ServiceDialog
from ui.common.times import DateTimeFieldEdit
from ui.qt import QComboBox, QLineEdit, QWidget
from ui.retrieval.cycle_choice import fill_cycles
from ui.retrieval.retrieval_text import (
    ANAESTHESIA_TEXT, INDICATION_TEXT, PLANNED_USE_TEXT, PROCEDURE_TYPE_TEXT, SIDE_TEXT, fill_combo, select_data,
)
from ui.shell.bench_context import BenchContext

NO_CYCLE = _l("No cycle (e.g. freezing only)")
GENERAL_FOR = {ProcedureType.MICRO_TESE.value, ProcedureType.TESE.value, ProcedureType.MESA.value}


class NewProcedureDialog(ServiceDialog):
    def __init__(self, context: BenchContext, patient: PatientSummary | None = None,
                 parent: QWidget | None = None):
        super().__init__(_("New retrieval procedure"), parent, ok_text=_("Create procedure"))
        self.context = context
        services = context.services
        form = self.add_form(ErrorForm(parent=self))
        self.patient = PatientPickerWidget(services, exclude_sex=Sex.FEMALE, parent=self)
        self.cycle = QComboBox(self)
        self.cycle.setObjectName("cycle")
        self.procedure_type = fill_combo(QComboBox(self), PROCEDURE_TYPE_TEXT)
        self.procedure_type.setObjectName("procedureType")
        self.started_at = DateTimeFieldEdit("started_at", services.ctx.clock, parent=self)
        self.started_at.setObjectName("startedAt")
        self.surgeon = QComboBox(self)
        self.surgeon.setObjectName("surgeon")
        self.surgeon.setEditable(True)
        self.surgeon.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.surgeon.addItems(self._recent_surgeons())
        self.surgeon.setCurrentIndex(-1)
        self.surgeon.lineEdit().setPlaceholderText(_("Name of the surgeon"))
        self.anaesthesia = fill_combo(QComboBox(self), ANAESTHESIA_TEXT)
        self.side = fill_combo(QComboBox(self), SIDE_TEXT)
        select_data(self.side, Side.BOTH)
        self.indication = fill_combo(QComboBox(self), INDICATION_TEXT)
        self.indication.setCurrentIndex(-1)
        self.indication.setPlaceholderText(_("OA, NOA or other"))
        self.planned_use = fill_combo(QComboBox(self), PLANNED_USE_TEXT)
        self.notes = QLineEdit(self)
        self.notes.setObjectName("notes")
        cells = {}
        for key, label, field in (
                ("patient_id", _("Patient"), self.patient), ("cycle_id", _("Cycle"), self.cycle),
                ("procedure_type", _("Procedure"), self.procedure_type), ("started_at", _("Start"), self.started_at),
                ("surgeon", _("Surgeon"), self.surgeon), ("anaesthesia", _("Anaesthesia"), self.anaesthesia),
                ("side", _("Side"), self.side), ("indication", _("Indication"), self.indication),
                ("planned_use", _("Planned use"), self.planned_use), ("notes", _("Notes"), self.notes)):
            cells[key] = form.add_row(key, label, field).parentWidget()
        # The caption sits by the search box, not in the middle of the result list.
        form.layout_.labelForField(cells["patient_id"]).setFixedHeight(self.patient.search.sizeHint().height())
        self.patient.changed.connect(self._patient_chosen)
        self.patient.confirmed.connect(self.cycle.setFocus)
        self.procedure_type.currentIndexChanged.connect(self._type_chosen)
        self.cycle.currentIndexChanged.connect(self._cycle_chosen)
        self._type_chosen()
        if patient is not None:
            self.patient.set_patient(patient)
        else:
            self._patient_chosen(None)
        self.setMinimumWidth(560)
        (self.procedure_type if patient is not None else self.patient).setFocus()

    def _recent_surgeons(self) -> list[str]:
        since = self.context.today() - timedelta(days=365)
        rows = self.context.services.retrieval.list_procedures(since=since)
        return sorted({r.surgeon for r in rows}, key=str.casefold)

    def _patient_chosen(self, patient: PatientSummary | None) -> None:
        if patient is None:
            self.cycle.clear()
            self.cycle.addItem(str(NO_CYCLE), None)
            return
        count = fill_cycles(self.cycle, self.context.services, patient.id, none_text=str(NO_CYCLE))
        self.cycle.setCurrentIndex(1 if count else 0)
        diagnoses = self.context.services.patients.get_patient(patient.id).diagnoses
        if diagnoses:
            select_data(self.indication, diagnoses[-1].azoospermia_type)

    def _type_chosen(self, *_args) -> None:
        general = self.procedure_type.currentData() in GENERAL_FOR
        select_data(self.anaesthesia, Anaesthesia.GENERAL if general else Anaesthesia.LOCAL)

    def _cycle_chosen(self, *_args) -> None:
        fresh = self.cycle.currentData() is not None
        select_data(self.planned_use, PlannedUse.FRESH_ICSI if fresh else PlannedUse.FREEZE)

    def save(self) -> ProcedureInfo:
        (started_at,) = self.read_dates(self.started_at)
        patient = self.patient.patient()
        if patient is None:
            raise ValidationError.single("patient_id", _("Choose the patient: type an MRN or a name."))
        return self.context.services.retrieval.create_procedure(
            self.context.actor, patient_id=patient.id, cycle_id=self.cycle.currentData(),
            procedure_type=self.procedure_type.currentData(), started_at=started_at,
            surgeon=self.surgeon.currentText().strip(), anaesthesia=self.anaesthesia.currentData(),
            side=self.side.currentData(), indication=self.indication.currentData() or "",
            planned_use=self.planned_use.currentData(), notes=self.notes.text().strip())
