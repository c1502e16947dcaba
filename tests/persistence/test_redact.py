"""The database password never reaches a message or the log, whatever fails."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from bench_app.domain.errors import DatabaseUnavailable
from bench_app.domain.redaction import ScrubbingFilter, redact_url, remember_url, scrub
from bench_app.services.registry import open_services
from tests.cli.conftest import run_cli

SECRET = "Sup3r-Secret-pw"


def test_urls_and_dsns_lose_their_password():
    assert redact_url(f"postgresql+psycopg://bench:{SECRET}@db.lab:5432/bench") == \
        "postgresql+psycopg://bench:***@db.lab:5432/bench"
    assert redact_url("sqlite:////srv/bench/bench.db") == "sqlite:////srv/bench/bench.db"
    assert SECRET not in scrub(f"host=db.lab password={SECRET} dbname=bench")
    remember_url(f"postgresql+psycopg://bench:{SECRET}@db.lab/bench")
    assert scrub(f"the server said: password '{SECRET}' is wrong") == "the server said: password '***' is wrong"


def test_the_log_filter_scrubs_messages_arguments_and_tracebacks():
    record = logging.LogRecord("bench", logging.ERROR, __file__, 1, "opening %s", (f"postgresql://u:{SECRET}@h/d",),
                               None)
    try:
        raise RuntimeError(f"cannot reach postgresql://u:{SECRET}@h/d")
    except RuntimeError:
        import sys
        record.exc_info = sys.exc_info()
    ScrubbingFilter().filter(record)
    assert SECRET not in logging.Formatter().format(record)


def test_a_wrong_password_is_refused_without_showing_it(backend, request):
    """Opening a server with the wrong password (or none reachable): the message names the server, not the secret."""
    if backend == "postgresql":
        from sqlalchemy.engine import make_url

        server = request.getfixturevalue("pg_server")  # a real server refusing the wrong password
        url = make_url(server.url_of("postgres")).set(password=SECRET).render_as_string(hide_password=False)
    else:
        url = f"postgresql+psycopg://bench:{SECRET}@127.0.0.1:1/bench"  # nothing listens on port 1
    with pytest.raises(DatabaseUnavailable) as refused:
        open_services(url)
    assert SECRET not in str(refused.value) and ":***@" in str(refused.value)


def test_the_command_line_and_its_log_never_show_the_password(tmp_path):
    url = f"postgresql+psycopg://bench:{SECRET}@127.0.0.1:1/bench"
    result = run_cli("verify", db=url)
    assert result.returncode != 0 and SECRET not in result.stdout + result.stderr
    assert "bench:***@127.0.0.1:1/bench" in result.stderr
    logs = [p for p in Path(os.environ["BENCH_LOG_DIR"]).glob("*.log*")]
    assert logs and all(SECRET not in p.read_text(encoding="utf-8", errors="replace") for p in logs)
