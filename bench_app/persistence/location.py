"""Where the database lives, first found wins:

1. ``--db PATH_OR_URL`` on the command line;
2. the ``BENCH_DB`` environment variable;
3. ``database.location`` in the user's config file;
4. ``database.location`` in the system config file (see bench_app.config);
5. ``bench.db`` in the per-user data folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from bench_app import user_dirs
from bench_app.config import Config, load_config

APP_NAME = "bench-app"
DB_ENV = "BENCH_DB"


def default_data_dir() -> Path:
    return user_dirs.user_data_dir(APP_NAME)


def resolve_database(explicit: str | None = None, config: Config | None = None) -> tuple[str, str]:
    """The chosen database as a SQLAlchemy URL, and where the choice came from."""
    if explicit:
        return as_url(explicit), "--db"
    if os.environ.get(DB_ENV):
        return as_url(os.environ[DB_ENV]), f"${DB_ENV}"
    config = config if config is not None else load_config()
    configured = config.settings["database.location"]
    if configured.value:
        return as_url(configured.value), configured.source
    return as_url(str(default_data_dir() / "bench.db")), "default (per-user data folder)"


def resolve_database_url(explicit: str | None = None) -> str:
    """A SQLAlchemy URL for the chosen database. Plain paths become SQLite URLs."""
    return resolve_database(explicit)[0]


def as_url(value: str) -> str:
    if "://" in value:
        return value
    path = Path(value).expanduser().resolve()
    return f"sqlite:///{path}"


def sqlite_path(url: str) -> Path | None:
    if url.startswith("sqlite:///"):
        return Path(url[len("sqlite:///"):])
    return None
