"""Create or upgrade a database to the newest schema, with Alembic configured in code.

Opening an up-to-date database (every start of the app) reads the schema revision with
one query and compares it with ``HEAD_REVISION``: Alembic, which takes a few hundred
milliseconds to import, is loaded only when there is something to migrate.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # SQLAlchemy too is imported when used: ui.fast_start reads HEAD_REVISION before the core
    from alembic.config import Config
    from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# The newest migration in migrations/versions; tests/persistence keeps it equal to Alembic's own head.
HEAD_REVISION = "0003"


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


def upgrade_to_head(engine: Engine) -> None:
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def needs_upgrade(engine: Engine) -> bool:
    return current_revision(engine) != HEAD_REVISION
