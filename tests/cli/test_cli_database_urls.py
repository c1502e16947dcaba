"""A database URL's password never shows; an unknown scheme or a missing driver is one line saying what to do."""

from __future__ import annotations

import logging

import pytest

from bench_app.domain.errors import DatabaseUnavailable
from bench_app.domain.redaction import redact
from bench_app.logs import RedactingFormatter
from bench_app.persistence.engine import open_database
from tests.cli.conftest import assert_one_line_error

SECRET = "Sup3r-s3cret@pw"
URL = f"postgresql+psycopg2://lab:{SECRET}@127.0.0.1:1/bench"


def test_redact_hides_every_password_form():
    assert redact(URL) == "postgresql+psycopg2://lab:***@127.0.0.1:1/bench"
    assert redact(f"at {URL}, then") == "at postgresql+psycopg2://lab:***@127.0.0.1:1/bench, then"
    assert redact("postgresql://h/db?user=u&password=pw1&x=1") == "postgresql://h/db?user=u&password=***&x=1"
    assert redact("postgresql://lab@host/db") == "postgresql://lab@host/db"
    assert redact("sqlite:////srv/bench/bench.db") == "sqlite:////srv/bench/bench.db"


def test_an_unknown_scheme_is_one_line_naming_what_to_give(cli_here):
    line = assert_one_line_error(cli_here("--db", "foo://bar", "verify"), "unknown kind of database 'foo'")
    assert "sqlite:///PATH" in line and "postgresql" in line


def test_a_missing_driver_names_the_package_to_install(cli_here, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_pg8000(name, *args, **kwargs):
        if name == "pg8000" or name.startswith("pg8000."):
            raise ModuleNotFoundError("No module named 'pg8000'", name="pg8000")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pg8000)
    line = assert_one_line_error(cli_here("--db", f"postgresql+pg8000://lab:{SECRET}@h/db", "verify"),
                                 "driver", "not installed", "pip install pg8000")
    assert SECRET not in line and "unexpected" not in line


def test_a_malformed_url_is_one_line(cli_here):
    assert_one_line_error(cli_here("--db", "postgresql://lab:pw@host:notaport/db", "verify"), "cannot be used")


def test_the_password_never_appears_in_the_error_or_the_log(cli_here, caplog, monkeypatch):
    from sqlalchemy.exc import OperationalError

    def refused(url):  # what a server that is down says, whichever driver is installed
        raise OperationalError("connect", {}, Exception("connection to server at 127.0.0.1, port 1 failed"))

    monkeypatch.setattr("bench_app.services.registry.open_database", refused)
    caplog.set_level(logging.DEBUG)
    result = cli_here("--db", URL, "verify")
    assert result.returncode != 0
    formatter = RedactingFormatter("%(message)s")
    logged = "\n".join(formatter.format(r) for r in caplog.records)
    assert SECRET not in result.stderr + result.stdout
    assert SECRET not in logged
    assert "lab:***@127.0.0.1" in result.stderr + logged


def test_open_database_errors_carry_no_password():
    with pytest.raises(DatabaseUnavailable) as err:
        open_database(f"nosuch+driver://lab:{SECRET}@h/db")
    assert SECRET not in str(err.value) and "***" in str(err.value)
