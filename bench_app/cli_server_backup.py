"""``bench-app backup`` and ``restore`` when the database is a PostgreSQL server (pg_dump, pg_restore).

cli_maintenance.py's cmd_backup and cmd_restore hand over here for a ``postgresql`` URL, or a
``restore --check`` of a pg_dump file; the single-PC (SQLite) behaviour stays in cli_maintenance.py. See
bench_app.services.pg_backup_service for what each step does and checks.
"""

from __future__ import annotations

from pathlib import Path

from bench_app.domain.redaction import redact


def _context(url: str):
    from bench_app.config import configured_workstation
    from bench_app.persistence.engine import open_database
    from bench_app.services.context import ServiceContext

    return ServiceContext(db=open_database(url), workstation=configured_workstation())


def cmd_server_backup(args, url: str) -> int:
    from bench_app.cli_common import CliError, operator_name
    from bench_app.config import load_config
    from bench_app.services import pg_backup_service as pg
    from bench_app.services.backup_schedule_service import BackupPolicy

    policy = BackupPolicy.from_config(load_config())
    folder = Path(args.to_folder) if args.to_folder else (policy.folder if args.scheduled else None)
    if args.scheduled and folder is None:
        raise CliError("backup --scheduled needs backup.folder in the config file (bench-app config show).")
    if folder is None and not args.output:
        raise CliError("Say where the backup goes: -o FILE, --to-folder DIR or --scheduled.")
    ctx = _context(url)
    try:
        if folder is not None:
            written, removed = _folder_run(ctx, policy, folder, rotate=args.rotate or args.scheduled)
        else:
            written, removed = pg.backup(ctx, Path(args.output), by=operator_name()), 0
    finally:
        ctx.db.dispose()
    print(f"Backed up {redact(url)} to {written.path} with pg_dump ({written.size} bytes, SHA-256 {written.sha256}); "
          f"checked: pg_restore lists the data of all {written.tables} tables"
          + (f"; rotation removed {removed} older backups." if removed else "."))
    return 0


def _folder_run(ctx, policy, folder: Path, *, rotate: bool):
    """A dated backup into ``folder``, its result in the folder's status file and the log, as for single-PC
    backups (the Admin area and Today read that file)."""
    from bench_app.cli_common import operator_name
    from bench_app.domain.errors import BenchError
    from bench_app.services import pg_backup_service as pg
    from bench_app.services.backup_schedule_service import BackupRun, BackupScheduleService

    at = ctx.clock()
    try:
        written, removed = pg.folder_backup(ctx, folder, by=operator_name(), rotate=rotate, retention=policy.retention)
    except (BenchError, OSError) as exc:
        BackupScheduleService(ctx, policy)._record(folder, BackupRun(at=at, ok=False, folder=str(folder),
                                                                     message=str(exc)))
        raise
    BackupScheduleService(ctx, policy)._record(folder, BackupRun(
        at=at, ok=True, folder=str(folder), file=written.path.name, size=written.size, sha256=written.sha256,
        message=f"checked: pg_restore lists the data of all {written.tables} tables", removed=removed))
    return written, removed


def is_server_restore(args, url: str) -> bool:
    from bench_app.services.pg_backup_service import is_dump, is_postgresql

    return is_postgresql(url) or (args.check and is_dump(Path(args.file)))


def cmd_server_restore(args, url: str) -> int:
    from bench_app.cli_common import CliError, operator_name
    from bench_app.services import pg_backup_service as pg

    if not pg.is_postgresql(url):
        raise CliError(f"{args.file} is a server backup (pg_dump): check it against the server, with --db URL of "
                       f"a database on it (a scratch database is made there and dropped).")
    if args.check:
        checked = pg.check_dump(url, Path(args.file))
        print(f"{checked.source} restores: restored into a scratch database, schema {checked.revision}, audit chain "
              f"of {checked.audit_events} events verified, scratch database dropped (SHA-256 {checked.sha256}). "
              f"Nothing else was changed.")
        return 0
    ctx = _context(url)
    try:
        result = pg.restore(ctx, Path(args.file), by=operator_name(), replace=args.replace)
    finally:
        ctx.db.dispose()
    if result.previous_copy:
        print(f"The contents it replaced are kept as {result.previous_copy}.")
    if not result.ok:
        print(f"Restored {redact(url)} from {result.source}, but: {result.problem}.")
        return 1
    print(f"Restored {redact(url)} from {result.source} with pg_restore (schema {result.revision}); audit chain of "
          f"{result.audit_events} events verified.")
    return 0
