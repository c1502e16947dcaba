"""Telling other workstations that records changed: the database side of the change feed.

A write transaction notes each table it audits (``note_change``, called by the audit
writer, as every write writes an audit event). On PostgreSQL the commit then sends one
``NOTIFY bench_records, 'table,table,...'`` inside the same transaction, so a listener
hears of it exactly when (and only if) the transaction commits. SQLite has no
notifications: a kept connection asks ``PRAGMA data_version``, which moves whenever any
other connection (this process's own pool included) commits, and then reads the tables
from the audit events written since the last look.

The kept connection is a pool connection taken out of the pool for good (``detach``), so
it has the engine's settings (TLS, timeouts, SQLite pragmas) without holding a pool slot.
It runs in autocommit: it never holds a transaction open, so it never keeps SQLite's WAL
from being checkpointed nor trips PostgreSQL's idle-in-transaction timeout.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, event, text
from sqlalchemy.orm import Session

CHANNEL = "bench_records"
_KEY = "bench_changed_tables"
MAX_PAYLOAD = 7900  # PostgreSQL refuses a payload of 8000 bytes or more


def note_change(session: Session, table: str) -> None:
    """Remember that this transaction wrote ``table`` (told to listeners when it commits)."""
    session.info.setdefault(_KEY, set()).add(table)


def payload(tables: set[str]) -> str:
    text_ = ",".join(sorted(tables))
    return text_ if len(text_) <= MAX_PAYLOAD else "*"  # too many to name: "everything"


def parse_payload(text_: str) -> tuple[frozenset[str], bool]:
    """The tables named in a notification, and whether it says "everything"."""
    if text_.strip() == "*":
        return frozenset(), True
    return frozenset(t for t in text_.split(",") if t), False


def take_payload(session: Session) -> str | None:
    """The notification this transaction is to send at its commit, taken so that the caller sends it
    within a statement of its own (the audit events' append, bench_app.persistence.audit_append, a round
    trip fewer for every write on PostgreSQL); None when there is nothing to tell or no server to tell."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    tables = session.info.pop(_KEY, None)
    return payload(tables) if tables else None


@event.listens_for(Session, "before_commit")
def _notify_on_commit(session: Session) -> None:
    tables = session.info.pop(_KEY, None)
    if not tables:
        return
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_notify(:channel, :payload)"),
                        {"channel": CHANNEL, "payload": payload(tables)})


@event.listens_for(Session, "after_rollback")
def _forget_on_rollback(session: Session) -> None:
    session.info.pop(_KEY, None)


# --- the feed's own connection ----------------------------------------------------------------


def open_kept_connection(engine: Engine) -> Any:
    """A DBAPI connection of ``engine`` of the feed's own, out of the pool, in autocommit."""
    proxy = engine.raw_connection()
    raw = proxy.driver_connection
    proxy.detach()  # ours from now on: closing it closes the connection, the pool never sees it again
    if engine.dialect.name == "postgresql":
        raw.rollback()
        raw.autocommit = True
        raw.execute(f"LISTEN {CHANNEL}")
    else:
        raw.isolation_level = None  # autocommit: no read transaction is ever left open
    return raw


def sqlite_data_version(raw) -> int:
    return raw.execute("PRAGMA data_version").fetchone()[0]


def last_audit_id(raw) -> int:
    row = raw.execute("SELECT max(id) FROM audit_events").fetchone()
    return int(row[0] or 0)


def audited_tables_since(raw, after_id: int) -> tuple[int, frozenset[str]]:
    """The last audit event id and the tables of the events after ``after_id`` (SQLite's kept connection)."""
    rows = raw.execute("SELECT id, entity_type FROM audit_events WHERE id > ?", (after_id,)).fetchall()
    if not rows:
        return after_id, frozenset()
    return max(r[0] for r in rows), frozenset(r[1] for r in rows)


def pending_notifications(raw) -> list[str]:
    """The payloads PostgreSQL has sent to the listening connection, without waiting."""
    return [n.payload for n in raw.notifies(timeout=0) if n.channel == CHANNEL]
