"""The change feed: which kinds of record changed since the last look, here or at another workstation.

The screens poll it (``poll()``, every second or two, on the GUI thread) and refresh what
the answer touches. It sees every committed write, this workstation's own included, so
local saves and other benches' reach the screens by the same road.

- PostgreSQL: a listening connection (``LISTEN bench_records``); each write transaction
  sends one NOTIFY naming its tables as it commits. A poll reads what has arrived on the
  socket without a round trip to the server.
- SQLite: a kept connection asks ``PRAGMA data_version`` (no disk read when nothing
  changed); when it moved, the audit events written since the last look name the tables.

If the connection fails (the server restarted, the network dropped) the poll says
nothing, waits ``RETRY_SECONDS`` and connects again; the first poll after that says
"everything", as notifications sent meanwhile were lost.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from bench_app.domain.record_changes import EVERYTHING, NOTHING, RecordChanges
from bench_app.persistence import change_signals as signals
from bench_app.persistence.engine import Database

log = logging.getLogger("bench")
RETRY_SECONDS = 15.0


class ChangeFeed:
    def __init__(self, db: Database, *, monotonic=time.monotonic):
        self.db = db
        self._monotonic = monotonic
        self._raw: Any = None
        self._version = 0
        self._last_id = 0
        self._retry_at = 0.0
        self._lost = False   # the connection failed: say "everything" once it is back
        self.polls = 0
        db.on_dispose(self.close)  # a restore must find the file closed; the next poll says "everything"

    @property
    def mechanism(self) -> str:
        return "PostgreSQL LISTEN/NOTIFY" if self._is_postgresql else "SQLite data_version"

    @property
    def _is_postgresql(self) -> bool:
        return self.db.engine.dialect.name == "postgresql"

    @property
    def started(self) -> bool:
        return self._raw is not None

    def start(self) -> None:
        """Connect and take the baseline: what is already committed is not news."""
        if self._raw is not None:
            return
        raw = signals.open_kept_connection(self.db.engine)
        try:
            if self._is_postgresql:
                signals.pending_notifications(raw)
            else:
                self._version = signals.sqlite_data_version(raw)
                self._last_id = signals.last_audit_id(raw)
        except Exception:
            raw.close()
            raise
        self._raw = raw

    def poll(self) -> RecordChanges:
        """What changed since the last poll (or ``start``); never raises for a lost connection."""
        self.polls += 1
        if self._raw is None:
            if self._monotonic() < self._retry_at:
                return NOTHING
            try:
                self.start()
            except (DBAPIError, SQLAlchemyError, OSError) as exc:
                self._failed(exc)
                return NOTHING
            if self._lost:
                self._lost = False
                return EVERYTHING
            if self.polls == 1:
                return NOTHING  # the first look is the baseline
        try:
            return self._read()
        except Exception as exc:  # psycopg and sqlite3 raise their own errors here, outside SQLAlchemy
            self._failed(exc)
            return NOTHING

    def _read(self) -> RecordChanges:
        raw = self._raw
        if self._is_postgresql:
            tables: set[str] = set()
            everything = False
            for text in signals.pending_notifications(raw):
                named, all_ = signals.parse_payload(text)
                tables |= named
                everything |= all_
            return RecordChanges(frozenset(tables), everything)
        version = signals.sqlite_data_version(raw)
        if version == self._version:
            return NOTHING
        self._version = version
        self._last_id, tables_ = signals.audited_tables_since(raw, self._last_id)
        return RecordChanges(tables_)

    def _failed(self, exc: BaseException) -> None:
        log.warning("The change feed lost its connection (%s); trying again in %.0f s", exc, RETRY_SECONDS)
        self.close()
        self._lost = True
        self._retry_at = self._monotonic() + RETRY_SECONDS

    def close(self) -> None:
        raw, self._raw = self._raw, None
        if raw is not None:
            self._lost = True  # what happens until the next start is not known: "everything" then
            try:
                raw.close()
            except Exception:  # already gone with the server
                pass
