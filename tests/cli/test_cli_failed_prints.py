"""A print, issue or export that failed leaves no record: no issued report, no label print, no print event."""

from __future__ import annotations

import socket

from tests.cli.conftest import PASSWORD, rows
from tests.cli.test_cli_reports import _sample


def _records(db) -> tuple:
    return (rows(db, "SELECT count(*) FROM issued_reports"), rows(db, "SELECT count(*) FROM label_prints"),
            rows(db, "SELECT count(*) FROM audit_events WHERE action = 'print'"))


def test_a_custody_report_or_worksheet_that_could_not_be_written_is_not_issued(bench_db, tmp_path, cli_here):
    code = _sample(bench_db)
    before = _records(bench_db)
    for target in (tmp_path / "no" / "such" / "dir" / "x.pdf", tmp_path):          # a missing folder; a folder
        for args in (("custody", "--code", code), ("worksheet", "--date", "2026-12-06")):
            result = cli_here("report", *args, "-o", str(target), "--as", "sam", "--password-stdin", db=bench_db,
                              stdin=PASSWORD + "\n")
            assert result.returncode == 1 and "bench-app: error:" in result.stderr, result
            assert _records(bench_db) == before
    assert not (tmp_path / "no").exists()
    done = cli_here("report", "custody", "--code", code, "-o", str(tmp_path / "ok.pdf"), "--as", "sam",
                    "--password-stdin", db=bench_db, stdin=PASSWORD + "\n")
    assert done.returncode == 0 and "report no. 1 " in done.stdout          # the first that was written is no. 1
    assert rows(bench_db, "SELECT id, kind FROM issued_reports") == [(1, "custody")]


def test_labels_that_never_reached_the_printer_are_not_printed(bench_db, tmp_path, cli_here):
    code = _sample(bench_db)
    before = _records(bench_db)
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    dead = closed.getsockname()[1]
    closed.close()
    for send in ("printer", f"127.0.0.1:{dead}"):                     # no port; a closed port
        result = cli_here("labels", "--code", code, "--zpl", "--send", send, "--as", "emma", "--password-stdin",
                          db=bench_db, stdin=PASSWORD + "\n")
        assert result.returncode == 1 and "bench-app: error:" in result.stderr, result
        assert _records(bench_db) == before
    for target in (tmp_path / "missing" / "l.pdf", tmp_path):
        result = cli_here("labels", "--code", code, "-o", str(target), "--as", "emma", "--password-stdin",
                          db=bench_db, stdin=PASSWORD + "\n")
        assert result.returncode == 1 and _records(bench_db) == before
    # So the first label that really prints is a first print, not a reprint asking for a reason.
    done = cli_here("labels", "--code", code, "-o", str(tmp_path / "l.pdf"), "--as", "emma", "--password-stdin",
                    db=bench_db, stdin=PASSWORD + "\n")
    assert done.returncode == 0, done
    assert rows(bench_db, "SELECT is_reprint FROM label_prints") == [(0,)]
