"""Keeping the database password out of every message and log line.

A PostgreSQL URL carries its password (``postgresql+psycopg://bench:SECRET@host/db``).
``redact_url`` shows a URL with the password replaced; ``scrub`` takes it out of any text
(an exception from the driver or SQLAlchemy may quote the URL it was given), and
``ScrubbingFilter`` does the same to every record a log handler writes. Passwords of the
URLs opened in this process are remembered (``remember_url``) so that a message quoting
one in another form still loses it.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import unquote

HIDDEN = "***"
_known: set[str] = set()
# user:password@ in any URL-like text, whatever the scheme
_USERINFO = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.\-]*://[^:/@\s'\"]*):(?P<secret>[^@\s'\"]*)@")
# libpq keyword form: password=... (a DSN string)
_KEYWORD = re.compile(r"(?P<head>\bpassword\s*=\s*)(?P<secret>'[^']*'|\S+)", re.IGNORECASE)


def url_password(url: str) -> str | None:
    match = _USERINFO.search(url)
    return unquote(match.group("secret")) if match and match.group("secret") else None


def remember_url(url: str) -> None:
    """Note the password of a URL this process connects with, so ``scrub`` removes it anywhere."""
    secret = url_password(url)
    if secret:
        _known.add(secret)
        raw = _USERINFO.search(url).group("secret")
        _known.add(raw)


def redact_url(url: str) -> str:
    """The URL as it may be shown: the password, if any, as ``***``."""
    return _USERINFO.sub(lambda m: f"{m.group('head')}:{HIDDEN}@", url)


def scrub(text: str) -> str:
    """``text`` with every URL password and every remembered password replaced."""
    text = _USERINFO.sub(lambda m: f"{m.group('head')}:{HIDDEN}@", text)
    text = _KEYWORD.sub(lambda m: f"{m.group('head')}{HIDDEN}", text)
    for secret in sorted(_known, key=len, reverse=True):
        if len(secret) >= 3:  # a one- or two-letter password would blank out ordinary words
            text = text.replace(secret, HIDDEN)
    return text


class ScrubbingFilter(logging.Filter):
    """Rewrites a record's message (and its traceback) without passwords before any handler writes it."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed call: the handler reports it as it always did
            return True
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        cleaned = scrub(message)
        if cleaned != message or record.args:
            record.msg, record.args = cleaned, None
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        return True
