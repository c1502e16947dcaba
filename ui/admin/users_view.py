"""Managing users: the table of accounts and the admin's actions on the selected one."""

from __future__ import annotations

from bench_app.domain.errors import BenchError
from bench_app.i18n import _, isolated
from bench_app.services.users_service import UserInfo
from ui.admin.add_user_dialog import AddUserDialog
from ui.admin.reset_password_dialog import ResetPasswordDialog
from ui.admin.set_pin_dialog import SetPinDialog
from ui.admin.user_status_dialog import UserStatusDialog
from ui.admin.user_table_model import UserTableModel
from ui.common.dialog_host import open_dialog
from ui.common.form import error_label, set_message
from ui.common.headings import muted
from ui.common.row_table_model import sorting_proxy
from ui.common.table_view import fit_columns, make_table, scroll_rather_than_clip, select_row, selected_row
from ui.qt import QHBoxLayout, QPushButton, QVBoxLayout, QWidget
from ui.shell.bench_context import BenchContext


class UsersView(QWidget):
    def __init__(self, context: BenchContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.active_dialog = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(8)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(_("Add user…"), self)
        self.status_button = QPushButton(_("Disable…"), self)
        self.reset_button = QPushButton(_("Reset password…"), self)
        self.pin_button = QPushButton(_("Set PIN…"), self)
        for button in (self.add_button, self.status_button, self.reset_button, self.pin_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.message = error_label(self)
        self.message.setObjectName("usersMessage")
        layout.addWidget(self.message)
        self.done = muted("", self)
        self.done.setObjectName("usersDone")
        self.done.hide()
        layout.addWidget(self.done)

        self.model = UserTableModel(self)
        self.proxy = sorting_proxy(self.model, self)
        self.table = make_table(self.proxy, self, stretch_column=UserTableModel.Column.LAST_SIGN_IN)
        scroll_rather_than_clip(self.table, UserTableModel.Column.LAST_SIGN_IN)  # Arabic words are longer
        self.table.setObjectName("usersTable")
        layout.addWidget(self.table, 1)

        self.add_button.clicked.connect(self.add_user)
        self.status_button.clicked.connect(self.toggle_active)
        self.reset_button.clicked.connect(self.reset_password)
        self.pin_button.clicked.connect(self.set_pin)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.refresh()

    def selected_user(self) -> UserInfo | None:
        return selected_row(self.table)

    def select_user(self, username: str) -> None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data() == username:
                select_row(self.table, row)
                return

    def refresh(self) -> None:
        keep = self.selected_user()
        try:
            users = self.context.services.users.list_users(self.context.actor)
        except BenchError as exc:
            set_message(self.message, str(exc))
            users = []
        self.model.set_users(users, self.context.services.ctx.clock())
        fit_columns(self.table)
        if keep is not None:
            self.select_user(keep.username)
        self._update_buttons()

    def _update_buttons(self) -> None:
        user = self.selected_user()
        for button in (self.status_button, self.reset_button, self.pin_button):
            button.setEnabled(user is not None)
        self.status_button.setText(_("Enable…") if user is not None and not user.active else _("Disable…"))

    def _after(self, what: str):
        """``what`` says what was done, with ``{username}`` where the account's name goes."""
        def done(user: UserInfo) -> None:
            set_message(self.message, "")
            set_message(self.done, isolated(what, username=user.username))
            self.refresh()
            self.select_user(user.username)
        return done

    def add_user(self) -> None:
        open_dialog(self, AddUserDialog(self.context, self), self._after(_("Added {username}.")))

    def toggle_active(self) -> None:
        user = self.selected_user()
        if user is not None:
            done = _("Enabled {username}.") if not user.active else _("Disabled {username}.")
            open_dialog(self, UserStatusDialog(self.context, user, self), self._after(done))

    def reset_password(self) -> None:
        user = self.selected_user()
        if user is not None:
            open_dialog(self, ResetPasswordDialog(self.context, user, self), self._after(_("New password set for {username}.")))

    def set_pin(self) -> None:
        user = self.selected_user()
        if user is not None:
            open_dialog(self, SetPinDialog(self.context, user, self), self._after(_("Witness PIN set for {username}.")))
