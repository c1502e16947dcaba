import pytest
"""The audit trail: chained, append-only, paged, and tamper-evident even without triggers."""

import sqlite3
from datetime import date

from bench_app.services.audit_service import AuditFilter


def fill(services, team, n=5):
    for i in range(n):
        services.patients.register_patient(team.embryologist, mrn=f"P{i:04}", family_name=f"Demo{i}",
                                           given_names="Test", date_of_birth=date(1980, 1, 1), sex="male")


def raw(services):
    return sqlite3.connect(services.db.url.removeprefix("sqlite:///"))


def test_a_clean_trail_verifies(services, team):
    fill(services, team)
    report = services.audit.verify()
    assert report.ok and report.events_checked == services.audit.count() and report.first_bad_event is None


def test_a_transaction_of_one_event_or_of_many_chains_them_all_in_order(services, team):
    """A commit appends its events in one go (on PostgreSQL one statement, built once per number of events;
    beyond 32 built for itself): one, three and forty events in a transaction all chain and verify."""
    from bench_app.domain.enums import AuditAction
    from bench_app.services.audit_writer import write_event

    before = services.audit.count()
    for n in (1, 3, 40, 3):
        with services.db.write() as s:
            for i in range(n):
                write_event(s, services.ctx, actor=team.admin, action=AuditAction.UPDATE, entity_type="settings",
                            entity_id=f"batch-{n}-{i}", changes={"value": [i, i + 1]})
    assert services.audit.count() == before + 47
    report = services.audit.verify()
    assert report.ok and report.events_checked == before + 47
    newest = services.audit.page(team.admin).rows[0]
    assert newest.entity_id == "batch-3-2"


@pytest.mark.sqlite_only  # tampers with the file through sqlite3
def test_an_altered_event_is_named_even_if_the_triggers_were_dropped(services, team):
    fill(services, team)
    con = raw(services)
    con.execute("DROP TRIGGER audit_events_no_update")
    con.execute("UPDATE audit_events SET changes = replace(changes, 'Demo2', 'Other') WHERE changes LIKE '%Demo2%'")
    bad = con.execute("SELECT id FROM audit_events WHERE changes LIKE '%Other%'").fetchone()[0]
    con.commit()
    report = services.audit.verify()
    assert not report.ok and report.first_bad_event == bad and "altered" in report.problems[0]


@pytest.mark.sqlite_only  # tampers with the file through sqlite3
def test_a_deleted_event_breaks_the_chain(services, team):
    fill(services, team)
    con = raw(services)
    con.execute("DROP TRIGGER audit_events_no_delete")
    con.execute("DELETE FROM audit_events WHERE id = 4")
    con.commit()
    report = services.audit.verify()
    assert not report.ok and report.first_bad_event == 4


@pytest.mark.sqlite_only  # tampers with the file through sqlite3
def test_removing_the_newest_events_is_detected(services, team):
    fill(services, team)
    con = raw(services)
    last = con.execute("SELECT max(id) FROM audit_events").fetchone()[0]
    con.execute("DROP TRIGGER audit_events_no_delete")
    con.execute("DELETE FROM audit_events WHERE id = ?", (last,))
    con.commit()
    report = services.audit.verify()
    assert not report.ok and "removed" in report.problems[0]


@pytest.mark.sqlite_only  # tampers with the file through sqlite3
def test_a_rehashed_forgery_is_still_caught(services, team):
    """Someone who edits an event and recomputes its hash breaks the link to the next one."""
    from bench_app.domain.audit_chain import ChainedEvent, event_hash
    from bench_app.persistence.models import AuditEvent

    fill(services, team)
    with services.db.read() as s:
        ev = s.get(AuditEvent, 5)
        forged = ChainedEvent(ev.id, ev.occurred_at, ev.user_id, ev.username, ev.action, ev.entity_type,
                              ev.entity_id, ev.changes, "forged reason", ev.workstation, ev.prev_hash)
    con = raw(services)
    con.execute("DROP TRIGGER audit_events_no_update")
    con.execute("UPDATE audit_events SET reason='forged reason', hash=? WHERE id=5", (event_hash(forged),))
    con.commit()
    report = services.audit.verify()
    assert not report.ok and report.first_bad_event == 6


def test_paging_is_newest_first_and_complete(services, team):
    fill(services, team, 30)
    total = services.audit.count()
    seen, before = [], None
    while True:
        page = services.audit.page(team.admin, before_id=before, limit=7)
        seen.extend(r.id for r in page.rows)
        if page.next_before_id is None:
            break
        before = page.next_before_id
    assert seen == list(range(total, 0, -1))


def test_filters(services, team, clock):
    fill(services, team, 3)
    rows = services.audit.page(team.admin, AuditFilter(username="emma", entity_type="patients")).rows
    assert len(rows) == 3 and all(r.action == "create" for r in rows)
    assert services.audit.page(team.admin, AuditFilter(date_from=date(2030, 1, 1))).rows == ()
    today = clock.now.astimezone().date()
    assert services.audit.page(team.admin, AuditFilter(date_from=today, date_to=today)).rows


def test_every_event_names_workstation_and_time(services, team, clock):
    rows = services.audit.page(team.admin).rows
    assert all(r.workstation == "bench-test-ws" and r.occurred_at == clock.now for r in rows)
