"""``bench-app export``, ``backup``, ``restore`` and ``verify``: machine maintenance of the database.

Audited as "cli:<operating-system user>" (see services.maintenance_service). On a lab server
(PostgreSQL) backup and restore hand over to bench_app.cli_server_backup (pg_dump, pg_restore);
`backup --scheduled` is what the nightly timer runs (services.backup_schedule_service) and exits 1
when the backup failed, so the timer's unit shows the failure.
"""

from __future__ import annotations

from pathlib import Path

from bench_app.cli_common import (CliError, maintenance_of, open_for_command, operator_name, place_of,
                                  print_error)
from bench_app.persistence.location import resolve_database


def add_parsers(sub, *, db_opt, signed, printer) -> None:
    q = sub.add_parser("export", parents=[db_opt], help="write the whole database as one JSON document")
    q.add_argument("--format", choices=["json"], default="json")
    q.add_argument("-o", "--output", required=True, metavar="FILE")
    q = sub.add_parser("backup", parents=[db_opt], help="consistent copy of the live SQLite database")
    q.add_argument("-o", "--output", metavar="FILE")
    q.add_argument("--to-folder", metavar="DIR", help="a dated backup (bench-YYYYMMDD-HHMMSSZ.db) into DIR, checked")
    q.add_argument("--rotate", action="store_true", help="with --to-folder: delete backups rotation no longer keeps")
    q.add_argument("--scheduled", action="store_true",
                   help="what the nightly timer runs: --to-folder backup.folder --rotate, result logged")
    q = sub.add_parser("restore", parents=[db_opt], help="replace the database with a checked backup")
    q.add_argument("file", metavar="FILE")
    q.add_argument("--check", action="store_true",
                   help="only prove FILE restores (on a scratch copy); the database is not touched")
    q.add_argument("--replace", action="store_true", help="PostgreSQL: restore over a database that holds records "
                                                          "(its contents are dumped aside first)")
    sub.add_parser("verify", parents=[db_opt], help="verify the audit trail and the database's integrity")


def cmd_export(args, url: str) -> int:
    services = open_for_command(url)
    try:
        written = maintenance_of(services).export_json(Path(args.output), by=operator_name())
    finally:
        services.close()
    print(f"Exported {written.rows} rows from {written.tables} tables to {written.path} "
          f"({written.size} bytes, SHA-256 {written.sha256}).")
    return 0


def cmd_backup(args, url: str) -> int:
    from bench_app.services.maintenance_service import require_sqlite

    if url.startswith("postgresql"):  # a lab server: pg_dump (bench_app/cli_server_backup.py)
        from bench_app.cli_server_backup import cmd_server_backup
        return cmd_server_backup(args, url)
    require_sqlite(url)
    if args.scheduled or args.to_folder:
        return _folder_backup(args, url)
    if not args.output:
        raise CliError("Say where the backup goes: -o FILE, --to-folder DIR or --scheduled.")
    services = open_for_command(url)
    try:
        written = maintenance_of(services).backup(Path(args.output), by=operator_name())
    finally:
        services.close()
    print(f"Backed up {place_of(url)} to {written.path} ({written.size} bytes, SHA-256 {written.sha256}).")
    return 0


def _folder_backup(args, url: str) -> int:
    from bench_app.config import load_config
    from bench_app.services.backup_schedule_service import BackupPolicy, BackupScheduleService

    policy = BackupPolicy.from_config(load_config())
    if args.to_folder is None and policy.folder is None:
        raise CliError("backup --scheduled needs backup.folder in the config file (bench-app config show).")
    if args.scheduled and resolve_database(getattr(args, "db", None))[1].startswith("default"):
        # the timer's user has no data folder of its own: never back up (or create) a stray database
        raise CliError("backup --scheduled needs database.location in the config file (bench-app config show).")
    services = open_for_command(url, upgrade=False)  # a backup never changes the database's schema
    try:
        run = BackupScheduleService(services.ctx, policy).run(
            Path(args.to_folder) if args.to_folder else None, by=operator_name(),
            rotate=args.scheduled or args.rotate)
    finally:
        services.close()
    if not run.ok:
        return print_error(f"backup of {place_of(url)} into {run.folder} failed: {run.message}")
    print(f"Backed up {place_of(url)} to {Path(run.folder) / run.file} ({run.size} bytes, SHA-256 {run.sha256}); "
          f"{run.message}" + (f"; rotation removed {run.removed} older backups." if run.removed else "."))
    return 0


def cmd_restore(args, url: str) -> int:
    from bench_app.cli_server_backup import cmd_server_restore, is_server_restore
    from bench_app.services.maintenance_service import check_backup, require_sqlite

    if is_server_restore(args, url):  # a lab server, or a pg_dump file: pg_restore
        return cmd_server_restore(args, url)
    if args.check:
        checked = check_backup(Path(args.file))
        print(f"{checked.source} restores: integrity ok, schema {checked.revision}, audit chain of "
              f"{checked.audit_events} events verified (SHA-256 {checked.sha256}). Nothing was changed.")
        return 0
    require_sqlite(url)
    # Not upgraded on opening: the database being replaced may be damaged or missing.
    services = open_for_command(url, must_exist=False, upgrade=False)
    try:
        result = maintenance_of(services).restore(Path(args.file), by=operator_name())
    finally:
        services.close()
    print(f"Restored {place_of(url)} from {result.source} (checked: integrity, schema {result.revision_before}, "
          f"audit chain); {result.audit_events} audit events.")
    if result.previous_copy:
        print(f"The database it replaced is kept as {result.previous_copy}.")
    return 0


def cmd_verify(args, url: str) -> int:
    services = open_for_command(url)
    try:
        report = services.audit.verify()
    finally:
        services.close()
    if report.ok:
        checked = "database integrity ok" if services.db.is_sqlite else "audit triggers and grants ok"
        print(f"OK: {report.events_checked} audit events verified, {checked}")
    else:
        where = f"first bad event #{report.first_bad_event}: " if report.first_bad_event else ""
        failed = report.problems or tuple(c.what for c in report.checks if not c.ok)
        print(f"FAILED: {where}{failed[0]}")
    for check in report.checks:  # exactly what was checked, each line ok or FAILED
        print(f"  {'ok' if check.ok else 'FAILED':6} {check.what}")
    return 0 if report.ok else 1


COMMANDS = {"export": cmd_export, "backup": cmd_backup, "restore": cmd_restore, "verify": cmd_verify}
