"""Where a sample goes: fresh for ICSI (which cycle), to be frozen, histology, or discarded.

Only what the chosen disposition needs is asked: the cycle for fresh use, the reference
for histology, the reason for discarding. A sample that already has a disposition needs
a reason for the change; contradictions (a discarded sample frozen) are refused by the
service in its own words.
"""

from __future__ import annotations

from bench_app.domain.enums import Disposition
from bench_app.i18n import _, _l, isolated
from bench_app.services.patients_dto import PatientSummary
from bench_app.services.retrieval_dto import SampleInfo
from ui.common.form import ErrorForm
from ui.common.service_dialog import ServiceDialog
from ui.qt import QComboBox, QLabel, QLineEdit, QWidget
from ui.retrieval.cycle_choice import fill_cycles
from ui.retrieval.retrieval_text import (
    DISPOSITION_TEXT, disposition_text, fill_combo, intro_label, sample_intro, select_data,
)
from ui.shell.bench_context import BenchContext

CHOICES = (Disposition.FRESH_ICSI, Disposition.FREEZE, Disposition.HISTOLOGY, Disposition.DISCARDED)
NOTE_LABEL = {Disposition.HISTOLOGY.value: _l("Histology reference"), Disposition.DISCARDED.value: _l("Reason discarded")}


class DispositionDialog(ServiceDialog):
    def __init__(self, context: BenchContext, patient: PatientSummary, sample: SampleInfo, *,
                 procedure_cycle_id: int | None = None, parent: QWidget | None = None):
        super().__init__(isolated(_("Disposition: sample {number} ({code})"), number=sample.sample_number, code=sample.code),
                         parent, ok_text=_("Set disposition"))
        self.content.addWidget(intro_label(sample_intro(patient, sample), self))
        self.context = context
        self.sample = sample
        self.form = form = self.add_form(ErrorForm(parent=self))
        self.disposition = fill_combo(QComboBox(self), DISPOSITION_TEXT, CHOICES)
        self.disposition.setObjectName("disposition")
        self.disposition.setCurrentIndex(-1)
        self.disposition.setPlaceholderText(_("Choose"))
        self.cycle = QComboBox(self)
        self.cycle.setObjectName("cycle")
        self._fill_cycles(procedure_cycle_id)
        self.note = QLineEdit(self)
        self.note.setObjectName("note")
        self.reason = QLineEdit(self)
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(_("Why the disposition changes (recorded)"))
        form.add_plain_row(_("Now"), QLabel(disposition_text(sample), self))
        form.add_row("disposition", _("Disposition"), self.disposition)
        self.cycle_cell = form.add_row("cycle_id", _("Cycle"), self.cycle).parentWidget()
        self.note_cell = form.add_row("note", _("Note"), self.note).parentWidget()
        self.reason_cell = form.add_row("reason", _("Reason for change"), self.reason).parentWidget()
        form.layout_.setRowVisible(self.reason_cell, sample.disposition != Disposition.PENDING)
        if sample.disposition != Disposition.PENDING:
            select_data(self.disposition, sample.disposition)
            self.cycle.setCurrentIndex(max(0, self.cycle.findData(sample.disposition_cycle_id)))
            self.note.setText(sample.disposition_note)
        self.disposition.currentIndexChanged.connect(self._chosen)
        self._chosen()
        self.setMinimumWidth(520)
        self.disposition.setFocus()

    def _fill_cycles(self, procedure_cycle_id: int | None) -> None:
        if not fill_cycles(self.cycle, self.context.services, self.sample.patient_id):
            self.cycle.setPlaceholderText(_("This patient has no cycle"))
        found = self.cycle.findData(procedure_cycle_id) if procedure_cycle_id else -1
        self.cycle.setCurrentIndex(found if found >= 0 else min(0, self.cycle.count() - 1))

    def _chosen(self, *_args) -> None:
        value = self.disposition.currentData()
        layout = self.form.layout_
        layout.setRowVisible(self.cycle_cell, value == Disposition.FRESH_ICSI.value)
        layout.setRowVisible(self.note_cell, value in NOTE_LABEL)
        if value in NOTE_LABEL:
            layout.labelForField(self.note_cell).setText(str(NOTE_LABEL[value]))
        self.adjustSize()

    def save(self) -> SampleInfo:
        value = self.disposition.currentData() or ""
        fresh = value == Disposition.FRESH_ICSI.value
        return self.context.services.retrieval.set_disposition(
            self.context.actor, self.sample.id, value, cycle_id=self.cycle.currentData() if fresh else None,
            note=self.note.text().strip() if value in NOTE_LABEL else "", reason=self.reason.text().strip())
