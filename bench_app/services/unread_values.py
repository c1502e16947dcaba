"""Forms whose values could not all be read are checked whole by their service, and nothing is stored.

A form reads what it can (a date written "31.02.2026" cannot be read) and calls its service
with the unreadable values left out, inside ``nothing_stored_while(unread)``: the service
checks every other field as usual and its messages come back together with the unread
ones, but while ``unread`` holds a message no write commits (see
``bench_app.persistence.held_writes``). The form itself never reaches the database.
"""

from __future__ import annotations

from bench_app.persistence.held_writes import hold_writes as nothing_stored_while

__all__ = ["nothing_stored_while"]
