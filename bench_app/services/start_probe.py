"""Can the app show its sign-in before importing the core? A look at the database with sqlite3 alone.

ui.fast_start shows the sign-in window before SQLAlchemy and the models are imported; that is
only right for an existing SQLite database at this version's schema revision that has users
(a first run needs the first-run dialog, an older database the upgrade notice). This module
answers that with the standard library's sqlite3, read-only, and imports nothing heavy:
``bench_app.persistence.migrate`` imports SQLAlchemy only inside its functions.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import NamedTuple

from bench_app.persistence import migrate


class Probe(NamedTuple):  # not a dataclass: importing dataclasses would slow the sign-in window
    users: int
    lab_name: str
    lab_language: str = ""  # the lab's language setting: the sign-in window's language unless the workstation's


def probe(url: str) -> Probe | None:
    """Users and lab name of an existing SQLite database, read-only; None when the fast path does not apply."""
    if not url.startswith("sqlite:///"):
        return None
    path = Path(url[len("sqlite:///"):])
    if not path.is_file() or path.stat().st_size == 0:
        return None
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=2)
        try:
            revision = con.execute("SELECT version_num FROM alembic_version").fetchone()
            users = con.execute("SELECT count(*) FROM users").fetchone()[0]
            row = con.execute("SELECT value FROM settings WHERE key = 'lab_name'").fetchone()
            language_row = con.execute("SELECT value FROM settings WHERE key = 'lab_language'").fetchone()
        finally:
            con.close()
        lab = json.loads(row[0]) if row else ""
        language = json.loads(language_row[0]) if language_row else ""
    except (sqlite3.Error, ValueError, OSError):
        return None
    if revision is None or revision[0] != migrate.HEAD_REVISION or not users:
        return None
    return Probe(users, lab if isinstance(lab, str) else "", language if isinstance(language, str) else "")
