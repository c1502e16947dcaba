"""`bench-app user ...`: every action as a signed-in admin, with secrets from standard input."""

from __future__ import annotations

from bench_app.services.registry import open_services
from tests.cli.conftest import ADMIN_PASSWORD, PASSWORD, assert_one_line_error, rows, run_cli, url_of


def user(db, *args, stdin):
    return run_cli("user", *args, "--password-stdin", db=db, stdin=stdin)


def test_add_a_user_with_a_pin_and_list_them(bench_db):
    result = user(bench_db, "add", "omar", "--full-name", "عمر الخطيب", "--role", "embryologist", "--pin-stdin",
                  "--as", "admin", stdin=f"{ADMIN_PASSWORD}\nomar-pass-1\n4444\n")
    assert result.returncode == 0, result.stderr
    assert rows(bench_db, "SELECT full_name, role, pin_hash IS NOT NULL FROM users WHERE username='omar'") == [
        ("عمر الخطيب", "embryologist", 1)]

    listing = user(bench_db, "list", "--as", "sam", stdin=PASSWORD + "\n")  # a supervisor may list
    assert listing.returncode == 0, listing.stderr
    lines = listing.stdout.splitlines()
    assert lines[0].split() == ["USERNAME", "FULL", "NAME", "ROLE", "ACTIVE", "LOCKED"]
    omar = next(line for line in lines if line.startswith("omar"))
    assert "عمر الخطيب" in omar and "embryologist" in omar and omar.split()[-2:] == ["yes", "no"]


def test_disable_reset_password_and_set_pin(bench_db):
    disabled = user(bench_db, "disable", "emma", "--reason", "left the lab", "--as", "admin",
                    stdin=ADMIN_PASSWORD + "\n")
    assert disabled.returncode == 0, disabled.stderr
    assert rows(bench_db, "SELECT active FROM users WHERE username='emma'") == [(0,)]
    assert rows(bench_db, "SELECT reason FROM audit_events WHERE action='update' AND entity_type='users' "
                          "AND changes LIKE '%active%'")[-1] == ("left the lab",)

    reset = user(bench_db, "reset-password", "sam", "--as", "admin", stdin=f"{ADMIN_PASSWORD}\nsam-new-pass-2\n")
    assert reset.returncode == 0, reset.stderr
    pin = user(bench_db, "set-pin", "sam", "--as", "admin", stdin=f"{ADMIN_PASSWORD}\n8642\n")
    assert pin.returncode == 0, pin.stderr

    sv = open_services(url_of(bench_db))
    try:
        assert sv.users.sign_in("sam", "sam-new-pass-2").username == "sam"
        assert sv.users.authenticate_secret("sam", "8642", purpose="test").username == "sam"
    finally:
        sv.close()


def test_an_embryologist_is_refused_in_one_line(bench_db, cli_here):
    result = user(bench_db, "add", "mallory", "--full-name", "Mallory", "--role", "admin", "--as", "emma",
                  stdin=f"{PASSWORD}\nmallory-pass-1\n")
    assert_one_line_error(result, "only an admin", "emma")
    assert not rows(bench_db, "SELECT id FROM users WHERE username='mallory'")
    listing = cli_here("user", "list", "--as", "emma", "--password-stdin", db=bench_db, stdin=PASSWORD + "\n")
    assert_one_line_error(listing, "may list users", "emma")


def test_a_wrong_password_is_one_line_and_counted(bench_db, cli_here):
    result = user(bench_db, "list", "--as", "admin", stdin="not-the-password\n")
    line = assert_one_line_error(result, "wrong password", "admin")
    assert "attempts left" in line
    assert rows(bench_db, "SELECT failed_attempts FROM users WHERE username='admin'") == [(1,)]
    unknown = cli_here("user", "list", "--as", "nobody", "--password-stdin", db=bench_db, stdin="x\n")
    assert_one_line_error(unknown, "unknown user")


def test_missing_secret_lines_are_one_line(bench_db, cli_here):
    result = cli_here("user", "reset-password", "sam", "--as", "admin", "--password-stdin", db=bench_db,
                      stdin=ADMIN_PASSWORD + "\n")
    assert_one_line_error(result, "line 2")
