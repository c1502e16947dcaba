"""Signing in: at start, to unlock after the idle lock, and to switch user on a shared bench PC.

The dialog asks the users service itself and shows the service's words inline (wrong
password, attempts left, account locked), keeping the user name and clearing only the
password. ``actor`` holds who signed in once the dialog is accepted.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from bench_app.domain.errors import BenchError
from bench_app.i18n import _, isolated
from ui.common.headings import heading, muted
from ui.common.messages import error_label, set_message
from ui.qt import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, Qt, QTimer, QVBoxLayout, QWidget, Signal

if TYPE_CHECKING:  # the dialog is shown before the core is imported (ui.fast_start)
    from bench_app.services.context import Actor
    from bench_app.services.registry import Services


class SignInMode(enum.Enum):
    SIGN_IN = "sign in"  # at start: anyone
    UNLOCK = "unlock"  # after the idle lock: the same person's password, or switch user
    SWITCH = "switch"  # another person takes over the bench PC


class SignInDialog(QDialog):
    painted = Signal()  # once, just after the dialog is first drawn (ui.fast_start loads the core from then on)

    def __init__(self, services: Services, mode: SignInMode = SignInMode.SIGN_IN, *,
                 current: Actor | None = None, lab_name: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        if mode is not SignInMode.SIGN_IN and current is None:
            raise ValueError("unlocking or switching needs the person currently signed in")
        self.services = services
        self.mode = mode
        self.current = current
        self.actor: Actor | None = None
        self.setModal(True)
        self.setMinimumWidth(420)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        self.title = heading("", self)
        layout.addWidget(self.title)
        self.explanation = muted("", self)
        layout.addWidget(self.explanation)

        form = QFormLayout()
        form.setHorizontalSpacing(14)
        self.username = QLineEdit(self)
        self.username.setObjectName("username")
        self.username.setMaxLength(64)
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(_("User name"), self.username)
        form.addRow(_("Password"), self.password)
        layout.addLayout(form)

        self.message = error_label(self)
        self.message.setObjectName("signInMessage")
        layout.addWidget(self.message)

        self.buttons = QDialogButtonBox(parent=self)  # by name: the Qt.Orientation overload would make Qt's namespace
        self.ok_button = self.buttons.addButton(_("Sign in"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        self.switch_button = self.buttons.addButton(_("Switch user…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.switch_button.clicked.connect(self.switch_to_other_user)
        layout.addWidget(self.buttons)

        self._lab_name = lab_name
        self._painted = False
        self._apply_mode()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.painted.emit)  # after the rest of this paint: the fields, the flush

    # --- modes ---------------------------------------------------------------------------

    def _apply_mode(self) -> None:
        lab = f" — {self._lab_name}" if self._lab_name else ""
        if self.mode is SignInMode.UNLOCK:
            assert self.current is not None
            self.setWindowTitle(_("Bench is locked"))
            self.title.setText(_("Bench is locked"))
            self.explanation.setText(
                isolated(_("{full_name} was signed in. Enter the password to unlock, "
                         "or switch user to sign in as someone else."), full_name=self.current.full_name))
            self.username.setText(self.current.username)
            self.username.setReadOnly(True)
            self.username.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # until someone switches user
            self.ok_button.setText(_("Unlock"))
            self.switch_button.show()
            self.password.setFocus()
        else:
            switching = self.mode is SignInMode.SWITCH
            self.setWindowTitle(_("Switch user") if switching else isolated(_("Sign in to Bench{lab}"), lab=lab))
            self.title.setText(_("Switch user") if switching else _("Sign in"))
            self.explanation.setText(
                isolated(_("{full_name} will be signed out when you sign in."), full_name=self.current.full_name) if switching and self.current
                else isolated(_("Bench{lab}. Sign in with your own user name: everything you record is signed with it."), lab=lab))
            if self.username.isReadOnly():  # from the lock: the name can be typed again (a new dialog's can already)
                self.username.setReadOnly(False)
                self.username.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            self.ok_button.setText(_("Sign in"))
            self.switch_button.hide()
            self.username.setFocus()

    def set_lab_name(self, lab_name: str) -> None:
        self._lab_name = lab_name
        if self.mode is SignInMode.SIGN_IN:
            lab = f" — {lab_name}" if lab_name else ""
            self.setWindowTitle(isolated(_("Sign in to Bench{lab}"), lab=lab))
            self.explanation.setText(isolated(_("Bench{lab}. Sign in with your own user name: everything you record is "
                                              "signed with it."), lab=lab))

    def switch_to_other_user(self) -> None:
        """From the lock: let another person sign in instead."""
        self.mode = SignInMode.SWITCH
        self.username.clear()
        self.password.clear()
        set_message(self.message, "")
        self._apply_mode()

    # --- signing in ----------------------------------------------------------------------

    def accept(self) -> None:
        username = self.username.text().strip()
        password = self.password.text()
        if not username:
            set_message(self.message, _("Type your user name."))
            self.username.setFocus()
            return
        if not password:
            set_message(self.message, _("Type your password."))
            self.password.setFocus()
            return
        users = self.services.users
        try:
            if self.mode is SignInMode.UNLOCK:
                actor = users.unlock(self.current, password)
            elif self.mode is SignInMode.SWITCH:
                actor = users.switch_user(self.current, username, password)
            else:
                actor = users.sign_in(username, password)
        except BenchError as exc:
            set_message(self.message, str(exc))
            self.password.clear()
            self.password.setFocus()
            return
        self.actor = actor
        super().accept()
