"""First run: a database with no users yet asks for the lab's name and its first admin.

Everything is checked before anything is stored (both passwords the same, password and
PIN rules, a lab name); then the services create the admin, sign them in, set their
witness PIN and the lab name, each in its own audited transaction. If a later step
fails after the admin exists, pressing the button again signs in and finishes the rest
instead of trying to create the admin twice. ``actor`` is the signed-in admin once the
dialog is accepted.
"""

from __future__ import annotations

from bench_app.domain.errors import ValidationError
from bench_app.i18n import _, _l
from bench_app.services import passwords
from bench_app.services.context import Actor
from bench_app.services.lab_certificate import ensure_lab_certificate
from bench_app.services.registry import Services
from bench_app.services.users_service import UserInfo
from ui.common.form import ErrorForm
from ui.common.secret_fields import account_secret_rows, password_differs
from ui.common.service_dialog import ServiceDialog
from ui.qt import QLineEdit, QWidget

INTRO = (_l("Welcome to Bench. This database has no users yet: name the lab and create the first "
         "administrator, who then adds everyone else (Admin → Users). The lab name is printed on "
         "reports and labels; an administrator can change it later."))


class FirstRunDialog(ServiceDialog):
    ok_text = "Create and sign in"

    def __init__(self, services: Services, *, lab_name: str = "", parent: QWidget | None = None):
        super().__init__(_("Set up Bench"), parent, intro=str(INTRO), ok_text=_("Create and sign in"))
        self.services = services
        self.actor: Actor | None = None
        self.admin: UserInfo | None = None
        form = self.add_form(ErrorForm(parent=self))
        self.lab_name = QLineEdit(lab_name, self)
        self.lab_name.setObjectName("labName")
        self.lab_name.setMaxLength(200)
        self.username = QLineEdit(self)
        self.username.setObjectName("username")
        self.username.setMaxLength(64)
        self.username.setPlaceholderText(_("e.g. admin, or your initials"))
        self.full_name = QLineEdit(self)
        self.full_name.setObjectName("fullName")
        self.full_name.setPlaceholderText(_("printed with signatures"))
        form.add_row("lab_name", _("Lab name"), self.lab_name)
        form.add_row("username", _("Admin user name"), self.username)
        form.add_row("full_name", _("Full name"), self.full_name)
        self.password, self.password_again, self.pin = account_secret_rows(
            self, form, pin_hint=_("4 to 8 digits, to witness others' steps; optional"))
        self.setMinimumWidth(520)
        (self.username if lab_name else self.lab_name).setFocus()

    def check(self) -> None:
        """Every mistake the form can see by itself, all at once, before anything is stored."""
        errors: dict[str, str] = {}
        if not self.lab_name.text().strip():
            errors["lab_name"] = _("Give the lab's name; it is printed on reports and labels.")
        if not self.full_name.text().strip():
            errors["full_name"] = _("The full name is required (it is printed with signatures).")
        for check, field, key in ((passwords.check_password, self.password, "password"),
                                  (passwords.check_pin, self.pin, "pin")):
            if key == "pin" and not field.text():
                continue
            try:
                check(field.text(), key)
            except ValidationError as exc:
                errors.update(exc.field_errors)
        if "password" not in errors and self.password.text() != self.password_again.text():
            errors["password_again"] = password_differs()
        if errors:
            raise ValidationError(errors)

    def save(self) -> Actor:
        self.check()
        users = self.services.users
        if self.admin is None:
            self.admin = users.create_first_admin(username=self.username.text(), full_name=self.full_name.text(),
                                                  password=self.password.text())
            self.username.setReadOnly(True)  # the account exists now; a retry only finishes the rest
        actor = users.sign_in(self.admin.username, self.password.text())
        if self.pin.text():
            users.set_pin(actor, actor.username, self.pin.text())
        self.services.settings.set(actor, "lab_name", self.lab_name.text().strip(), reason="set at first run")
        ensure_lab_certificate(self.lab_name.text().strip())   # issued reports are signed with it (IT may replace it)
        self.actor = actor
        return actor
