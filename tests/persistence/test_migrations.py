"""Migrations: one head, models match the migrated schema, the audit table protects itself."""

import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from bench_app.domain.errors import BenchError, ConcurrentChange

from bench_app.persistence.base import Base
from bench_app.persistence.engine import open_database
from bench_app.persistence.migrate import alembic_config, current_revision, head_revision, upgrade_to_head


def test_there_is_a_single_migration_head_and_the_fast_start_knows_it():
    assert len(ScriptDirectory.from_config(alembic_config()).get_heads()) == 1
    from bench_app.persistence.migrate import HEAD_REVISION
    assert HEAD_REVISION == head_revision()  # a new migration must move HEAD_REVISION too


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
    with pytest.raises(BenchError, match="append-only"):
        with services.db.write() as s:
            s.execute(text("UPDATE audit_events SET reason = 'x' WHERE id = 1"))
    with pytest.raises(BenchError, match="append-only"):
        with services.db.write() as s:
            s.execute(text("DELETE FROM audit_events"))


def test_foreign_keys_are_enforced(services):
    with pytest.raises(ConcurrentChange) as refused:
        with services.db.write() as s:
            s.execute(text("INSERT INTO couples (male_patient_id, created_at) VALUES (999, '2026-01-01')"))
    assert "foreign key" in refused.value.detail.lower()


@pytest.mark.sqlite_only  # reads the file as SQLite stores it
def test_times_are_stored_as_utc(services, team, clock):
    from bench_app.persistence.models import User
    from sqlalchemy import select

    with services.db.read() as s:
        user = s.execute(select(User).where(User.username == "admin")).scalar_one()
        assert user.created_at == clock.now and user.created_at.utcoffset().total_seconds() == 0
    path = services.db.url.removeprefix("sqlite:///")
    raw = sqlite3.connect(path).execute("SELECT created_at FROM users WHERE username='admin'").fetchone()[0]
    assert raw.startswith("2026-11-20 09:00:00")


def test_upgrading_to_0002_fills_holder_counts_and_processing_witnesses(services, team, clock):
    """A database with devices and processed samples goes back to 0001 and up again: the new columns are
    filled in from what is recorded."""
    from alembic import command

    from tests.services.cryo_fixtures import canes_of, freeze_ejaculate, patient, samples, small_tank

    tank = small_tank(services, team, canisters=1, canes=2, positions=5)
    man, _, _ = patient(services, team, clock)
    canes = canes_of(services, tank.id)
    freeze_ejaculate(services, team.embryologist, man.id, [(canes[0].id, 1), (canes[0].id, 2), (canes[1].id, 1)])
    (sample,) = samples(services, team, clock, man)
    from tests.services.cryo_fixtures import eli_witness
    services.processing.add_step(team.embryologist, sample_id=sample.id, kind="mechanical_mincing",
                                 started_at=clock.now, witness=eli_witness())

    def state():
        with services.db.read() as s:
            counts = dict(s.execute(text("SELECT id, occupied FROM storage_locations WHERE id IN (:a, :b)"),
                                    {"a": canes[0].id, "b": canes[1].id}).all())
            witness = s.execute(text("SELECT processing_witness_id FROM tissue_samples WHERE id = :id"),
                                {"id": sample.id}).scalar_one()
        return counts, witness

    before = state()
    assert before[0] == {canes[0].id: 2, canes[1].id: 1} and before[1] is not None
    cfg = alembic_config()
    services.db.dispose()
    with services.db.engine.connect() as conn:
        # SQLite copies a table to drop a referenced column: foreign keys off, as Alembic's batch mode asks.
        if services.db.is_sqlite:
            conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        with conn.begin():
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0001")
    services.db.dispose()
    assert current_revision(services.db.engine) == "0001"
    upgrade_to_head(services.db.engine)
    assert state() == before
    assert services.audit.verify().ok
