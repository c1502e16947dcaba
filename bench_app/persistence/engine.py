"""The one engine factory: SQLite pragmas, write transactions, and the Database handle."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Iterator

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from bench_app.domain.errors import DatabaseUnavailable
from bench_app.persistence.file_modes import FileAccess, create_private_file, make_private_dir
from bench_app.persistence.location import sqlite_path
from bench_app.domain.redaction import redact
from bench_app.persistence.urls import engine_error

_WRITE = "bench_write"


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy's "begin" event issue BEGIN itself, so writers can take the
        # write lock up front (BEGIN IMMEDIATE) instead of failing on upgrade.
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=10000")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        if conn.get_execution_options().get(_WRITE):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


def is_file_database(path) -> bool:
    return str(path) not in ("", ":memory:") and not str(path).startswith("file:")


def make_engine(url: str, *, echo: bool = False) -> Engine:
    path = sqlite_path(url)
    if path is not None:
        if is_file_database(path) and not path.exists():
            # owner-only (or IT's group) before SQLite opens it; its -wal and -shm take the same mode
            access = FileAccess.from_config()
            make_private_dir(path.parent, access)
            create_private_file(path, access)
        engine = _create(url, echo=echo, connect_args={"timeout": 10})
        _configure_sqlite(engine)
    else:
        engine = _create(url, echo=echo, pool_pre_ping=True)
    return engine


def _create(url: str, **kwargs) -> Engine:
    """create_engine, with an unknown scheme, a missing driver or a malformed URL told in one line."""
    try:
        return create_engine(url, **kwargs)
    except (NoSuchModuleError, ArgumentError, ImportError, ValueError) as exc:
        raise engine_error(url, exc) from None


@dataclass
class Database:
    """An engine with two session factories: reads, and writes that lock for writing."""

    engine: Engine
    url: str

    def __post_init__(self) -> None:
        self._read = sessionmaker(bind=self.engine, expire_on_commit=False)
        self._write = sessionmaker(
            bind=self.engine.execution_options(**{_WRITE: True}), expire_on_commit=False
        )

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """A transaction that commits on success and rolls back whole on any error."""
        try:
            with self._write.begin() as session:
                yield session
        except OperationalError as exc:
            raise _as_unavailable(exc) from exc

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        try:
            with self._read.begin() as session:
                yield session
        except OperationalError as exc:
            raise _as_unavailable(exc) from exc

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def dispose(self) -> None:
        self.engine.dispose()


def _as_unavailable(exc: OperationalError) -> DatabaseUnavailable:
    text = str(exc.orig) if exc.orig is not None else str(exc)
    if "locked" in text or "busy" in text:
        return DatabaseUnavailable("The database is busy or locked by another program; try again.")
    if "unable to open" in text:
        return DatabaseUnavailable("The database file cannot be opened (check the path and permissions).")
    return DatabaseUnavailable(f"Database error: {redact(text)}")


def open_database(url: str) -> Database:
    return Database(engine=make_engine(url), url=url)
