"""`bench-app` basics: version, the GUI verb, init, and errors that are one clear line."""

from __future__ import annotations

import pytest

from bench_app import __version__, cli
from tests.cli.conftest import ADMIN_PASSWORD, assert_one_line_error, rows, run_cli


def test_version_prints_name_and_version():
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"bench-app {__version__}"


def test_without_a_gui_runner_the_gui_is_refused_in_one_line(tmp_path, cli_here):
    for result in (run_cli(db=tmp_path / "x.db"), cli_here("gui", db=tmp_path / "x.db")):
        assert result.returncode == 2
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "desktop app" in lines[0] and "Traceback" not in result.stderr
    assert not (tmp_path / "x.db").exists()


def test_no_command_or_gui_hands_the_resolved_database_to_the_gui_runner(tmp_path, monkeypatch):
    seen: list[str] = []
    db = tmp_path / "lab.db"
    assert cli.main(["--db", str(db)], gui_runner=lambda url: seen.append(url) or 7) == 7
    monkeypatch.setenv("BENCH_DB", str(tmp_path / "env.db"))
    assert cli.main(["gui"], gui_runner=lambda url: seen.append(url) or 0) == 0
    assert seen == [f"sqlite:///{db.resolve()}", f"sqlite:///{(tmp_path / 'env.db').resolve()}"]


def test_init_creates_the_database_and_first_admin_then_only_upgrades(tmp_path, cli_here):
    db = tmp_path / "sub" / "new.db"
    result = run_cli("--db", str(db), "init", "--admin", "ayse", "--full-name", "Ayşe Öztürk", "--password-stdin",
                     stdin="first-admin-1\n")
    assert result.returncode == 0, result.stderr
    assert "ayse" in result.stdout
    assert rows(db, "SELECT username, full_name, role FROM users") == [("ayse", "Ayşe Öztürk", "admin")]
    assert rows(db, "SELECT version_num FROM alembic_version")

    again = cli_here("--db", str(db), "init", "--admin", "AYSE", "--password-stdin")
    assert again.returncode == 0 and "already has users" in again.stdout

    other = run_cli("--db", str(db), "init", "--admin", "bob", "--password-stdin", stdin="whatever-1\n")
    assert_one_line_error(other, "bob")
    assert len(rows(db, "SELECT id FROM users")) == 1


def test_init_rejects_a_short_password_in_one_line(tmp_path, cli_here):
    result = cli_here("--db", str(tmp_path / "x.db"), "init", "--admin", "admin", "--password-stdin", stdin="short\n")
    assert_one_line_error(result, "8 characters")


def test_commands_need_an_existing_database(tmp_path, cli_here):
    result = cli_here("user", "list", "--as", "admin", "--password-stdin", db=tmp_path / "missing.db",
                      stdin=ADMIN_PASSWORD + "\n")
    assert_one_line_error(result, "no Bench database", "init")
    assert not (tmp_path / "missing.db").exists()


def test_a_file_that_is_not_a_database_is_one_line(tmp_path, cli_here):
    junk = tmp_path / "notes.db"
    junk.write_text("shopping list\n")
    assert_one_line_error(cli_here("verify", db=junk), "cannot open")
    assert_one_line_error(cli_here("--db", str(tmp_path / "no-such-folder" / "x.json"), "export", "-o",
                                   str(tmp_path / "out.json")), "no Bench database")


def test_usage_errors_exit_2(bench_db, cli_here):
    result = cli_here("user", "add", "x", "--as", "admin", db=bench_db)  # --full-name and --role missing
    assert result.returncode == 2 and "--full-name" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("argv", [[], ["gui"], ["--db", "lab.db"], ["--db", "lab.db", "gui"], ["gui", "--db", "lab.db"],
                                  ["--db=lab.db"], ["--db", ""]])
def test_a_desktop_start_is_read_as_argparse_reads_it_without_building_every_parser(argv):
    quick = cli._desktop_start(argv)
    full = cli.build_parser().parse_args(argv)
    assert quick is not None
    assert (quick.command, getattr(quick, "db", None)) == (full.command, getattr(full, "db", None))


@pytest.mark.parametrize("argv", [["--db"], ["--db", "--version"], ["gui", "gui"], ["gui", "--smoke-test"], ["backup"],
                                  ["--help"], ["--db", "a", "--db", "b"]])
def test_anything_else_goes_to_argparse(argv):
    assert cli._desktop_start(argv) is None
