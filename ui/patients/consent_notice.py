"""Consent asked when the patient or the material is chosen, not after the witness's PIN.

A freeze needs consent to storage, a thaw for use and an ICSI with stored sperm consent
to treatment. As soon as a form knows whose material it is, this notice says in words why
it may not go ahead (none, withdrawn, expired) and offers "Record consent…": the consent
form opens on top, and the form underneath keeps everything typed.
"""

from __future__ import annotations

from bench_app.domain.enums import ConsentUse
from bench_app.domain.errors import BenchError
from bench_app.i18n import _
from ui.common.dialog_host import open_dialog
from ui.common.form import error_label, set_message
from ui.patients.consent_dialog import ConsentDialog
from ui.qt import QHBoxLayout, QPushButton, QWidget, Signal
from ui.shell.bench_context import BenchContext


class ConsentNoticeWidget(QWidget):
    changed = Signal(str)   # the problem now, '' when the consent is in force

    def __init__(self, context: BenchContext, use: ConsentUse, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.use = use
        self.patient_id: int | None = None
        self.active_dialog = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.message = error_label(self)
        self.message.setObjectName("consentProblem")
        self.record_button = QPushButton(_("Record consent…"), self)
        self.record_button.setObjectName("recordConsent")
        self.record_button.setToolTip(_("Record the patient's signed consent; this form stays as it is"))
        self.record_button.clicked.connect(self.record_consent)
        row.addWidget(self.message, 1)
        row.addWidget(self.record_button)
        self._problem = ""
        self._show()

    def problem(self) -> str:
        return self._problem

    def set_patient(self, patient_id: int | None) -> str:
        self.patient_id = patient_id
        return self.recheck()

    def recheck(self) -> str:
        problem = ""
        if self.patient_id is not None:
            try:
                problem = self.context.services.cryo.consent_problem(self.patient_id, self.use)
            except BenchError as exc:
                problem = str(exc)
        self._problem = problem
        self._show()
        self.changed.emit(problem)
        return problem

    def _show(self) -> None:
        set_message(self.message, self._problem)
        self.record_button.setVisible(bool(self._problem))
        self.setVisible(bool(self._problem))

    def record_consent(self) -> ConsentDialog | None:
        if self.patient_id is None:
            return None
        patient = self.context.services.patients.get_patient(self.patient_id).patient
        dialog = ConsentDialog(self.context, [patient], self.window())
        dialog.use_boxes[self.use.value].setChecked(True)
        open_dialog(self, dialog, lambda _r: self.recheck())
        return dialog
