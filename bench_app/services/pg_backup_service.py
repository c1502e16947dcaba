"""Backups of a lab server: ``bench-app backup`` and ``restore`` on PostgreSQL, through pg_dump and pg_restore.

A backup is ``pg_dump --format=custom`` of the lab's database into a file (written beside the
destination and moved into place only when complete), then checked: ``pg_restore --list`` must
read its table of contents, and every Bench table and its data must be in it. Then it is
audited as a BACKUP event, as on SQLite. ``--to-folder`` names it ``bench-YYYYMMDD-HHMMSSZ.dump``
and rotates with the same rules as the single-PC backups (bench_app.domain.backup_rotation).

A restore needs an empty database (one just made with CREATE DATABASE) unless the person says
``--replace``: replacing a live lab server's records is never done by accident. With it, the
current contents are first dumped aside (``<database>.before-restore-<UTC time>.dump`` beside the
backup), then ``pg_restore --clean`` replaces them. Either way pg_restore runs as one transaction
that stops at the first error, so a failed restore changes nothing; then the audit chain is
verified on the restored database and the restore is audited.

``restore --check`` proves a dump restores without touching the lab's database: it is restored
into a scratch database on the same server (created, then dropped, so the role needs CREATEDB),
upgraded there to this version's schema, and its audit chain verified.

The tools are found in BENCH_PG_BIN, then on PATH, then where PostgreSQL installs them
(/usr/lib/postgresql/<version>/bin, C:\\Program Files\\PostgreSQL\\<version>\\bin; the newest
version, as pg_dump must not be older than the server). They are given the connection in
libpq's environment variables (PGHOST, PGUSER, PGPASSWORD, ...), never on their command line, so
the password appears in no process list; whatever they print goes through the one redaction.
"""

from __future__ import annotations

import glob
import os
import re
import secrets
import shutil
import subprocess
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from bench_app.domain.backup_rotation import Retention, backup_name, to_keep
from bench_app.domain.enums import AuditAction
from bench_app.domain.errors import BenchError
from bench_app.domain.redaction import redact
from bench_app.i18n import _, isolated, ngettext
from bench_app.persistence.base import Base
from bench_app.persistence.engine import open_database
from bench_app.persistence.migrate import HEAD_REVISION, current_revision, known_revisions, upgrade_to_head
from bench_app.services.audit_service import AuditService
from bench_app.services.audit_writer import write_event
from bench_app.services.context import ServiceContext
from bench_app.services.maintenance_service import RestoreRefused, file_sha256

DUMP_MAGIC = b"PGDMP"
DUMP_SUFFIX = ".dump"
BIN_ENV = "BENCH_PG_BIN"
# URL query keys libpq also reads from its environment (PGSSLMODE, ...): TLS and the like reach the tools too.
LIBPQ_KEYS = ("host", "port", "sslmode", "sslrootcert", "sslcert", "sslkey", "sslcrl", "sslpassword",
              "connect_timeout", "application_name", "target_session_attrs", "service", "options")


@dataclass(frozen=True)
class DumpWritten:
    path: Path
    size: int
    sha256: str
    tables: int  # Bench tables whose data the dump holds


@dataclass(frozen=True)
class DumpRestored:
    source: Path
    sha256: str
    revision: str | None
    audit_events: int
    previous_copy: Path | None
    ok: bool
    problem: str = ""


@dataclass(frozen=True)
class DumpChecked:
    source: Path
    sha256: str
    revision: str | None
    audit_events: int


def is_postgresql(url: str) -> bool:
    return url.startswith("postgresql")


def is_dump(path: Path) -> bool:
    try:
        with Path(path).open("rb") as f:
            return f.read(len(DUMP_MAGIC)) == DUMP_MAGIC
    except OSError:
        return False


# --- the tools --------------------------------------------------------------------------


