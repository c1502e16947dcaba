"""Correct a received sample's details (side, site, tubules, weight, time received) with a reason.

Receipt was witnessed, so the service keeps the old values in the audit trail and asks
for the reason; only the fields that were actually changed are sent.
"""

from __future__ import annotations

from bench_app.domain.enums import ProcedureType, TubuleAppearance
from bench_app.domain.errors import ValidationError
from bench_app.i18n import _, isolated
from bench_app.services.retrieval_dto import ProcedureInfo, SampleInfo
from ui.common.form import ErrorForm
from ui.common.headings import muted
from ui.common.service_dialog import ServiceDialog
from ui.common.times import DateTimeFieldEdit
from ui.qt import QComboBox, QLineEdit, QWidget
from ui.retrieval.receive_sample_dialog import parse_weight
from ui.retrieval.retrieval_text import (
    SIDE_TEXT, TUBULE_TEXT, fill_combo, intro_label, sample_intro, select_data, site_combo, weight_text,
)
from ui.shell.bench_context import BenchContext


class CorrectSampleDialog(ServiceDialog):
    def __init__(self, context: BenchContext, procedure: ProcedureInfo, sample: SampleInfo,
                 parent: QWidget | None = None):
        super().__init__(isolated(_("Correct sample {number} ({code})"), number=sample.sample_number, code=sample.code),
                         parent, ok_text=_("Save correction"))
        self.content.addWidget(intro_label(sample_intro(procedure.patient, sample), self))
        self.content.addWidget(muted(_("The receipt was witnessed: the old values stay in the audit trail with "
                                       "your reason."), self))
        self.context = context
        self.sample = sample
        form = self.add_form(ErrorForm(parent=self))
        self.side = fill_combo(QComboBox(self), SIDE_TEXT)
        self.side.addItem(_("Not stated"), "")
        select_data(self.side, sample.side)
        self.site = site_combo(self)
        self.site.setEditText(sample.site)
        self.tubules = fill_combo(QComboBox(self), TUBULE_TEXT)
        select_data(self.tubules, sample.tubule_appearance)
        self.weight = QLineEdit(weight_text(sample.wet_weight_mg), self)
        self.weight.setMaximumWidth(120)
        self.received_at = DateTimeFieldEdit("received_at", context.services.ctx.clock, initial_now=False,
                                             parent=self)
        self.received_at.set_datetime(sample.received_at)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(_("What was wrong (recorded)"))
        form.add_row("side", _("Side"), self.side)
        form.add_row("site", _("Site / region"), self.site)
        tubule_cell = form.add_row("tubule_appearance", _("Tubules"), self.tubules).parentWidget()
        form.layout_.setRowVisible(tubule_cell, procedure.procedure_type == ProcedureType.MICRO_TESE)
        form.add_row("wet_weight_mg", _("Wet weight (mg)"), self.weight)
        form.add_row("received_at", _("Received at"), self.received_at)
        form.add_row("reason", _("Reason"), self.reason)
        self.setMinimumWidth(520)
        self.reason.setFocus()

    def changes(self) -> dict:
        s = self.sample
        (received_at,) = self.read_dates(self.received_at)
        new = {"side": self.side.currentData(), "site": self.site.currentText().strip(),
               "tubule_appearance": self.tubules.currentData() or TubuleAppearance.NOT_APPLICABLE.value,
               "wet_weight_mg": parse_weight(self.weight.text()), "received_at": received_at}
        old = {"side": s.side, "site": s.site, "tubule_appearance": s.tubule_appearance.value,
               "wet_weight_mg": s.wet_weight_mg, "received_at": s.received_at}
        return {key: value for key, value in new.items() if value != old[key]}

    def save(self) -> SampleInfo:
        changes = self.changes()
        if not changes:
            raise ValidationError.single("reason", _("Nothing was changed."))
        return self.context.services.retrieval.correct_sample(
            self.context.actor, self.sample.id, reason=self.reason.text(), **changes)
