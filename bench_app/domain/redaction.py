"""The one redaction of secrets in text that is shown or logged: a database URL's password.

``redact("postgresql://lab:s3cret@db/bench")`` is ``"postgresql://lab:***@db/bench"``; a
``password=`` parameter in a URL's query is hidden too. The command line's error lines, the
app's error dialogs, DatabaseUnavailable messages and every log line go through it.
"""

from __future__ import annotations

import re

# scheme://user:password@  (the user part may be empty; the password is anything up to the last @ of the
# authority, so a password holding '@' or ':' is hidden whole)
_USERINFO = re.compile(r"(?P<head>\b[A-Za-z][A-Za-z0-9+.\-]*://[^:/@\s]*:)(?P<pw>[^\s/]*)@(?=[^@\s/]*(?:[/\s?]|$))")
_QUERY_SECRET = re.compile(r"(?i)(?P<head>[?&](?:password|passwd|pwd|sslpassword)=)[^&\s]*")



def redact(text: object) -> str:
    """``text`` with every database URL's password (and any password= parameter) replaced by ***."""
    text = str(text)
    text = _USERINFO.sub(lambda m: f"{m.group('head')}***@", text)
    return _QUERY_SECRET.sub(lambda m: f"{m.group('head')}***", text)
