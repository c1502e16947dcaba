"""The supervisor signs a day's worksheet off: password again, meaning "reviewed"."""

from __future__ import annotations

from datetime import date

from bench_app.domain.clock import format_local
from bench_app.domain.errors import AuthenticationFailed, ValidationError
from bench_app.services.worksheet_dto import DaySignature, WorksheetDay
from ui.common.form import ErrorForm
from ui.common.service_dialog import ServiceDialog
from ui.qt import QLabel, QLineEdit, QWidget
from ui.shell.bench_context import BenchContext


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def day_counts(sheet: WorksheetDay) -> str:
    injected = sum(1 for o in sheet.oocytes if o.injected_at is not None)
    parts = [plural(len([s for s in sheet.samples if s.sample_code]), "sample"),
             f"{plural(len(sheet.oocytes), 'oocyte')} ({injected} injected)",
             f"{plural(len(sheet.fert_checks), 'fertilization check')} ({sheet.overdue_checks} overdue)",
             plural(len(sheet.thaws), "thaw"), f"{plural(len(sheet.pending_witness), 'step')} waiting for a witness"]
    return " · ".join(parts)


class SignOffDialog(ServiceDialog):
    """Steps still waiting for a witness are listed, each with a reason the supervisor must give."""

    ok_text = "Sign the day off"

    def __init__(self, context: BenchContext, day: date, sheet: WorksheetDay, parent: QWidget | None = None):
        super().__init__(f"Sign off the worksheet of {day.isoformat()}", parent,
                         intro="Your password is your electronic signature: it binds your printed name, the time "
                               "and the meaning \u201creviewed\u201d to the day's records as they are now. A record "
                               "changed later shows on the worksheet as changed since signing.")
        self.context = context
        self.day = day
        self.summary = QLabel(f"<b>Records of {day.isoformat()}:</b> {day_counts(sheet)}", self)
        self.summary.setWordWrap(True)
        self.content.addWidget(self.summary)
        self.reasons: dict[str, QLineEdit] = {}
        if sheet.pending_witness:
            note = QLabel(f"<b>{plural(len(sheet.pending_witness), 'step')} still wait"
                          f"{'s' if len(sheet.pending_witness) == 1 else ''} for a witness or a second "
                          "signature.</b> Signing does not hide them: give a reason for each, kept with your "
                          "signature in the audit trail.", self)
            note.setWordWrap(True)
            self.content.addWidget(note)
            waiting = self.add_form(ErrorForm(parent=self))
            self.open_items_error = waiting.add_row("open_items", "", QLabel(self))  # the count, when refused
            for row in sheet.pending_witness:
                edit = QLineEdit(self)
                edit.setObjectName("openItemReason")
                edit.setPlaceholderText("e.g. imported record, witness confirmed on paper; or why it is accepted")
                caption = f"{row.step}: {row.subject}\n{row.performer}, {format_local(row.at)}"
                waiting.add_row(f"reason:{row.key}", caption, edit)
                self.reasons[row.key] = edit
        form = self.add_form(ErrorForm(parent=self))
        form.add_plain_row("Signing as:", QLabel(f"{context.actor.full_name} ({context.actor.role.value})", self))
        self.password = QLineEdit(self)
        self.password.setObjectName("signOffPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(f"Password of {context.actor.full_name}")
        form.add_row("password", "Your password:", self.password)
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
