"""A workstation's pooled connections to the lab's server: a link the server dropped costs no action once idle.

Bench pings a pooled connection only after it sat idle (``PING_AFTER_IDLE_SECONDS``), not before
every read and write, which was one more round trip each. These tests drop the server side of
every connection (as a server restart or a firewall does) and check what the next action meets.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from bench_app.domain.errors import DatabaseUnavailable
from bench_app.persistence.engine import open_database


@pytest.fixture
def server_db(pg_server):
    db = open_database(pg_server.create_database())
    yield db, pg_server
    db.dispose()
    pg_server.drop_database(db.url)


def _drop_every_connection(server, db) -> int:
    with server._admin().connect() as conn:
        return conn.execute(text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                 "WHERE datname = :name AND pid <> pg_backend_pid()"),
                            {"name": db.engine.url.database}).scalar()


def _read_one(db) -> int:
    with db.read() as s:
        return s.execute(text("SELECT 1")).scalar()


def test_a_connection_used_moments_ago_is_not_pinged_again(server_db):
    db, _server = server_db
    _read_one(db)
    record = db.engine.pool._pool.queue[0]
    assert "idle_since" in record.info
    calls = []
    real = db.engine.dialect.do_ping
    db.engine.dialect.do_ping = lambda conn: calls.append(conn) or real(conn)
    try:
        assert _read_one(db) == 1
        assert calls == []
        record.info["idle_since"] -= 3600  # an hour idle: tested first
        assert _read_one(db) == 1
        assert len(calls) == 1
    finally:
        db.engine.dialect.do_ping = real


def test_an_idle_connection_the_server_dropped_is_replaced_before_the_action(server_db):
    db, server = server_db
    _read_one(db)
    assert _drop_every_connection(server, db) >= 1
    for record in db.engine.pool._pool.queue:
        record.info["idle_since"] -= 3600
    assert _read_one(db) == 1  # no error: the ping found the dead link and the pool connected again
    with db.write() as s:
        assert s.execute(text("SELECT 2")).scalar() == 2


def test_a_link_dropped_within_moments_fails_one_action_in_words_and_the_next_works(server_db):
    db, server = server_db
    _read_one(db)
    _drop_every_connection(server, db)
    with pytest.raises(DatabaseUnavailable):
        _read_one(db)
    assert _read_one(db) == 1
