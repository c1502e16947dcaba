"""`bench-app backup --scheduled | --to-folder` and `restore --check`, as the timer runs them."""

from __future__ import annotations

import pytest

import json
import sqlite3
from pathlib import Path

from bench_app.domain.backup_rotation import taken_at
from bench_app.services.backup_schedule_service import STATUS_FILE
from tests.cli.conftest import assert_one_line_error, rows, run_cli

# The scheduled backup copies a single-PC SQLite file; a server is backed up with its own tools.
pytestmark = pytest.mark.sqlite_only


def _config(tmp_path: Path, monkeypatch, folder: Path, db: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(f'[database]\nlocation = "{db}"\n[backup]\nfolder = "{folder}"\nkeep_daily = 3\n'
                    f"keep_weekly = 0\nkeep_monthly = 0\n", encoding="utf-8")
    monkeypatch.setenv("BENCH_CONFIG", str(path))
    return path


def test_the_scheduled_backup_uses_the_configured_database_and_folder(bench_db, tmp_path, monkeypatch):
    folder = tmp_path / "share"
    folder.mkdir()
    _config(tmp_path, monkeypatch, folder, bench_db)
    old = folder / "bench-20200101-020000Z.db"
    result = run_cli("backup", "--scheduled")  # no --db: the database comes from the config file too
    assert result.returncode == 0, result.stderr
    (written,) = [p for p in folder.glob("bench-*Z.db")]
    assert taken_at(written.name) is not None and f"{written}" in result.stdout
    assert "audit chain" in result.stdout
    status = json.loads((folder / STATUS_FILE).read_text(encoding="utf-8"))
    assert status["last"]["ok"] and status["last_good"]["file"] == written.name
    assert rows(bench_db, "SELECT username FROM audit_events WHERE action = 'backup'")[0][0].startswith("cli:")

    written.rename(old)  # an old backup, which a rotation keeping 3 days keeps (fewer than 3 days exist)
    assert run_cli("backup", "--scheduled").returncode == 0
    assert old.is_file() and len(list(folder.glob("bench-*Z.db"))) == 2

    checked = run_cli("restore", "--check", str(old))
    assert checked.returncode == 0, checked.stderr
    assert "restores" in checked.stdout and "Nothing was changed" in checked.stdout


def test_a_failed_scheduled_backup_exits_1_with_one_line_and_records_it(bench_db, tmp_path, monkeypatch):
    _config(tmp_path, monkeypatch, tmp_path / "not-mounted", bench_db)
    assert_one_line_error(run_cli("backup", "--scheduled"), "failed", "not mounted")
    monkeypatch.delenv("BENCH_CONFIG")
    monkeypatch.setenv("BENCH_CONFIG", str(tmp_path / "none.toml"))
    assert_one_line_error(run_cli("backup", "--scheduled", db=bench_db), "backup.folder")
    assert_one_line_error(run_cli("backup", db=bench_db), "-o FILE")


def test_to_folder_and_restore_check_refuse_a_damaged_backup(bench_db, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    assert run_cli("backup", "--to-folder", str(folder), db=bench_db).returncode == 0
    (backup,) = folder.glob("bench-*Z.db")
    con = sqlite3.connect(backup)
    con.execute("DROP TRIGGER audit_events_no_update")
    con.commit()
    con.close()
    assert_one_line_error(run_cli("restore", "--check", str(backup)), "protection removed")


def test_the_scheduled_backup_needs_the_database_named_in_the_config(tmp_path, monkeypatch):
    folder = tmp_path / "share"
    folder.mkdir()
    config = tmp_path / "config.toml"
    config.write_text(f'[backup]\nfolder = "{folder}"\n', encoding="utf-8")
    monkeypatch.setenv("BENCH_CONFIG", str(config))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    assert_one_line_error(run_cli("backup", "--scheduled"), "database.location")
    assert not list(folder.iterdir()) and not (tmp_path / "data").exists()
