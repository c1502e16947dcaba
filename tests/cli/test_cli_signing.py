"""`bench-app init` makes the lab certificate (owner-only key); weaker verify-report verdicts exit non-zero."""

from __future__ import annotations

import stat

from tests.cli.conftest import PASSWORD, run_cli
from tests.cli.test_cli_reports import _sample


def test_init_creates_an_owner_only_lab_key_and_signing_show_describes_it(tmp_path, cli_here, monkeypatch):
    folder = tmp_path / "signing"
    monkeypatch.setenv("BENCH_SIGNING_DIR", str(folder))
    done = cli_here("--db", str(tmp_path / "lab.db"), "init", "--admin", "admin", "--password-stdin",
                    stdin="first-admin-1\nfirst-admin-1\n")
    assert done.returncode == 0 and "self-signed lab certificate" in done.stdout, done
    assert stat.S_IMODE((folder / "lab-key.pem").stat().st_mode) == 0o600
    key = (folder / "lab-key.pem").read_bytes()
    shown = cli_here("signing", "show")
    assert shown.returncode == 0 and "mode 0600" in shown.stdout and "self-signed" in shown.stdout
    again = cli_here("--db", str(tmp_path / "lab.db"), "init", "--admin", "admin")
    assert again.returncode == 0 and (folder / "lab-key.pem").read_bytes() == key     # never replaced


def test_verify_report_exit_is_zero_only_for_the_issued_bytes(bench_db, tmp_path, cli_here):
    code = _sample(bench_db)
    report = tmp_path / "custody.pdf"
    done = cli_here("report", "custody", "--code", code, "-o", str(report), "--as", "sam", "--password-stdin",
                    db=bench_db, stdin=PASSWORD + "\n")
    assert done.returncode == 0, done
    ok = run_cli("verify-report", str(report), db=bench_db)
    assert ok.returncode == 0 and ok.stdout.startswith("VERIFIED"), ok
    appended = tmp_path / "appended.pdf"
    appended.write_bytes(report.read_bytes() + b"\n% added\n")
    weaker = cli_here("verify-report", str(appended), db=bench_db)
    assert weaker.returncode == 1 and weaker.stdout.startswith("NOT THE ISSUED FILE"), weaker
    edited = bytearray(report.read_bytes())
    edited[len(edited) // 2] ^= 0x20
    (tmp_path / "edited.pdf").write_bytes(bytes(edited))
    bad = cli_here("verify-report", str(tmp_path / "edited.pdf"), db=bench_db)
    assert bad.returncode == 1 and not bad.stdout.startswith("VERIFIED"), bad
