"""Add a user: user name, full name (printed with signatures), role, password, witness PIN."""

from __future__ import annotations

from bench_app.domain.enums import Role
from bench_app.i18n import _, _l
from bench_app.services.users_service import UserInfo
from ui.common.form import ErrorForm
from ui.common.secret_fields import account_secret_rows, check_repeated, password_differs
from ui.common.service_dialog import ServiceDialog
from ui.qt import QComboBox, QLineEdit, QWidget
from ui.shell.bench_context import BenchContext


class AddUserDialog(ServiceDialog):
    ok_text = _l("Add user")

    def __init__(self, context: BenchContext, parent: QWidget | None = None):
        super().__init__(_("Add user"), parent,
                         intro=_("Each person has their own account; what they record is signed with it."))
        self.context = context
        form = self.add_form(ErrorForm(parent=self))
        self.username = QLineEdit(self)
        self.username.setObjectName("username")
        self.username.setMaxLength(64)
        self.full_name = QLineEdit(self)
        self.full_name.setObjectName("fullName")
        self.role = QComboBox(self)
        self.role.setObjectName("role")
        for role in Role:
            self.role.addItem(role.label, role.value)
        form.add_row("username", _("User name"), self.username)
        form.add_row("full_name", _("Full name"), self.full_name)
        form.add_row("role", _("Role"), self.role)
        self.password, self.password_again, self.pin = account_secret_rows(self, form,
                                                                           pin_hint=_("4 to 8 digits; optional"))
        self.setMinimumWidth(480)
        self.username.setFocus()

    def save(self) -> UserInfo:
        check_repeated(self.password, self.password_again, "password_again", password_differs())
        return self.context.services.users.add_user(
            self.context.actor, username=self.username.text(), full_name=self.full_name.text(),
            role=Role(self.role.currentData()), password=self.password.text(), pin=self.pin.text() or None)
