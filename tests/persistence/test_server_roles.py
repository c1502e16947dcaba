"""The lab server's two roles on a real PostgreSQL: made by packaging/server/setup-roles.sql, as IT would.

The owner role creates and upgrades the schema (``bench-app upgrade``); the everyday role that
workstations use works normally, is refused by the server itself (grants, not only triggers)
when it would change or empty the audit trail or create a table, and, finding an older or newer
schema, says so and writes nothing. ``bench-app verify`` names a disabled or dropped trigger and
a grant that is too generous.
"""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy.engine import make_url

from bench_app import cli
from bench_app.domain.enums import Role
from bench_app.persistence.migrate import HEAD_REVISION
from bench_app.services.registry import open_services, upgrade_notice
from bench_app.services.upgrade_service import SchemaNotCurrent
from tests.server_lab import (Lab, at_revision, counts, first_admin, lab,  # noqa: F401 (lab, upgraded: fixtures)
                              needs_psql, setup_roles, upgraded)

pytestmark = needs_psql


def _refused(lab: Lab, sql: str) -> str:
    with pytest.raises(psycopg.Error) as err:
        lab.run(lab.app_url, sql)
    return f"{err.value.sqlstate} {err.value}"


def test_the_everyday_role_cannot_change_or_empty_the_audit_trail_nor_the_schema(upgraded):
    lab = upgraded
    first_admin(lab)  # events to change (a row trigger sees none in an empty table)
    for sql in ("UPDATE audit_events SET reason = 'edited'", "DELETE FROM audit_events",
                "TRUNCATE audit_events", "CREATE TABLE notes (id integer)", "DROP TABLE patients",
                "ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_change"):
        said = _refused(lab, sql)
        assert said.startswith("42501") or "must be owner" in said, (sql, said)  # the grants refuse, not a trigger
        assert "permission denied" in said or "must be owner" in said
    # the owner may by grant, and the trigger still refuses even it
    assert "cannot be truncated" in str(pytest.raises(psycopg.Error, lab.run, lab.owner_url,
                                                      "TRUNCATE audit_events").value)
    assert "append-only" in str(pytest.raises(psycopg.Error, lab.run, lab.owner_url,
                                              "DELETE FROM audit_events").value)


def test_the_lab_works_with_the_everyday_role(upgraded, capsys):
    lab = upgraded
    sv = open_services(lab.app_url, workstation="bench-1")
    try:
        sv.users.create_first_admin(username="admin", full_name="Ada Admin", password="correct horse 1")
        admin = sv.users.sign_in("admin", "correct horse 1")
        sv.users.add_user(admin, username="emma", full_name="Emma Embryologist", role=Role.EMBRYOLOGIST,
                          password="battery staple 2", pin="2222")
        events = sv.audit.count()
        report = sv.audit.verify()
    finally:
        sv.close()
    assert events >= 3 and report.ok, [c.what for c in report.checks if not c.ok]
    assert lab.one(lab.owner_url, "SELECT count(*) FROM users") == 2
    assert cli.main(["verify", "--db", lab.app_url]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"OK: {events} audit events verified, audit triggers and grants ok")
    for line in ("ok     audit chain:", "ok     trigger audit_events_no_change", "ok     trigger audit_events_no_truncate",
                 f"ok     grants: no role but the owner {lab.owner}", f"ok     grants: the connected role {lab.app} "
                 f"may not CREATE"):
        assert line in out, out


def test_an_older_schema_is_said_under_the_everyday_role_and_nothing_is_written(lab, capsys, monkeypatch):
    at_revision(lab, "0011")
    before = counts(lab)
    assert upgrade_notice(lab.app_url) is None  # no "upgrading, please wait" notice: this role will not upgrade
    with pytest.raises(SchemaNotCurrent) as err:
        open_services(lab.app_url)
    said = str(err.value)
    assert "older schema (revision 0011)" in said and f"role {lab.app}" in said
    assert "nothing was changed" in said and "bench-app upgrade --db OWNER_URL" in said
    assert "***" in said and make_url(lab.app_url).password not in said
    assert cli.main(["verify", "--db", lab.app_url]) == 1
    err_line = capsys.readouterr().err.strip()
    assert err_line.count("\n") == 0 and "older schema (revision 0011)" in err_line
    assert cli.main(["upgrade", "--db", lab.app_url]) == 1  # the everyday role cannot run the upgrade either
    assert "owner role" in capsys.readouterr().err
    assert counts(lab) == before and before[0] == "0011"

    # IT's upgrade, the owner's password left out of the URL and read by the driver (as ~/.pgpass would be)
    owner = make_url(lab.owner_url)
    monkeypatch.setenv("PGPASSWORD", owner.password)
    no_password = f"postgresql+psycopg://{owner.username}@{owner.host}:{owner.port}/{owner.database}"
    assert cli.main(["upgrade", "--db", no_password]) == 0
    assert f"from schema 0011 to {HEAD_REVISION}" in capsys.readouterr().out
    monkeypatch.delenv("PGPASSWORD")
    first_admin(lab)
    assert "permission denied" in _refused(lab, "UPDATE audit_events SET reason = 'edited'")


