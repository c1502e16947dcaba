"""The one engine factory: SQLite pragmas, PostgreSQL session limits, write transactions, the Database handle.

Writers queue for one lab-wide write lock taken as the first statement of every write
transaction: ``BEGIN IMMEDIATE`` on SQLite, a transaction-scoped advisory lock
(``pg_advisory_xact_lock``) on PostgreSQL. A service's checks ("already injected", "that
position is taken", "say why the grade changes") then read what every earlier writer
committed and nobody can slip in between the check and the write, on either backend; and
as every write also appends to the one audit chain (whose head row each writer must lock
anyway), the lab-wide lock costs no concurrency Bench ever had, while it removes the
deadlock of a writer that took a storage row before the chain head with one that took them
the other way round. Readers never wait for it.

The lock comes first, not just before the first write: a check reads what the writers before
it committed only if it runs after the lock is taken (on PostgreSQL each statement sees what
was committed when it started), and every write's checks come before its writes. What a writer
does while it holds the lock is kept short instead: argon2 witness checks and argument checks
before it, a save's checks in as few statements as can be, the audit events chained and written
at the commit in one go (bench_app.persistence.audit_append), its answer built after the commit.

How long a writer waits for the lock is ``database.lock_timeout`` (seconds, default 5);
a PostgreSQL statement may run ``database.statement_timeout`` (default 30), and a session
idle in the middle of a transaction is ended by the server after a minute, so a hung
workstation cannot block the others for long. Each runs out with a plain message and a
rollback: nothing half-written.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from typing import Iterator

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import (
    ArgumentError, DBAPIError, DisconnectionError, IntegrityError, InternalError, NoSuchModuleError, OperationalError,
)
from sqlalchemy.orm import Session, sessionmaker

from bench_app.domain.errors import BenchError
from bench_app.domain.redaction import remember_url
from bench_app.persistence.db_errors import plain_error, sqlstate
from bench_app.persistence.file_modes import FileAccess, create_private_file, make_private_dir
from bench_app.persistence.held_writes import take_hold
from bench_app.persistence.location import sqlite_path
from bench_app.persistence.urls import engine_error

_WRITE = WRITE_EXECUTION_OPTION = "bench_write"
# What the database, not the program, stops: said in plain words. Anything else (a ProgrammingError is a bug)
# goes on as it is, to the crash report and its traceback in the log; PostgreSQL files a trigger's RAISE
# (the audit trail's append-only guard, SQLSTATE P0001) under ProgrammingError too.
_PLAIN = (OperationalError, IntegrityError, InternalError)
_TRIGGER_RAISED = "P0001"
# The key of the lab-wide write lock (any fixed 64-bit number that no other program on the server uses: "Bench").
WRITE_LOCK_KEY = 0x42656E6368
DEFAULT_LOCK_TIMEOUT = 5.0
DEFAULT_STATEMENT_TIMEOUT = 30.0
IDLE_IN_TRANSACTION_TIMEOUT = 60.0
PING_AFTER_IDLE_SECONDS = 10.0  # a pooled server connection idle longer is tested before use
_LOOPBACK = ("localhost", "127.0.0.1", "::1")  # a server on this computer (server_on_this_computer)


def _configure_sqlite(engine: Engine, lock_timeout: float) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy's "begin" event issue BEGIN itself, so writers can take the
        # write lock up front (BEGIN IMMEDIATE) instead of failing on upgrade.
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={int(lock_timeout * 1000)}")
        _switch_to_wal(cur, lock_timeout)
        cur.execute("PRAGMA synchronous=FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        if conn.get_execution_options().get(_WRITE):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


def _switch_to_wal(cursor, lock_timeout: float) -> None:
    """``PRAGMA journal_mode=WAL``, waiting up to ``lock_timeout`` for the lock it needs.

    A file already in WAL mode (every database after its first opening) answers at once. A new or
    rollback-journal file must be locked exclusively to switch, and SQLite answers "database is
    locked" at once, without its busy wait, while another connection holds the file: two
    workstations opening a new database together, one of them creating its schema. The switch is
    tried again here, so the connection waits as its statements would.
    """
    deadline = time.monotonic() + lock_timeout
    pause = 0.01
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except Exception as exc:  # the driver's OperationalError: only "locked" is waited out
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.25)


def _configure_postgresql(engine: Engine) -> None:
    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        if conn.get_execution_options().get(_WRITE):
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")


def _ping_after_idle(engine: Engine, idle_seconds: float = PING_AFTER_IDLE_SECONDS) -> None:
    """Test a pooled server connection before use only when it has sat idle: a server restarted or a
    firewall that dropped the link meanwhile costs a fresh connection, not a failed action.

    SQLAlchemy's ``pool_pre_ping`` pings at every checkout: one more round trip to the server for
    every read and every write (about a quarter of a millisecond on loopback, more on a lab's
    network, and a search is only three statements). A connection used within the last
    ``idle_seconds`` is taken as it is; one the server dropped in that short while fails its
    action with "database unavailable" and the pool replaces every idle connection (SQLAlchemy's
    disconnect handling), so the next action works.
    """
    @event.listens_for(engine, "checkin")
    def _on_checkin(dbapi_connection, record):
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection, record, proxy):
        since = record.info.get("idle_since")
        if since is None or time.monotonic() - since < idle_seconds:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
            dbapi_connection.rollback()  # the ping's implicit transaction; the session begins its own
        except engine.dialect.loaded_dbapi.Error as exc:
            raise DisconnectionError(f"the server dropped an idle connection: {exc}") from exc


def take_write_lock(connection, *, wait_seconds: float | None = None) -> None:
    """Queue for the lab-wide write lock in ``connection``'s open transaction (schema upgrades)."""
    if connection.dialect.name == "postgresql":
        if wait_seconds is not None:
            connection.exec_driver_sql(f"SET LOCAL lock_timeout = {int(wait_seconds * 1000)}")
            connection.exec_driver_sql("SET LOCAL statement_timeout = 0")
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")


