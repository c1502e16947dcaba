"""Treatment of the man before a retrieval, as a dated event; corrected or removed with a reason."""

from __future__ import annotations

from bench_app.domain.errors import ValidationError
from bench_app.domain.outcomes import TreatmentKind
from bench_app.i18n import _, _l, format_date, lazy_pgettext
from bench_app.services.outcomes_dto import TreatmentInfo
from bench_app.services.patients_dto import PatientSummary
from ui.common.bidi import person
from ui.common.dates import DateFieldEdit
from ui.common.form import ErrorForm
from ui.common.service_dialog import ServiceDialog
from ui.outcomes.outcome_text import TREATMENT_TEXT, choice_combo, correction_reason
from ui.qt import QLineEdit, QWidget
from ui.shell.bench_context import BenchContext


class TreatmentDialog(ServiceDialog):
    ok_text = lazy_pgettext("button", "Record")

    def __init__(self, context: BenchContext, man: PatientSummary, existing: TreatmentInfo | None = None,
                 parent: QWidget | None = None):
        correcting = existing is not None
        super().__init__(_("Correct treatment") if correcting else _("Treatment before retrieval"), parent,
                         intro=f"{person(man)} ({man.mrn})", ok_text=_("Save correction") if correcting else None)
        self.context, self.man, self.existing = context, man, existing
        form = self.add_form(ErrorForm(parent=self))
        self.treatment = choice_combo(self, TREATMENT_TEXT, existing.treatment if existing else None, "treatment")
        self.started_on = DateFieldEdit("started_on", existing.started_on if existing else None, self)
        self.started_on.setObjectName("startedOn")
        self.ended_on = DateFieldEdit("ended_on", existing.ended_on if existing else None, self)
        self.ended_on.setObjectName("endedOn")
        self.detail = QLineEdit(existing.detail if existing else "", self)
        self.detail.setObjectName("detail")
        self.detail.setPlaceholderText(_("Drug and dose, or what was done"))
        form.add_row("treatment", _("Treatment"), self.treatment)
        form.add_row("started_on", _("Started on"), self.started_on)
        form.add_row("ended_on", _("Ended on"), self.ended_on)
        form.add_row("detail", _("Detail"), self.detail)
        self.reason = correction_reason(self, form, correcting)
        self.setMinimumWidth(520)

    def save(self) -> TreatmentInfo:
        started_on, ended_on = self.read_dates(self.started_on, self.ended_on)
        values = dict(treatment=self.treatment.currentData(), started_on=started_on, ended_on=ended_on,
                      detail=self.detail.text().strip())
        records = self.context.services.outcome_records
        if self.existing is None:
            return records.add_treatment(self.context.actor, patient_id=self.man.id, **values)
        return records.correct_treatment(self.context.actor, self.existing.id, reason=self.reason.text(), **values)


class RemoveTreatmentDialog(ServiceDialog):
    ok_text = _l("Remove")

    def __init__(self, context: BenchContext, treatment: TreatmentInfo, parent: QWidget | None = None):
        super().__init__(_("Remove treatment"), parent,
                         intro=_("{treatment} from {date}: the record stays in the audit trail.").format(
                             treatment=TREATMENT_TEXT[TreatmentKind(treatment.treatment)],
                             date=format_date(treatment.started_on)))
        self.context, self.treatment = context, treatment
        form = self.add_form(ErrorForm(parent=self))
        self.reason = QLineEdit(self)
        self.reason.setObjectName("reason")
        form.add_row("reason", _("Reason"), self.reason)
        self.setMinimumWidth(460)

    def save(self) -> None:
        if not self.reason.text().strip():
            raise ValidationError.single("reason", _("Say why the treatment is removed."))
        self.context.services.outcome_records.remove_treatment(self.context.actor, self.treatment.id,
                                                               reason=self.reason.text())
        return None
