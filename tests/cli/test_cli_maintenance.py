"""`bench-app demo|export|backup|restore|verify` on real databases, as real subprocesses."""

from __future__ import annotations

import pytest

import json
import sqlite3
import time
from datetime import date, datetime
from pathlib import Path

from bench_app import __version__
from bench_app.persistence.base import Base
from bench_app.services.maintenance_service import MaintenanceService
from bench_app.services.registry import open_services
from tests.cli.conftest import PASSWORD, assert_one_line_error, popen_cli, rows, run_cli


def _backup_in_process(db: Path, dest: Path) -> Path:
    sv = open_services(f"sqlite:///{db}")
    try:
        MaintenanceService(sv.ctx).backup(dest, by="cli:test")
    finally:
        sv.close()
    return dest


def _tamper(db: Path) -> int:
    """What someone with the file and a SQLite shell might do: drop the guards, edit history."""
    con = sqlite3.connect(db)
    con.execute("DROP TRIGGER audit_events_no_update")
    con.execute("DROP TRIGGER audit_events_no_delete")
    event = con.execute("SELECT min(id) FROM audit_events WHERE entity_type = 'users' AND action = 'create'"
                        " AND id > 1").fetchone()[0]
    con.execute("UPDATE audit_events SET reason = 'nothing to see here' WHERE id = ?", (event,))
    con.commit()
    con.close()
    return event


def test_demo_fills_a_new_database_and_prints_the_sign_ins(tmp_path):
    db = tmp_path / "demo.db"
    result = run_cli("demo", "--couples", "3", "--seed", "11", db=db)
    assert result.returncode == 0, result.stderr
    for text in ("admin-demo-1", "bench-demo-1", "9999", "1111", "2222", "3333", "sam", "emma", "eli"):
        assert text in result.stdout
    assert {u for (u,) in rows(db, "SELECT username FROM users")} == {"admin", "sam", "emma", "eli"}
    assert len(rows(db, "SELECT id FROM couples")) == 3
    assert rows(db, "SELECT count(*) FROM cycles WHERE start_date = ?", date.today().isoformat())[0][0] >= 1


def test_export_is_one_json_document_with_a_list_per_table_and_no_secrets(bench_db, tmp_path):
    out = tmp_path / "export.json"
    result = run_cli("export", "--format", "json", "-o", str(out), db=bench_db)
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    doc = json.loads(text)
    assert doc["format_version"] == 1 and doc["app_version"] == __version__
    assert datetime.fromisoformat(doc["exported_at"]).utcoffset().total_seconds() == 0
    for table in Base.metadata.sorted_tables:
        assert isinstance(doc[table.name], list), table.name
        assert doc["tables"][table.name]["rows"] == len(doc[table.name])
    assert [u["username"] for u in doc["users"]] == ["admin", "sam", "emma"]
    assert "Emma Öztürk" in text  # readable, not \\u-escaped
    for table in Base.metadata.sorted_tables:
        for row in doc[table.name]:
            assert "password_hash" not in row and "pin_hash" not in row
    assert "$argon2" not in text
    action, username, changes = rows(bench_db, "SELECT action, username, changes FROM audit_events "
                                               "ORDER BY id DESC LIMIT 1")[0]
    assert action == "export" and username.startswith("cli:") and json.dumps(str(out))[1:-1] in changes


@pytest.mark.sqlite_only  # file backup and restore
def test_backup_while_another_connection_holds_an_open_write_transaction(bench_db, tmp_path):
    other = sqlite3.connect(bench_db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO settings (key, value, updated_at) VALUES ('lab_name', '\"Uncommitted\"', "
                  "'2026-01-01 00:00:00')")
    out = tmp_path / "copy.db"
    proc = popen_cli("backup", "-o", str(out), db=bench_db)
    try:
        deadline = time.monotonic() + 60
        while not out.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert out.exists(), proc.communicate()
        # The copy is complete and consistent while the transaction is still open: without its row.
        assert rows(out, "PRAGMA integrity_check") == [("ok",)]
        assert rows(out, "SELECT count(*) FROM settings") == [(0,)]
        assert len(rows(out, "SELECT id FROM users")) == 3
    finally:
        other.execute("COMMIT")  # lets the backup write its audit event and finish
        other.close()
        stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 0, stderr
    assert "Backed up" in stdout
    assert rows(bench_db, "SELECT action FROM audit_events ORDER BY id DESC LIMIT 1") == [("backup",)]


@pytest.mark.sqlite_only  # file backup and restore
def test_restore_of_a_good_backup_replaces_the_database_and_keeps_the_old_one(bench_db, tmp_path):
    backup = _backup_in_process(bench_db, tmp_path / "good.db")
    sv = open_services(f"sqlite:///{bench_db}")
    try:  # work done after the backup, which the restore takes away
        sam = sv.users.sign_in("sam", PASSWORD)
        sv.patients.register_patient(sam, mrn="X-1", family_name="Núñez", given_names="José",
                                     date_of_birth=date(1980, 2, 3), sex="male")
    finally:
        sv.close()

    result = run_cli("restore", str(backup), db=bench_db)
    assert result.returncode == 0, result.stderr
    assert rows(bench_db, "SELECT count(*) FROM patients") == [(0,)]
    assert rows(bench_db, "SELECT action FROM audit_events ORDER BY id DESC LIMIT 1") == [("restore",)]
    kept = list(tmp_path.glob("bench.db.before-restore-*"))
    assert len(kept) == 1 and rows(kept[0], "SELECT mrn FROM patients") == [("X-1",)]
    assert str(kept[0]) in result.stdout

    verified = run_cli("verify", db=bench_db)
    assert verified.returncode == 0
    assert verified.stdout.startswith("OK: ") and "audit events verified, database integrity ok" in verified.stdout


@pytest.mark.sqlite_only  # file backup and restore
def test_restore_refuses_a_text_file_and_leaves_the_database_alone(bench_db, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database\n")
    before = rows(bench_db, "SELECT count(*) FROM audit_events")
    assert_one_line_error(run_cli("restore", str(notes), db=bench_db), "not a SQLite database")
    assert rows(bench_db, "SELECT count(*) FROM audit_events") == before
    assert not list(tmp_path.glob("bench.db.before-restore-*"))


@pytest.mark.sqlite_only  # file backup and restore
def test_verify_names_a_tampered_event_and_restore_refuses_that_file(bench_db, tmp_path):
    tampered = _backup_in_process(bench_db, tmp_path / "tampered.db")
    bad_event = _tamper(tampered)

    verified = run_cli("verify", db=tampered)
    assert verified.returncode == 1
    assert f"#{bad_event}" in verified.stdout and "altered" in verified.stdout
    assert "Traceback" not in verified.stderr

    before = rows(bench_db, "SELECT count(*) FROM audit_events")
    line = assert_one_line_error(run_cli("restore", str(tampered), db=bench_db), "audit verification")
    assert f"event {bad_event}" in line
    assert rows(bench_db, "SELECT count(*) FROM audit_events") == before
