"""The one redaction of secrets in text that is shown or logged: a database URL's password.

``redact("postgresql://lab:s3cret@db/bench")`` is ``"postgresql://lab:***@db/bench"``; a
``password=`` parameter in a URL's query or a libpq keyword string is hidden too, and so is
the password of every URL this process connected with (``remember_url``), wherever a driver's
message quotes it in another form. The command line's error lines, the app's error dialogs,
DatabaseUnavailable messages and every log line (``ScrubbingFilter``, and the log file's
formatter) go through it.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import unquote

HIDDEN = "***"
_known: set[str] = set()
# scheme://user:password@  (the user part may be empty; the password is anything up to the last @ of the
# authority, so a password holding '@' or ':' is hidden whole)
_USERINFO = re.compile(r"(?P<head>\b[A-Za-z][A-Za-z0-9+.\-]*://[^:/@\s]*:)(?P<pw>[^\s/]*)@(?=[^@\s/]*(?:[/\s?]|$))")
# the same in quoted text, where the authority ends at a quote
_QUOTED_USERINFO = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.\-]*://[^:/@\s'\"]*):(?P<secret>[^@\s'\"]*)@")
_QUERY_SECRET = re.compile(r"(?i)(?P<head>[?&](?:password|passwd|pwd|sslpassword)=)[^&\s]*")
# libpq keyword form: password=... (a DSN string)
_KEYWORD = re.compile(r"(?P<head>\bpassword\s*=\s*)(?P<secret>'[^']*'|[^\s&]+)", re.IGNORECASE)


def url_password(url: str) -> str | None:
    match = _QUOTED_USERINFO.search(url)
    return unquote(match.group("secret")) if match and match.group("secret") else None


def remember_url(url: str) -> None:
    """Note the password of a URL this process connects with, so ``redact`` removes it anywhere."""
    secret = url_password(url)
    if secret:
        _known.add(secret)
        _known.add(_QUOTED_USERINFO.search(url).group("secret"))


def redact(text: object) -> str:
    """``text`` with every database URL's password (and any password= parameter) replaced by ***."""
    text = str(text)
    text = _USERINFO.sub(lambda m: f"{m.group('head')}{HIDDEN}@", text)
    text = _QUOTED_USERINFO.sub(lambda m: f"{m.group('head')}:{HIDDEN}@", text)
    text = _QUERY_SECRET.sub(lambda m: f"{m.group('head')}{HIDDEN}", text)
    text = _KEYWORD.sub(lambda m: f"{m.group('head')}{HIDDEN}", text)
    for secret in sorted(_known, key=len, reverse=True):
        if len(secret) >= 3 and secret != HIDDEN:  # a one- or two-letter password would blank out ordinary words
            text = text.replace(secret, HIDDEN)
    return text


# The names the services and tests know it by: a URL as it may be shown, and any text scrubbed.
redact_url = redact
scrub = redact


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