def test_a_newer_schema_is_said_under_the_everyday_role(upgraded):
    lab = upgraded
    lab.run(lab.owner_url, "UPDATE alembic_version SET version_num = '9999_later'")
    with pytest.raises(SchemaNotCurrent) as err:
        open_services(lab.app_url)
    assert "newer or different Bench (schema revision 9999_later" in str(err.value)
    assert lab.one(lab.owner_url, "SELECT count(*) FROM audit_events") == 0


def test_an_empty_database_is_said_under_the_everyday_role(lab):
    with pytest.raises(SchemaNotCurrent) as err:
        open_services(lab.app_url)
    assert "has no Bench tables yet" in str(err.value)
    assert lab.one(lab.owner_url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == 0


def _verify(lab: Lab, capsys) -> tuple[int, str]:
    code = cli.main(["verify", "--db", lab.app_url])
    return code, capsys.readouterr().out


def test_verify_names_a_disabled_or_dropped_trigger_and_a_too_generous_grant(upgraded, capsys):
    lab = upgraded
    first_admin(lab)
    assert _verify(lab, capsys)[0] == 0

    lab.run(lab.owner_url, "ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_change")
    code, out = _verify(lab, capsys)
    assert code == 1 and out.startswith("FAILED: trigger audit_events_no_change")
    assert "FAILED trigger audit_events_no_change (refuses UPDATE and DELETE on audit_events): present but DISABLED" \
        in out
    assert "ok     audit chain:" in out  # the rest is still checked and said
    lab.run(lab.owner_url, "ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_change")

    lab.run(lab.owner_url, "DROP TRIGGER audit_events_no_truncate ON audit_events")
    code, out = _verify(lab, capsys)
    assert code == 1 and "FAILED trigger audit_events_no_truncate (refuses TRUNCATE on audit_events): MISSING" in out
    lab.run(lab.owner_url, "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
                           "FOR EACH STATEMENT EXECUTE FUNCTION audit_events_no_truncate()")

    lab.run(lab.owner_url, f'GRANT UPDATE, TRUNCATE ON audit_events TO "{lab.app}"')
    code, out = _verify(lab, capsys)
    assert code == 1 and f"FAILED grants: role {lab.app} may UPDATE and TRUNCATE audit_events" in out
    lab.run(lab.owner_url, "GRANT DELETE ON audit_events TO PUBLIC")
    code, out = _verify(lab, capsys)
    assert code == 1 and "FAILED grants: PUBLIC may DELETE audit_events" in out

    # IT's upgrade takes them back
    assert cli.main(["upgrade", "--db", lab.owner_url]) == 0
    assert f"revoked from {lab.app}" in capsys.readouterr().out
    assert _verify(lab, capsys)[0] == 0
    assert "permission denied" in _refused(lab, "TRUNCATE audit_events")


def test_the_setup_script_runs_again_on_a_database_in_use(upgraded, pg_server):
    """Run again (a password reset, a restored dump): the grants are set again, the audit trail stays closed."""
    lab = upgraded
    again = setup_roles(pg_server, owner=lab.owner, app=lab.app, dbname=lab.dbname)
    assert "permission denied" in _refused(again, "DELETE FROM audit_events")
    assert "permission denied" in _refused(again, "CREATE TABLE notes (id integer)")
    again.run(again.app_url, "SELECT count(*) FROM users")


def test_a_table_a_later_upgrade_creates_gets_the_same_grants(upgraded):
    """The default privileges of the setup script: what the owner creates later, the everyday role may use."""
    lab = upgraded
    lab.run(lab.owner_url, "CREATE TABLE later_records (id serial PRIMARY KEY, note varchar(40))")
    lab.run(lab.app_url, "INSERT INTO later_records (note) VALUES ('written by a workstation')")  # its sequence too
    lab.run(lab.app_url, "UPDATE later_records SET note = 'corrected'")
    assert lab.one(lab.app_url, "SELECT note FROM later_records") == "corrected"
    lab.run(lab.app_url, "DELETE FROM later_records")
    assert "permission denied" in _refused(lab, "TRUNCATE later_records")
    assert "must be owner" in _refused(lab, "ALTER TABLE later_records ADD COLUMN extra integer")
