"""Export, backup and restore of the whole database (services.maintenance_service)."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from bench_app.domain.errors import BenchError
from bench_app.persistence.base import Base
from bench_app.persistence.location import sqlite_path
from bench_app.services import passwords
from bench_app.services.maintenance_service import (
    FORMAT_VERSION, MaintenanceService, RestoreRefused, require_sqlite,
)


@pytest.fixture(autouse=True)
def quick_hashing(monkeypatch):
    """Cheap argon2 parameters: these tests are about files, not password strength."""
    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def maint(services) -> MaintenanceService:
    return MaintenanceService(services.ctx)


@pytest.fixture
def db_file(services) -> Path:
    return sqlite_path(services.db.url)


def _raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def _register(services, actor, mrn: str, family: str = "Παπαδόπουλος", given: str = "Γιώργος"):
    return services.patients.register_patient(actor, mrn=mrn, family_name=family, given_names=given,
                                              date_of_birth=date(1982, 5, 6), sex="male")


# --- export ------------------------------------------------------------------------------


def test_export_has_every_table_typed_values_and_no_secrets(services, team, maint, tmp_path):
    patient = _register(services, team.embryologist, "100234")
    services.patients.record_consent(team.embryologist, patient_id=patient.id, permitted_uses=["storage"],
                                     signed_on=date(2026, 1, 5), storage_expiry=date(2036, 1, 5))
    out = tmp_path / "export.json"
    written = maint.export_json(out, by="cli:tester")
    doc = json.loads(out.read_text(encoding="utf-8"))

    assert list(doc)[:6] == ["format_version", "exported_at", "app_version", "schema_revision", "tables",
                             "omitted_columns"]
    assert doc["format_version"] == FORMAT_VERSION and doc["exported_at"].endswith("+00:00")
    names = [t.name for t in Base.metadata.sorted_tables]
    assert list(doc)[6:] == names and list(doc["tables"]) == names
    assert doc["omitted_columns"] == {"users": ["password_hash", "pin_hash"]}
    assert written.rows == sum(len(doc[n]) for n in names) and written.tables == len(names)

    (row,) = doc["patients"]
    assert row["family_name"] == "Παπαδόπουλος" and row["date_of_birth"] == "1982-05-06"
    assert row["created_at"] == "2026-11-20T09:00:00+00:00"
    assert doc["consents"][0]["storage_expiry"] == "2036-01-05"
    assert all(u["active"] is True for u in doc["users"])
    assert all(set(u) == set(doc["tables"]["users"]["columns"]) for u in doc["users"])
    assert "$argon2" not in out.read_text(encoding="utf-8")
    # changes keep their stored text, so the chain can be re-verified from the export alone
    assert all(isinstance(e["changes"], str) for e in doc["audit_events"])

    exported = services.audit.page(team.admin).rows[0]
    assert exported.action == "export"
    assert exported.username == "cli:tester" and exported.changes["sha256"] == [None, written.sha256]


@pytest.mark.sqlite_only  # the database file itself
def test_export_never_overwrites_the_database_and_needs_a_real_folder(maint, db_file, tmp_path):
    with pytest.raises(BenchError, match="database itself"):
        maint.export_json(db_file, by="cli:tester")
    with pytest.raises(BenchError, match="does not exist"):
        maint.export_json(tmp_path / "missing" / "x.json", by="cli:tester")


# --- backup ------------------------------------------------------------------------------


@pytest.mark.sqlite_only  # the database file itself
def test_backup_is_consistent_while_a_write_transaction_is_open(services, team, maint, db_file, tmp_path):
    _register(services, team.embryologist, "P-1")
    other = _raw(db_file)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE patients SET notes = 'uncommitted' WHERE mrn = 'P-1'")
    dest = tmp_path / "backup.db"
    outcome: dict = {}
    worker = threading.Thread(target=lambda: outcome.update(result=maint.backup(dest, by="cli:tester")))
    worker.start()
    try:
        deadline = time.monotonic() + 30
        while not dest.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        copy = _raw(dest)
        assert copy.execute("SELECT notes FROM patients").fetchall() == [("",)]
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # one self-contained file
        copy.close()
    finally:
        other.execute("COMMIT")
        other.close()
        worker.join(30)
    result = outcome["result"]
    assert result.path == dest.resolve() and result.size == dest.stat().st_size
    event = services.audit.page(team.admin).rows[0]
    assert (event.action, event.username, event.changes["sha256"]) == ("backup", "cli:tester", [None, result.sha256])


def test_backup_and_restore_are_for_sqlite_only():
    with pytest.raises(BenchError, match="pg_dump"):
        require_sqlite("postgresql+psycopg://lab@db.example/bench")


# --- restore -----------------------------------------------------------------------------


@pytest.mark.sqlite_only  # the database file itself
def test_restore_brings_back_the_backup_and_keeps_the_replaced_database(services, team, maint, db_file, tmp_path):
    _register(services, team.embryologist, "KEEP-1")
    backup = maint.backup(tmp_path / "b.db", by="cli:tester").path
    _register(services, team.embryologist, "LATER-2")

    result = maint.restore(backup, by="cli:tester")

    assert [p.mrn for p in services.patients.search("KEEP")] == ["KEEP-1"]
    assert services.patients.search("LATER") == []
    assert result.previous_copy is not None and result.previous_copy.exists()
    assert _raw(result.previous_copy).execute("SELECT count(*) FROM patients").fetchone() == (2,)
    assert services.audit.verify().ok
    last = services.audit.page(team.admin).rows[0]
    assert last.action == "restore" and last.username == "cli:tester"


def _refusal(maint, path: Path, services) -> str:
    before = services.audit.count()
    with pytest.raises(RestoreRefused) as caught:
        maint.restore(path, by="cli:tester")
    assert services.audit.count() == before
    return str(caught.value)


@pytest.mark.sqlite_only  # the database file itself
def test_restore_refuses_what_is_not_a_sound_bench_database(services, team, maint, tmp_path):
    text = tmp_path / "notes.db"
    text.write_text("SQLite format 2 but really a shopping list")
    assert "not a SQLite database" in _refusal(maint, text, services)

    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    assert "not a Bench database" in _refusal(maint, other, services)

    assert "There is no file" in _refusal(maint, tmp_path / "missing.db", services)


@pytest.mark.sqlite_only  # the database file itself
def test_restore_refuses_a_newer_schema_a_tampered_trail_and_removed_protection(services, team, maint, tmp_path):
    _register(services, team.embryologist, "T-1")
    good = maint.backup(tmp_path / "good.db", by="cli:tester").path

    newer = tmp_path / "newer.db"
    newer.write_bytes(good.read_bytes())
    con = _raw(newer)
    con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    con.close()
    assert "newer" in _refusal(maint, newer, services)

    tampered = tmp_path / "tampered.db"
    tampered.write_bytes(good.read_bytes())
    con = _raw(tampered)
    con.execute("DROP TRIGGER audit_events_no_update")
    bad = con.execute("SELECT min(id) FROM audit_events WHERE entity_type = 'patients'").fetchone()[0]
    con.execute("UPDATE audit_events SET reason = 'edited later' WHERE id = ?", (bad,))
    con.close()
    message = _refusal(maint, tampered, services)
    assert "audit verification" in message and f"event {bad}" in message

    unguarded = tmp_path / "unguarded.db"
    unguarded.write_bytes(good.read_bytes())
    con = _raw(unguarded)
    con.execute("DROP TRIGGER audit_events_no_delete")
    con.close()
    assert "protection removed" in _refusal(maint, unguarded, services)

    assert [p.mrn for p in services.patients.search("T-1")] == ["T-1"]  # nothing was replaced