def is_file_database(path) -> bool:
    return str(path) not in ("", ":memory:") and not str(path).startswith("file:")


def make_engine(url: str, *, echo: bool = False, lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
                statement_timeout: float = DEFAULT_STATEMENT_TIMEOUT) -> Engine:
    remember_url(url)
    path = sqlite_path(url)
    if path is not None:
        if is_file_database(path) and not path.exists():
            # owner-only (or IT's group) before SQLite opens it; its -wal and -shm take the same mode
            access = FileAccess.from_config()
            make_private_dir(path.parent, access)
            create_private_file(path, access)
        engine = _create(url, echo=echo, connect_args={"timeout": lock_timeout})
        _configure_sqlite(engine, lock_timeout)
    elif url.startswith("postgresql"):
        idle = max(IDLE_IN_TRANSACTION_TIMEOUT, 2 * statement_timeout)
        options = (f"-c lock_timeout={int(lock_timeout * 1000)} -c statement_timeout={int(statement_timeout * 1000)} "
                   f"-c idle_in_transaction_session_timeout={int(idle * 1000)}")
        engine = _create(url, echo=echo, hide_parameters=True,
                         connect_args={"options": options, "application_name": "bench-app", "connect_timeout": 10})
        _configure_postgresql(engine)
        _ping_after_idle(engine)
    else:
        engine = _create(url, echo=echo, pool_pre_ping=True, hide_parameters=True)
    return engine


def _create(url: str, **kwargs) -> Engine:
    """create_engine, with an unknown scheme, a missing driver or a malformed URL told in one line."""
    try:
        return create_engine(url, **kwargs)
    except (NoSuchModuleError, ArgumentError, ImportError, ValueError) as exc:
        raise engine_error(url, exc) from None


