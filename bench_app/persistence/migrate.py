"""Create or upgrade a database to the newest schema, with Alembic configured in code.

Opening an up-to-date database (every start of the app) reads the schema revision with
one query and compares it with ``HEAD_REVISION``: Alembic, which takes a few hundred
milliseconds to import, is loaded only when there is something to migrate.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:  # SQLAlchemy too is imported when used: ui.fast_start reads HEAD_REVISION before the core
    from alembic.config import Config
    from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# The newest migration in migrations/versions; tests/persistence keeps it equal to Alembic's own head.
HEAD_REVISION = "0014_location_totals"


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    """The head as Alembic reads it from the migration files."""
    from alembic.script import ScriptDirectory

    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    if len(heads) != 1:
        raise RuntimeError(f"expected one migration head, found {heads}")
    return heads[0]


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {r.revision for r in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def revision_on(connection) -> str | None:
    """The schema revision recorded in the database (None: a new, empty database)."""
    from sqlalchemy import inspect, text

    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return revision_on(conn)


# How long a workstation starting up waits while another one creates or upgrades the schema.
UPGRADE_WAIT_SECONDS = 300


def upgrade_to_head(engine: Engine, *, before: Callable[[str | None], None] | None = None) -> bool:
    """Migrate to the newest schema; False when another workstation had just done it.

    Several workstations may start at once on an empty or older database: each takes the
    lab-wide write lock first (SQLite: BEGIN IMMEDIATE; PostgreSQL: the advisory lock, waiting
    up to UPGRADE_WAIT_SECONDS), then reads the revision again, so one migrates and the
    others find the work done. ``before(revision)`` runs under the lock just before migrating
    (the pre-upgrade backup), so it too happens once, of the database as it was.
    """
    from alembic import command

    from bench_app.persistence.engine import WRITE_EXECUTION_OPTION, take_write_lock

    cfg = alembic_config()
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        if sqlite:  # BEGIN IMMEDIATE, waiting as long as an upgrade may take, not an ordinary write's few seconds
            raw = conn.connection.driver_connection
            busy = raw.execute("PRAGMA busy_timeout").fetchone()[0]
            raw.execute(f"PRAGMA busy_timeout={UPGRADE_WAIT_SECONDS * 1000}")
            conn.execution_options(**{WRITE_EXECUTION_OPTION: True})
        try:
            with conn.begin():
                take_write_lock(conn, wait_seconds=UPGRADE_WAIT_SECONDS)
                revision = revision_on(conn)
                if revision == head_revision():
                    return False
                if before is not None:
                    before(revision)
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        finally:
            if sqlite:
                raw.execute(f"PRAGMA busy_timeout={busy}")
    return True


def needs_upgrade(engine: Engine) -> bool:
    return current_revision(engine) != HEAD_REVISION
