"""Helpers for running `bench-app` as a real subprocess against real temporary databases.

A template database (admin, supervisor sam, embryologist emma with PIN 2222) is made
once in-process and copied for each test, on each backend (tests/conftest.py): a SQLite
file copied, or a PostgreSQL database made with the template as TEMPLATE. ``bench_db`` is
then a file path or a URL; ``url_of`` and ``rows`` take either. Its hashes use cheap argon2 parameters; the
subprocess verifies with the parameters stored in each hash, so signing in stays quick.
"""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from bench_app import cli
from bench_app.domain.enums import Role
from bench_app.services import passwords
from bench_app.services.registry import open_services

ROOT = Path(__file__).resolve().parents[2]
ADMIN_PASSWORD = "admin-pass-1"
PASSWORD = "bench-pass-1"


@dataclass
class CliResult:
    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str, db: Path | str | None = None, stdin: str = "") -> CliResult:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("BENCH_DEBUG", None)
    env.pop("BENCH_DB", None)
    if db is not None:
        env["BENCH_DB"] = str(db)
    done = subprocess.run([sys.executable, "-m", "bench_app.cli", *args], input=stdin, capture_output=True,
                          text=True, encoding="utf-8", env=env, cwd=ROOT, timeout=120)
    return CliResult(done.returncode, done.stdout, done.stderr)


def popen_cli(*args: str, db: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "BENCH_DB": str(db)}
    return subprocess.Popen([sys.executable, "-m", "bench_app.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8", env=env, cwd=ROOT)


@pytest.fixture
def cli_here(capsys, monkeypatch):
    """Run ``bench_app.cli.main`` in this process: the same code, without a second start-up.

    The subprocess helper proves the real command; this one keeps the many error-path
    checks quick on a slow machine.
    """
    def run(*args: str, db: Path | str | None = None, stdin: str = "") -> CliResult:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        monkeypatch.delenv("BENCH_DEBUG", raising=False)
        if db is not None:
            monkeypatch.setenv("BENCH_DB", str(db))
        capsys.readouterr()
        code = cli.main(list(args))
        out = capsys.readouterr()
        return CliResult(code, out.out, out.err)
    return run


def assert_one_line_error(result: CliResult, *words: str) -> str:
    """A failed command says one clear line on stderr, never a traceback."""
    assert result.returncode != 0, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("bench-app: error: "), lines[0]
    assert "Traceback" not in result.stderr + result.stdout
    for word in words:
        assert word.lower() in lines[0].lower(), lines[0]
    return lines[0]


def url_of(db: Path | str) -> str:
    return str(db) if "://" in str(db) else f"sqlite:///{db}"


def rows(db: Path | str, sql: str, *params) -> list[tuple]:
    if "://" in str(db):
        from sqlalchemy import create_engine, text

        engine = create_engine(str(db))
        try:
            with engine.connect() as conn:
                named = sql
                for n in range(len(params)):
                    named = named.replace("?", f":p{n}", 1)
                return [tuple(r) for r in conn.execute(text(named), {f"p{n}": v for n, v in enumerate(params)})]
        finally:
            engine.dispose()
    con = sqlite3.connect(db)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def _fill_template(url: str) -> None:
    quick = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    saved, passwords._hasher = passwords._hasher, quick
    try:
        sv = open_services(url, workstation="cli-test")
        sv.users.create_first_admin(username="admin", full_name="Ada Admin", password=ADMIN_PASSWORD)
        admin = sv.users.sign_in("admin", ADMIN_PASSWORD)
        sv.users.add_user(admin, username="sam", full_name="Sam Supervisor", role=Role.SUPERVISOR,
                          password=PASSWORD, pin="1111")
        sv.users.add_user(admin, username="emma", full_name="Emma Öztürk", role=Role.EMBRYOLOGIST,
                          password=PASSWORD, pin="2222")
        sv.close()
    finally:
        passwords._hasher = saved


@pytest.fixture(scope="session")
def template_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "bench.db"
    _fill_template(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def pg_cli_template(pg_server) -> str:
    from tests.conftest import PG_TEMPLATE

    _fill_template(pg_server.create_database(PG_CLI_TEMPLATE, template=PG_TEMPLATE))
    return PG_CLI_TEMPLATE


PG_CLI_TEMPLATE = "bench_cli_template"


@pytest.fixture
def bench_db(request, backend, tmp_path) -> Path | str:
    """A fresh copy of the template database for one test: a SQLite file, or a PostgreSQL URL."""
    if backend != "sqlite":
        from tests.conftest import fresh_database_url

        return fresh_database_url(request, backend, tmp_path, template=request.getfixturevalue("pg_cli_template"))
    template_db = request.getfixturevalue("template_db")
    path = tmp_path / "bench.db"
    shutil.copyfile(template_db, path)
    wal = template_db.with_name(template_db.name + "-wal")
    if wal.exists():
        shutil.copyfile(wal, path.with_name(path.name + "-wal"))
    for copy in path.parent.glob(path.name + "*"):  # owner-only like every database Bench makes
        copy.chmod(0o600)
    return path
