"""Withdrawing a consent, or extending a consent to storage: a date and the reason, then the service.

A withdrawal of consent to storage puts the patient's stored devices on the supervisor's
review list (Cryo › Under review); an extension moves their storage expiry. Both are
audited with the reason typed here.
"""

from __future__ import annotations

from bench_app.domain.clock import format_date
from bench_app.i18n import _, _l, isolated
from bench_app.services.patients_dto import ConsentInfo
from ui.common.dates import DateFieldEdit
from ui.common.form import ErrorForm
from ui.common.service_dialog import ServiceDialog
from ui.patients.consent_table_model import uses_text
from ui.qt import QLabel, QLineEdit, QWidget
from ui.shell.bench_context import BenchContext


def consent_text(c: ConsentInfo) -> str:
    values = dict(uses=uses_text(c.permitted_uses), signed=format_date(c.signed_on))
    if c.storage_expiry:
        return isolated(_("{uses}, signed {signed}, storage until {until}"), until=format_date(c.storage_expiry), **values)
    return isolated(_("{uses}, signed {signed}"), **values)


class _ConsentChangeDialog(ServiceDialog):
    date_key = ""
    date_caption = ""
    reason_key = "reason"

    def __init__(self, title: str, intro: str, context: BenchContext, consent: ConsentInfo, initial,
                 parent: QWidget | None = None):
        super().__init__(title, parent, intro=intro, ok_text=str(self.ok_text))
        self.context = context
        self.consent = consent
        form = self.add_form(ErrorForm(parent=self))
        form.add_row("consent_id", _("Consent"), QLabel(consent_text(consent), self))
        self.when = DateFieldEdit(self.date_key, initial, self)
        self.when.setObjectName(self.date_key)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("changeReason")
        form.add_row(self.date_key, str(self.date_caption), self.when)
        form.add_row(self.reason_key, _("Reason"), self.reason)
        self.setMinimumWidth(560)
        self.when.setFocus()


class WithdrawConsentDialog(_ConsentChangeDialog):
    ok_text = _l("Withdraw consent")
    date_key = "withdrawn_on"
    date_caption = _l("Withdrawn on")

    def __init__(self, context: BenchContext, consent: ConsentInfo, parent: QWidget | None = None):
        super().__init__(_("Withdraw consent"),
                         _("The patient's stored devices go on the supervisor's review list; nothing is discarded "
                           "by this. A discard is requested and approved on its own."),
                         context, consent, context.today(), parent)

    def save(self) -> ConsentInfo:
        (when,) = self.read_dates(self.when)
        return self.context.services.patients.withdraw_consent(
            self.context.actor, self.consent.id, withdrawn_on=when, reason=self.reason.text())


class ExtendStorageDialog(_ConsentChangeDialog):
    ok_text = _l("Extend storage")
    date_key = "storage_expiry"
    date_caption = _l("Store until")

    def __init__(self, context: BenchContext, consent: ConsentInfo, parent: QWidget | None = None):
        super().__init__(_("Extend storage"),
                         _("The storage expiry of the patient's stored devices moves to the new date."),
                         context, consent, None, parent)

    def save(self) -> ConsentInfo:
        (when,) = self.read_dates(self.when)
        return self.context.services.patients.extend_storage(
            self.context.actor, self.consent.id, storage_expiry=when, reason=self.reason.text())
