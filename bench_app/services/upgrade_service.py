"""Opening a database made by an older Bench: back it up, migrate it, and undo a failed migration.

When the schema revision in a SQLite database is older than this version's newest, the
file is first copied with SQLite's online backup API (the same copy as `bench-app backup`)
to ``<database>.pre-upgrade-<revision>-<UTC time>.bak`` beside it. Then the migrations
run. If they fail, whatever they did is undone by copying the backup back over the
database (again with the backup API, so another workstation's open connection sees the
restored pages), and UpgradeFailed says so: what failed, that the database is as it was,
and where the backup is. The backup is kept either way; IT removes old ones.

A new, empty database needs no backup, and a database made by a newer Bench is refused
before anything is touched. Other database servers migrate in one transaction, which
rolls back on failure; take the server's own backup (pg_dump) before upgrading Bench.

On a lab server only the owner role changes the schema (``bench-app upgrade`` with the owner's
URL, see packaging/README.md). A workstation connected with the everyday role that finds an
older, newer or missing schema raises SchemaNotCurrent, saying so, before anything is written:
it never tries to migrate (it could not, and a half-tried upgrade helps nobody).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timezone
from pathlib import Path

import bench_app
from bench_app.domain.redaction import redact
from bench_app.domain.clock import Clock, utc_now
from bench_app.domain.enums import AuditAction
from bench_app.domain.errors import DatabaseUnavailable
from bench_app.i18n import _
from bench_app.persistence.engine import Database
from bench_app.persistence.location import sqlite_path
from bench_app.persistence import migrate
from bench_app.persistence.migrate import current_revision, head_revision, known_revisions, upgrade_to_head
from bench_app.persistence.server_roles import can_change_schema, current_role
from bench_app.services.audit_writer import write_event
from bench_app.services.context import ServiceContext
from bench_app.services.maintenance_service import _install, _sqlite_copy, file_sha256

log = logging.getLogger(__name__)
UPGRADER = "bench:upgrade"


class SchemaNotCurrent(DatabaseUnavailable):
    """The schema is not this Bench's and the connected role may not change it: IT upgrades it (or installs Bench)."""


class UpgradeFailed(DatabaseUnavailable):
    """The migrations failed; the database was put back as it was (or the message says otherwise)."""


@dataclass(frozen=True)
class UpgradeDone:
    from_revision: str | None
    to_revision: str
    backup: Path | None


def notice_while_upgrading(db: Database) -> str:
    """What a window says while ``db`` is upgraded at a start, true to what upgrade_database does there: a SQLite
    file is backed up beside itself first; a server's database is not (its server's backups stand in)."""
    if sqlite_path(db.url) is not None:
        return _("Bench is backing up its database and upgrading it to this version.")
    return _("Bench is upgrading the lab server's database to this version. No copy is made beside it: the "
             "server's own backup, kept by IT, is the safety copy.")


def upgrade_database(db: Database, *, clock: Clock = utc_now) -> UpgradeDone | None:
    """Bring ``db`` to the newest schema, with a backup first; None when it already was."""
    current = current_revision(db.engine)
    if current == migrate.HEAD_REVISION:  # every ordinary start: one query, no Alembic
        return None
    head = head_revision()
    if current == head:
        return None
    known = known_revisions()
    refuse_unless_may_upgrade(db, current, head, known)
    if current is not None and current not in known:
        raise DatabaseUnavailable(f"The database was made by a newer or different Bench (schema revision {current}; "
                                  f"Bench {bench_app.__version__} knows up to {head}). Install that version "
                                  f"or newer to open it.")
    path = sqlite_path(db.url)
    taken: list[Path] = []
    found: list[str | None] = [current]

    def back_up_first(revision: str | None) -> None:
        # Under the write lock: of several workstations starting at once, the one that migrates backs up,
        # and what it copies is the database as it was just before its migration.
        found[0] = revision
        if revision is not None and path is not None:
            stamp = clock().astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
            backup = path.with_name(f"{path.name}.pre-upgrade-{revision}-{stamp}.bak")
            _sqlite_copy(path, backup)
            taken.append(backup)
            log.info("Backed up %s to %s before upgrading it from schema %s to %s", path, backup, revision, head)

    try:
        migrated = upgrade_to_head(db.engine, before=back_up_first)
    except Exception as exc:
        if not taken:
            raise
        log.exception("Upgrading %s from schema %s to %s failed", path, found[0], head)
        raise _restored(db, path, taken[0], found[0], head, exc) from exc
    if not migrated:  # another workstation upgraded it while this one waited
        return None
    current, backup = found[0], (taken[0] if taken else None)
    if current is not None:
        log.info("Upgraded %s from schema %s to %s", path or redact(db.url), current, head)
    if backup is not None:
        ctx = ServiceContext(db=db, clock=clock)
        with db.write() as s:
            write_event(s, ctx, actor=None, action=AuditAction.BACKUP, entity_type="database", entity_id="",
                        changes={"file": [None, str(backup)], "sha256": [None, file_sha256(backup)]},
                        reason=f"backup before upgrading the schema from {current} to {head} "
                               f"(Bench {bench_app.__version__})", username=UPGRADER)
    return UpgradeDone(current, head, backup)


def refuse_unless_may_upgrade(db: Database, current: str | None, head: str, known: set[str]) -> None:
    """SchemaNotCurrent when ``db``'s schema is not ``head`` and the connected role may not change it."""
    with db.engine.connect() as conn:
        if can_change_schema(conn):
            return
        role = current_role(conn)
    where = redact(db.url)
    if current is None:
        state = "has no Bench tables yet"
        todo = "IT creates them with 'bench-app upgrade --db OWNER_URL' (the owner role's URL)"
    elif current in known:
        state = f"has an older schema (revision {current}) than this Bench {bench_app.__version__} needs ({head})"
        todo = ("IT upgrades it with 'bench-app upgrade --db OWNER_URL' (the owner role's URL); until then keep "
                "using the previous version of Bench")
    else:
        state = f"was made by a newer or different Bench (schema revision {current}; this Bench knows up to {head})"
        todo = "install that version of Bench or newer on this workstation"
    raise SchemaNotCurrent(f"The database at {where} {state}. This workstation connects as the role {role}, "
                           f"which may not change the schema, so nothing was changed: {todo}.")


def _restored(db: Database, path: Path, backup: Path, current: str, head: str, exc: Exception) -> UpgradeFailed:
    what = f"Upgrading the database {path} from schema {current} to {head} failed ({type(exc).__name__}: {exc})"
    db.dispose()  # no pooled connection may keep the half-migrated pages
    try:
        _install(backup, path)
        restored_to = current_revision(db.engine)
    except Exception as restore_exc:  # the disk or the file itself is in trouble: say where the copy is
        log.exception("Restoring %s from %s failed", path, backup)
        return UpgradeFailed(f"{what}, and putting the backup back failed too ({restore_exc}). The database as it "
                             f"was before the upgrade is in {backup}; restore it with "
                             f"'bench-app restore {backup}' once the problem is solved.")
    finally:
        db.dispose()
    log.info("Restored %s from %s (schema %s) after the failed upgrade", path, backup, restored_to)
    return UpgradeFailed(f"{what}. The database was restored from the backup taken just before, so it is as it "
                         f"was (schema {restored_to}); the backup stays in {backup}. This Bench "
                         f"({bench_app.__version__}) cannot use the database until the upgrade succeeds: keep "
                         f"using the previous version and tell your administrator.")
