"""Set a person's witness PIN (4 to 8 digits), used to confirm someone else's step."""

from __future__ import annotations

from bench_app.services.users_service import UserInfo
from ui.admin.add_user_dialog import check_repeated, secret_field
from ui.common.form import ErrorForm
from ui.common.service_dialog import ServiceDialog
from ui.qt import QWidget
from ui.shell.bench_context import BenchContext


class SetPinDialog(ServiceDialog):
    ok_text = "Set PIN"

    def __init__(self, context: BenchContext, user: UserInfo, parent: QWidget | None = None):
        super().__init__(f"Witness PIN of {user.username}", parent,
                         intro=f"{user.full_name} types this PIN to witness another person's step.")
        self.context = context
        self.user = user
        form = self.add_form(ErrorForm(parent=self))
        self.pin = secret_field(self, "pin", digits=True)
        self.pin_again = secret_field(self, "pinAgain", digits=True)
        form.add_row("pin", "PIN", self.pin)
        form.add_row("pin_again", "PIN again", self.pin_again)
        self.setMinimumWidth(420)
        self.pin.setFocus()

    def save(self) -> UserInfo:
        check_repeated(self.pin, self.pin_again, "pin_again", "PIN")
        return self.context.services.users.set_pin(self.context.actor, self.user.username, self.pin.text())
