"""Where the database lives: --db PATH_OR_URL, else $BENCH_DB, else the per-user data folder."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "bench-app"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_database_url(explicit: str | None = None) -> str:
    """A SQLAlchemy URL for the chosen database. Plain paths become SQLite URLs."""
    value = explicit or os.environ.get("BENCH_DB") or str(default_data_dir() / "bench.db")
    if "://" in value:
        return value
    path = Path(value).expanduser().resolve()
    return f"sqlite:///{path}"


def sqlite_path(url: str) -> Path | None:
    if url.startswith("sqlite:///"):
        return Path(url[len("sqlite:///"):])
    return None
