"""Record one processing step of a sample; the first step starts processing and is witnessed.

Enzyme, concentration, minutes and temperature are asked only for enzymatic digestion
(37 °C by default). If another patient's material is open at this workstation, the
service refuses; the dialog then names that patient and offers "Go on anyway" with a
reason, which the service records with the step.
"""

from __future__ import annotations

from bench_app.domain.enums import LotKind, ProcessingStepKind, SampleKind
from bench_app.domain.errors import ValidationError
from bench_app.domain.witnessing import procedure_scope
from bench_app.i18n import _, isolated, pgettext
from bench_app.services.patients_dto import PatientSummary
from bench_app.services.processing_service import OtherPatientOpen
from bench_app.services.retrieval_dto import SampleInfo
from ui.common.form import ErrorForm
from ui.common.lot_picker import LotPickerWidget
from ui.common.times import DateTimeFieldEdit
from ui.common.witness_panel import WitnessPanel
from ui.common.witnessed_dialog import WitnessedDialog
from ui.qt import QComboBox, QDoubleSpinBox, QFrame, QLabel, QLineEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget
from ui.retrieval.retrieval_text import LABEL_PAD, STEP_TEXT, fill_combo, intro_label, sample_intro, select_data
from ui.shell.bench_context import BenchContext

ENZYMES = ("collagenase type IV", "collagenase type IA", "DNase I")
ORDER = list(ProcessingStepKind)
WARNING_STYLE = ("QFrame#otherPatientWarning { background: #fff4e5; border: 1px solid #e8a33d; border-radius: 4px; }"
                 " QFrame#otherPatientWarning QLabel { background: transparent; }")


def next_kind(sample: SampleInfo) -> ProcessingStepKind:
    """The step that usually follows the last one recorded."""
    if not sample.steps:
        return ProcessingStepKind.MECHANICAL_MINCING if sample.kind == SampleKind.BIOPSY else ProcessingStepKind.WASH
    return ORDER[min(ORDER.index(sample.steps[-1].kind) + 1, len(ORDER) - 1)]


