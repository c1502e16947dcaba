"""Receive one biopsy or aspirate from theatre into its own tube: a witnessed step.

The witness checks the patient's full name, the MRN and the tube number on the tube;
scanning the patient's MRN barcode stands in for reading them. Tubule appearance is asked
only for micro-TESE, where the surgeon picks dilated tubules.
"""

from __future__ import annotations

from bench_app.domain.enums import LotKind, ProcedureType, Side, TubuleAppearance
from bench_app.domain.errors import ValidationError
from bench_app.domain.witnessing import procedure_scope
from bench_app.i18n import _, isolated
from bench_app.services.retrieval_dto import ProcedureDetail, SampleInfo
from ui.common.bidi import isolate
from ui.common.form import ErrorForm
from ui.common.lot_picker import LotPickerWidget
from ui.common.times import DateTimeFieldEdit
from ui.common.witness_panel import WitnessPanel
from ui.common.witnessed_dialog import WitnessedDialog
from ui.qt import QComboBox, QLineEdit, QWidget
from ui.retrieval.retrieval_text import (
    SIDE_TEXT, TUBULE_TEXT, fill_combo, intro_label, select_data, site_combo,
)
from ui.shell.bench_context import BenchContext


def parse_weight(text: str) -> float | None:
    text = text.strip().replace(",", ".").removesuffix("mg").strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise ValidationError.single("wet_weight_mg", _("Write the weight in mg as a number, e.g. 12.5.")) from None


class ReceiveSampleDialog(WitnessedDialog):
    def __init__(self, context: BenchContext, detail: ProcedureDetail, parent: QWidget | None = None):
        proc = detail.procedure
        number = max((s.sample_number for s in detail.samples), default=0) + 1
        super().__init__(isolated(_("Receive sample {number}"), number=number), parent, ok_text=_("Receive"))
        self.content.addWidget(intro_label(
            isolated(_("{name}   ·   MRN {mrn}   ·   {procedure}, sample {number}"),
                name=isolate(proc.patient.listing_name), mrn=proc.patient.mrn, procedure=proc.procedure_type.label,
                number=number), self))
        self.context = context
        self.detail = detail
        self.number = number
        form = self.add_form(ErrorForm(parent=self))
        self.side = fill_combo(QComboBox(self), SIDE_TEXT)
        self.side.setObjectName("side")
        self.side.addItem(_("Not stated"), "")
        previous = detail.samples[-1].side if detail.samples else ""
        select_data(self.side, previous or (proc.side if proc.side != Side.BOTH else Side.LEFT))
        self.site = site_combo(self)
        self.tubules = fill_combo(QComboBox(self), TUBULE_TEXT)
        self.tubules.setObjectName("tubules")
        micro = proc.procedure_type == ProcedureType.MICRO_TESE
        if micro:
            self.tubules.setCurrentIndex(-1)
            self.tubules.setPlaceholderText(_("dilated, thin or mixed"))
        else:
            select_data(self.tubules, TubuleAppearance.NOT_APPLICABLE)
        self.weight = QLineEdit(self)
        self.weight.setObjectName("weight")
        self.weight.setPlaceholderText(_("optional"))
        self.weight.setMaximumWidth(120)
        self.medium = LotPickerWidget(context.services, LotKind.MEDIUM, product_hint=_("Transport medium"), parent=self)
        if detail.samples:  # the biopsies of one procedure come in the same medium: no retyping
            self.medium.set_values(*context.services.retrieval.last_transport_medium(proc.id))
        self.received_at = DateTimeFieldEdit("received_at", context.services.ctx.clock, parent=self)
        self.received_at.setObjectName("receivedAt")
        form.add_row("side", _("Side"), self.side)
        form.add_row("site", _("Site / region"), self.site)
        tubule_error = form.add_row("tubule_appearance", _("Tubules"), self.tubules)
        form.add_row("wet_weight_mg", _("Wet weight (mg)"), self.weight)
        form.add_row("transport_medium_lot", _("Transport medium"), self.medium)
        form.add_row("received_at", _("Received at"), self.received_at)
        if not micro:  # tubules are picked only under the microscope
            self.tubules.hide()
            form.layout_.labelForField(tubule_error.parentWidget()).hide()
        patient = proc.patient
        scope = procedure_scope(proc.id, patient.id)
        self.add_witness_panel(WitnessPanel(
            [(_("Patient's full name"), patient.full_name), (_("MRN"), patient.mrn),
             (_("Tube"), isolated(_("sample {number}"), number=number))],
            scan_codes=[patient.mrn], parent=self, scope=scope,
            continuing=context.services.witness.continuous_for(context.actor, scope),
            note=_("Receipt is witnessed: a second person reads the tube's label and signs with their own PIN.")))
        self.setMinimumWidth(580)
        self.side.setFocus()

    def _tubules(self) -> str:
        if self.tubules.isHidden():
            return TubuleAppearance.NOT_APPLICABLE.value
        if self.tubules.currentIndex() < 0:
            raise ValidationError.single("tubule_appearance", _("Say how the tubules looked: dilated, thin or mixed."))
        return self.tubules.currentData()

    def save_witnessed(self) -> SampleInfo:
        received_at, weight, tubules, witness = self.gather(
            self.received_at, lambda: parse_weight(self.weight.text()), self._tubules, self.witness_input)
        product, lot = self.medium.values()
        return self.context.services.retrieval.receive_sample(
            self.context.actor, procedure_id=self.detail.procedure.id, received_at=received_at, witness=witness,
            side=self.side.currentData(), site=self.site.currentText().strip(),
            tubule_appearance=tubules,
            wet_weight_mg=weight, transport_medium=product, transport_medium_lot=lot)
