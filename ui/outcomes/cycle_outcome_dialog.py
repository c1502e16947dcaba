"""What came of an ICSI cycle: embryo transfer, pregnancy test, clinical pregnancy, live birth.

Recorded weeks or months after the cycle, step by step as the news arrives; each later
change is a correction with a reason, the old value kept in the audit trail.
"""

from __future__ import annotations

from bench_app.i18n import _, _l, format_date, isolate, lazy_pgettext
from bench_app.services.outcomes_dto import OutcomeInfo
from bench_app.services.patients_dto import CycleInfo
from ui.common.dates import DateFieldEdit
from ui.common.form import ErrorForm
from ui.common.service_dialog import ServiceDialog
from ui.outcomes.outcome_text import ANSWER_TEXT, TEST_TEXT, choice_combo, correction_reason
from ui.qt import QHBoxLayout, QLineEdit, QWidget
from ui.shell.bench_context import BenchContext

STEPS = (("transfer", _l("Embryo transfer"), ANSWER_TEXT), ("pregnancy_test", _l("Pregnancy test"), TEST_TEXT),
         ("clinical_pregnancy", _l("Clinical pregnancy (sac)"), ANSWER_TEXT),
         ("live_birth", _l("Live birth"), ANSWER_TEXT))


class CycleOutcomeDialog(ServiceDialog):
    ok_text = lazy_pgettext("button", "Record")

    def __init__(self, context: BenchContext, cycle: CycleInfo, title: str, existing: OutcomeInfo | None = None,
                 parent: QWidget | None = None):
        correcting = existing is not None
        super().__init__(_("Correct cycle outcome") if correcting else _("Cycle outcome"), parent,
                         intro=_("{title} · cycle started {date}").format(title=isolate(title),
                                                                          date=format_date(cycle.start_date)),
                         ok_text=_("Save correction") if correcting else None)
        self.context, self.cycle, self.existing = context, cycle, existing
        form = self.add_form(ErrorForm(parent=self))
        self.choices, self.dates = {}, {}
        for key, label, texts in STEPS:
            self.choices[key] = choice_combo(self, texts, getattr(existing, key) if existing else None, key)
            self.dates[key] = DateFieldEdit(f"{key}_on", getattr(existing, f"{key}_on") if existing else None, self)
            self.dates[key].setObjectName(f"{key}_on")
            row = QWidget(self)
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(self.choices[key])
            line.addWidget(self.dates[key])
            line.addStretch(1)
            form.add_row(key, str(label), row)
            form.alias(f"{key}_on", key, self.dates[key])  # a date's message shows under its step
        widest = max(combo.sizeHint().width() for combo in self.choices.values())
        for combo in self.choices.values():  # the dates line up in one column
            combo.setMinimumWidth(widest)
        self.notes = QLineEdit(existing.notes if existing else "", self)
        form.add_row("notes", _("Notes"), self.notes)
        self.reason = correction_reason(self, form, correcting)
        self.setMinimumWidth(560)

    def values(self) -> dict:
        dates = self.read_dates(*self.dates.values())
        values = {key: combo.currentData() for key, combo in self.choices.items()}
        values.update({f"{key}_on": d for key, d in zip(self.dates, dates)})
        values["notes"] = self.notes.text().strip()
        return values

    def save(self) -> OutcomeInfo:
        records = self.context.services.outcome_records
        if self.existing is None:
            return records.record_outcome(self.context.actor, cycle_id=self.cycle.id, **self.values())
        return records.correct_outcome(self.context.actor, self.existing.id, reason=self.reason.text(),
                                       **self.values())
