"""server roles: the audit trail refuses TRUNCATE, and only its owner may change or empty it

Revision ID: 0013_server_roles
Revises: 0012_outcome_summaries
Create Date: 2026-12-06

On PostgreSQL the row trigger of 0001 (audit_events_no_change) stops UPDATE and DELETE, but
TRUNCATE fires no row trigger: a statement trigger now refuses it too, for every role (the owner
who really means to empty the table must first drop the trigger, a visible act that
``bench-app verify`` reports). And the table's grants are made append-only: UPDATE, DELETE and
TRUNCATE are revoked from PUBLIC and from every role but the table's owner, so a default
privilege that gave the everyday role all four verbs on new tables does not reach the audit
trail. SQLite has no TRUNCATE and no roles: nothing changes there.
"""
from alembic import op

revision = '0013_server_roles'
down_revision = '0012_outcome_summaries'
branch_labels = None
depends_on = None

# Every role the table's ACL names, other than its owner, loses the three verbs (PUBLIC too).
REVOKE_FROM_OTHERS = """
DO $$
DECLARE
    grantee_name text;
BEGIN
    REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM PUBLIC;
    FOR grantee_name IN
        SELECT DISTINCT r.rolname
        FROM pg_class c
        CROSS JOIN LATERAL aclexplode(c.relacl) a
        JOIN pg_roles r ON r.oid = a.grantee
        WHERE c.oid = 'audit_events'::regclass AND a.grantee <> c.relowner
    LOOP
        EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM %I', grantee_name);
    END LOOP;
END $$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE FUNCTION audit_events_no_truncate() RETURNS trigger AS $$ "
        "BEGIN RAISE EXCEPTION 'audit_events is append-only: it cannot be truncated'; END; $$ LANGUAGE plpgsql"
    )
    op.execute(
        "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_events_no_truncate()"
    )
    op.execute(REVOKE_FROM_OTHERS)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events")
    op.execute("DROP FUNCTION IF EXISTS audit_events_no_truncate()")
