"""Migrations: one head, models match the migrated schema, the audit table protects itself."""

import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError

from bench_app.persistence.base import Base
from bench_app.persistence.engine import open_database
from bench_app.persistence.migrate import alembic_config, current_revision, head_revision, upgrade_to_head


def test_there_is_a_single_migration_head():
    assert len(ScriptDirectory.from_config(alembic_config()).get_heads()) == 1


def test_models_match_migrations(tmp_path):
    db = open_database(f"sqlite:///{tmp_path / 'm.db'}")
    upgrade_to_head(db.engine)
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []
    assert current_revision(db.engine) == head_revision()


def test_upgrade_is_idempotent_and_downgrade_works(tmp_path):
    from alembic import command

    db = open_database(f"sqlite:///{tmp_path / 'm.db'}")
    upgrade_to_head(db.engine)
    upgrade_to_head(db.engine)
    cfg = alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    with db.engine.connect() as conn:
        tables = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))}
    assert tables <= {"alembic_version"}


def test_sqlite_engine_settings(tmp_path):
    db = open_database(f"sqlite:///{tmp_path / 'm.db'}")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_audit_table_refuses_update_and_delete(services, team):
    with pytest.raises((IntegrityError, OperationalError), match="append-only"):
        with services.db.write() as s:
            s.execute(text("UPDATE audit_events SET reason = 'x' WHERE id = 1"))
    with pytest.raises((IntegrityError, OperationalError), match="append-only"):
        with services.db.write() as s:
            s.execute(text("DELETE FROM audit_events"))


def test_foreign_keys_are_enforced(services):
    with pytest.raises(IntegrityError):
        with services.db.write() as s:
            s.execute(text("INSERT INTO couples (male_patient_id, created_at) VALUES (999, '2026-01-01')"))


def test_times_are_stored_as_utc(services, team, clock):
    from bench_app.persistence.models import User
    from sqlalchemy import select

    with services.db.read() as s:
        user = s.execute(select(User).where(User.username == "admin")).scalar_one()
        assert user.created_at == clock.now and user.created_at.utcoffset().total_seconds() == 0
    path = services.db.url.removeprefix("sqlite:///")
    raw = sqlite3.connect(path).execute("SELECT created_at FROM users WHERE username='admin'").fetchone()[0]
    assert raw.startswith("2026-11-20 09:00:00")
