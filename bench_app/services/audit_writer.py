"""Writing the audit trail inside the caller's transaction, chained to the previous event when it commits."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from bench_app.domain.enums import AuditAction
from bench_app.persistence.audit_append import queue_event
from bench_app.persistence.change_signals import note_change
from bench_app.services.context import Actor, ServiceContext

# Never written to the audit trail in clear: a hash is still a secret's stand-in.
SECRET_FIELDS = frozenset({"password_hash", "pin_hash"})


def plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def column_values(obj: Any) -> dict[str, Any]:
    mapper = inspect(obj).mapper
    return {c.key: plain(getattr(obj, c.key)) for c in mapper.column_attrs}


def write_event(
    session: Session,
    ctx: ServiceContext,
    *,
    actor: Actor | None,
    action: AuditAction,
    entity_type: str = "",
    entity_id: Any = "",
    changes: dict[str, list[Any]] | None = None,
    reason: str = "",
    username: str | None = None,
) -> None:
    """Add one event to the audit chain; it is chained and written when the transaction commits
    (bench_app.persistence.audit_append), in the order of the calls."""
    safe_changes = {
        k: ("<secret changed>" if k in SECRET_FIELDS else v) for k, v in (changes or {}).items()
    }
    queue_event(session, dict(
        occurred_at=ctx.clock(),
        user_id=actor.id if actor else None,
        username=username if username is not None else (actor.username if actor else ""),
        action=action.value,
        entity_type=entity_type,
        entity_id=str(entity_id),
        changes=json.dumps(safe_changes, ensure_ascii=False, sort_keys=True, default=str),
        reason=reason,
        workstation=ctx.workstation,
    ))
    note_change(session, entity_type)  # other workstations hear of it when the transaction commits


def audit_create(session: Session, ctx: ServiceContext, actor: Actor | None, obj: Any, reason: str = "") -> None:
    session.add(obj)
    session.flush()
    values = column_values(obj)
    write_event(
        session, ctx, actor=actor, action=AuditAction.CREATE,
        entity_type=obj.__tablename__, entity_id=_identity(obj),
        changes={k: [None, v] for k, v in values.items() if v is not None and v != ""},
        reason=reason,
    )


def audit_update(
    session: Session,
    ctx: ServiceContext,
    actor: Actor | None,
    obj: Any,
    new_values: dict[str, Any],
    reason: str = "",
) -> dict[str, list[Any]]:
    """Apply ``new_values`` to ``obj`` and audit the fields that really changed."""
    changes: dict[str, list[Any]] = {}
    for key, new in new_values.items():
        old = getattr(obj, key)
        if old != new:
            changes[key] = [plain(old), plain(new)]
            setattr(obj, key, new)
    if changes:
        session.flush()
        write_event(
            session, ctx, actor=actor, action=AuditAction.UPDATE,
            entity_type=obj.__tablename__, entity_id=_identity(obj), changes=changes, reason=reason,
        )
    return changes


def audit_delete(session: Session, ctx: ServiceContext, actor: Actor | None, obj: Any, reason: str) -> None:
    values = column_values(obj)
    entity_id = _identity(obj)
    session.delete(obj)
    session.flush()
    write_event(
        session, ctx, actor=actor, action=AuditAction.DELETE,
        entity_type=obj.__tablename__, entity_id=entity_id,
        changes={k: [v, None] for k, v in values.items()}, reason=reason,
    )


def _identity(obj: Any) -> str:
    ident = inspect(obj).identity
    return ",".join(str(i) for i in ident) if ident else ""
