"""`bench-app config show`, the config's lab name in `init`, the hidden GUI smoke test, upgrades and the log."""

from __future__ import annotations

import logging

import pytest

from bench_app import cli, config, logs
from tests.cli.conftest import ADMIN_PASSWORD, assert_one_line_error, rows, run_cli
from tests.services.test_upgrade import newer_bench


@pytest.fixture
def config_files(tmp_path, monkeypatch):
    """System file via $BENCH_CONFIG, user file via $XDG_CONFIG_HOME (also for subprocesses)."""
    system = tmp_path / "etc" / "config.toml"
    user = tmp_path / "xdg" / "bench-app" / "config.toml"
    system.parent.mkdir(parents=True)
    user.parent.mkdir(parents=True)
    monkeypatch.setenv("BENCH_CONFIG", str(system))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(config, "user_config_path", lambda: user)
    monkeypatch.delenv("BENCH_DB", raising=False)
    return system, user


def test_config_show_says_each_value_and_where_it_came_from(config_files, tmp_path):
    system, user = config_files
    system.write_text('[database]\nlocation = "/srv/bench/lab.db"\n[lab]\nname = "City Andrology"\n'
                      '[codes]\nprefix = "X"\n', encoding="utf-8")
    user.write_text('[label_printer]\naddress = "10.0.0.7:9100"\n')
    result = run_cli("config", "show")
    assert result.returncode == 0, result.stderr
    lines = {line.split()[0]: line for line in result.stdout.splitlines() if line.strip()}
    assert "/srv/bench/lab.db" in lines["database"] and str(system) in lines["database"]
    assert "City Andrology" in lines["lab.name"] and str(system) in lines["lab.name"]
    assert "10.0.0.7:9100" in lines["label_printer.address"] and str(user) in lines["label_printer.address"]
    assert "(not set)" in lines["label_printer.stock"] and "default" in lines["label_printer.stock"]
    assert "fixed" in lines["code"]
    assert "read" in lines["system"] and "read" in lines["user"]
    assert "unknown key 'codes.prefix'" in result.stderr
    # --db and $BENCH_DB win, and say so.
    shown = run_cli("--db", str(tmp_path / "cli.db"), "config", "show")
    assert "--db" in next(line for line in shown.stdout.splitlines() if line.startswith("database"))


def test_config_show_names_a_broken_file_in_one_line(config_files, cli_here):
    system, _ = config_files
    system.write_text("[lab\n")
    assert_one_line_error(cli_here("config", "show"), str(system), "not valid TOML")


def test_init_gives_a_new_database_the_lab_name_of_the_config(config_files, tmp_path, cli_here):
    system, _ = config_files
    db = tmp_path / "lab.db"
    system.write_text(f'[database]\nlocation = "{db}"\n[lab]\nname = "Andrología Sevilla"\n', encoding="utf-8")
    result = cli_here("init", "--admin", "admin", "--password-stdin", stdin=f"{ADMIN_PASSWORD}\n{ADMIN_PASSWORD}\n")
    assert result.returncode == 0, result.stderr
    assert "Set the lab name to 'Andrología Sevilla'" in result.stdout
    assert rows(db, "SELECT value FROM settings WHERE key = 'lab_name'") == [('"Andrología Sevilla"',)]
    assert rows(db, "SELECT reason FROM audit_events WHERE entity_type = 'settings'") == [
        (f"lab name from {system}",)]


def test_init_without_a_configured_lab_name_leaves_the_default(config_files, tmp_path, cli_here):
    db = tmp_path / "lab.db"
    result = cli_here("init", "--admin", "admin", "--password-stdin", db=db, stdin=f"{ADMIN_PASSWORD}\n")
    assert result.returncode == 0 and "lab name" not in result.stdout
    assert rows(db, "SELECT count(*) FROM settings") == [(0,)]


