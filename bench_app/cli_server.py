"""`bench-app upgrade`: IT brings a lab's database to this version's schema.

On a lab server (PostgreSQL) the workstations connect with the everyday role, which may not change
the schema: when a new Bench is installed they say the database needs upgrading and write nothing
until IT runs, once, with the owner role's URL::

    bench-app upgrade --db 'postgresql+psycopg://bench_owner@db.lab.example/bench?sslmode=verify-full&sslrootcert=/etc/bench/lab-ca.pem'

It creates the tables in a new, empty database, or migrates an older one (in one transaction,
which rolls back whole on failure; take a pg_dump first), then makes sure no role but the owner may
UPDATE, DELETE or TRUNCATE the audit trail. On a single PC's SQLite file it does what every start
does: a backup beside the file, then the migration, undone if it fails.
"""

from __future__ import annotations

from sqlalchemy.exc import DatabaseError, OperationalError

import bench_app
from bench_app.domain.errors import DatabaseUnavailable
from bench_app.domain.redaction import redact
from bench_app.persistence.location import sqlite_path

PROG = "bench-app"


def add_parsers(sub, *, db_opt, signed, printer) -> None:
    sub.add_parser("upgrade", parents=[db_opt],
                   help="create or upgrade the database's schema (on a server: with the owner role's URL)")


def cmd_upgrade(args, url: str) -> int:
    from bench_app.persistence.db_errors import connection_hint, driver_text
    from bench_app.persistence.engine import open_database
    from bench_app.persistence.migrate import current_revision, head_revision
    from bench_app.persistence.server_roles import can_change_schema, current_role, protect_audit_trail
    from bench_app.services.upgrade_service import upgrade_database

    path = sqlite_path(url)
    where = str(path) if path is not None else redact(url)
    if path is not None and not path.is_file():
        raise DatabaseUnavailable(f"There is no Bench database at {path}; create one with "
                                  f"'{PROG} init --admin NAME'.")
    db = open_database(url)
    try:
        with db.engine.connect() as conn:
            if not can_change_schema(conn):
                raise DatabaseUnavailable(
                    f"The role {current_role(conn)} may not change the schema of the database at {where}: "
                    f"run '{PROG} upgrade' with the URL of the owner role (the one that owns Bench's tables), "
                    f"not the workstations' everyday role.")
        before = current_revision(db.engine)
        done = upgrade_database(db)
        revoked: list[str] = []
        if not db.is_sqlite:
            with db.engine.begin() as conn:
                revoked = protect_audit_trail(conn)
                owner = current_role(conn)
    except (OperationalError, DatabaseError) as exc:
        said = driver_text(exc)
        hint = connection_hint(said)
        said = said if said.endswith(".") or not hint else f"{said}."
        raise DatabaseUnavailable(f"Cannot upgrade the database at {where}: {said}" + (f" {hint}" if hint else "")) \
            from None
    finally:
        db.dispose()
    head = head_revision()
    if done is None:
        print(f"The database at {where} is already at schema {head} (Bench {bench_app.__version__}): "
              f"nothing to upgrade.")
    elif done.from_revision is None and before is None:
        print(f"Created Bench's tables in the database at {where} (schema {head}).")
    else:
        print(f"Upgraded the database at {where} from schema {done.from_revision} to {head}.")
        if done.backup is not None:
            print(f"The database as it was is kept in {done.backup}.")
    if not db.is_sqlite:
        if revoked:
            print(f"Audit trail: UPDATE, DELETE and TRUNCATE on audit_events revoked from {', '.join(revoked)}.")
        print(f"Audit trail: no role but the owner ({owner}) may change or empty audit_events.")
    return 0


COMMANDS = {"upgrade": cmd_upgrade}