@dataclass
class Database:
    """An engine with two session factories: reads, and writes that take the lab-wide write lock."""

    engine: Engine
    url: str
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT
    statement_timeout: float = DEFAULT_STATEMENT_TIMEOUT
    _read: sessionmaker = field(init=False, repr=False)
    _read_one: sessionmaker = field(init=False, repr=False)
    _write: sessionmaker = field(init=False, repr=False)
    _on_dispose: list = field(init=False, repr=False, default_factory=list)  # connections kept outside the pool

    def __post_init__(self) -> None:
        self._read = sessionmaker(bind=self.engine, expire_on_commit=False)
        # One statement sees one snapshot with or without a transaction around it; on a server, without one
        # it is spared the driver's BEGIN and the ROLLBACK at its end, two round trips of four.
        self._read_one = self._read if self.engine.dialect.name != "postgresql" else sessionmaker(
            bind=self.engine.execution_options(isolation_level="AUTOCOMMIT"), expire_on_commit=False)
        self._write = sessionmaker(
            bind=self.engine.execution_options(**{_WRITE: True}), expire_on_commit=False
        )

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """A transaction that commits on success and rolls back whole on any error (or when held: held_writes)."""
        held = take_hold()
        with self._session(self._write) as session:
            yield session
            if held is not None:
                raise held  # rolls back: a form with unreadable values is checked, never stored

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        with self._session(self._read) as session:
            yield session

    @contextlib.contextmanager
    def read_one(self) -> Iterator[Session]:
        """For a read of a single statement (a search): as ``read``, but outside a transaction on PostgreSQL."""
        with self._session(self._read_one) as session:
            yield session

    @contextlib.contextmanager
    def _session(self, maker: sessionmaker) -> Iterator[Session]:
        """A session of ``maker`` in its transaction; what the database stops is said in plain words."""
        try:
            with maker.begin() as session:
                yield session
        except DBAPIError as exc:
            if not isinstance(exc, _PLAIN) and sqlstate(exc) != _TRIGGER_RAISED:
                raise
            raise self.plain(exc) from exc

    def plain(self, exc: DBAPIError) -> BenchError:
        return plain_error(exc, lock_timeout=self.lock_timeout, statement_timeout=self.statement_timeout)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def server_on_this_computer(self) -> bool:
        """Whether a PostgreSQL server runs on this computer, sharing its processors with the window: reached through
        a Unix socket (no host, or a socket folder) or the loopback address. False for SQLite (no server)."""
        if self.is_sqlite:
            return False
        url = self.engine.url
        given = url.query.get("hostaddr") or url.query.get("host") or url.host or ""
        hosts = [h.strip() for h in (given if isinstance(given, str) else ",".join(given)).split(",")]
        return all(not h or h.startswith("/") or h in _LOOPBACK for h in hosts)

    def on_dispose(self, close) -> None:
        """Call ``close()`` whenever the pool is let go (a restore replacing the file, the end): for a
        connection kept outside the pool, such as the change feed's, which would hold the old file open."""
        self._on_dispose.append(close)

    def dispose(self) -> None:
        for close in self._on_dispose:
            close()
        self.engine.dispose()


def open_database(url: str, *, lock_timeout: float | None = None,
                  statement_timeout: float | None = None) -> Database:
    """The database at ``url``; timeouts not given come from the config (database.lock_timeout, ...)."""
    if lock_timeout is None or statement_timeout is None:
        from bench_app.config import configured_seconds

        lock_timeout = lock_timeout if lock_timeout is not None else \
            configured_seconds("database.lock_timeout", DEFAULT_LOCK_TIMEOUT)
        statement_timeout = statement_timeout if statement_timeout is not None else \
            configured_seconds("database.statement_timeout", DEFAULT_STATEMENT_TIMEOUT)
    engine = make_engine(url, lock_timeout=lock_timeout, statement_timeout=statement_timeout)
    return Database(engine=engine, url=url, lock_timeout=lock_timeout, statement_timeout=statement_timeout)
