"""An admin restores this workstation's database from a backup: the file, a reason and their password."""

from __future__ import annotations

from pathlib import Path

from bench_app.i18n import _, _l
from bench_app.services.maintenance_service import RestoreResult
from ui.common.secret_fields import secret_field
from ui.common.form import ErrorForm
from ui.common.service_dialog import ServiceDialog
from ui.printing.file_choice import FileChooser, QtFileChooser
from ui.qt import QHBoxLayout, QLineEdit, QPushButton, QWidget
from ui.shell.bench_context import BenchContext

BACKUP_FILTER = _l("Bench backups (*.db);;All files (*)")


class RestoreDialog(ServiceDialog):
    ok_text = _l("Restore")

    def __init__(self, context: BenchContext, parent: QWidget | None = None, *, folder: Path | None = None,
                 file_chooser: FileChooser | None = None):
        super().__init__(_("Restore the database from a backup"), parent,
                         intro=_("The backup is checked first (integrity, schema, audit trail). The current "
                                 "database is kept beside it as a safety copy, then replaced; Bench then asks "
                                 "everyone to sign in again."))
        self.context = context
        self.active_file_dialog = None
        self.file_chooser = file_chooser or QtFileChooser(folder)
        form = self.add_form(ErrorForm(parent=self))
        self.file = QLineEdit(self)
        self.file.setObjectName("backupFile")
        self.browse_button = QPushButton(_("Choose…"), self)
        row = QWidget(self)
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.file, 1)
        line.addWidget(self.browse_button)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(_("e.g. the disk was damaged; restoring last night's backup"))
        self.password = secret_field(self, "password")
        form.add_row("file", _("Backup file"), row)
        form.add_row("reason", _("Reason"), self.reason)
        form.add_row("password", _("Your password"), self.password)
        self.browse_button.clicked.connect(self.choose_file)
        self.setMinimumWidth(560)
        self.file.setFocus()

    def choose_file(self) -> None:
        self.file_chooser.open_path(self, _("Backup to restore"), str(BACKUP_FILTER), self.file.setText)

    def save(self) -> RestoreResult:
        return self.context.services.backups.restore(
            self.context.actor, Path(self.file.text().strip()) if self.file.text().strip() else "",
            password=self.password.text(), reason=self.reason.text())