def test_the_hidden_smoke_test_hands_user_and_password_to_the_gui(tmp_path, monkeypatch, capsys):
    import io

    seen = []
    monkeypatch.setattr("sys.stdin", io.StringIO("secret-pass-1\n"))
    runner = lambda url, **kw: seen.append((url, kw)) or 0  # noqa: E731
    assert cli.main(["--db", str(tmp_path / "x.db"), "gui", "--smoke-test", "--as", "admin", "--password-stdin"],
                    gui_runner=runner) == 0
    assert seen == [(f"sqlite:///{tmp_path / 'x.db'}", {"smoke_test": ("admin", "secret-pass-1")})]
    assert cli.main(["--db", str(tmp_path / "x.db"), "gui", "--smoke-test"], gui_runner=runner) == 1
    assert "--smoke-test needs --as" in capsys.readouterr().err
    assert "--smoke-test" not in run_cli("gui", "--help").stdout  # hidden


@pytest.mark.sqlite_only  # restored from the file backup
def test_a_failed_upgrade_is_one_line_and_exit_1(bench_db, cli_here, monkeypatch, tmp_path):
    old_head = newer_bench(tmp_path, monkeypatch, 'raise RuntimeError("a migration bug")')
    line = assert_one_line_error(cli_here("verify", db=bench_db), "a migration bug", "restored from the backup")
    assert f".pre-upgrade-{old_head}-" in line
    assert rows(bench_db, "SELECT version_num FROM alembic_version") == [(old_head,)]


def test_an_unexpected_error_is_logged_with_its_traceback_and_the_line_names_the_log(
        bench_db, cli_here, monkeypatch, caplog, tmp_path):
    def broken(args, url):
        raise ZeroDivisionError("a bug in a command")

    monkeypatch.setitem(cli.COMMANDS, "verify", broken)
    monkeypatch.setattr(logs, "_log_file", tmp_path / "bench.log")
    with caplog.at_level(logging.ERROR):
        line = assert_one_line_error(cli_here("verify", db=bench_db), "ZeroDivisionError", "a bug in a command")
    assert f"log file {tmp_path / 'bench.log'}" in line
    record, = [r for r in caplog.records if r.name == "bench.cli"]
    assert record.exc_info and record.exc_info[0] is ZeroDivisionError


def test_init_with_a_broken_config_creates_nothing(config_files, tmp_path, cli_here):
    system, _ = config_files
    system.write_text('[lab]\nname = ""\n')
    db = tmp_path / "lab.db"
    assert_one_line_error(cli_here("--db", str(db), "init", "--admin", "admin", "--password-stdin",
                                   stdin=f"{ADMIN_PASSWORD}\n"), str(system), "must not be empty")
    assert not db.exists()


def test_test_label_proves_a_declared_printer_as_zpl_or_pdf(config_files, tmp_path):
    import socket
    import threading

    from tests.reports.dot_checks import check_symbols
    from tests.reports.pdf_reading import render
    from tests.reports.zpl_raster import rasterise

    system, _ = config_files
    assert_one_line_error(run_cli("test-label"), "no label printer is declared", "[label_printer]")
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(30)
    received = bytearray()

    def accept():
        conn, _ = server.accept()
        with conn:
            while chunk := conn.recv(65536):
                received.extend(chunk)

    reader = threading.Thread(target=accept)
    reader.start()
    system.write_text(f'[cryo_label_printer]\naddress = "127.0.0.1:{server.getsockname()[1]}"\nstock = "cryo-32x13"\n'
                      'dpi = 203\n', encoding="utf-8")
    sent = run_cli("test-label", "--printer", "cryo_label_printer")
    reader.join(30)
    server.close()
    assert sent.returncode == 0, sent.stderr
    assert "Sent a test label (cryo-32x13, 203 dpi) as ZPL to 127.0.0.1:" in sent.stdout and "TEST-203" in sent.stdout
    (label,) = rasterise(bytes(received).decode("ascii"))
    assert (label.width, label.height) == (256, 104) and check_symbols(label.image, {"TEST-203"})
    written = run_cli("test-label", "-o", str(tmp_path / "test.pdf"))
    assert written.returncode == 0 and "as PDF" in written.stdout
    assert check_symbols(render((tmp_path / "test.pdf").read_bytes(), 0, dpi=203), {"TEST-203"})
    shown = run_cli("config", "show")
    assert "cryo_label_printer.dpi" in shown.stdout and "203" in shown.stdout
