"""Opening an older database: a backup first, then the migration; a failed migration is undone."""

from __future__ import annotations

import shutil
import sqlite3
import textwrap
from pathlib import Path

import pytest

from bench_app.domain.errors import DatabaseUnavailable
from bench_app.persistence import migrate
from bench_app.persistence.migrate import head_revision
from bench_app.services import upgrade_service
from bench_app.services.registry import open_services
from bench_app.services.upgrade_service import UpgradeFailed
from tests.conftest import ADMIN_PASSWORD

PROBE_REVISION = "zz_upgrade_probe"


def sql(path: Path, query: str) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


def revision_of(path: Path) -> str:
    return sql(path, "SELECT version_num FROM alembic_version")[0][0]


def tables_of(path: Path) -> set[str]:
    return {r[0] for r in sql(path, "SELECT name FROM sqlite_master WHERE type='table'")}


@pytest.fixture
def old_db(tmp_path, clock) -> Path:
    """A database with an admin, made by 'this' Bench: the older version in these tests."""
    path = tmp_path / "lab.db"
    sv = open_services(f"sqlite:///{path}", clock=clock)
    sv.users.create_first_admin(username="admin", full_name="Ada Admin", password=ADMIN_PASSWORD)
    sv.close()
    return path


def newer_bench(tmp_path, monkeypatch, upgrade_body: str) -> str:
    """Make this process a newer Bench: the real migrations plus one more, whose upgrade() is given."""
    folder = tmp_path / "newer-migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
    old_head = head_revision()
    body = textwrap.indent(textwrap.dedent(upgrade_body).strip(), "    ")
    (folder / "versions" / f"{PROBE_REVISION}.py").write_text(
        '"""a newer Bench\'s migration (test)"""\n'
        "from alembic import op\nimport sqlalchemy as sa\n\n"
        f"revision = {PROBE_REVISION!r}\ndown_revision = {old_head!r}\nbranch_labels = None\ndepends_on = None\n\n\n"
        f"def upgrade() -> None:\n{body}\n\n\n"
        "def downgrade() -> None:\n    op.drop_table('upgrade_probe')\n", encoding="utf-8")
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", folder)
    monkeypatch.setattr(migrate, "HEAD_REVISION", PROBE_REVISION)
    return old_head


CREATE_PROBE = """
op.create_table("upgrade_probe", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("note", sa.String(40)))
op.execute("INSERT INTO upgrade_probe (note) VALUES ('migrated')")
"""


def test_a_real_migration_is_preceded_by_a_backup_next_to_the_database(old_db, tmp_path, monkeypatch, clock):
    old_head = newer_bench(tmp_path, monkeypatch, CREATE_PROBE)
    clock.advance(hours=1)
    sv = open_services(f"sqlite:///{old_db}", clock=clock)
    try:
        backup = old_db.with_name(f"lab.db.pre-upgrade-{old_head}-20261120T100000Z.bak")
        assert backup.is_file()
        assert revision_of(backup) == old_head and "upgrade_probe" not in tables_of(backup)
        assert sql(backup, "PRAGMA integrity_check") == [("ok",)]
        assert sql(backup, "SELECT username FROM users") == [("admin",)]
        assert revision_of(old_db) == PROBE_REVISION
        assert sql(old_db, "SELECT note FROM upgrade_probe") == [("migrated",)]
        event = sql(old_db, "SELECT action, username, reason, changes FROM audit_events ORDER BY id DESC LIMIT 1")[0]
        assert event[:2] == ("backup", "bench:upgrade")
        assert f"from {old_head} to {PROBE_REVISION}" in event[2] and backup.name in event[3]
        assert sv.audit.verify().ok
        sv.users.sign_in("admin", ADMIN_PASSWORD)  # the data came through
    finally:
        sv.close()
    # Opening it again: nothing to do, no second backup.
    open_services(f"sqlite:///{old_db}", clock=clock).close()
    assert len(list(tmp_path.glob("lab.db.pre-upgrade-*"))) == 1


