"""Record an oocyte retrieval (OPU) for an ICSI cycle: when, how many COCs, when denuded.

The embryologist is the person signed in; retrieval time defaults to now and the
denudation time is optional (it is often entered later, when the COCs are stripped).
"""

from __future__ import annotations

from bench_app.i18n import _, isolated
from bench_app.services.icsi_dto import OpuInfo
from bench_app.services.icsi_service import MAX_COCS
from ui.common.form import ErrorForm
from ui.common.service_dialog import ServiceDialog
from ui.common.times import DateTimeFieldEdit
from ui.qt import QLabel, QLineEdit, QSpinBox, QWidget
from ui.shell.bench_context import BenchContext


class RecordOpuDialog(ServiceDialog):
    def __init__(self, context: BenchContext, cycle_id: int, identity: str, parent: QWidget | None = None):
        super().__init__(_("Record oocyte retrieval"), parent,
                         intro=isolated(_("Oocyte retrieval for {identity}."), identity=identity),
                         ok_text=_("Record retrieval"))
        self.context = context
        self.cycle_id = cycle_id
        clock = context.services.ctx.clock
        form = self.add_form(ErrorForm(parent=self))
        self.retrieved_at = DateTimeFieldEdit("retrieved_at", clock, parent=self)
        self.retrieved_at.setObjectName("retrievedAt")
        self.cocs = QSpinBox(self)
        self.cocs.setObjectName("cocs")
        self.cocs.setRange(0, MAX_COCS)
        self.cocs.setValue(0)
        self.cocs.setSpecialValueText(_("0 (none found)"))
        self.denuded_at = DateTimeFieldEdit("denuded_at", clock, initial_now=False, required=False, parent=self)
        self.denuded_at.setObjectName("denudedAt")
        self.denuded_at.setPlaceholderText(_("optional, HH:MM"))
        self.notes = QLineEdit(self)
        self.notes.setObjectName("opuNotes")
        self.notes.setPlaceholderText(_("optional"))
        form.add_row("cocs_retrieved", _("COCs retrieved"), self.cocs)
        form.add_row("retrieved_at", _("Retrieved at"), self.retrieved_at)
        form.add_row("denuded_at", _("Denuded at"), self.denuded_at)
        form.add_row("notes", _("Notes"), self.notes)
        form.add_plain_row(_("Embryologist"), QLabel(context.actor.full_name, self))
        self.setMinimumWidth(480)
        self.cocs.setFocus()
        self.cocs.selectAll()

    def save(self) -> OpuInfo:
        retrieved_at, denuded_at = self.read_dates(self.retrieved_at, self.denuded_at)
        return self.context.services.icsi.record_opu(
            self.context.actor, cycle_id=self.cycle_id, retrieved_at=retrieved_at,
            cocs_retrieved=self.cocs.value(), denuded_at=denuded_at, notes=self.notes.text().strip())
