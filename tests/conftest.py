"""Shared fixtures: every test gets its own fresh, migrated temporary database."""

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


@pytest.fixture(scope="session", autouse=True)
def lab_certificate():
    from bench_app.services.lab_certificate import ensure_lab_certificate

    return ensure_lab_certificate("Bench Test Laboratory")[0]


@pytest.fixture
def db_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'bench-test.db'}"


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