def test_a_failing_migration_leaves_the_database_as_it_was(old_db, tmp_path, monkeypatch, clock):
    old_head = newer_bench(tmp_path, monkeypatch, CREATE_PROBE + '\nraise RuntimeError("column clash in the probe")\n')
    with pytest.raises(UpgradeFailed) as failed:
        open_services(f"sqlite:///{old_db}", clock=clock)
    message = str(failed.value)
    assert "column clash in the probe" in message and "restored from the backup" in message
    assert f"schema {old_head}" in message and ".pre-upgrade-" in message
    assert revision_of(old_db) == old_head and "upgrade_probe" not in tables_of(old_db)
    assert len(list(tmp_path.glob("lab.db.pre-upgrade-*.bak"))) == 1


def test_changes_a_failed_upgrade_committed_are_undone_from_the_backup(old_db, tmp_path, monkeypatch, clock):
    """Even a migration that commits before failing (or a crash mid-way) cannot leave half a change."""
    old_head = newer_bench(tmp_path, monkeypatch, CREATE_PROBE)
    audit_rows = sql(old_db, "SELECT count(*) FROM audit_events")

    def half_done_then_fails(engine, before):
        before(migrate.current_revision(engine))  # the backup, as the real upgrade takes it
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP TRIGGER audit_events_no_delete")
            conn.exec_driver_sql("DELETE FROM audit_events")
            conn.exec_driver_sql("UPDATE users SET full_name = 'half-migrated'")
        raise OSError("disk full")

    monkeypatch.setattr(upgrade_service, "upgrade_to_head", half_done_then_fails)
    with pytest.raises(UpgradeFailed, match="disk full.*restored from the backup"):
        open_services(f"sqlite:///{old_db}", clock=clock)
    assert sql(old_db, "SELECT full_name FROM users") == [("Ada Admin",)]
    assert sql(old_db, "SELECT count(*) FROM audit_events") == audit_rows
    assert revision_of(old_db) == old_head
    monkeypatch.undo()  # this Bench again: the restored database opens and verifies
    sv = open_services(f"sqlite:///{old_db}", clock=clock)
    try:
        assert sv.audit.verify().ok
    finally:
        sv.close()


def test_a_database_from_a_newer_bench_is_refused_untouched(old_db, tmp_path, clock):
    con = sqlite3.connect(old_db)
    con.execute("UPDATE alembic_version SET version_num = 'ffff_from_the_future'")
    con.commit()
    con.close()
    with pytest.raises(DatabaseUnavailable, match="newer or different Bench.*ffff_from_the_future"):
        open_services(f"sqlite:///{old_db}", clock=clock)
    assert not list(tmp_path.glob("*.pre-upgrade-*"))
    assert revision_of(old_db) == "ffff_from_the_future"


def test_a_new_database_needs_no_backup(tmp_path, clock):
    open_services(f"sqlite:///{tmp_path / 'new.db'}", clock=clock).close()
    assert revision_of(tmp_path / "new.db") == head_revision()
    assert not list(tmp_path.glob("*.pre-upgrade-*"))


def test_the_upgrade_notice_says_what_opening_will_do_on_each_backend(db_url, backend, tmp_path, monkeypatch, clock):
    from bench_app.services.registry import upgrade_notice

    open_services(db_url, clock=clock).close()
    assert upgrade_notice(db_url) is None                               # made by this Bench
    assert upgrade_notice(f"sqlite:///{tmp_path / 'new.db'}") is None   # a new database is only created
    newer_bench(tmp_path, monkeypatch, CREATE_PROBE)
    said = upgrade_notice(db_url)
    if backend == "sqlite":
        assert said == "Bench is backing up its database and upgrading it to this version."
    else:  # nothing is backed up beside a server's database: its server's backups stand in
        assert said.startswith("Bench is upgrading the lab server's database to this version.")
        assert "server's own backup, kept by IT, is the safety copy" in said and "backing up" not in said
    open_services(db_url, clock=clock).close()
    assert upgrade_notice(db_url) is None
    assert bool(list(tmp_path.glob("*.pre-upgrade-*.bak"))) == (backend == "sqlite")  # it did what it said
