"""Database URLs as people see them: the password never shown, and a bad URL explained in one line.

Every message and log line where a URL may appear goes through ``bench_app.domain.redaction.redact``
(``postgresql://lab:secret@db/bench`` becomes ``postgresql://lab:***@db/bench``). ``engine_error`` turns what SQLAlchemy says about an unknown scheme, a missing
driver or a malformed URL into a sentence naming what to install or fix.
"""

from __future__ import annotations

from bench_app.domain.errors import DatabaseUnavailable
from bench_app.domain.redaction import redact

# What to install for each database kind Bench can use (the driver SQLAlchemy loads by default).
DRIVERS = {
    "postgresql": "psycopg2-binary (pip install psycopg2-binary), or name psycopg 3 as postgresql+psycopg://",
    "postgresql+psycopg": "psycopg (pip install 'psycopg[binary]')",
    "postgresql+psycopg2": "psycopg2-binary (pip install psycopg2-binary)",
    "postgresql+pg8000": "pg8000 (pip install pg8000)",
}
KNOWN = "a file path, sqlite:///PATH or postgresql+psycopg://USER@HOST/DATABASE"


def scheme_of(url: str) -> str:
    return url.split("://", 1)[0].lower() if "://" in url else ""


def engine_error(url: str, exc: BaseException) -> DatabaseUnavailable:
    """One line for a URL SQLAlchemy cannot use: unknown scheme, driver not installed, or malformed."""
    scheme = scheme_of(url)
    name = type(exc).__name__
    if name == "NoSuchModuleError":
        return DatabaseUnavailable(f"Unknown kind of database '{scheme[:30]}' in {redact(url)[:120]}: "
                                   f"give {KNOWN}.")
    if isinstance(exc, ImportError):
        missing = getattr(exc, "name", None) or str(exc)
        install = DRIVERS.get(scheme) or DRIVERS.get(scheme.split("+")[0]) or f"the Python package '{missing}'"
        return DatabaseUnavailable(f"The driver for {scheme or 'this database'} is not installed "
                                   f"(no module '{missing}'): install {install}.")
    return DatabaseUnavailable(f"The database URL {redact(url)[:120]} cannot be used ({redact(exc)[:200]}): "
                               f"give {KNOWN}.")
