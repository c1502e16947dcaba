"""The lab server's two roles as the database sees them: who may change the schema, and what protects the trail.

On PostgreSQL an owner role owns Bench's tables and runs the upgrades; workstations connect with
an everyday role that may read and write the working tables, only read and append to the audit
trail (``audit_events``), and create nothing (packaging/server/setup-roles.sql makes both).
This module answers, from the server's catalogs:

- ``can_change_schema``: may the connected role create or upgrade Bench's tables? (SQLite: yes.)
- ``protect_audit_trail``: revoke UPDATE, DELETE and TRUNCATE on the audit table from everybody
  but its owner (run by ``bench-app upgrade`` after migrating; migration 0013 does it once too).
- ``audit_trigger_checks`` and ``grant_checks``: what ``bench-app verify`` reports, one line each.
"""

from __future__ import annotations

from sqlalchemy import text

AUDIT_TABLE = "audit_events"
CHANGE_VERBS = ("UPDATE", "DELETE", "TRUNCATE")
# (trigger name, what it refuses) per backend: the audit trail's append-only guards.
AUDIT_TRIGGERS = {
    "postgresql": (("audit_events_no_change", "UPDATE and DELETE"), ("audit_events_no_truncate", "TRUNCATE")),
    "sqlite": (("audit_events_no_update", "UPDATE"), ("audit_events_no_delete", "DELETE")),
}

Check = tuple[bool, str]  # (passed, what was checked and what was found)


def is_postgresql(connection) -> bool:
    return connection.dialect.name == "postgresql"


def current_role(connection) -> str:
    return connection.execute(text("SELECT current_user")).scalar_one()


def table_owner(connection, table: str) -> str | None:
    return connection.execute(text(
        "SELECT pg_get_userbyid(c.relowner) FROM pg_class c "
        "WHERE c.oid = to_regclass(:t)"), {"t": table}).scalar()


def can_change_schema(connection) -> bool:
    """May the connected role create or upgrade Bench's tables (own them, or be a member of their owner)?"""
    if not is_postgresql(connection):
        return True
    owner = table_owner(connection, "alembic_version")
    if owner is not None:
        return bool(connection.execute(text("SELECT pg_has_role(current_user, :o, 'USAGE')"),
                                       {"o": owner}).scalar())
    return bool(connection.execute(text("SELECT has_schema_privilege(current_schema(), 'CREATE')")).scalar())


def protect_audit_trail(connection) -> list[str]:
    """Revoke UPDATE, DELETE and TRUNCATE on the audit table from PUBLIC and every role but its owner.

    The roles that had one of them, which no longer do. Needs the owner's (or a superuser's) connection.
    """
    if not is_postgresql(connection) or table_owner(connection, AUDIT_TABLE) is None:
        return []
    had = _roles_with_change_rights(connection)
    connection.execute(text(f"REVOKE {', '.join(CHANGE_VERBS)} ON {AUDIT_TABLE} FROM PUBLIC"))
    for role in _acl_grantees(connection):
        connection.execute(text(f"REVOKE {', '.join(CHANGE_VERBS)} ON {AUDIT_TABLE} FROM "
                                f"{connection.dialect.identifier_preparer.quote(role)}"))
    return had


def _acl_grantees(connection) -> list[str]:
    """Roles named in the audit table's ACL, other than its owner (PUBLIC is grantee 0, left out)."""
    return list(connection.execute(text(
        "SELECT DISTINCT r.rolname FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a "
        "JOIN pg_roles r ON r.oid = a.grantee WHERE c.oid = to_regclass(:t) AND a.grantee <> c.relowner "
        "ORDER BY 1"), {"t": AUDIT_TABLE}).scalars())


