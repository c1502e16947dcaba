"""Shared fixtures: every test gets its own fresh, migrated temporary database.

The one switch of database backends is here (``db_url`` and ``BACKENDS``): every test that uses
``db_url`` (through ``services``, ``team``, ...) runs once per backend named in
``BENCH_TEST_BACKENDS`` (default ``sqlite,postgresql``), except the UI tests and tests marked
``sqlite_only``, which run on SQLite alone. PostgreSQL is a private server this session starts
(tests/pg_server.py); each test's database is a copy of one migrated template. Where no server
can start, the PostgreSQL runs are skipped with the reason, except in CI (``CI=true``), where
that fails them: CI never passes without having run them.
"""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Cheapest argon2id profile in tests only (subprocesses inherit it); see services/passwords.py.
os.environ.setdefault("BENCH_FAST_HASHING", "1")
# The log file of programs started by tests (bench_app.logs) goes to a temporary folder, not the home.
os.environ.setdefault("BENCH_LOG_DIR", os.path.join(tempfile.gettempdir(), f"bench-test-logs-{os.getpid()}"))
# Issued reports are signed: one self-signed lab certificate for the whole run (made once, below).
os.environ.setdefault("BENCH_SIGNING_DIR", os.path.join(tempfile.gettempdir(), f"bench-test-signing-{os.getpid()}"))

from tests.i18n.compiled import ensure_compiled  # noqa: E402

ensure_compiled()  # the translation catalogues, when the run was not started by `make test`

from dataclasses import dataclass  # noqa: E402
from datetime import datetime, timedelta, timezone  # noqa: E402

import pytest  # noqa: E402

from bench_app.domain.enums import Role  # noqa: E402
from bench_app.services.context import Actor  # noqa: E402
from bench_app.services.registry import Services, open_services  # noqa: E402

ADMIN_PASSWORD = "admin-pass-1"
PASSWORD = "bench-pass-1"


class FakeClock:
    """A settable UTC clock so tests can move time (lockouts, idle locks, windows)."""

    def __init__(self, start: datetime | None = None):
        self.now = start or datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs) -> None:
        self.now = self.now + timedelta(**kwargs)


@dataclass
class Team:
    admin: Actor
    supervisor: Actor
    embryologist: Actor
    embryologist2: Actor


BACKENDS = tuple(b.strip() for b in os.environ.get("BENCH_TEST_BACKENDS", "sqlite,postgresql").split(",")
                 if b.strip())
SQLITE_ONLY_DIRS = ("tests/ui/",)  # screens are the same on either backend; their tests stay quick
PG_TEMPLATE = "bench_template"


def backends_for(item_path: str, sqlite_only: bool) -> tuple[str, ...]:
    if sqlite_only or any(part in item_path.replace(os.sep, "/") for part in SQLITE_ONLY_DIRS):
        return ("sqlite",) if "sqlite" in BACKENDS else ()
    return BACKENDS


def pytest_generate_tests(metafunc):
    if "backend" in metafunc.fixturenames:
        chosen = backends_for(str(metafunc.definition.path), metafunc.definition.get_closest_marker("sqlite_only")
                              is not None)
        metafunc.parametrize("backend", chosen, indirect=True)


@pytest.fixture(scope="session")
def pg_server():
    """The session's PostgreSQL server, started on first use; skipped (CI: failed) when it cannot start."""
    from tests.pg_server import PostgresServer, PostgresUnavailable

    try:
        server = PostgresServer.start()
    except PostgresUnavailable as exc:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"PostgreSQL is required in CI and could not start: {exc}", pytrace=False)
        pytest.skip(f"PostgreSQL could not start: {exc}")
    try:
        from bench_app.persistence.engine import open_database
        from bench_app.persistence.migrate import upgrade_to_head

        db = open_database(server.create_database(PG_TEMPLATE))
        upgrade_to_head(db.engine)
        db.dispose()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session", autouse=True)
def lab_certificate():
    from bench_app.services.lab_certificate import ensure_lab_certificate

    return ensure_lab_certificate("Bench Test Laboratory")[0]


@pytest.fixture
def backend(request) -> str:
    return request.param


def fresh_database_url(request, backend: str, tmp_path, *, template: str = PG_TEMPLATE) -> str:
    """A new database for one test on ``backend`` (PostgreSQL: a copy of ``template``), dropped afterwards."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'bench-test.db'}"
    server = request.getfixturevalue("pg_server")
    url = server.create_database(template=template)
    request.addfinalizer(lambda: server.drop_database(url))
    return url


@pytest.fixture
def db_url(request, backend, tmp_path) -> str:
    return fresh_database_url(request, backend, tmp_path)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def services(db_url, clock) -> Services:
    sv = open_services(db_url, clock=clock, workstation="bench-test-ws")
    yield sv
    sv.close()


@pytest.fixture
def team(services) -> Team:
    """An admin, a supervisor and two embryologists with witness PINs (1111, 2222, ...)."""
    services.users.create_first_admin(username="admin", full_name="Ada Admin", password=ADMIN_PASSWORD)
    admin = services.users.sign_in("admin", ADMIN_PASSWORD)
    services.users.set_pin(admin, "admin", "9999")
    for username, full_name, role, pin in (
        ("sam", "Sam Supervisor", Role.SUPERVISOR, "1111"),
        ("emma", "Emma Embryologist", Role.EMBRYOLOGIST, "2222"),
        ("eli", "Eli Embryologist", Role.EMBRYOLOGIST, "3333"),
    ):
        services.users.add_user(admin, username=username, full_name=full_name, role=role,
                                password=PASSWORD, pin=pin)
    return Team(
        admin=admin,
        supervisor=services.users.sign_in("sam", PASSWORD),
        embryologist=services.users.sign_in("emma", PASSWORD),
        embryologist2=services.users.sign_in("eli", PASSWORD),
    )
