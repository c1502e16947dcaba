"""Database errors in a person's words, the same on SQLite and PostgreSQL.

Writers queue for one lab-wide write lock (bench_app.persistence.engine), so the rules the
services check hold on both backends and a constraint is almost never what stops a write.
When one still does, or the wait for the lock runs out, the driver's text (a constraint
name, "canceling statement due to lock timeout", "blocked by process 4242") is not what a
person at the bench should read: it becomes one of the sentences here. PostgreSQL errors
are told apart by their SQLSTATE, SQLite's by its fixed messages; a loose match on
"locked" would take PostgreSQL's deadlock report ("blocked by process") for a locked file.
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, IntegrityError

from bench_app.domain.errors import BenchError, ConcurrentChange, DatabaseUnavailable
from bench_app.domain.redaction import scrub

SAME_MOMENT = ("Another workstation changed the same record at the same moment. "
               "Nothing was saved: look again and try again.")
# PostgreSQL SQLSTATEs: https://www.postgresql.org/docs/current/errcodes-appendix.html
_CONFLICT_STATES = {"40001": "serialization failure", "40P01": "deadlock"}
_LOCK_TIMEOUT = "55P03"  # lock_not_available: lock_timeout ran out
_CANCELED = "57014"  # query_canceled: statement_timeout ran out
_IDLE_KILLED = "25P03"  # idle_in_transaction_session_timeout ended the session
_SQLITE_BUSY = ("database is locked", "database table is locked", "database is busy")


def sqlstate(exc: BaseException) -> str | None:
    orig = getattr(exc, "orig", exc)
    return getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)


def driver_text(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    return scrub(str(orig if orig is not None else exc))


# What libpq says when sslmode=verify-ca/verify-full refuses the server, and what to do about it.
_TLS_HINTS = (
    ("certificate verify failed",
     "The server's certificate is not signed by the certificate authority that sslrootcert names in the "
     "database URL: check that sslrootcert is the lab server's CA certificate (packaging/README.md, TLS)."),
    ("does not match host name",
     "The server's certificate was made for another host name: use in the URL the name the certificate "
     "was made for (packaging/README.md, TLS)."),
)


def connection_hint(text: str) -> str:
    """One sentence on what to do about a refused TLS connection; empty for any other failure."""
    lowered = text.lower()
    return next((hint for phrase, hint in _TLS_HINTS if phrase in lowered), "")


def is_sqlite_busy(text: str) -> bool:
    text = text.lower()
    return any(phrase in text for phrase in _SQLITE_BUSY)


def busy_message(lock_timeout: float) -> str:
    return (f"The database stayed busy with another workstation's change for more than {lock_timeout:g} seconds. "
            f"Nothing was saved: try again in a moment.")


def plain_error(exc: DBAPIError, *, lock_timeout: float, statement_timeout: float) -> BenchError:
    """The error a person is shown for ``exc``; nothing of the transaction was kept."""
    state = sqlstate(exc)
    text = driver_text(exc)
    if "append-only" in text:  # the audit trail's triggers: only a hand-made statement ever meets them
        return BenchError("The audit trail is append-only: its events cannot be changed or deleted.")
    if isinstance(exc, IntegrityError) or (state or "").startswith("23"):
        return ConcurrentChange(SAME_MOMENT, detail=text)
    if state in _CONFLICT_STATES:
        return ConcurrentChange(SAME_MOMENT, detail=_CONFLICT_STATES[state])
    if state == _LOCK_TIMEOUT or is_sqlite_busy(text):
        return DatabaseUnavailable(busy_message(lock_timeout))
    if state == _CANCELED:
        return DatabaseUnavailable(f"The database took more than {statement_timeout:g} seconds to answer, so the "
                                   f"action was stopped. Nothing was saved; try again, and tell IT if it persists.")
    if state == _IDLE_KILLED:
        return DatabaseUnavailable("The connection to the database was closed after waiting too long in the middle "
                                   "of a change. Nothing of that change was saved; try again.")
    if "unable to open" in text:
        return DatabaseUnavailable("The database file cannot be opened (check the path and permissions).")
    if getattr(exc, "connection_invalidated", False) or state in {"08000", "08003", "08006", "57P01"}:
        return DatabaseUnavailable(f"The connection to the database server was lost ({text.strip()}). "
                                   f"Nothing of the last action was saved; try again.")
    return DatabaseUnavailable(f"Database error: {text}")
