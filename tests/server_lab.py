"""A lab server's database with its two roles, made by packaging/server/setup-roles.sql through psql, as IT would.

``lab``: a new database with its own owner and everyday roles (both gone afterwards: roles are
server-wide); ``upgraded``: the same once IT created Bench's tables with ``bench-app upgrade`` and
the owner's URL. Both need the session's private PostgreSQL server (tests/pg_server.py).
"""

from __future__ import annotations

import itertools
import os
import secrets
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from bench_app import cli
from bench_app.services.registry import open_services

SCRIPT = Path(__file__).resolve().parents[1] / "packaging" / "server" / "setup-roles.sql"
_numbers = itertools.count(1)
needs_psql = pytest.mark.skipif(shutil.which("psql") is None, reason="psql (PostgreSQL's client) is not installed")


@dataclass(frozen=True)
class Lab:
    owner: str
    app: str
    owner_url: str  # SQLAlchemy URLs, with the passwords
    app_url: str
    dbname: str

    def libpq(self, url: str) -> str:
        return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)

    def run(self, url: str, sql: str) -> None:
        with psycopg.connect(self.libpq(url), autocommit=True) as conn:
            conn.execute(sql)

    def one(self, url: str, sql: str):
        with psycopg.connect(self.libpq(url), autocommit=True) as conn:
            return conn.execute(sql).fetchone()[0]


def setup_roles(pg_server, *, owner: str, app: str, dbname: str) -> Lab:
    """Run the setup script through psql as the server's superuser, as the README tells IT to."""
    passwords = {"owner_password": secrets.token_urlsafe(9), "app_password": secrets.token_urlsafe(9)}
    admin = make_url(pg_server.admin_url).set(drivername="postgresql")
    done = subprocess.run(
        ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-v", f"owner={owner}", "-v", f"app={app}",
         "-v", f"dbname={dbname}", *(a for k, v in passwords.items() for a in ("-v", f"{k}={v}")),
         "-f", str(SCRIPT), admin.render_as_string(hide_password=False)],
        capture_output=True, text=True, timeout=120, env={**os.environ, "PGCONNECT_TIMEOUT": "10"})
    assert done.returncode == 0, done.stderr
    base = make_url(pg_server.admin_url).set(database=dbname)
    return Lab(owner, app,
               base.set(username=owner, password=passwords["owner_password"]).render_as_string(hide_password=False),
               base.set(username=app, password=passwords["app_password"]).render_as_string(hide_password=False),
               dbname)


@pytest.fixture
def lab(pg_server):
    """A new database with its own owner and everyday roles; gone afterwards (roles are server-wide)."""
    n = f"{os.getpid()}_{next(_numbers)}"
    made = setup_roles(pg_server, owner=f"lab_owner_{n}", app=f"lab_app_{n}", dbname=f"bench_lab_{n}")
    yield made
    with psycopg.connect(made.libpq(pg_server.admin_url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{made.dbname}" WITH (FORCE)')
        conn.execute(f'DROP ROLE IF EXISTS "{made.app}"')
        conn.execute(f'DROP ROLE IF EXISTS "{made.owner}"')


@pytest.fixture
def upgraded(lab, capsys):
    """The lab's schema created by IT: bench-app upgrade with the owner's URL."""
    assert cli.main(["upgrade", "--db", lab.owner_url]) == 0
    out = capsys.readouterr().out
    assert "Created Bench's tables" in out and "no role but the owner" in out
    return lab


def first_admin(lab: Lab) -> None:
    """The lab's first admin, made by a workstation with the everyday role (a few audit events)."""
    sv = open_services(lab.app_url)
    try:
        sv.users.create_first_admin(username="admin", full_name="Ada Admin", password="correct horse 1")
    finally:
        sv.close()


def at_revision(lab: Lab, revision: str) -> None:
    """The owner migrates the new database only up to ``revision`` (what an older Bench made)."""
    from alembic import command

    from bench_app.persistence.engine import open_database
    from bench_app.persistence.migrate import alembic_config

    db = open_database(lab.owner_url)
    try:
        with db.engine.begin() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
    finally:
        db.dispose()


def counts(lab: Lab) -> tuple:
    return (lab.one(lab.owner_url, "SELECT version_num FROM alembic_version"),
            lab.one(lab.owner_url, "SELECT count(*) FROM audit_events"),
            lab.one(lab.owner_url, "SELECT count(*) FROM workstation_activity"),
            lab.one(lab.owner_url, "SELECT count(*) FROM users"))
