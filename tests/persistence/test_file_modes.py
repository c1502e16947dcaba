"""Patient data readable only by those who should: the database, its -wal/-shm and the log folder."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from bench_app import logs
from bench_app.persistence.engine import open_database
from bench_app.persistence.file_modes import (
    FileAccess, access_warning, create_private_file, make_private_dir, readable_by_others,
)
from bench_app.services.registry import open_services

pytestmark = pytest.mark.skipif(os.name != "posix", reason="mode bits are a POSIX matter")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_database_and_its_journal_files_are_owner_only(tmp_path):
    path = tmp_path / "new folder" / "bench.db"
    db = open_database(f"sqlite:///{path}")
    try:
        with db.write() as s:  # WAL mode: the -wal and -shm files exist while a connection is open
            s.execute(text("CREATE TABLE t (x INTEGER)"))
            s.execute(text("INSERT INTO t VALUES (1)"))
        files = {p.name: mode(p) for p in path.parent.iterdir()}
    finally:
        db.dispose()
    assert files == {"bench.db": 0o600, "bench.db-wal": 0o600, "bench.db-shm": 0o600}
    assert mode(path.parent) == 0o700


def test_a_group_that_it_configures_gets_0660(tmp_path, monkeypatch):
    import grp

    group = grp.getgrgid(os.getgid()).gr_name
    config = tmp_path / "config.toml"
    config.write_text(f'[files]\ngroup = "{group}"\n', encoding="utf-8")
    monkeypatch.setenv("BENCH_CONFIG", str(config))
    monkeypatch.setattr("bench_app.config.user_config_path", lambda: tmp_path / "no-user-config.toml")
    assert FileAccess.from_config().group == group
    path = tmp_path / "shared" / "bench.db"
    sv = open_services(f"sqlite:///{path}")
    sv.close()
    assert mode(path) == 0o660 and mode(path.parent) == 0o770
    assert path.stat().st_gid == grp.getgrnam(group).gr_gid


def test_an_existing_file_or_folder_keeps_its_mode(tmp_path):
    folder = tmp_path / "lab"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    make_private_dir(folder)
    assert mode(folder) == 0o755
    f = create_private_file(folder / "key.pem")
    assert mode(f) == 0o600
    f.write_text("x")
    os.chmod(f, 0o640)
    create_private_file(f)
    assert mode(f) == 0o640


def test_a_world_readable_database_is_warned_about_at_start(tmp_path, capsys):
    from bench_app import cli

    path = tmp_path / "bench.db"
    open_services(f"sqlite:///{path}").close()
    assert access_warning(path) is None
    os.chmod(path, 0o644)
    assert readable_by_others(path)
    sv = open_services(f"sqlite:///{path}")
    sv.close()
    assert len(sv.start_warnings) == 1 and "can be read by every account" in sv.start_warnings[0]
    assert cli.main(["--db", str(path), "verify"]) in (0, 1)
    err = capsys.readouterr().err
    assert "bench-app: warning: The database file" in err and "chmod 600" in err


def test_the_log_folder_and_files_are_owner_only(tmp_path, monkeypatch):
    monkeypatch.setenv("BENCH_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setattr(logs, "_log_file", None)
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        path = logs.setup_logging("test")
        handler = next(h for h in root.handlers if h not in before)
        handler.doRollover()  # a rotated log's new file is private too
        logging.getLogger("bench").info("after rotation")
        assert mode(path.parent) == 0o700
        assert {p.name: mode(p) for p in path.parent.iterdir()} == {"bench.log": 0o600, "bench.log.1": 0o600}
    finally:
        for h in root.handlers[:]:
            if h not in before:
                root.removeHandler(h)
                h.close()