def find_tool(name: str) -> Path:
    """pg_dump or pg_restore: BENCH_PG_BIN, PATH, then the newest installed PostgreSQL's bin folder."""
    exe = name + (".exe" if os.name == "nt" else "")
    if os.environ.get(BIN_ENV):
        candidate = Path(os.environ[BIN_ENV]) / exe
        if candidate.is_file():
            return candidate
        raise BenchError(isolated(_("{setting} is {folder}, which holds no {program}."), setting=BIN_ENV,
                                  folder=os.environ[BIN_ENV], program=exe))
    installed = glob.glob(f"/usr/lib/postgresql/*/bin/{exe}") + glob.glob(f"C:/Program Files/PostgreSQL/*/bin/{exe}")
    if installed:  # the newest: pg_dump refuses a server newer than itself
        return Path(max(installed, key=lambda p: [int(x) for x in re.findall(r"\d+", Path(p).parent.parent.name)]
                        or [0]))
    found = shutil.which(exe)
    if found:
        return Path(found)
    raise BenchError(isolated(_("{program} was not found. Install the PostgreSQL client tools of the server's version "
                               "or newer (Debian/Ubuntu: apt-get install postgresql-client; Windows: the PostgreSQL "
                               "installer's command line tools), or set {setting} to the folder that holds them."),
                             program=exe, setting=BIN_ENV))


def libpq_env(url: str) -> dict[str, str]:
    """The environment that connects libpq's tools to ``url``'s database (the password in PGPASSWORD)."""
    u = make_url(url)
    env = dict(os.environ)
    for key, value in (("PGHOST", u.host), ("PGPORT", u.port), ("PGUSER", u.username), ("PGDATABASE", u.database),
                       ("PGPASSWORD", u.password)):
        if value is not None:
            env[key] = str(value)
    for key in LIBPQ_KEYS:
        value = u.query.get(key)
        if value is not None:
            env["PG" + key.upper()] = value if isinstance(value, str) else value[-1]
    return env


def _run(tool: str, args: list[str], url: str, *, what: str) -> str:
    try:
        done = subprocess.run([str(find_tool(tool)), "--no-password", *args], env=libpq_env(url),
                              capture_output=True, text=True, errors="replace")
    except OSError as exc:
        raise BenchError(isolated(_("{program} could not be started: {problem}."), program=tool,
                                  problem=str(exc.strerror or exc))) from None
    if done.returncode != 0:
        said = " ".join(redact(done.stderr or done.stdout).split())[:600]
        said = said or _("exit code {code}").format(code=done.returncode)
        raise BenchError(isolated(_("{step} failed: {program} said: {said}"), step=what, program=tool, said=said))
    return done.stdout


# --- backup -----------------------------------------------------------------------------


def backup(ctx: ServiceContext, destination: Path, *, by: str) -> DumpWritten:
    """pg_dump the lab's database into ``destination``, prove its contents list, audit the backup."""
    destination = Path(destination).expanduser().resolve()
    if not destination.parent.is_dir():
        raise BenchError(isolated(_("The folder {folder} does not exist."), folder=str(destination.parent)))
    if destination.is_dir():
        raise BenchError(isolated(_("{path} is a folder; give a file name."), path=str(destination)))
    partial = destination.with_name(f".{destination.name}.{secrets.token_hex(4)}.partial")
    try:
        _run("pg_dump", ["--format=custom", f"--file={partial}"], ctx.db.url, what=_("The backup"))
        tables = _check_listing(partial)
        os.replace(partial, destination)
    finally:
        partial.unlink(missing_ok=True)
    written = DumpWritten(destination, destination.stat().st_size, file_sha256(destination), tables)
    with ctx.db.write() as s:
        write_event(s, ctx, actor=None, action=AuditAction.BACKUP, entity_type="database", entity_id="",
                    changes={"file": [None, str(written.path)], "sha256": [None, written.sha256]},
                    reason="server backup (pg_dump, custom format)", username=by[:64])
    return written


def _check_listing(path: Path, url: str = "") -> int:
    """The dump's table of contents, read back by pg_restore: every Bench table and its data in it."""
    listing = _run("pg_restore", ["--list", str(path)], url or "postgresql://", what=_("Checking the backup"))
    data = set(re.findall(r"TABLE DATA \S+ (\S+) ", listing))
    missing = sorted(t.name for t in Base.metadata.sorted_tables if t.name not in data)
    if missing:
        raise BenchError(isolated(ngettext("The backup {file} lacks the data of table {table}: it is not a whole Bench "
                                           "database.",
                                           "The backup {file} lacks the data of table {table} and {more} more: it is "
                                           "not a whole Bench database.", len(missing)),
                                  file=path.name, table=missing[0], more=len(missing) - 1))
    return len(data)


