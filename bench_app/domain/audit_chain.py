"""The audit trail's hash chain: each event's hash covers its content and the previous hash."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class ChainedEvent:
    id: int
    occurred_at: datetime
    user_id: int | None
    username: str
    action: str
    entity_type: str
    entity_id: str
    changes: str
    reason: str
    workstation: str
    prev_hash: str


def event_hash(event: ChainedEvent) -> str:
    payload = json.dumps(
        [
            event.id,
            event.occurred_at.replace(tzinfo=None).isoformat(timespec="microseconds"),
            event.user_id,
            event.username,
            event.action,
            event.entity_type,
            event.entity_id,
            event.changes,
            event.reason,
            event.workstation,
            event.prev_hash,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