def _roles_with_change_rights(connection) -> list[str]:
    """Ordinary roles, other than the audit table's owner and its members, that may UPDATE, DELETE or TRUNCATE it.

    Superusers are left out: no grant binds them. Members of the owner role are the owner for this purpose.
    """
    rows = connection.execute(text(
        "SELECT r.rolname FROM pg_roles r, pg_class c "
        "WHERE c.oid = to_regclass(:t) AND NOT r.rolsuper AND r.rolname NOT LIKE 'pg\\_%' "
        "AND NOT pg_has_role(r.oid, c.relowner, 'USAGE') "
        "AND (has_table_privilege(r.oid, c.oid, 'UPDATE') OR has_table_privilege(r.oid, c.oid, 'DELETE') "
        "OR has_table_privilege(r.oid, c.oid, 'TRUNCATE')) ORDER BY 1"), {"t": AUDIT_TABLE})
    return list(rows.scalars())


def audit_trigger_checks(connection) -> list[Check]:
    """Each append-only trigger of the audit table: present, and (PostgreSQL) enabled."""
    dialect = connection.dialect.name
    checks: list[Check] = []
    for name, refuses in AUDIT_TRIGGERS.get(dialect, ()):
        what = f"trigger {name} (refuses {refuses} on {AUDIT_TABLE})"
        if dialect == "sqlite":
            found = connection.execute(text("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = :n"),
                                       {"n": name}).first()
            checks.append((found is not None, f"{what}: {'present' if found else 'MISSING'}"))
            continue
        state = connection.execute(text(
            "SELECT t.tgenabled FROM pg_trigger t WHERE t.tgrelid = to_regclass(:t) AND t.tgname = :n"),
            {"t": AUDIT_TABLE, "n": name}).scalar()
        if state is None:
            checks.append((False, f"{what}: MISSING"))
        elif state == "D":
            checks.append((False, f"{what}: present but DISABLED"))
        elif state == "R":  # fires only for replication sessions: an ordinary session bypasses it
            checks.append((False, f"{what}: present but enabled for replication sessions only"))
        else:
            checks.append((True, f"{what}: present and enabled"))
    return checks


def grant_checks(connection) -> list[Check]:
    """What the grants allow: nobody but the owner may change the audit table; the connected everyday role
    creates nothing. PostgreSQL only (SQLite has no roles: an empty list)."""
    if not is_postgresql(connection):
        return []
    owner = table_owner(connection, AUDIT_TABLE)
    if owner is None:
        return [(False, f"grants: there is no {AUDIT_TABLE} table")]
    checks: list[Check] = []
    public = [verb for verb in CHANGE_VERBS if _public_has(connection, verb)]
    checks.append((not public, f"grants: PUBLIC may {_may(public)} {AUDIT_TABLE}"))
    too_generous = _roles_with_change_rights(connection)
    for role in too_generous:
        verbs = [v for v in CHANGE_VERBS if connection.execute(
            text("SELECT has_table_privilege(:r, to_regclass(:t), :v)"), {"r": role, "t": AUDIT_TABLE, "v": v}
        ).scalar()]
        checks.append((False, f"grants: role {role} may {' and '.join(verbs)} {AUDIT_TABLE} (only its owner "
                              f"{owner} may)"))
    if not too_generous:
        checks.append((True, f"grants: no role but the owner {owner} (and superusers) may UPDATE, DELETE or "
                             f"TRUNCATE {AUDIT_TABLE}"))
    me = current_role(connection)
    if not can_change_schema(connection):
        creates = bool(connection.execute(text("SELECT has_schema_privilege(current_schema(), 'CREATE')")).scalar())
        checks.append((not creates, f"grants: the connected role {me} may {'CREATE' if creates else 'not CREATE'} "
                                    f"in schema {_schema(connection)}"))
    else:
        checks.append((True, f"grants: connected as {me}, which owns the schema (an upgrade's role; workstations "
                             f"should connect with the everyday role)"))
    return checks


def _public_has(connection, verb: str) -> bool:
    return bool(connection.execute(text(
        "SELECT EXISTS (SELECT 1 FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a "
        "WHERE c.oid = to_regclass(:t) AND a.grantee = 0 AND a.privilege_type = :v)"),
        {"t": AUDIT_TABLE, "v": verb}).scalar())


def _may(verbs: list[str]) -> str:
    return " and ".join(verbs) if verbs else f"not {', '.join(CHANGE_VERBS[:-1])} or {CHANGE_VERBS[-1]}"


def _schema(connection) -> str:
    return connection.execute(text("SELECT current_schema()")).scalar_one()
