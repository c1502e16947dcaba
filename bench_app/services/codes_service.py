"""Handing out sample, device, oocyte and dish codes inside the caller's transaction.

Every kind takes its serials from one sequence, the ``code_counters`` row ``*`` (migration
0004 started it above every per-kind counter, which are kept as history). So no two items
hold the same middle part, whatever their kind: people read the middle of a label.

The counter is raised by one UPDATE before it is read back, inside the caller's write
transaction: on PostgreSQL the row stays locked until commit, on SQLite the whole database
is, so two workstations never receive the same serial.
"""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bench_app.domain.codes import KIND_LETTERS, make_code
from bench_app.domain.inventory import HOLDER_SERIAL_BASE
from bench_app.persistence.models import CodeCounter

SEQUENCE = "*"


def take_serials(session: Session, count: int) -> int:
    """Raise the one sequence by ``count``; return the first serial taken."""
    if count < 1:
        raise ValueError("take at least one serial")
    done = session.execute(update(CodeCounter).where(CodeCounter.kind == SEQUENCE)
                           .values(last_serial=CodeCounter.last_serial + count))
    if done.rowcount == 0:  # a database made without migration 0004's row: start above every counter
        highest = session.execute(select(func.max(CodeCounter.last_serial))).scalar() or 0
        session.add(CodeCounter(kind=SEQUENCE, last_serial=highest + count))
        session.flush()
    last = session.execute(select(CodeCounter.last_serial).where(CodeCounter.kind == SEQUENCE)).scalar_one()
    if last >= HOLDER_SERIAL_BASE:  # about a billion codes: the range above is the canes' (domain.inventory)
        raise RuntimeError("the code sequence has reached the serials kept for canes and goblets")
    return last - count + 1


def allocate_codes(session: Session, kind: str, count: int = 1) -> list[str]:
    """``count`` new codes of ``kind`` (S, D, O or C), from the one sequence (canes, H, have their own range)."""
    if kind not in KIND_LETTERS:
        raise ValueError(f"unknown code kind {kind!r}")
    if count == 0:
        return []
    start = take_serials(session, count)
    return [make_code(kind, n) for n in range(start, start + count)]


def allocate_code(session: Session, kind: str) -> str:
    return allocate_codes(session, kind, 1)[0]