def folder_backup(ctx: ServiceContext, folder: Path, *, by: str, rotate: bool,
                  retention: Retention = Retention()) -> tuple[DumpWritten, int]:
    """A dated dump (bench-YYYYMMDD-HHMMSSZ.dump) into ``folder``, checked; older dumps rotated when asked."""
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise BenchError(isolated(_("The backup folder {folder} does not exist or is not mounted."), folder=str(folder)))
    name = backup_name(ctx.clock())[: -len(".db")] + DUMP_SUFFIX
    written = backup(ctx, folder / name, by=by)
    return written, (_rotate(folder, retention) if rotate else 0)


def _rotate(folder: Path, retention: Retention) -> int:
    # The rotation rules read names ending in .db; a dump's name is the same with .dump.
    as_db = {p.name[: -len(DUMP_SUFFIX)] + ".db": p for p in folder.iterdir()
             if p.is_file() and p.name.startswith("bench-") and p.name.endswith(DUMP_SUFFIX)}
    keep = to_keep(list(as_db), retention)
    removed = 0
    for name, path in sorted(as_db.items()):
        if name not in keep:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


# --- restore ----------------------------------------------------------------------------


def restore(ctx: ServiceContext, source: Path, *, by: str, replace: bool = False) -> DumpRestored:
    """Restore a dump into the lab's database: empty, or ``replace`` given (the current contents dumped aside)."""
    source = _dump_file(source)
    sha = file_sha256(source)
    _check_listing(source)
    _refuse_unknown_revision(source)
    tables = _user_tables(ctx.db.url)
    previous = None
    if tables and not replace:
        raise RestoreRefused(isolated(ngettext(
            "The database {database} is not empty ({count} table, e.g. {table}): a restore would replace a lab "
            "server's records. Restore into a new, empty database, or give --replace to replace them (the current "
            "contents are dumped aside first). Nothing was changed.",
            "The database {database} is not empty ({count} tables, e.g. {table}): a restore would replace a lab "
            "server's records. Restore into a new, empty database, or give --replace to replace them (the current "
            "contents are dumped aside first). Nothing was changed.", len(tables)),
            database=redact(ctx.db.url), count=len(tables), table=tables[0]))
    if tables:
        stamp = ctx.clock().astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        previous = source.with_name(f"{make_url(ctx.db.url).database}.before-restore-{stamp}{DUMP_SUFFIX}")
        _run("pg_dump", ["--format=custom", f"--file={previous}"], ctx.db.url,
             what=_("Keeping the current contents before the restore"))
    ctx.db.dispose()  # no pooled connection of ours holds a lock on what --clean drops
    options = ["--single-transaction", "--exit-on-error", f"--dbname={_dbname(ctx.db.url)}"]
    _run("pg_restore", [*options, *(["--clean", "--if-exists"] if tables else []), str(source)], ctx.db.url,
         what=_("The restore"))
    revision = current_revision(ctx.db.engine)
    if revision != HEAD_REVISION:  # the models of this version cannot read an older schema
        return DumpRestored(source, sha, revision, 0, previous, False,
                            isolated(_("the restored database is at schema {revision}, older than this Bench's {head}: "
                                     "upgrade it (bench-app upgrade with the owner's URL), then run bench-app verify"),
                                   revision=revision, head=HEAD_REVISION))
    report = AuditService(ctx).verify()
    events = report.events_checked
    if report.ok:
        with ctx.db.write() as s:
            write_event(s, ctx, actor=None, action=AuditAction.RESTORE, entity_type="database", entity_id="",
                        changes={"file": [None, str(source)], "sha256": [None, sha]}, username=by[:64],
                        reason=f"restored from a server backup at schema revision {revision}"
                               + (f"; the replaced contents were kept as {previous}" if previous else ""))
    return DumpRestored(source, sha, revision, events, previous, report.ok,
                        "" if report.ok else report.problems[0])


