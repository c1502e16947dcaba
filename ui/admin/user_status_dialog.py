"""Disable or enable an account; the reason goes to the audit trail."""

from __future__ import annotations

from bench_app.i18n import _
from bench_app.services.users_service import UserInfo
from ui.common.bidi import isolate, isolated
from ui.common.form import ErrorForm
from ui.common.service_dialog import ServiceDialog
from ui.qt import QLineEdit, QWidget
from ui.shell.bench_context import BenchContext


class UserStatusDialog(ServiceDialog):
    def __init__(self, context: BenchContext, user: UserInfo, parent: QWidget | None = None):
        enable = not user.active
        name = isolate(user.full_name)
        super().__init__(isolated(_("Enable {username}") if enable else _("Disable {username}"), username=user.username),
                         parent, ok_text=_("Enable") if enable else _("Disable"),
                         intro=(_("{name} will be able to sign in again.").format(name=name) if enable else
                                _("{name} will no longer be able to sign in. Their records and signatures "
                                  "stay.").format(name=name)))
        self.enable = enable
        self.context = context
        self.user = user
        form = self.add_form(ErrorForm(parent=self))
        self.reason = QLineEdit(self)
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(_("Why (kept in the audit trail)"))
        form.add_row("reason", _("Reason"), self.reason)
        self.setMinimumWidth(460)
        self.reason.setFocus()

    def save(self) -> UserInfo:
        return self.context.services.users.set_active(self.context.actor, self.user.username, self.enable,
                                                      reason=self.reason.text())
