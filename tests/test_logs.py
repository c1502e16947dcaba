"""The log file: set up once, rotating, and never a reason not to start."""

from __future__ import annotations

import logging

import pytest

from bench_app import logs


@pytest.fixture
def fresh_logging(monkeypatch):
    """setup_logging as in a new process; the handler it adds is removed afterwards."""
    monkeypatch.setattr(logs, "_log_file", None)
    root = logging.getLogger()
    before = list(root.handlers)
    level = root.level
    yield
    for handler in root.handlers[:]:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def test_the_log_file_is_set_up_once_and_rotates(fresh_logging, tmp_path, monkeypatch):
    monkeypatch.setenv("BENCH_LOG_DIR", str(tmp_path / "logs"))
    path = logs.setup_logging("cli")
    assert path == tmp_path / "logs" / "bench.log"
    assert logs.setup_logging("gui") == path  # a second call changes nothing
    handlers = [h for h in logging.getLogger().handlers if isinstance(h, logs.PrivateRotatingFileHandler)
                and h.baseFilename == str(path)]
    assert len(handlers) == 1
    assert handlers[0].maxBytes == logs.MAX_BYTES and handlers[0].backupCount == logs.BACKUP_COUNT
    logging.getLogger("bench.test").warning("something to keep")
    handlers[0].flush()
    text = path.read_text(encoding="utf-8")
    assert "cli started" in text and "something to keep" in text
    assert logs.log_file() == path and str(path) in logs.describe_log()


def test_an_unwritable_log_folder_means_no_log_file_not_no_program(fresh_logging, tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    monkeypatch.setenv("BENCH_LOG_DIR", str(blocker / "logs"))
    assert logs.setup_logging("gui") is None
    assert "running without one" in capsys.readouterr().err
    assert logs.log_file() is None and "error output" in logs.describe_log()


def test_the_default_folder_is_the_per_user_log_folder(monkeypatch):
    monkeypatch.delenv("BENCH_LOG_DIR", raising=False)
    assert logs.log_dir().parts[-2:] in (("bench-app", "log"), ("bench-app", "Logs"), ("Logs", "bench-app"))


def test_the_log_rotates_keeping_the_files_before_it_private(tmp_path):
    path = tmp_path / "bench.log"
    handler = logs.PrivateRotatingFileHandler(path, logs.OWNER_ONLY, maxBytes=200, backupCount=2, encoding="utf-8")
    log = logging.getLogger("bench.test.rotation")
    log.addHandler(handler)
    log.propagate = False
    try:
        for n in range(15):
            log.warning("line %02d %s", n, "x" * 40)
    finally:
        log.removeHandler(handler)
        handler.close()
        log.propagate = True
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bench.log", "bench.log.1", "bench.log.2"]
    assert all(p.stat().st_size < 200 for p in tmp_path.iterdir())
    assert "line 14" in path.read_text() and "line 00" not in "".join(p.read_text() for p in tmp_path.iterdir())
    assert all(p.stat().st_mode & 0o077 == 0 for p in tmp_path.iterdir())
