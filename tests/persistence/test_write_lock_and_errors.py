"""The lab-wide write lock, its time limit, and database errors in plain words, on each backend."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from bench_app.domain.errors import ConcurrentChange, DatabaseUnavailable
from bench_app.persistence.db_errors import plain_error
from bench_app.persistence.engine import open_database
from bench_app.persistence.models import AuditEvent
from bench_app.services.registry import build_services
from tests.conftest import ADMIN_PASSWORD


class _DriverError(Exception):
    def __init__(self, message: str, sqlstate: str | None = None):
        super().__init__(message)
        self.sqlstate = sqlstate


def _wrapped(cls, message: str, sqlstate: str | None = None) -> DBAPIError:
    return cls("SELECT 1", {}, _DriverError(message, sqlstate))


def plain(exc):
    return plain_error(exc, lock_timeout=5, statement_timeout=30)


def test_a_postgresql_deadlock_report_is_a_concurrent_change_not_a_locked_file():
    deadlock = _wrapped(OperationalError, "deadlock detected\nDETAIL: Process 4242 waits for ShareLock on "
                                          "transaction 77; blocked by process 4343.", "40P01")
    error = plain(deadlock)
    assert isinstance(error, ConcurrentChange)
    assert "locked by another program" not in str(error) and "blocked" not in str(error)
    assert "Nothing was saved" in str(error)


def test_each_kind_of_database_trouble_has_its_sentence():
    assert isinstance(plain(_wrapped(OperationalError, "could not serialize access", "40001")), ConcurrentChange)
    unique = plain(_wrapped(IntegrityError, 'duplicate key value violates unique constraint "uq_injections_oocyte_id"',
                            "23505"))
    assert isinstance(unique, ConcurrentChange) and "uq_" not in str(unique) and "uq_injections" in unique.detail
    assert "5 seconds" in str(plain(_wrapped(OperationalError, "canceling statement due to lock timeout", "55P03")))
    assert "5 seconds" in str(plain(_wrapped(OperationalError, "database is locked")))
    assert "30 seconds" in str(plain(_wrapped(OperationalError, "canceling statement due to statement timeout",
                                               "57014")))
    # a word containing "locked" is not SQLite's busy database
    other = plain(_wrapped(OperationalError, "relation blocked_things does not exist", "42P01"))
    assert isinstance(other, DatabaseUnavailable) and "busy" not in str(other)


def test_a_write_waits_for_the_lock_a_limited_time_and_leaves_nothing(services, team, db_url):
    """One workstation's change is under way; another's gives up after its lock timeout, with nothing written."""
    waiting = build_services(open_database(db_url, lock_timeout=1), workstation="office-1")
    try:
        before = _events(services)
        with services.db.write() as s:  # holds the write lock, as a long save at another workstation would
            s.execute(text("SELECT 1"))
            with pytest.raises(DatabaseUnavailable, match="more than 1 seconds. Nothing was saved"):
                waiting.users.set_pin(team.admin, "admin", "4321")
        assert _events(services) == before
        waiting.users.set_pin(team.admin, "admin", "4321")  # once the lock is free, the same change goes through
        assert _events(services) == before + 1
    finally:
        waiting.close()


def test_a_session_stuck_on_a_row_cannot_block_sign_in_for_long(services, team, db_url, backend):
    """A program (or a hung workstation) holding the users' rows: sign-in says so within the limit."""
    if backend == "sqlite":
        pytest.skip("SQLite locks the whole file: covered by the write lock test")
    waiting = build_services(open_database(db_url, lock_timeout=1), workstation="office-1")
    stuck = services.db.engine.connect()
    try:
        stuck.execute(text("SELECT id FROM users FOR UPDATE"))
        with pytest.raises(DatabaseUnavailable, match="Nothing was saved"):
            waiting.users.sign_in("admin", ADMIN_PASSWORD)
    finally:
        stuck.rollback()
        stuck.close()
        waiting.close()


def test_a_statement_running_past_its_limit_is_stopped_with_a_sentence(db_url, backend, services):
    if backend == "sqlite":
        pytest.skip("SQLite has no statement timeout; its waits are for the write lock")
    db = open_database(db_url, statement_timeout=1)
    try:
        with pytest.raises(DatabaseUnavailable, match="more than 1 seconds to answer"):
            with db.read() as s:
                s.execute(text("SELECT pg_sleep(3)"))
    finally:
        db.dispose()


def _events(services) -> int:
    with services.db.read() as s:
        return s.execute(select(func.count()).select_from(AuditEvent)).scalar_one()


class _SwitchingCursor:
    """A connection's cursor whose WAL switch answers "database is locked" ``locked`` times, then works."""

    def __init__(self, locked: int, error: str = "database is locked"):
        self.locked, self.error, self.tries = locked, error, 0

    def execute(self, statement: str):
        assert statement == "PRAGMA journal_mode=WAL"
        self.tries += 1
        if self.tries <= self.locked:
            import sqlite3

            raise sqlite3.OperationalError(self.error)


def test_the_wal_switch_waits_for_a_workstation_creating_the_same_new_database():
    """SQLite refuses the switch at once, without its busy wait, while another connection sets the new file up
    (found by three workstations starting together on a new database): the switch is tried again meanwhile."""
    from bench_app.persistence.engine import _switch_to_wal

    cursor = _SwitchingCursor(locked=3)
    _switch_to_wal(cursor, lock_timeout=5)
    assert cursor.tries == 4


def test_the_wal_switch_gives_up_after_the_lock_timeout_and_says_other_errors_at_once():
    import sqlite3

    from bench_app.persistence.engine import _switch_to_wal

    held = _SwitchingCursor(locked=10_000)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        _switch_to_wal(held, lock_timeout=0.3)
    assert 1 < held.tries < 10_000  # tried again while the time lasted, then gave up
    other = _SwitchingCursor(locked=5, error="disk I/O error")
    with pytest.raises(sqlite3.OperationalError, match="disk I/O"):
        _switch_to_wal(other, lock_timeout=5)
    assert other.tries == 1
