"""Handing out sample, device and oocyte codes inside the caller's transaction."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bench_app.domain.codes import make_code
from bench_app.persistence.models import CodeCounter


def allocate_codes(session: Session, kind: str, count: int = 1) -> list[str]:
    """Reserve ``count`` consecutive serials for ``kind`` and return their codes."""
    row = session.execute(select(CodeCounter).where(CodeCounter.kind == kind).with_for_update()).scalar_one_or_none()
    if row is None:
        row = CodeCounter(kind=kind, last_serial=0)
        session.add(row)
        session.flush()
    start = row.last_serial + 1
    session.execute(update(CodeCounter).where(CodeCounter.kind == kind).values(last_serial=start + count - 1))
    session.expire(row)
    return [make_code(kind, n) for n in range(start, start + count)]


def allocate_code(session: Session, kind: str) -> str:
    return allocate_codes(session, kind, 1)[0]
