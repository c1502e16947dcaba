"""The supervisor signs a day's worksheet off: password again, meaning "reviewed"."""

from __future__ import annotations

from datetime import date

from bench_app.domain.clock import format_local
from bench_app.domain.errors import AuthenticationFailed, ValidationError
from bench_app.domain.worksheet import pending_step_text
from bench_app.i18n import _, _l, ngettext
from bench_app.services.worksheet_dto import DaySignature, WorksheetDay
from ui.common.bidi import isolate, isolated
from ui.common.form import ErrorForm
from ui.common.service_dialog import ServiceDialog
from ui.qt import QLabel, QLineEdit, QWidget
from ui.shell.bench_context import BenchContext


def day_counts(sheet: WorksheetDay) -> str:
    injected = sum(1 for o in sheet.oocytes if o.injected_at is not None)
    samples = len([s for s in sheet.samples if s.sample_code])
    oocytes, checks = len(sheet.oocytes), len(sheet.fert_checks)
    thaws, waiting = len(sheet.thaws), len(sheet.pending_witness)
    parts = [ngettext("{count} sample", "{count} samples", samples).format(count=samples),
             ngettext("{count} oocyte ({injected} injected)", "{count} oocytes ({injected} injected)",
                      oocytes).format(count=oocytes, injected=injected),
             ngettext("{count} fertilization check ({overdue} overdue)",
                      "{count} fertilization checks ({overdue} overdue)", checks).format(
                 count=checks, overdue=sheet.overdue_checks),
             ngettext("{count} thaw", "{count} thaws", thaws).format(count=thaws),
             ngettext("{count} step waiting for a witness", "{count} steps waiting for a witness",
                      waiting).format(count=waiting)]
    return " · ".join(parts)


class SignOffDialog(ServiceDialog):
    """Steps still waiting for a witness are listed, each with a reason the supervisor must give."""

    ok_text = _l("Sign the day off")

    def __init__(self, context: BenchContext, day: date, sheet: WorksheetDay, parent: QWidget | None = None):
        super().__init__(isolated(_("Sign off the worksheet of {day}"), day=day.isoformat()), parent,
                         intro=_("Your password is your electronic signature: it binds your printed name, the time "
                                 "and the meaning \u201creviewed\u201d to the day's records as they are now. A "
                                 "record changed later shows on the worksheet as changed since signing."))
        self.context = context
        self.day = day
        self.summary = QLabel(_("<b>Records of {day}:</b> {counts}").format(day=isolate(day.isoformat()), counts=day_counts(sheet)),
                              self)
        self.summary.setWordWrap(True)
        self.content.addWidget(self.summary)
        self.reasons: dict[str, QLineEdit] = {}
        if sheet.pending_witness:
            waiting_count = len(sheet.pending_witness)
            note = QLabel(ngettext("<b>{count} step still waits for a witness or a second signature.</b> Signing "
                                   "does not hide it: give a reason, kept with your signature in the audit trail.",
                                   "<b>{count} steps still wait for a witness or a second signature.</b> Signing "
                                   "does not hide them: give a reason for each, kept with your signature in the "
                                   "audit trail.", waiting_count).format(count=waiting_count), self)
            note.setWordWrap(True)
            self.content.addWidget(note)
            waiting = self.add_form(ErrorForm(parent=self))
            self.open_items_error = waiting.add_row("open_items", "", QLabel(self))  # the count, when refused
            for row in sheet.pending_witness:
                edit = QLineEdit(self)
                edit.setObjectName("openItemReason")
                edit.setPlaceholderText(_("e.g. imported record, witness confirmed on paper; or why it is accepted"))
                caption = isolated("{step}: {subject}\n{performer}, {at}", step=pending_step_text(row.step), subject=row.subject,
                                   performer=row.performer, at=format_local(row.at))
                waiting.add_row(f"reason:{row.key}", caption, edit)
                self.reasons[row.key] = edit
        form = self.add_form(ErrorForm(parent=self))
        form.add_plain_row(_("Signing as:"), QLabel(isolated("{name} ({role})", name=context.actor.full_name, role=str(context.actor.role.label)), self))
        self.password = QLineEdit(self)
        self.password.setObjectName("signOffPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(isolated(_("Password of {name}"), name=context.actor.full_name))
        form.add_row("password", _("Your password:"), self.password)
        self.setMinimumWidth(680)
        (next(iter(self.reasons.values())) if self.reasons else self.password).setFocus()

    def save(self) -> DaySignature:
        try:
            return self.context.services.worksheet.sign_off(
                self.context.actor, self.day, password=self.password.text(),
                open_item_reasons={key: edit.text() for key, edit in self.reasons.items()})
        except AuthenticationFailed as exc:
            self.password.clear()
            raise ValidationError.single("password", str(exc)) from None
