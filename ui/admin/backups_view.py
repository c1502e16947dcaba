"""Backups of this workstation's database: the last one's time, place, size and result; back up now; restore.

What it shows comes from ``services.backups.status()``, the result the nightly backup
(systemd timer or Windows scheduled task, packaging/README.md) leaves in its folder. For a
database on a server (PostgreSQL) the server's own backups stand in, and the view says so.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from bench_app.domain.clock import format_local
from bench_app.domain.errors import BenchError
from bench_app.i18n import _, format_number, isolate, isolated, ngettext
from bench_app.services.backup_schedule_service import BackupRun, BackupStatus
from bench_app.services.maintenance_service import require_sqlite
from ui.admin.restore_dialog import RestoreDialog
from ui.common.app_reopen import request_reopen
from ui.common.dialog_host import open_dialog
from ui.common.file_dialogs import file_dialog
from ui.common.form import error_label, set_message
from ui.common.headings import heading, muted
from ui.qt import QFileDialog, QFormLayout, QHBoxLayout, QLabel, QMessageBox, QPushButton, Qt, QVBoxLayout, QWidget
from ui.shell.bench_context import BenchContext

ChooseFolder = Callable[[QWidget, Callable[[str], None]], None]


def qt_choose_folder(parent: QWidget, on_chosen: Callable[[str], None]) -> None:
    dialog = file_dialog(parent, _("Folder for the backup"), str(Path.home()))
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    dialog.fileSelected.connect(lambda path: path and on_chosen(path))
    dialog.finished.connect(lambda _result: dialog.deleteLater())
    parent.active_file_dialog = dialog
    dialog.open()


def size_text(size: int) -> str:
    """'12,345 bytes', '1.5 MB': the locale's digits and separators."""
    if size < 1024:
        return ngettext("{count} byte", "{count} bytes", size).format(count=format_number(size))
    value: float = size
    for unit in ("KB", "MB", "GB"):
        value /= 1024
        if value < 1024 or unit == "GB":
            return f"{format_number(value, 1)} {unit}"
    return ""


def run_text(run: BackupRun | None) -> str:
    if run is None:
        return _("none yet")
    where = str(Path(run.folder) / run.file) if run.file else run.folder
    at = format_local(run.at)
    if run.size:
        text = (_("{when}, {where}, {size}; good ({result})") if run.ok else
                _("{when}, {where}, {size}; FAILED: {result}"))
    else:
        text = _("{when}, {where}; good ({result})") if run.ok else _("{when}, {where}; FAILED: {result}")
    return text.format(when=at, where=isolate(where), size=size_text(run.size), result=run.result_text())


class BackupsView(QWidget):
    def __init__(self, context: BenchContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.active_dialog = None
        self.active_file_dialog = None
        self.choose_folder: ChooseFolder = qt_choose_folder
        self.file_chooser = None  # the restore dialog's; tests put theirs here
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(8)
        layout.addWidget(heading(_("Backups"), self, level=2))
        self.about = muted("", self)
        self.about.setWordWrap(True)
        layout.addWidget(self.about)
        facts = QFormLayout()
        self.folder_label = QLabel(self)
        self.last_label = QLabel(self)
        self.good_label = QLabel(self)
        for label, name in ((self.folder_label, "backupFolder"), (self.last_label, "lastBackup"),
                            (self.good_label, "lastGoodBackup")):
            label.setObjectName(name)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        facts.addRow(_("Backup folder:"), self.folder_label)
        facts.addRow(_("Last backup:"), self.last_label)
        facts.addRow(_("Last good backup:"), self.good_label)
        layout.addLayout(facts)
        buttons = QHBoxLayout()
        self.backup_button = QPushButton(_("Back up now"), self)
        self.restore_button = QPushButton(_("Restore…"), self)
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.message = error_label(self)
        self.message.setObjectName("backupsMessage")
        layout.addWidget(self.message)
        self.done = muted("", self)
        self.done.setObjectName("backupsDone")
        self.done.setWordWrap(True)
        layout.addWidget(self.done)
        layout.addStretch(1)
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self.restore)
        self.status: BackupStatus | None = None

    def showEvent(self, event) -> None:  # the status file may have changed since: read it when shown
        super().showEvent(event)
        self.refresh()

    def single_pc(self) -> bool:
        try:
            require_sqlite(self.context.services.db.url)
            return True
        except BenchError:
            return False

    def refresh(self) -> None:
        services = self.context.services
        single = self.single_pc()
        self.backup_button.setEnabled(single)
        self.restore_button.setEnabled(single)
        if not single:
            self.about.setText(_("This database is on a server: its own backups (for PostgreSQL, pg_dump or "
                                 "continuous archiving) stand in for Bench's nightly backup."))
        else:
            self.about.setText(_("Each night the workstation backs up this database into the backup folder, "
                                 "checks that the copy restores, and keeps 14 daily, 8 weekly and 12 monthly "
                                 "backups (IT sets this up: packaging/README.md, \"The nightly backup\")."))
        self.status = status = services.backups.status()
        if status.folder is None:
            self.folder_label.setText(_("not configured (backup.folder in the workstation's config file)"))
        else:
            self.folder_label.setText(str(status.folder) + (f" ({status.problem})" if status.problem else ""))
        self.last_label.setText(run_text(status.last))
        self.good_label.setText(run_text(status.last_good) if status.last_good or status.last else _("none yet"))
        warning = status.warning(services.ctx.clock())
        set_message(self.message, warning)

    # --- actions ------------------------------------------------------------------------

    def back_up_now(self) -> None:
        folder = self.context.services.backups.policy.folder
        if folder is None:
            self.choose_folder(self, lambda chosen: self._back_up(Path(chosen)))
        else:
            self._back_up(folder)

    def _back_up(self, folder: Path) -> None:
        set_message(self.message, "")
        try:
            run = self.context.services.backups.run(folder, by="", actor=self.context.actor,
                                                     rotate=folder == self.context.services.backups.policy.folder)
        except BenchError as exc:
            set_message(self.message, str(exc))
            return
        self.refresh()
        if run.ok:
            self.done.setText(_("Backed up to {path} ({size}); {result}.").format(
                path=isolate(str(Path(run.folder) / run.file)), size=size_text(run.size), result=run.result_text()))
        else:
            set_message(self.message, _("The backup failed: {problem}").format(problem=run.message))

    def restore(self) -> None:
        folder = self.context.services.backups.policy.folder
        dialog = RestoreDialog(self.context, self, folder=folder, file_chooser=self.file_chooser)
        open_dialog(self, dialog, self._restored)

    def _restored(self, result) -> None:
        text = isolated(_("The database was restored from {file}."), file=str(result.source))
        if result.previous_copy:
            text += " " + isolated(_("The database it replaced is kept as {file}."), file=str(result.previous_copy))
        box = QMessageBox(QMessageBox.Icon.Information, _("Database restored"),
                          text + "\n\n" + _("Bench now closes this window; sign in again."),
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("restoredNotice")
        self.active_dialog = box
        box.finished.connect(lambda _r: request_reopen(self.window()))
        box.open()