def check_dump(url: str, source: Path) -> DumpChecked:
    """Prove ``source`` restores: into a scratch database on ``url``'s server, upgraded and verified, then dropped."""
    source = _dump_file(source)
    sha = file_sha256(source)
    _check_listing(source)
    _refuse_unknown_revision(source)
    scratch = f"bench_check_{secrets.token_hex(6)}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT", hide_parameters=True)
    try:
        with admin.connect() as conn:
            try:
                conn.execute(text(f'CREATE DATABASE "{scratch}"'))
            except DBAPIError as exc:
                if getattr(exc.orig, "sqlstate", "") == "42501":
                    raise BenchError(isolated(_(
                        "The role {role} may not create databases (CREATEDB), and restore --check restores into a "
                        "scratch database it creates and drops. Run it as a role that may (e.g. the owner role), or "
                        "restore the file into an empty database of its own."),
                        role=make_url(url).username or "")) from None
                raise
        scratch_url = make_url(url).set(database=scratch).render_as_string(hide_password=False)
        try:
            # Owners and grants are the server's business; a check needs only the records.
            _run("pg_restore", ["--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges",
                                f"--dbname={_dbname(scratch_url)}", str(source)], scratch_url,
                 what=_("Restoring the backup into a scratch database"))
            db = open_database(scratch_url)
            try:
                revision = current_revision(db.engine)
                upgrade_to_head(db.engine)
                report = AuditService(ServiceContext(db=db)).verify()
            finally:
                db.dispose()
            if not report.ok:
                raise RestoreRefused(isolated(_("{file} restores, but its audit chain does not verify, so it may "
                                                   "have been tampered with: {problem}"),
                                                 file=source.name, problem=report.problems[0]))
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))
    finally:
        admin.dispose()
    return DumpChecked(source, sha, revision, report.events_checked)


# --- helpers ----------------------------------------------------------------------------


def _dump_file(source: Path) -> Path:
    source = Path(source).expanduser().resolve()
    if not source.is_file():
        raise RestoreRefused(isolated(_("{path} is not a file.") if source.exists() else _("There is no file {path}."),
                                      path=str(source)))
    if not is_dump(source):
        raise RestoreRefused(isolated(_("{file} is not a server backup (pg_dump's custom format); a single-PC "
                                       "backup is moved onto a server with move-to."), file=source.name))
    return source


def _dbname(url: str) -> str:
    # Only the database's name: host, user and password reach pg_restore through its environment.
    return make_url(url).database or ""


def _user_tables(url: str) -> list[str]:
    engine = create_engine(url, hide_parameters=True)
    try:
        with engine.connect() as conn:
            return list(conn.execute(text(
                "SELECT table_schema || '.' || table_name FROM information_schema.tables "
                "WHERE table_schema NOT IN ('pg_catalog', 'information_schema') "
                "AND table_schema NOT LIKE 'pg_toast%' ORDER BY 1")).scalars())
    finally:
        engine.dispose()




def dump_revision(source: Path) -> str | None:
    """The schema revision recorded in a dump (its alembic_version data), read without restoring it."""
    out = _run("pg_restore", ["--data-only", "--table=alembic_version", "--file=-", str(source)], "postgresql://",
               what=_("Reading the backup's schema revision"))
    rows = re.search(r"^COPY \S*alembic_version .*?;\n(.*?)^\\\.$", out, re.S | re.M)
    return rows.group(1).strip() or None if rows else None


def _refuse_unknown_revision(source: Path) -> str | None:
    revision = dump_revision(source)
    if revision is None:
        raise RestoreRefused(isolated(_("{file} holds no Bench schema revision: it is not a Bench backup."),
                                      file=source.name))
    if revision not in known_revisions():
        raise RestoreRefused(isolated(_("{file} was made by a newer Bench (schema {revision}); restore it with that "
                                       "version. Nothing was changed."), file=source.name, revision=revision))
    return revision
