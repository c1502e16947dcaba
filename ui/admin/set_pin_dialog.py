"""Set a person's witness PIN (4 to 8 digits), used to confirm someone else's step."""

from __future__ import annotations

from bench_app.services.users_service import UserInfo
from bench_app.i18n import _, _l
from ui.common.secret_fields import check_repeated, secret_field
from ui.common.bidi import isolated
from ui.common.form import ErrorForm
from ui.common.service_dialog import ServiceDialog
from ui.qt import QWidget
from ui.shell.bench_context import BenchContext


class SetPinDialog(ServiceDialog):
    ok_text = _l("Set PIN")

    def __init__(self, context: BenchContext, user: UserInfo, parent: QWidget | None = None):
        super().__init__(isolated(_("Witness PIN of {username}"), username=user.username), parent,
                         intro=isolated(_("{name} types this PIN to witness another person's step."),
                                        name=user.full_name))
        self.context = context
        self.user = user
        form = self.add_form(ErrorForm(parent=self))
        self.pin = secret_field(self, "pin", digits=True)
        self.pin_again = secret_field(self, "pinAgain", digits=True)
        form.add_row("pin", _("PIN"), self.pin)
        form.add_row("pin_again", _("PIN again"), self.pin_again)
        self.setMinimumWidth(420)
        self.pin.setFocus()

    def save(self) -> UserInfo:
        check_repeated(self.pin, self.pin_again, "pin_again", _("The two PIN entries differ; type them again."))
        return self.context.services.users.set_pin(self.context.actor, self.user.username, self.pin.text())
