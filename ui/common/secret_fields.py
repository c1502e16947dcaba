"""Password and PIN fields: typed hidden, entered twice where a new one is chosen, the rows of a new account.

Every dialog that asks for a secret (add user, first run, reset password, set PIN, restore) builds its fields
here, so they behave the same: hidden as typed, a PIN at most eight digits, and the same words when the two
entries of a new secret differ.
"""

from __future__ import annotations

from typing import NamedTuple

from bench_app.domain.errors import ValidationError
from bench_app.i18n import _
from ui.qt import QLineEdit, QWidget


def secret_field(parent: QWidget, name: str, *, digits: bool = False) -> QLineEdit:
    field = QLineEdit(parent)
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    if digits:
        field.setMaxLength(8)
    return field


def check_repeated(first: QLineEdit, second: QLineEdit, key: str, message: str) -> None:
    """``message`` (the two entries differ) under ``key`` when the second entry is not the first."""
    if first.text() != second.text():
        raise ValidationError.single(key, message)


def password_differs() -> str:
    return _("The two password entries differ; type them again.")


class AccountSecrets(NamedTuple):
    password: QLineEdit
    password_again: QLineEdit
    pin: QLineEdit


def account_secret_rows(parent: QWidget, form, *, pin_hint: str) -> AccountSecrets:
    """A new account's password (twice) and optional witness PIN, as rows of ``form`` (an ErrorForm), keyed
    as the users service names them (password, password_again, pin)."""
    secrets = AccountSecrets(secret_field(parent, "password"), secret_field(parent, "passwordAgain"),
                             secret_field(parent, "pin", digits=True))
    secrets.pin.setPlaceholderText(pin_hint)
    form.add_row("password", _("Password"), secrets.password)
    form.add_row("password_again", _("Password again"), secrets.password_again)
    form.add_row("pin", _("Witness PIN"), secrets.pin)
    return secrets