class AddStepDialog(WitnessedDialog):
    def __init__(self, context: BenchContext, patient: PatientSummary, sample: SampleInfo,
                 parent: QWidget | None = None):
        super().__init__(isolated(_("Processing step: sample {number} ({code})"), number=sample.sample_number, code=sample.code),
                         parent, ok_text=_("Record step"))
        self.content.addWidget(intro_label(sample_intro(patient, sample), self))
        self.context = context
        self.sample = sample
        self.going_on = False
        clock = context.services.ctx.clock
        form = self.add_form(ErrorForm(parent=self))
        self.form = form
        self.kind = fill_combo(QComboBox(self), STEP_TEXT)
        self.kind.setObjectName("kind")
        select_data(self.kind, next_kind(sample))
        self.started_at = DateTimeFieldEdit("started_at", clock, parent=self)
        self.ended_at = DateTimeFieldEdit("ended_at", clock, initial_now=False, required=False, parent=self)
        self.ended_at.setPlaceholderText(_("empty while it runs"))
        self.enzyme = QComboBox(self)
        self.enzyme.setEditable(True)
        self.enzyme.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.enzyme.addItems(ENZYMES)
        self.concentration = QLineEdit(self)
        self.concentration.setPlaceholderText(_("e.g. 1 mg/mL"))
        self.minutes = QSpinBox(self)
        self.minutes.setRange(0, 600)
        self.minutes.setSpecialValueText("—")
        self.minutes.setSuffix(" " + _("min"))
        self.minutes.setValue(30)
        self.temperature = QDoubleSpinBox(self)
        self.temperature.setRange(0.0, 45.0)
        self.temperature.setDecimals(1)
        self.temperature.setSuffix(" " + pgettext("temperature", "°C"))
        self.temperature.setValue(37.0)
        self.medium = LotPickerWidget(context.services, LotKind.MEDIUM, product_hint=_("Medium or enzyme product"),
                                      parent=self)
        self.notes = QLineEdit(self)
        self.notes.setObjectName("notes")
        form.add_row("kind", _("Step"), self.kind)
        form.add_row("started_at", _("Start"), self.started_at)
        form.add_row("ended_at", _("End"), self.ended_at)
        self.enzyme_rows = [form.add_row(key, label, field).parentWidget() for key, label, field in (
            ("enzyme", _("Enzyme"), self.enzyme), ("enzyme_concentration", _("Concentration"), self.concentration),
            ("minutes", _("Minutes"), self.minutes), ("temperature_c", _("Temperature"), self.temperature))]
        form.add_row("medium_lot", _("Medium / lot"), self.medium)
        form.add_row("notes", _("Notes"), self.notes)
        if not sample.steps:
            scope = procedure_scope(sample.procedure_id, sample.patient_id)
            self.add_witness_panel(WitnessPanel(
                [(_("Patient's full name"), patient.full_name), (_("MRN"), patient.mrn), (_("Tube"), sample.code)],
                scan_codes=[sample.code, patient.mrn], parent=self, scope=scope,
                continuing=context.services.witness.continuous_for(context.actor, scope),
                note=_("Starting processing is witnessed: a second person checks the tube's label and signs "
                       "with their own PIN.")))
        self._build_warning()
        self.kind.currentIndexChanged.connect(self._kind_chosen)
        self._kind_chosen()
        self.setMinimumWidth(580)
        self.kind.setFocus()

    def _build_warning(self) -> None:
        box = QFrame(self)
        box.setObjectName("otherPatientWarning")
        box.setStyleSheet(WARNING_STYLE)
        column = QVBoxLayout(box)
        column.setContentsMargins(12, 10, 12, 10)
        self.warning = QLabel(box)
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(LABEL_PAD + "font-weight: 600; color: #7a4100;")
        column.addWidget(self.warning)
        reason_form = self.add_form(ErrorForm(parent=box), into=column)
        self.override_reason = QLineEdit(box)
        self.override_reason.setObjectName("overrideReason")
        self.override_reason.setPlaceholderText(_("Why both patients' material is open here (recorded)"))
        reason_form.add_row("override_reason", _("Reason"), self.override_reason)
        self.go_on_button = QPushButton(_("Go on anyway"), box)
        self.go_on_button.setAutoDefault(False)
        reason_form.add_plain_row("", self.go_on_button)
        self.go_on_button.clicked.connect(self.go_on)
        self.warning_box = box
        self.content.addWidget(box)
        box.hide()

    def _kind_chosen(self, *_args) -> None:
        enzymatic = self.kind.currentData() == ProcessingStepKind.ENZYMATIC_DIGESTION.value
        for cell in self.enzyme_rows:
            self.form.layout_.setRowVisible(cell, enzymatic)
        self.medium.set_kind(LotKind.ENZYME if enzymatic else LotKind.MEDIUM)

    def show_other_patient(self, exc: OtherPatientOpen) -> None:
        self.warning.setText(str(exc))
        self.warning_box.show()
        # Make room for the box rather than squeeze the form (wrapped text needs its height for the width).
        self.layout().activate()
        self.resize(self.width(), max(self.height(), self.layout().totalHeightForWidth(self.width())))
        self.ok_button.setDefault(False)
        self.go_on_button.setDefault(True)
        self.override_reason.setFocus()

    def go_on(self) -> None:
        self.going_on = True
        self.accept()

    def save_witnessed(self) -> SampleInfo:
        started_at, ended_at, witness = self.gather(self.started_at, self.ended_at,
                                                    self.witness_input)
        reason = self.override_reason.text().strip() if self.going_on else ""
        self.going_on = False
        if not self.warning_box.isHidden() and not reason:
            raise ValidationError.single("override_reason",
                                         _("Give the reason, then choose Go on anyway; or cancel and release "
                                           "the other patient's material first."))
        enzymatic = self.kind.currentData() == ProcessingStepKind.ENZYMATIC_DIGESTION.value
        product, lot = self.medium.values()
        try:
            return self.context.services.processing.add_step(
                self.context.actor, sample_id=self.sample.id, kind=self.kind.currentData(),
                started_at=started_at, ended_at=ended_at, medium=product, medium_lot=lot,
                enzyme=self.enzyme.currentText().strip() if enzymatic else "",
                enzyme_concentration=self.concentration.text().strip() if enzymatic else "",
                minutes=(self.minutes.value() or None) if enzymatic else None,
                temperature_c=self.temperature.value() if enzymatic else None,
                notes=self.notes.text().strip(), witness=witness, override_reason=reason)
        except OtherPatientOpen as exc:
            self.show_other_patient(exc)
            raise ValidationError({}) from None  # nothing belongs under a field: the warning box says it
