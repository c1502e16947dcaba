"""Scheduled backups (services.backup_schedule_service): written, checked, rotated, recorded, restorable."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from bench_app.domain.backup_rotation import Retention, backup_name
from bench_app.domain.errors import BenchError, PermissionDenied
from bench_app.persistence.location import sqlite_path
from bench_app.services import passwords
from bench_app.services.backup_schedule_service import STATUS_FILE, BackupPolicy, BackupScheduleService
from bench_app.services.maintenance_service import MaintenanceService, RestoreRefused, check_backup
from bench_app.services.registry import open_services

# The scheduled backup copies a single-PC SQLite file; a server is backed up with its own tools.
pytestmark = pytest.mark.sqlite_only


@pytest.fixture(autouse=True)
def quick_hashing(monkeypatch):
    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def folder(tmp_path) -> Path:
    path = tmp_path / "share"
    path.mkdir()
    return path


def _service(services, folder, **kw) -> BackupScheduleService:
    return BackupScheduleService(services.ctx, BackupPolicy(folder, **kw))


def _mrns(path: Path) -> set[str]:
    con = sqlite3.connect(path)
    try:
        return {m for (m,) in con.execute("SELECT mrn FROM patients")}
    finally:
        con.close()


def _register(services, actor, mrn):
    return services.patients.register_patient(actor, mrn=mrn, family_name="Okafor", given_names="Chidi",
                                              date_of_birth=date(1984, 3, 9), sex="male")


def test_last_nights_backup_restores_into_a_scratch_folder_and_verifies(services, team, clock, folder, tmp_path):
    _register(services, team.embryologist, "300111")
    clock.now = clock.now.replace(hour=2, minute=0)  # the timer's hour
    run = _service(services, folder).run(by="cli:bench-backup")
    assert run.ok, run.message
    assert run.file == backup_name(clock.now) and (folder / run.file).stat().st_size == run.size
    assert "audit chain" in run.message

    # the morning after: more work, then last night's backup is restored into a scratch folder
    clock.advance(hours=7)
    _register(services, team.embryologist, "300222")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    other = open_services(f"sqlite:///{scratch / 'restored.db'}", clock=clock)
    try:
        result = MaintenanceService(other.ctx).restore(folder / run.file, by="cli:it")
        assert other.audit.verify().ok
        mrns = _mrns(scratch / "restored.db")
    finally:
        other.close()
    assert mrns == {"300111"}
    assert result.revision_before and result.audit_events > 0
    # the live database was not touched
    assert _mrns(sqlite_path(services.db.url)) == {"300111", "300222"}


def test_a_run_records_its_result_with_the_backups_and_the_status_reads_it(services, team, clock, folder):
    svc = _service(services, folder, warn_after=timedelta(hours=36))
    assert svc.status().last is None and svc.status().overdue(clock())
    run = svc.run(by="cli:bench-backup")
    data = json.loads((folder / STATUS_FILE).read_text(encoding="utf-8"))
    assert data["last"]["file"] == run.file and data["last_good"]["sha256"] == run.sha256
    status = svc.status()
    assert status.last == run and status.last_good == run
    assert not status.overdue(clock() + timedelta(hours=35)) and status.warning(clock()) == ""
    assert status.overdue(clock() + timedelta(hours=37))
    assert "37 hours old" in status.warning(clock() + timedelta(hours=37))
    event = services.audit.page(team.admin).rows[0]
    assert event.action == "backup" and event.username == "cli:bench-backup"


def test_a_failed_run_is_recorded_and_the_last_good_one_kept(services, team, clock, folder, monkeypatch):
    svc = _service(services, folder)
    good = svc.run(by="cli:bench-backup")
    clock.advance(days=1)

    def broken(path):
        raise RestoreRefused(f"{path.name} fails SQLite's integrity check (page 3 is never used).")
    monkeypatch.setattr("bench_app.services.backup_schedule_service.check_backup", broken)
    bad = svc.run(by="cli:bench-backup")
    assert not bad.ok and "integrity" in bad.message
    assert (folder / (bad.file + ".failed")).is_file() and not (folder / bad.file).exists()
    status = svc.status()
    assert status.last == bad and status.last_good == good
    assert status.overdue(clock() + timedelta(hours=13))


def test_a_missing_folder_fails_the_run_without_a_file(services, team, tmp_path):
    run = _service(services, tmp_path / "not-mounted").run(by="cli:bench-backup")
    assert not run.ok and "not mounted" in run.message
    status = _service(services, tmp_path / "not-mounted").status()
    assert "not there" in status.problem and "cannot be read" in status.warning(run.at)


def test_rotation_deletes_only_what_the_retention_no_longer_keeps(services, team, clock, folder):
    svc = _service(services, folder, retention=Retention(daily=3, weekly=2, monthly=2))
    first = svc.run(by="cli:bench-backup", rotate=False)
    # forty nights of older backups (copies of a real one), plus files rotation must leave alone
    for d in range(1, 41):
        shutil.copyfile(folder / first.file, folder / backup_name(clock() - timedelta(days=d)))
    (folder / "notes.txt").write_text("IT's notes")
    (folder / "bench-20200101-000000Z.db.failed").write_bytes(b"x")
    clock.advance(hours=1)
    run = svc.run(by="cli:bench-backup")
    left = sorted(p.name for p in folder.glob("bench-*Z.db"))
    assert run.ok and run.removed == 41 + 1 - len(left)
    # 2026-11-20 is a Friday: three days (of today only the newest), last week's Sunday, last month's end
    assert left == sorted([backup_name(clock()), backup_name(first.at - timedelta(days=1)),
                           backup_name(first.at - timedelta(days=2)), backup_name(first.at - timedelta(days=5)),
                           backup_name(first.at - timedelta(days=20))])
    assert (folder / "notes.txt").is_file() and (folder / "bench-20200101-000000Z.db.failed").is_file()
    for name in left:
        check_backup(folder / name)


def test_restore_check_proves_a_backup_without_touching_the_database(services, team, folder, tmp_path):
    run = _service(services, folder).run(by="cli:bench-backup")
    live = sqlite_path(services.db.url)
    before = live.stat().st_mtime_ns, services.audit.count()
    checked = check_backup(folder / run.file)
    assert checked.sha256 == run.sha256 and checked.audit_events > 0
    assert (live.stat().st_mtime_ns, services.audit.count()) == before
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all")
    with pytest.raises(RestoreRefused, match="not a SQLite"):
        check_backup(junk)


def test_only_an_admin_backs_up_from_the_app(services, team, folder):
    with pytest.raises(PermissionDenied):
        _service(services, folder).run(by="", actor=team.embryologist)
    run = _service(services, folder).run(by="", actor=team.admin)
    assert run.ok and services.audit.page(team.admin).rows[0].username == "admin"
    with pytest.raises(BenchError, match="No backup folder"):
        _service(services, None).run(by="", actor=team.admin)
