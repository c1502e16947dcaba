"""Appending a transaction's audit events to the hash chain when it commits.

The audit writer (bench_app.services.audit_writer) queues each event of a transaction in the
session (``queue_event``: its content, computed where the change is made); just before the
commit the queued events are chained in order behind the chain's head and written at once:
the head is read (and locked), each event's id and hash computed from the one before, the
events inserted in one statement and the head moved to the last. On PostgreSQL the insert and
the head's move are one statement too (two data-modifying WITH queries).

Every write transaction holds the lab-wide write lock from its first statement to its commit
(bench_app.persistence.engine), so doing this at the end changes nothing of who comes first
in the chain: transactions append in the order they commit. What it saves is the round
trips of every event written at once (a head read, an insert and a head update each), which
a writer otherwise spends holding the lock. A rollback forgets the queued events.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, bindparam, event, func, insert, select, union_all, update
from sqlalchemy.orm import Session

from bench_app.domain.audit_chain import ChainedEvent, event_hash
from bench_app.persistence.change_signals import CHANNEL, take_payload
from bench_app.persistence.models import AuditEvent, AuditHead

_KEY = "bench_audit_queue"
_HEAD = "bench_audit_head"  # (last event id, last hash) read in this transaction: head_read


def queue_event(session: Session, content: dict[str, Any]) -> None:
    """Queue one event (ChainedEvent's fields but ``id`` and ``prev_hash``) for this transaction's commit."""
    session.info.setdefault(_KEY, []).append(content)


def queued_events(session: Session) -> int:
    return len(session.info.get(_KEY, ()))


def head_read(session: Session, last_event_id: int, last_hash: str) -> None:
    """The chain's head as a statement of this write transaction read it along with its checks
    (``AuditHead.last_event_id`` and ``last_hash``, the row ``id == 1``): the commit chains from it
    rather than asking again, a round trip fewer. Only a write transaction's statement may give it:
    it ran after the lab-wide write lock was taken, and every writer, each appending to the chain
    only here at its commit, holds that lock to its commit, so the head cannot move in between."""
    session.info[_HEAD] = (last_event_id, last_hash)


def append_queued(session: Session) -> None:
    """Chain and write the queued events now, in the session's transaction (called before each commit)."""
    queued = session.info.pop(_KEY, None)
    known = session.info.pop(_HEAD, None)
    if not queued:
        return
    if known is not None and known[0] is not None:
        last_id, last_hash = known
    else:
        last_id, last_hash = session.execute(select(AuditHead.last_event_id, AuditHead.last_hash)
                                             .where(AuditHead.id == 1).with_for_update()).one()
    rows = []
    for content in queued:
        last_id += 1
        chained = ChainedEvent(id=last_id, prev_hash=last_hash, **content)
        last_hash = event_hash(chained)
        rows.append({**chained.__dict__, "hash": last_hash})
    if session.get_bind().dialect.name == "postgresql":
        note = take_payload(session)  # the change feed's NOTIFY, sent at the commit all the same
        params = {f"ev{i}_{name}": value for i, row in enumerate(rows) for name, value in row.items()}
        params.update(head_id=last_id, head_hash=last_hash)
        if note is not None:
            params["note"] = note
        session.execute(_pg_append(tuple(rows[0]), len(rows), note is not None), params)
        return
    head = AuditHead.__table__
    session.execute(insert(AuditEvent.__table__), rows)
    session.execute(update(head).where(head.c.id == 1).values(last_event_id=last_id, last_hash=last_hash))


_PG_APPENDS: dict[tuple[tuple[str, ...], int, bool], Select] = {}


def _pg_append(names: tuple[str, ...], count: int, notify: bool) -> Select:
    """The events' insert, the head's move and the change feed's NOTIFY in one statement, built once per shape.

    Written with named parameters, not as a multi-row VALUES (which SQLAlchemy cannot cache and so
    compiled again at every commit, about a millisecond of each save): a row is a SELECT of typed
    parameters, several rows their UNION ALL."""
    key = (names, count, notify)
    stmt = _PG_APPENDS.get(key)
    if stmt is None:
        events, head = AuditEvent.__table__, AuditHead.__table__
        rows = [select(*(bindparam(f"ev{i}_{name}", type_=events.c[name].type) for name in names))
                for i in range(count)]
        appended = (insert(events).from_select(list(names), rows[0] if count == 1 else union_all(*rows))
                    .returning(events.c.id).cte("appended"))
        moved = (update(head).where(head.c.id == 1)
                 .values(last_event_id=bindparam("head_id"), last_hash=bindparam("head_hash"))
                 .returning(head.c.id).cte("moved"))
        columns = [appended.c.id]
        if notify:
            columns.append(func.pg_notify(CHANNEL, bindparam("note", type_=events.c["hash"].type)))
        stmt = select(*columns).add_cte(moved).limit(1)
        if count <= 32:  # the usual shapes; a larger batch (an import) is built for itself
            _PG_APPENDS[key] = stmt
    return stmt


# Ahead of the change feed's own listener (inserted first), which then has nothing left to send.
@event.listens_for(Session, "before_commit", insert=True)
def _append_on_commit(session: Session) -> None:
    append_queued(session)


@event.listens_for(Session, "after_rollback")
def _forget_on_rollback(session: Session) -> None:
    session.info.pop(_KEY, None)
    session.info.pop(_HEAD, None)
