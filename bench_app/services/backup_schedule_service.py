"""Backups that happen by themselves: a dated backup into a folder, checked, rotated and logged.

``bench-app backup --scheduled`` (run nightly by the systemd timer or the Windows scheduled
task, see packaging/README.md) and the Admin area's "Back up now" come here. One run:

1. writes ``bench-YYYYMMDD-HHMMSSZ.db`` into the folder with SQLite's online backup API
   (MaintenanceService.backup, which audits it as a BACKUP event);
2. proves the file restores (``check_backup``: integrity, schema, audit hash chain), on a
   scratch copy, so a backup that would not restore is known the night it is made;
3. rotates the folder (bench_app.domain.backup_rotation: 14 daily, 8 weekly, 12 monthly
   by default), deleting only older backups that passed their check;
4. records the result in ``bench-backup-status.json`` in the same folder and in the log.

A backup that fails its check is renamed ``*.db.failed`` (kept for a look, never rotated
and never counted as good). The status file holds the last run and the last good run,
which the Admin area shows and Today's warning reads. It lives with the backups, so every
workstation that is configured with the same folder sees the same result.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

from bench_app.config import Config, load_config
from bench_app.domain.backup_rotation import Retention, backup_name, taken_at, to_keep
from bench_app.domain.enums import Role
from bench_app.domain.errors import AuthenticationFailed, BenchError, ValidationError
from bench_app.i18n import _, isolate, isolated, lazy_pgettext, ngettext
from bench_app.services.context import Actor, ServiceContext
from bench_app.services.maintenance_service import MaintenanceService, RestoreResult, check_backup
from bench_app.services.users_service import UsersService

STATUS_FILE = "bench-backup-status.json"
DEFAULT_WARN_AFTER_HOURS = 36  # a nightly backup, with most of a day to spare
log = logging.getLogger("bench.backup")


@dataclass(frozen=True)
class BackupPolicy:
    folder: Path | None
    retention: Retention = Retention()
    warn_after: timedelta = timedelta(hours=DEFAULT_WARN_AFTER_HOURS)

    @classmethod
    def configured(cls) -> "BackupPolicy":
        """The workstation's policy; a config file that cannot be read leaves backups unconfigured here
        (the app and `bench-app config show` report that file's fault themselves)."""
        try:
            return cls.from_config(load_config())
        except BenchError:
            return cls(None)

    @classmethod
    def from_config(cls, config: Config) -> "BackupPolicy":
        folder = config.get("backup.folder")
        default = Retention()
        counts = {name: int(config.get(f"backup.keep_{name}") or getattr(default, name))
                  for name in ("daily", "weekly", "monthly")}
        hours = int(config.get("backup.warn_after_hours") or DEFAULT_WARN_AFTER_HOURS)
        return cls(Path(folder) if folder else None, Retention(**counts), timedelta(hours=hours))


@dataclass(frozen=True)
class BackupRun:
    """One backup: when, where, how big, and whether it was written and proved restorable."""
    at: datetime
    ok: bool
    folder: str
    file: str = ""
    size: int = 0
    sha256: str = ""
    message: str = ""
    removed: int = 0
    revision: str = ""      # a good run's facts, kept apart so the Admin area says them in its user's language
    audit_events: int = 0

    def result_text(self) -> str:
        """The result in the active language. The status file keeps ``message`` in English (the log's words, read
        by any workstation and by older versions); a good run's result is composed again from its facts here,
        a failure's is the error as the nightly job said it."""
        if self.ok and self.revision:
            return ngettext("checked: integrity, schema {revision}, audit chain of {count} event",
                            "checked: integrity, schema {revision}, audit chain of {count} events",
                            self.audit_events).format(revision=isolate(self.revision), count=self.audit_events)
        return self.message

    def to_json(self) -> dict:
        return {**asdict(self), "at": self.at.astimezone(timezone.utc).isoformat()}

    @classmethod
    def from_json(cls, data: dict) -> "BackupRun":
        fields = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        return cls(**{**fields, "at": datetime.fromisoformat(data["at"])})


@dataclass(frozen=True)
class BackupStatus:
    """What the Admin area shows and Today warns about."""
    folder: Path | None
    last: BackupRun | None
    last_good: BackupRun | None
    warn_after: timedelta
    problem: str = ""  # the status could not be read (share not mounted, ...)

    def overdue(self, now: datetime) -> bool:
        return self.last_good is None or now - self.last_good.at > self.warn_after

    def warning(self, now: datetime) -> str:
        """One line for Today; empty when the last good backup is recent enough, or when no backup folder is
        configured (a PostgreSQL server's own backups, or a lab that has not set one: Admin says so)."""
        if self.folder is None:
            return ""
        if self.problem:
            return _("The backup status cannot be read: {problem}").format(problem=self.problem)
        if not self.overdue(now):
            return ""
        if self.last_good is None:
            return _("There is no good backup in {folder} yet.").format(folder=self.folder)
        hours = int((now - self.last_good.at).total_seconds() // 3600)
        age = (ngettext("{count} day", "{count} days", hours // 24).format(count=hours // 24) if hours >= 48 else
               ngettext("{count} hour", "{count} hours", hours).format(count=hours))
        return _("The last good backup is {age} old ({file}); ask IT to check the scheduled backup.").format(
            age=age, file=self.last_good.file)


class BackupScheduleService:
    def __init__(self, ctx: ServiceContext, policy: BackupPolicy):
        self.ctx = ctx
        self.policy = policy
        self.maintenance = MaintenanceService(ctx)

    # --- running ------------------------------------------------------------------------

    def run(self, folder: Path | None = None, *, by: str, actor: Actor | None = None,
            rotate: bool = True) -> BackupRun:
        """Back up into ``folder`` (else the configured one), check, rotate, record. Never raises for a
        failed backup: the failure is the returned run (ok False), in the status file and the log."""
        folder = Path(folder).expanduser() if folder is not None else self.policy.folder
        if folder is None:
            raise BenchError(_("No backup folder: set backup.folder in the config file, or give one."))
        if actor is not None:
            actor.require(Role.ADMIN, doing=lazy_pgettext("permission", "back up the database"))
        now = self.ctx.clock().astimezone(timezone.utc)
        run = BackupRun(at=now, ok=False, folder=str(folder))
        target = folder / backup_name(now)
        try:
            if not folder.is_dir():
                raise BenchError(isolated(_("The backup folder {folder} does not exist or is not mounted."),
                                          folder=str(folder)))
            written = self.maintenance.backup(target, by=by, actor=actor)
            run = replace(run, file=written.path.name, size=written.size, sha256=written.sha256)
            try:
                check = check_backup(written.path)
            except BenchError:
                written.path.replace(written.path.with_name(written.path.name + ".failed"))
                raise
            run = replace(run, ok=True, message=f"checked: integrity, schema {check.revision}, "
                                                   f"audit chain of {check.audit_events} events",
                          revision=check.revision, audit_events=check.audit_events)
            if rotate:
                run = replace(run, removed=self._rotate(folder))
        except (BenchError, OSError) as exc:
            run = replace(run, ok=False, message=str(exc))
        self._record(folder, run)
        return run

    def _rotate(self, folder: Path) -> int:
        names = [p.name for p in folder.iterdir() if p.is_file() and taken_at(p.name) is not None]
        keep = to_keep(names, self.policy.retention)
        removed = 0
        for name in sorted(set(names) - keep):
            (folder / name).unlink(missing_ok=True)
            removed += 1
        return removed

    def _record(self, folder: Path, run: BackupRun) -> None:
        if run.ok:
            log.info("backup written and checked: %s (%d bytes, SHA-256 %s); %s; rotation removed %d",
                     folder / run.file, run.size, run.sha256, run.message, run.removed)
        else:
            log.error("backup into %s failed: %s", folder, run.message)
        if not folder.is_dir():
            return  # nowhere to keep the status; the log has it
        previous = read_status_file(folder)
        data = {"last": run.to_json(),
                "last_good": run.to_json() if run.ok else (previous[1].to_json() if previous[1] else None)}
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{STATUS_FILE}.", dir=folder)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, indent=2)
            os.replace(tmp, folder / STATUS_FILE)
        except OSError as exc:
            log.error("cannot write the backup status in %s: %s", folder, exc)

    # --- restoring from the app ---------------------------------------------------------

    def restore(self, actor: Actor, source: Path, *, password: str, reason: str) -> RestoreResult:
        """An admin replaces this single-PC database with a checked backup. Their password again and a reason;
        the current database is kept aside first (MaintenanceService.restore). The caller reopens the app."""
        actor.require(Role.ADMIN, doing=lazy_pgettext("permission", "restore the database from a backup"))
        errors = {}
        if not str(source).strip():
            errors["file"] = _("Choose the backup file to restore.")
        if not reason.strip():
            errors["reason"] = _("Say why the database is being restored.")
        if not password:
            errors["password"] = _("Your password is needed to restore.")
        if errors:
            raise ValidationError(errors)
        self.maintenance.database_file()  # a clear refusal for a server database, before the password check
        try:
            UsersService(self.ctx).confirm_password(actor, password, purpose="restore")
        except AuthenticationFailed as exc:
            raise ValidationError({"password": str(exc)}) from None
        # Audited by name only: the restored database may not know this person's account.
        return self.maintenance.restore(Path(source), by=actor.username, reason=reason)

    # --- reading ------------------------------------------------------------------------

    def status(self) -> BackupStatus:
        folder = self.policy.folder
        if folder is None:
            return BackupStatus(None, None, None, self.policy.warn_after)
        try:
            last, good = read_status_file(folder, strict=True)
        except (OSError, ValueError, KeyError) as exc:
            return BackupStatus(folder, None, None, self.policy.warn_after, problem=_short(exc, folder))
        return BackupStatus(folder, last, good, self.policy.warn_after)


def read_status_file(folder: Path, *, strict: bool = False) -> tuple[BackupRun | None, BackupRun | None]:
    path = folder / STATUS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return (BackupRun.from_json(data["last"]) if data.get("last") else None,
                BackupRun.from_json(data["last_good"]) if data.get("last_good") else None)
    except FileNotFoundError:
        if strict and not folder.is_dir():
            raise
        return None, None
    except (OSError, ValueError, KeyError, TypeError):
        if strict:
            raise
        return None, None


def _short(exc: Exception, folder: Path) -> str:
    if isinstance(exc, FileNotFoundError):
        return _("the folder {folder} is not there (not mounted?).").format(folder=folder)
    if isinstance(exc, PermissionError):
        return _("{folder} cannot be read (permission denied).").format(folder=folder)
    return isolated(_("{file} is damaged ({problem})."), file=str(folder / STATUS_FILE), problem=str(exc))
