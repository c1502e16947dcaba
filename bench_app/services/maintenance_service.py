"""Maintenance of the database as a whole: JSON export, online backup, checked restore.

Who acts. Export, backup and restore are IT and maintenance actions on the machine
that holds the database, usually run from a script or a scheduled task with no one
at the keyboard. They do not ask for a Bench sign-in: whoever can run them can read
the database file anyway, so a password would add a secret to scripts without adding
protection. They are still audited: each writes one audit event (EXPORT, BACKUP or
RESTORE) with no user id and the operator named ``cli:<operating-system user>``
(the caller passes it as ``by``), the workstation, the file written or read, and the
SHA-256 of that file so a copy found later can be tied to its event.

Backup and restore work on SQLite only, through SQLite's online backup API, so they
are safe while the app is open on another workstation (in WAL mode readers and the
backup never block each other). For another database server, its own tools
(pg_dump and pg_restore for PostgreSQL) are the right ones.

A restore refuses any file that is not a sound Bench database: not SQLite, no schema
revision, a revision this version of Bench does not know (a newer Bench made it),
a failed integrity check, an audit trail whose hash chain does not verify, or an
audit table whose append-only protection was removed. The current database is
copied aside first (``<name>.before-restore-<UTC time>``), then overwritten in place
with the backup API, so connections that other programs hold see the restored data.

The export format is described in ``export_json`` below and in docs/export-format.md.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, Iterator

from sqlalchemy import Table, func, select
from sqlalchemy.exc import DatabaseError, OperationalError

import bench_app
from bench_app.domain.enums import AuditAction, Role
from bench_app.domain.errors import BenchError, DatabaseUnavailable
from bench_app.i18n import _
from bench_app.persistence.base import Base
from bench_app.persistence.location import sqlite_path
from bench_app.persistence.db_errors import is_sqlite_busy
from bench_app.persistence.engine import open_database
from bench_app.persistence.migrate import (
    current_revision, head_revision, known_revisions, revision_on, upgrade_to_head,
)
from bench_app.persistence.models import User
from bench_app.services.audit_service import AuditService
from bench_app.services.audit_writer import SECRET_FIELDS, write_event
from bench_app.services.context import Actor, ServiceContext
from bench_app.services.guard import guarded

FORMAT_VERSION = 1
# Keys of the export's header; a table with one of these names would clash with them.
HEADER_KEYS = ("format_version", "exported_at", "app_version", "schema_revision", "tables", "omitted_columns")
SQLITE_MAGIC = b"SQLite format 3\x00"
APPEND_ONLY_TRIGGERS = ("audit_events_no_update", "audit_events_no_delete")


class RestoreRefused(BenchError):
    """The file offered for restore is not a sound Bench database; nothing was changed."""


@dataclass(frozen=True)
class FileWritten:
    path: Path
    size: int
    sha256: str
    rows: int = 0
    tables: int = 0


@dataclass(frozen=True)
class RestoreResult:
    source: Path
    sha256: str
    previous_copy: Path | None
    revision_before: str
    audit_events: int


@dataclass(frozen=True)
class BackupCheck:
    """A backup proven to restore: copied aside, integrity-checked, upgraded, audit chain verified."""
    source: Path
    sha256: str
    revision: str
    audit_events: int


@dataclass(frozen=True)
class DatabaseInfo:
    url: str
    revision: str | None
    user_count: int
    active_admins: tuple[str, ...]


@guarded
class MaintenanceService:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    # --- looking at the database --------------------------------------------------------

    def describe(self) -> DatabaseInfo:
        """What `init` needs to know before any sign-in: schema revision, users, admins."""
        with self.ctx.db.read() as s:
            count = s.execute(select(func.count(User.id))).scalar_one()
            admins = s.execute(select(User.username).where(User.role == Role.ADMIN.value, User.active.is_(True))
                               .order_by(User.username)).scalars().all()
        return DatabaseInfo(self.ctx.db.url, current_revision(self.ctx.db.engine), count, tuple(admins))

    # --- export -------------------------------------------------------------------------

    def export_json(self, destination: Path, *, by: str) -> FileWritten:
        """Write the whole database as one JSON document (format version 1).

        ``{"format_version": 1, "exported_at": "...+00:00", "app_version": "0.1.0",
        "schema_revision": "0001", "tables": {name: {"columns": [...], "rows": n}},
        "omitted_columns": {"users": ["password_hash", "pin_hash"]},
        "<table>": [{column: value, ...}, ...], ...}``: one top-level list per table,
        named after it, every table of the schema (parents before children), rows in
        primary-key order. Dates are ``YYYY-MM-DD``; times are UTC ISO 8601 with
        ``+00:00``; booleans are JSON booleans; missing values are null. Secret hashes
        are left out. ``audit_events.changes`` keeps its exact stored text so the hash
        chain can be re-verified from the export alone. All rows come from one read
        transaction, so the export is a consistent snapshot.
        """
        destination = _output_path(destination, sqlite_path(self.ctx.db.url))
        tables = list(Base.metadata.sorted_tables)
        clash = [t.name for t in tables if t.name in HEADER_KEYS]
        if clash:  # a schema change must not silently produce an ambiguous document
            raise BenchError(f"Table name {clash[0]!r} clashes with the export header; bump the export format.")
        with self.ctx.db.read() as s, _atomic_file(destination, "w") as out:
            columns = {t.name: [c.name for c in t.columns if c.name not in SECRET_FIELDS] for t in tables}
            counts = {t.name: s.execute(select(func.count()).select_from(t)).scalar_one() for t in tables}
            header = {
                "format_version": FORMAT_VERSION,
                "exported_at": self.ctx.clock().astimezone(timezone.utc).isoformat(),
                "app_version": bench_app.__version__,
                "schema_revision": current_revision_in(s),
                "tables": {t.name: {"columns": columns[t.name], "rows": counts[t.name]} for t in tables},
                "omitted_columns": {t.name: sorted(c.name for c in t.columns if c.name in SECRET_FIELDS)
                                    for t in tables if any(c.name in SECRET_FIELDS for c in t.columns)},
            }
            out.write("{\n")
            for key, value in header.items():
                out.write(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},\n")
            for n, table in enumerate(tables):
                _write_table(out, s, table, columns[table.name], last=n == len(tables) - 1)
            out.write("}\n")
        written = _describe_file(destination, rows=sum(counts.values()), tables=len(tables))
        self._audit(AuditAction.EXPORT, by, written.path, written.sha256,
                    reason=f"JSON export (format {FORMAT_VERSION}): {written.tables} tables, {written.rows} rows")
        return written

    # --- backup -------------------------------------------------------------------------

    def backup(self, destination: Path, *, by: str, actor: Actor | None = None) -> FileWritten:
        """A consistent copy of the live SQLite database, safe while others have it open."""
        source = self._database_file(must_exist=True)
        destination = _output_path(destination, source)
        with _atomic_file(destination, "b") as tmp_path:
            _sqlite_copy(source, tmp_path)
        written = _describe_file(destination)
        self._audit(AuditAction.BACKUP, by, written.path, written.sha256, reason="online backup (SQLite backup API)",
                    actor=actor)
        return written

    # --- restore ------------------------------------------------------------------------

    def restore(self, source: Path, *, by: str, actor: Actor | None = None, reason: str = "") -> RestoreResult:
        """Check ``source`` thoroughly, keep a copy of the current database, then replace it."""
        target = self._database_file()
        source = source.expanduser().resolve()
        if not source.is_file():
            raise RestoreRefused(_not_a_file(source))
        if source == target:
            raise RestoreRefused(_("The file to restore is the database itself."))
        sha = file_sha256(source)
        with tempfile.TemporaryDirectory(prefix="bench-restore-") as tmp:
            candidate = Path(tmp) / "candidate.db"
            revision = _check_candidate(source, candidate)
            previous = None
            if target.exists() and target.stat().st_size > 0:
                stamp = self.ctx.clock().astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
                previous = target.with_name(f"{target.name}.before-restore-{stamp}")
                _keep_previous(target, previous)
            self.ctx.db.dispose()  # our own pooled connections must not hold the old pages
            _install(candidate, target)
        self.ctx.db.dispose()
        try:
            upgrade_to_head(self.ctx.db.engine)
        except (OperationalError, DatabaseError) as exc:
            raise DatabaseUnavailable(_("The restored database cannot be upgraded: {problem}").format(
                problem=getattr(exc, 'orig', exc))) from None
        self._audit(AuditAction.RESTORE, by, source, sha, actor=actor,
                    reason=(f"{reason.strip()}: " if reason.strip() else "")
                           + f"restored from a backup at schema revision {revision}"
                           + (f"; the replaced database was kept as {previous}" if previous else ""))
        return RestoreResult(source, sha, previous, revision, AuditService(self.ctx).count())

    # --- helpers ------------------------------------------------------------------------

    def database_file(self) -> Path:
        """The SQLite file of this database (BenchError for any other kind of database)."""
        return self._database_file()

    def _database_file(self, *, must_exist: bool = False) -> Path:
        path = require_sqlite(self.ctx.db.url)
        if must_exist and not path.is_file():
            raise DatabaseUnavailable(_("There is no database file at {path}.").format(path=path))
        return path

    def _audit(self, action: AuditAction, by: str, path: Path, sha256: str, *, reason: str,
               actor: Actor | None = None) -> None:
        with self.ctx.db.write() as s:
            write_event(s, self.ctx, actor=actor, action=action, entity_type="database", entity_id="",
                        changes={"file": [None, str(path)], "sha256": [None, sha256]},
                        reason=reason, username=actor.username if actor else by[:64])


def _not_a_file(source: Path) -> str:
    return (_("{path} is not a file.") if source.exists() else _("There is no file {path}.")).format(path=source)


def check_backup(source: Path) -> BackupCheck:
    """Prove that ``source`` would restore, without touching any live database: the checks of a
    restore (SQLite integrity, a known schema revision, upgrade to this version, the audit hash
    chain, the audit table's append-only protection) run on a scratch copy that is then deleted."""
    source = Path(source).expanduser().resolve()
    if not source.is_file():
        raise RestoreRefused(_not_a_file(source))
    sha = file_sha256(source)
    with tempfile.TemporaryDirectory(prefix="bench-check-") as tmp:
        candidate = Path(tmp) / "candidate.db"
        revision = _check_candidate(source, candidate)
        db = open_database(f"sqlite:///{candidate}")
        try:
            events = AuditService(ServiceContext(db=db)).count()
        finally:
            db.dispose()
    return BackupCheck(source, sha, revision, events)


def require_sqlite(url: str) -> Path:
    """The database file behind ``url``; a clear refusal for any other kind of database."""
    path = sqlite_path(url)
    if path is None:
        kind = url.split(":", 1)[0].split("+", 1)[0]
        raise BenchError(_("Backup and restore are for SQLite databases, and this one is {kind}: use the "
                           "database's own tools (for PostgreSQL, pg_dump and pg_restore).").format(kind=kind))
    return path


# --- export helpers ---------------------------------------------------------------------


def current_revision_in(session) -> str | None:
    return revision_on(session.connection())


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    return value


def _write_table(out: IO[str], s, table: Table, columns: list[str], *, last: bool) -> None:
    cols = [table.c[name] for name in columns]
    query = select(*cols).order_by(*table.primary_key.columns).execution_options(yield_per=1000)
    out.write(f"  {json.dumps(table.name)}: [")
    first = True
    for row in s.execute(query):
        record = {name: _json_value(v) for name, v in zip(columns, row)}
        out.write(("\n" if first else ",\n") + "    " + json.dumps(record, ensure_ascii=False))
        first = False
    out.write(("]" if first else "\n  ]") + ("\n" if last else ",\n"))


# --- file helpers -----------------------------------------------------------------------


def _output_path(destination: Path, database: Path | None) -> Path:
    destination = Path(destination).expanduser().resolve()
    if database is not None and destination in {
            database.resolve(), *(database.resolve().with_name(database.name + x) for x in ("-wal", "-shm", "-journal"))}:
        raise BenchError(_("{path} is the database itself (or its journal); choose another file.").format(path=destination))
    if not destination.parent.is_dir():
        raise BenchError(_("The folder {folder} does not exist.").format(folder=destination.parent))
    if destination.is_dir():
        raise BenchError(_("{path} is a folder; give a file name.").format(path=destination))
    return destination


@contextlib.contextmanager
def _atomic_file(destination: Path, mode: str) -> Iterator[Any]:
    """Write next to ``destination`` and move into place only on success: never a half file."""
    fd, tmp = tempfile.mkstemp(prefix=f".{destination.name}.", suffix=".partial", dir=destination.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        if mode == "w":
            with open(tmp_path, "w", encoding="utf-8", newline="\n") as fh:
                yield fh
                fh.flush()
                os.fsync(fh.fileno())
        else:
            yield tmp_path
        os.replace(tmp_path, destination)
    finally:
        tmp_path.unlink(missing_ok=True)


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in blocks (a backup, a moved database), as audit rows record it."""
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _describe_file(path: Path, *, rows: int = 0, tables: int = 0) -> FileWritten:
    return FileWritten(path, path.stat().st_size, file_sha256(path), rows, tables)


def _sqlite_error(exc: sqlite3.Error) -> DatabaseUnavailable:
    text = str(exc)
    if is_sqlite_busy(text):
        return DatabaseUnavailable(_("The database is busy or locked by another program; try again."))
    return DatabaseUnavailable(_("Database error: {problem}").format(problem=text))


def _sqlite_copy(source: Path, destination: Path) -> None:
    """Copy with the online backup API into a self-contained file (rollback journal, checked)."""
    try:
        src = sqlite3.connect(str(source), timeout=10)
        dst = sqlite3.connect(str(destination))
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
            check = dst.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            dst.close()
            src.close()
    except sqlite3.Error as exc:
        raise _sqlite_error(exc) from None
    if check != "ok":
        raise DatabaseUnavailable(_("The copy failed its integrity check ({check}); the database may be damaged.").format(
            check=check))


def _keep_previous(target: Path, previous: Path) -> None:
    try:
        _sqlite_copy(target, previous)
    except DatabaseUnavailable as exc:
        if "busy or locked" in str(exc):
            raise
        # The current file is not readable as SQLite (damaged?): keep its bytes as they are.
        shutil.copy2(target, previous)


def _install(candidate: Path, target: Path) -> None:
    """Overwrite the target through the backup API, so open connections elsewhere stay valid."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        src = sqlite3.connect(str(candidate))
        dst = sqlite3.connect(str(target), timeout=10)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
    except sqlite3.Error as exc:
        raise _sqlite_error(exc) from None


# --- restore checks ---------------------------------------------------------------------


def _check_candidate(source: Path, candidate: Path) -> str:
    """Copy ``source`` to ``candidate`` and prove it sound; return its schema revision."""
    name = source.name
    with open(source, "rb") as fh:
        if fh.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise RestoreRefused(_("{file} is not a SQLite database file, so it is not a Bench backup.").format(file=name))
    shutil.copyfile(source, candidate)
    wal = source.with_name(source.name + "-wal")
    if wal.is_file():  # committed pages not yet checkpointed into the main file
        shutil.copyfile(wal, candidate.with_name(candidate.name + "-wal"))
    try:
        con = sqlite3.connect(str(candidate))
        try:
            check = con.execute("PRAGMA integrity_check").fetchone()[0]
            if check != "ok":
                raise RestoreRefused(_("{file} fails SQLite's integrity check ({check}).").format(file=name, check=check))
            has_version = con.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'").fetchone()
            if not has_version:
                raise RestoreRefused(_("{file} is a SQLite database but not a Bench database (no schema revision).").format(
                    file=name))
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
            triggers = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise RestoreRefused(_("{file} cannot be read as a SQLite database ({problem}).").format(file=name, problem=exc)) from None
    if row is None:
        raise RestoreRefused(_("{file} has no schema revision, so it is not a complete Bench database.").format(file=name))
    revision = row[0]
    if revision not in known_revisions():
        raise RestoreRefused(_("{file} was made by a newer or different Bench (schema revision {revision}; this "
                               "Bench knows up to {head}). Install that version to restore it.").format(
            file=name, revision=revision, head=head_revision()))
    db = open_database(f"sqlite:///{candidate}")
    try:
        upgrade_to_head(db.engine)
        report = AuditService(ServiceContext(db=db)).verify()
    except (BenchError, OperationalError, DatabaseError) as exc:
        raise RestoreRefused(_("{file} is not a sound Bench database: {problem}").format(
            file=name, problem=getattr(exc, 'orig', None) or exc)) from None
    finally:
        db.dispose()
    if report.problems:  # the data itself; removed triggers are named just below
        raise RestoreRefused(_("{file} fails audit verification, so it may have been tampered with: "
                               "{problem}").format(file=name, problem=report.problems[0]))
    missing = [t for t in APPEND_ONLY_TRIGGERS if t not in triggers]
    if missing:
        raise RestoreRefused(_("{file} has had its audit trail protection removed (trigger {trigger} is missing).").format(
            file=name, trigger=missing[0]))
    return revision
