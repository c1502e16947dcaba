"""An admin sets a new password for someone who forgot theirs; it also lifts a lockout."""

from __future__ import annotations

from bench_app.services.users_service import UserInfo
from bench_app.i18n import _, _l
from ui.common.secret_fields import check_repeated, password_differs, secret_field
from ui.common.bidi import isolated
from ui.common.form import ErrorForm
from ui.common.service_dialog import ServiceDialog
from ui.qt import QLineEdit, QWidget
from ui.shell.bench_context import BenchContext


class ResetPasswordDialog(ServiceDialog):
    ok_text = _l("Reset password")

    def __init__(self, context: BenchContext, user: UserInfo, parent: QWidget | None = None):
        super().__init__(isolated(_("Reset password of {username}"), username=user.username), parent,
                         intro=isolated(_("Give {name} the new password in person; a lockout is lifted as well."),
                                        name=user.full_name))
        self.context = context
        self.user = user
        form = self.add_form(ErrorForm(parent=self))
        self.password = secret_field(self, "password")
        self.password_again = secret_field(self, "passwordAgain")
        self.reason = QLineEdit(_("forgotten password"), self)
        self.reason.setObjectName("reason")
        form.add_row("password", _("New password"), self.password)
        form.add_row("password_again", _("Password again"), self.password_again)
        form.add_row("reason", _("Reason"), self.reason)
        self.setMinimumWidth(460)
        self.password.setFocus()

    def save(self) -> UserInfo:
        check_repeated(self.password, self.password_again, "password_again", password_differs())
        return self.context.services.users.reset_password(
            self.context.actor, self.user.username, self.password.text(),
            reason=self.reason.text().strip() or "reset by admin")
