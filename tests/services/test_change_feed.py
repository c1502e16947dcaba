"""The change feed sees what another workstation (and this one) committed, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from bench_app.domain.errors import BenchError
from bench_app.domain.record_changes import RecordChanges, RecordKind
from bench_app.persistence.change_signals import parse_payload, payload
from bench_app.services.registry import open_services
from tests.services.retrieval_fixtures import make_procedure, receive


@pytest.fixture
def second(db_url, clock):
    """Another workstation on the same database: its own engine, pool and services."""
    other = open_services(db_url, clock=clock, workstation="bench-2", upgrade=False)
    yield other
    other.close()


def poll_until(feed, attempts: int = 200) -> RecordChanges:
    """The next non-empty answer (PostgreSQL delivers a NOTIFY a moment after the commit returns)."""
    import time

    for _ in range(attempts):
        changes = feed.poll()
        if changes:
            return changes
        time.sleep(0.01)
    return feed.poll()


def poll_until_all(feed, tables: set[str], attempts: int = 300) -> RecordChanges:
    """Every answer until ``tables`` were all named: each transaction's NOTIFY arrives on its own, and a busy
    machine may deliver the first ones before the last."""
    import time

    seen = RecordChanges()
    for _ in range(attempts):
        seen = seen | feed.poll()
        if tables <= seen.tables:
            break
        time.sleep(0.01)
    return seen


def test_a_sample_received_at_another_workstation_is_seen(services, team, clock, second):
    feed = services.changes
    feed.start()
    assert not feed.poll()
    _couple, _cycle, proc = make_procedure(second, team, clock)
    receive(second, team, clock, proc)
    changes = poll_until_all(feed, {"tissue_samples", "retrieval_procedures", "patients", "cycles"})
    assert {"tissue_samples", "retrieval_procedures", "patients", "cycles"} <= changes.tables
    assert changes.touches(RecordKind.RETRIEVAL) and changes.touches(RecordKind.PATIENTS)
    assert not changes.touches(RecordKind.CRYO, RecordKind.TANKS)
    assert not feed.poll()  # told once


def test_own_writes_are_seen_too(services, team, clock):
    feed = services.changes
    feed.start()
    services.patients.register_patient(team.embryologist, mrn="M-9", family_name="Demir", given_names="Can",
                                       date_of_birth=date(1980, 1, 1), sex="male")
    changes = poll_until(feed)
    assert changes.tables == {"patients"}
    assert changes.kinds == {RecordKind.PATIENTS}


def test_nothing_changed_says_nothing(services, team, clock, second):
    feed = services.changes
    feed.start()
    services.patients.search("Demir")
    second.patients.search("Demir")
    for _ in range(3):
        changes = feed.poll()
        assert not changes and changes.tables == frozenset() and not changes.everything


def test_a_refused_write_is_not_news(services, team, clock, second):
    feed = services.changes
    feed.start()
    with pytest.raises(BenchError):
        second.patients.register_patient(team.embryologist, mrn="", family_name="", given_names="",
                                         date_of_birth=date(1980, 1, 1), sex="male")
    assert not feed.poll()


def test_the_first_poll_is_the_baseline(services, team, clock, second):
    make_procedure(second, team, clock)  # committed before the feed looked: not news
    assert not services.changes.poll()
    second.patients.register_patient(team.embryologist, mrn="M-10", family_name="Kaya", given_names="Ali",
                                     date_of_birth=date(1981, 1, 1), sex="male")
    assert poll_until(services.changes).tables == {"patients"}


def test_a_lost_connection_comes_back_as_everything(services, team, clock, second):
    now = [0.0]
    from bench_app.services.change_feed import ChangeFeed

    feed = ChangeFeed(services.db, monotonic=lambda: now[0])
    feed.start()
    feed._raw.close()  # as if the server had gone away
    assert not feed.poll()
    assert not feed.started
    assert not feed.poll()  # waits before trying again
    now[0] += 60
    changes = feed.poll()
    assert changes.everything and changes.touches(RecordKind.ICSI)
    second.patients.register_patient(team.embryologist, mrn="M-11", family_name="Aydın", given_names="Efe",
                                     date_of_birth=date(1982, 1, 1), sex="male")
    assert poll_until(feed).tables == {"patients"}
    feed.close()


def test_letting_go_of_the_database_closes_the_feed_and_the_next_look_reads_everything(services, team, clock):
    """A restore disposes of the pool to replace the file: the feed's own connection must not hold it open."""
    feed = services.changes
    feed.start()
    services.db.dispose()
    assert not feed.started
    changes = feed.poll()
    assert feed.started and changes.everything
    assert not feed.poll()


def test_payload_round_trip():
    assert parse_payload(payload({"oocytes", "injections"})) == (frozenset({"oocytes", "injections"}), False)
    too_many = {f"table_{i:05d}_{'x' * 40}" for i in range(400)}
    assert parse_payload(payload(too_many)) == (frozenset(), True)
    assert RecordChanges.of(["unknown_table"]).kinds == {RecordKind.OTHER}
