"""Words for the status bar: who is signed in, and which database this window works on."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from bench_app.i18n import _, isolated
from bench_app.services.context import Actor


def describe_actor(actor: Actor) -> str:
    return isolated(_("{name} ({role})"), name=actor.full_name, role=actor.role.label)


def describe_database(url: str) -> str:
    """A SQLite file as its path; any other URL with its password hidden."""
    if url.startswith("sqlite:///"):
        return url[len("sqlite:///"):] or _("(in memory)")
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url
