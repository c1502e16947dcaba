"""The `bench-app` command: start the GUI, set up a database, manage users, demo data, maintenance.

    bench-app [--db PATH_OR_URL] [gui]            start the desktop app (the default)
    bench-app init --admin NAME [--full-name N] [--password-stdin]
    bench-app user add|list|disable|enable|reset-password|set-pin ... --as ADMIN [--password-stdin]
    bench-app demo [--couples N] [--seed S] [--scale small|large] [--as ADMIN] [--password-stdin]
    bench-app export --format json -o FILE
    bench-app backup -o FILE
    bench-app backup --scheduled | --to-folder DIR [--rotate]   a dated, checked backup (see below)
    bench-app restore FILE
    bench-app restore --check FILE                prove a backup restores, without touching the database
    bench-app verify
    bench-app upgrade                             create or upgrade the schema (lab server: IT, the owner's URL)
    bench-app report worksheet --date YYYY-MM-DD -o FILE --as USER [--password-stdin]
    bench-app report custody (--code CODE | --patient MRN) -o FILE --as USER [--password-stdin]
    bench-app report outcomes --from D --to D [--by FIELD ...] [--records] --format json|csv|xlsx|pdf -o FILE --as USER
    bench-app labels --code CODE [--code ...] [--stock NAME] [--copies N] [--zpl] [--reprint-reason TEXT]
                     (-o FILE | --send HOST:PORT) --as USER [--password-stdin]
    bench-app verify-report FILE
    bench-app signing show                        the lab certificate that signs issued reports here
    bench-app test-label [--printer SECTION] [-o FILE]   a test label on a declared label printer (no record)
    bench-app config show                         the effective configuration and where each value came from

The database is --db, else $BENCH_DB, else database.location in the user's or the system's
config file (bench_app.config), else bench.db in the per-user data folder.
User commands act as a signed-in person (--as) whose password comes from a prompt or,
with --password-stdin, from the first line of standard input; a new password or PIN
comes from the next line. Reports and labels are printed by a signed-in person too (--as),
since every print is recorded under their name; verify-report only reads. Export, backup and restore are machine maintenance and are
audited as "cli:<operating-system user>" (see services.maintenance_service). `backup --scheduled`
is what the nightly timer (Windows: scheduled task) runs: a dated backup into backup.folder of the
config, checked after writing, rotated, and its result logged (services.backup_schedule_service);
it exits 1 when the backup failed, so the timer's unit shows the failure.

Every error a person can act on is one line on stderr, "bench-app: error: ...", and a
non-zero exit: 1 for a failed command, 2 for a usage error. The traceback of an unexpected
failure goes to the log file (bench_app.logs); set BENCH_DEBUG=1 to see it on stderr too.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Callable, TextIO

import bench_app
from bench_app.config import LABEL_PRINTER_SECTIONS
from bench_app.domain.clock import format_local, utc_now
from bench_app.domain.errors import BenchError, DatabaseUnavailable, ValidationError
from bench_app.domain.redaction import redact
from bench_app.logs import describe_log, setup_logging
from bench_app.persistence.location import resolve_database, sqlite_path

if TYPE_CHECKING:
    from bench_app.config import Config
    from bench_app.services.context import Actor
    from bench_app.services.registry import Services

# The services (SQLAlchemy, Alembic) are imported by the commands that use them, so that
# `--version` and starting the GUI do not pay for them twice on a slow machine.

PROG = "bench-app"
GuiRunner = Callable[..., int]  # (url) -> exit code; smoke_test=(username, password) for the bundle's check
log = logging.getLogger("bench.cli")


class CliError(BenchError):
    """A problem with how the command was called or its input."""


# --- secrets: prompts or lines of standard input -------------------------------------------


class Secrets:
    """Passwords and PINs in the order a command needs them: prompts, or stdin lines."""

    def __init__(self, from_stdin: bool, stdin: TextIO | None = None):
        self.from_stdin = from_stdin
        self.stdin = stdin or sys.stdin
        self.line = 0

    def read(self, what: str, *, confirm: bool = False) -> str:
        if self.from_stdin:
            self.line += 1
            text = self.stdin.readline()
            if not text:
                raise CliError(f"expected {what} on line {self.line} of standard input.")
            return text.rstrip("\r\n")
        value = getpass.getpass(f"{what[0].upper()}{what[1:]}: ")
        if confirm and getpass.getpass("Repeat it: ") != value:
            raise CliError("the two entries differ; nothing was changed.")
        return value


def operator_name() -> str:
    """How maintenance commands name their operator in the audit trail."""
    try:
        who = getpass.getuser()
    except Exception:  # no login name in the environment (some services and containers)
        who = "unknown"
    return f"cli:{who}"


# --- opening the database ----------------------------------------------------------------


def _where(url: str) -> str:
    path = sqlite_path(url)
    return str(path) if path is not None else redact(url)


def _maintenance(services: Services):
    from bench_app.services.maintenance_service import MaintenanceService
    return MaintenanceService(services.ctx)


def _open(url: str, *, must_exist: bool = True, upgrade: bool = True) -> Services:
    from alembic.util.exc import CommandError

    from bench_app.services.registry import open_services

    path = sqlite_path(url)
    if must_exist and path is not None and not path.is_file():
        raise CliError(f"there is no Bench database at {path}; create one with "
                       f"'{PROG} init --admin NAME' (or '{PROG} demo').")
    try:
        services = open_services(url, upgrade=upgrade)
    except CommandError as exc:  # alembic: the file names a revision this Bench does not know
        raise DatabaseUnavailable(f"The database at {_where(url)} was made by a newer or different Bench "
                                  f"and cannot be opened by version {bench_app.__version__} ({exc}).") from None
    for warning in services.start_warnings:
        print(f"{PROG}: warning: {warning}", file=sys.stderr)
    return services


def _sign_in(services: Services, args, secrets: Secrets) -> Actor:
    return services.users.sign_in(args.as_user, secrets.read(f"password for {args.as_user}"))


# --- commands ----------------------------------------------------------------------------


def cmd_gui(args, url: str, gui_runner: GuiRunner | None) -> int:
    if gui_runner is None:
        print(f"{PROG}: the desktop app cannot start from this entry point; run the installed "
              f"'{PROG}' command (or 'python -m ui'), or see '{PROG} --help' for the other commands.",
              file=sys.stderr)
        return 2
    if getattr(args, "smoke_test", False):  # hidden: the installed bundle's check (make package-test)
        if not args.as_user:
            raise CliError("--smoke-test needs --as USERNAME (and the password).")
        password = Secrets(args.password_stdin).read(f"password for {args.as_user}")
        return int(gui_runner(url, smoke_test=(args.as_user, password)) or 0)
    return int(gui_runner(url) or 0)


def cmd_init(args, url: str) -> int:
    from bench_app.config import load_config

    config = load_config()  # a broken file stops init before anything is created
    path = sqlite_path(url)
    existed = path is not None and path.is_file() and path.stat().st_size > 0
    services = _open(url, must_exist=False)
    try:
        info = _maintenance(services).describe()
        where = _where(url)
        if info.user_count == 0:
            password = Secrets(args.password_stdin).read(f"password for the new admin {args.admin}", confirm=True)
            user = services.users.create_first_admin(username=args.admin, full_name=args.full_name or args.admin,
                                                     password=password)
            print(f"{'Upgraded' if existed else 'Created'} the database at {where} (schema {info.revision}) "
                  f"and its first admin '{user.username}'.")
            _seed_lab_name(services, user.username, password, config)
            _ensure_certificate(config.get("lab.name") or "Bench laboratory")
            return 0
        print(f"The database at {where} is at the newest schema ({info.revision}) and already has users.")
        if args.admin.lower() in (a.lower() for a in info.active_admins):
            print(f"The admin '{args.admin}' exists; nothing else to do.")
            _ensure_certificate(config.get("lab.name") or "Bench laboratory")
            return 0
        raise CliError(f"the database already has users but no active admin named '{args.admin}'; "
                       f"an existing admin can add one with '{PROG} user add'.")
    finally:
        services.close()


def _ensure_certificate(lab_name: str) -> None:
    """Reports are signed with the lab certificate: init makes a self-signed one where there is none."""
    from bench_app.services.lab_certificate import ensure_lab_certificate

    info, created = ensure_lab_certificate(lab_name)
    if created:
        print(f"Created a self-signed lab certificate for signing reports in {info.folder} (key readable by this "
              f"user only); IT may replace it with the lab's own, see '{PROG} signing show'.")


def cmd_signing(args, url: str) -> int:
    """Which certificate signs reports at this workstation, and where its files are."""
    from bench_app.services.lab_certificate import CERT_FILE, KEY_FILE, describe

    info = describe()
    key = info.folder / KEY_FILE
    mode = f"{key.stat().st_mode & 0o777:04o}" if key.exists() else "missing"
    print(f"folder       {info.folder}")
    print(f"key          {key} (mode {mode})")
    print(f"certificate  {info.folder / CERT_FILE}")
    print(f"subject      {info.subject}{' (self-signed)' if info.self_signed else ''}")
    print(f"SHA-256      {info.sha256}")
    print(f"valid until  {info.not_after:%Y-%m-%d}")
    return 0


def _seed_lab_name(services: Services, admin: str, password: str, config: Config) -> None:
    """A new database takes the lab name of the config file, set by its first admin (audited)."""
    name = config.get("lab.name")
    if not name:
        return
    actor = services.users.sign_in(admin, password)
    try:
        services.settings.set(actor, "lab_name", name, reason=f"lab name from {config.source('lab.name')}")
    finally:
        services.users.sign_out(actor, reason=f"{PROG} init finished")
    print(f"Set the lab name to '{name}' (from {config.source('lab.name')}).")


def cmd_user(args, url: str) -> int:
    services = _open(url)
    secrets = Secrets(args.password_stdin)
    try:
        actor = _sign_in(services, args, secrets)
        try:
            return USER_ACTIONS[args.user_command](services, actor, args, secrets)
        finally:
            services.users.sign_out(actor, reason=f"{PROG} user {args.user_command} finished")
    finally:
        services.close()


def _user_add(services: Services, actor: Actor, args, secrets: Secrets) -> int:
    from bench_app.domain.enums import Role  # here, not at the top: a desktop start does not need the enums

    actor.require(Role.ADMIN, doing="add users")  # before asking for the new person's secrets
    password = secrets.read(f"password for the new user {args.username}", confirm=True)
    pin = secrets.read(f"witness PIN for {args.username}", confirm=True) if args.with_pin else None
    user = services.users.add_user(actor, username=args.username, full_name=args.full_name,
                                   role=Role(args.role), password=password, pin=pin)
    print(f"Added {user.role.value} '{user.username}' ({user.full_name}){' with a witness PIN' if pin else ''}.")
    return 0


def _user_list(services: Services, actor: Actor, args, secrets: Secrets) -> int:
    now = utc_now()
    rows = [("USERNAME", "FULL NAME", "ROLE", "ACTIVE", "LOCKED")]
    for u in services.users.list_users(actor):
        locked = f"until {format_local(u.locked_until)}" if u.locked_until and u.locked_until > now else "no"
        rows.append((u.username, u.full_name, u.role.value, "yes" if u.active else "no", locked))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip())
    return 0


def _user_set_active(active: bool):
    def run(services: Services, actor: Actor, args, secrets: Secrets) -> int:
        user = services.users.set_active(actor, args.username, active, reason=args.reason)
        print(f"{'Enabled' if active else 'Disabled'} '{user.username}'.")
        return 0
    return run


def _user_reset_password(services: Services, actor: Actor, args, secrets: Secrets) -> int:
    from bench_app.domain.enums import Role

    actor.require(Role.ADMIN, doing="reset passwords")
    password = secrets.read(f"new password for {args.username}", confirm=True)
    user = services.users.reset_password(actor, args.username, password, reason=args.reason)
    print(f"Reset the password of '{user.username}' (failed attempts and lock cleared).")
    return 0


def _user_set_pin(services: Services, actor: Actor, args, secrets: Secrets) -> int:
    if actor.username.lower() != args.username.lower():
        from bench_app.domain.enums import Role

        actor.require(Role.ADMIN, doing="set another person's PIN")
    pin = secrets.read(f"witness PIN for {args.username}", confirm=True)
    user = services.users.set_pin(actor, args.username, pin)
    print(f"Set the witness PIN of '{user.username}'.")
    return 0


USER_ACTIONS = {
    "add": _user_add, "list": _user_list, "disable": _user_set_active(False), "enable": _user_set_active(True),
    "reset-password": _user_reset_password, "set-pin": _user_set_pin,
}


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def cmd_demo(args, url: str) -> int:
    from bench_app.services.demo import run_demo
    from bench_app.services.demo.runner import MAX_COUPLES

    if not 1 <= args.couples <= MAX_COUPLES:  # before a new database file is made for nothing
        raise CliError(f"--couples must be between 1 and {MAX_COUPLES}.")
    services = _open(url, must_exist=False)
    if args.scale == "large":
        return _large_demo(args, url, services)
    try:
        password = Secrets(args.password_stdin).read(f"password for {args.as_user}") if args.as_user else None
        report = run_demo(services.db, couples=args.couples, seed=args.seed,
                          admin_username=args.as_user, admin_password=password)
    finally:
        services.close()
    print(f"Added {_n(report.couples, 'couple')} ({_n(report.patients, 'patient')}; "
          f"{_n(report.cycles_today, 'cycle')} starting today), {_n(report.witness_records, 'witness record')} "
          f"and {_n(report.incidents, 'incident')} to {_where(url)} (seed {report.seed}).")
    if report.sign_ins:
        print("Sign in as:")
        for u in report.sign_ins:
            print(f"  {u.username:<6} password {u.password:<13} PIN {u.pin}  ({u.role.value}, {u.full_name})")
        _ensure_certificate("Bench demo laboratory")   # a new demo database: its reports can be issued at once
    return 0


def _large_demo(args, url: str, services: "Services") -> int:
    """Twenty years of a large lab group (bulk-inserted, verifiable); shows progress on stderr."""
    import time

    from bench_app.services.demo.large import run_large_demo

    started = time.monotonic()
    try:
        password = Secrets(args.password_stdin).read(f"password for {args.as_user}") if args.as_user else None
        counts = run_large_demo(services.db, seed=args.seed if args.seed is not None else 2026,
                                admin_username=args.as_user, admin_password=password,
                                progress=lambda text, _f: print(f"  {text}", file=sys.stderr, flush=True))
    finally:
        services.close()
    summary = ", ".join(f"{n:,} {table}" for table, n in sorted(counts.items()))
    print(f"Built the large demo in {time.monotonic() - started:.0f} s: {summary}.")
    return 0


def cmd_export(args, url: str) -> int:
    services = _open(url)
    try:
        written = _maintenance(services).export_json(Path(args.output), by=operator_name())
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
    services = _open(url)
    try:
        written = _maintenance(services).backup(Path(args.output), by=operator_name())
    finally:
        services.close()
    print(f"Backed up {_where(url)} to {written.path} ({written.size} bytes, SHA-256 {written.sha256}).")
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
    services = _open(url, upgrade=False)  # a backup never changes the database's schema
    try:
        run = BackupScheduleService(services.ctx, policy).run(
            Path(args.to_folder) if args.to_folder else None, by=operator_name(),
            rotate=args.scheduled or args.rotate)
    finally:
        services.close()
    if not run.ok:
        return _error(f"backup of {_where(url)} into {run.folder} failed: {run.message}")
    print(f"Backed up {_where(url)} to {Path(run.folder) / run.file} ({run.size} bytes, SHA-256 {run.sha256}); "
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
    services = _open(url, must_exist=False, upgrade=False)
    try:
        result = _maintenance(services).restore(Path(args.file), by=operator_name())
    finally:
        services.close()
    print(f"Restored {_where(url)} from {result.source} (checked: integrity, schema {result.revision_before}, "
          f"audit chain); {result.audit_events} audit events.")
    if result.previous_copy:
        print(f"The database it replaced is kept as {result.previous_copy}.")
    return 0


def cmd_verify(args, url: str) -> int:
    services = _open(url)
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


# --- printing: reports and labels (as a signed-in person: every print is recorded) --------


def _as_signed_in(url: str, args, work) -> int:
    services = _open(url)
    try:
        actor = _sign_in(services, args, Secrets(args.password_stdin))
        try:
            return work(services, actor)
        finally:
            services.users.sign_out(actor, reason=f"{PROG} {args.command} finished")
    finally:
        services.close()


class _FileDelivery:
    """Writes an issued document to ``-o FILE`` inside the issuing transaction: if the file cannot be written,
    the error ends the transaction and nothing is recorded; if recording fails after, the file is removed."""

    def __init__(self, path: str):
        self.path = Path(path)
        self.written = False

    def __call__(self, doc) -> None:
        self.path.write_bytes(doc.content)
        self.written = True

    def undo(self) -> None:
        if self.written:
            self.path.unlink(missing_ok=True)


def _write(path: str, content: bytes, what: str) -> None:
    try:
        Path(path).write_bytes(content)
    except OSError as exc:
        raise CliError(f"could not write {path}: {exc.strerror or exc}.") from None
    print(f"Wrote {what} to {path} ({len(content)} bytes).")


def cmd_report(args, url: str) -> int:
    from datetime import date

    if not args.output:
        raise CliError("give the file to write with -o FILE.")
    if args.report_kind == "outcomes":
        return _report_outcomes(args, url)
    if args.report_kind == "worksheet":
        try:
            day = date.fromisoformat(args.date)
        except ValueError:
            raise CliError(f"--date must be a date as YYYY-MM-DD, not '{args.date}'.") from None

        def work(services: Services, actor: Actor) -> int:
            to_file = _FileDelivery(args.output)
            try:
                doc = services.worksheet.issue(actor, day, deliver=to_file)
            except BaseException:
                to_file.undo()
                raise
            print(f"Wrote the worksheet of {day.isoformat()}, {_n(doc.page_count, 'page')}, signed, "
                  f"to {args.output} ({len(doc.content)} bytes).")
            return 0
    else:
        if bool(args.code) == bool(args.patient):
            raise CliError("give either --code CODE or --patient MRN.")

        def work(services: Services, actor: Actor) -> int:
            to_file = _FileDelivery(args.output)
            try:
                doc = services.custody.issue(actor, code=args.code, mrn=args.patient, deliver=to_file)
            except BaseException:
                to_file.undo()
                raise
            print(f"Wrote chain-of-custody report no. {doc.report_no} ({_n(doc.page_count, 'page')}, "
                  f"SHA-256 {doc.fingerprint}, signed) to {args.output} ({len(doc.content)} bytes).")
            return 0
    return _as_signed_in(url, args, work)


def _report_outcomes(args, url: str) -> int:
    """The lab's success rates for a period as JSON, CSV or XLSX (each figure with its fraction)."""
    from datetime import date

    from bench_app.reports.outcomes_export import WRITERS

    days = {}
    for name in ("from_day", "to_day"):
        try:
            days[name] = date.fromisoformat(getattr(args, name))
        except ValueError:
            flag = "--" + name.split("_")[0]
            raise CliError(f"{flag} must be a date as YYYY-MM-DD, not '{getattr(args, name)}'.") from None
    by = [part for item in (args.by or []) for part in item.replace(",", " ").split()]

    def work(services: Services, actor: Actor) -> int:
        if args.format == "pdf":  # the signed quality report (bench_app/cli_outcomes.py)
            from bench_app.cli_outcomes import write_quality_report
            return write_quality_report(services, actor, args, days["from_day"], days["to_day"], by)
        report = services.outcomes.report(actor, start=days["from_day"], end=days["to_day"], by=by,
                                          with_records=args.records)
        content = WRITERS[args.format](report)
        _write(args.output, content, f"the outcomes of {report.start.isoformat()} to {report.end.isoformat()} "
                                     f"({_n(len(report.values), 'figure')}, {args.format.upper()})")
        return 0
    return _as_signed_in(url, args, work)


def cmd_labels(args, url: str) -> int:
    if bool(args.output) == bool(args.send):
        raise CliError("give either -o FILE or --send HOST:PORT.")
    if args.send and not args.zpl:
        raise CliError("--send sends ZPL to a label printer: add --zpl.")

    def work(services: Services, actor: Actor) -> int:
        # Recorded only once the printer took the labels or the file was written (a failed send is no print).
        to_file = None if args.send else _FileDelivery(args.output)
        deliver = (lambda p: services.labels.send_zpl(p.content, args.send)) if args.send else to_file
        try:
            printed = services.labels.print_labels(actor, args.code, stock=args.stock, copies=args.copies,
                                                   reprint_reason=args.reprint_reason or "", zpl=args.zpl,
                                                   deliver=deliver)
        except BaseException:
            if to_file is not None:
                to_file.undo()
            raise
        for warning in printed.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        what = f"{_n(len(printed.codes), 'label')} on {printed.stock.name}" + \
            (f" ({_n(len(printed.reprints), 'reprint')})" if printed.reprints else "")
        if args.send:
            print(f"Sent {what} to {args.send}.")
        else:
            print(f"Wrote {what} to {args.output} ({len(printed.content)} bytes).")
        return 0
    return _as_signed_in(url, args, work)


def cmd_test_label(args, gui_runner: GuiRunner | None) -> int:
    """A test label on the label printer IT declared: by ZPL to its address, through its queue, or to a file."""
    from datetime import date

    from bench_app.config import load_config
    from bench_app.label_printers import declared_printers
    from bench_app.reports.check_label import check_label_pdf, check_label_stock, check_label_zpl
    from bench_app.services.labels_service import send_zpl

    printers = [p for p in declared_printers(load_config()) if not args.printer or p.section == args.printer]
    if not printers:
        raise CliError(f"no label printer is declared{f' as [{args.printer}]' if args.printer else ''} in the config: "
                       "give [label_printer] a queue or an address and its dpi (packaging/README.md).")
    p = printers[0]
    stock, today = check_label_stock(p.stock), date.today()
    what = f"a test label ({stock.name}, {p.dpi} dpi)"
    pdf = check_label_pdf(p.dpi, stock, today)
    if args.output:
        zpl = args.output.lower().endswith(".zpl")
        content = check_label_zpl(p.dpi, stock, today, darkness=p.darkness, speed=p.speed) if zpl else pdf
        try:
            Path(args.output).write_bytes(content)
        except OSError as exc:
            raise CliError(f"could not write {args.output}: {exc.strerror or exc}.") from None
        print(f"Wrote {what} as {'ZPL' if zpl else 'PDF'} to {args.output} ({len(content)} bytes).")
    elif p.address:
        send_zpl(check_label_zpl(p.dpi, stock, today, darkness=p.darkness, speed=p.speed), p.address)
        print(f"Sent {what} as ZPL to {p.address}.")
    else:
        print_to_queue = getattr(gui_runner, "print_to_queue", None)
        if print_to_queue is None:
            raise CliError("printing on a printer queue needs the desktop app (run bench-app, not the core module).")
        print_to_queue(pdf, p.queue, title="Bench test label")
        print(f"Printed {what} on the printer queue {p.queue}.")
    print(f"Check: one label, upright (the name at the top), {stock.label_width_mm:g} x {stock.label_height_mm:g} mm; "
          f"the barcode scans as TEST-{p.dpi}; the Arabic name's dots clear the MRN line.")
    return 0


def cmd_verify_report(args, url: str) -> int:
    data = Path(args.file).read_bytes()
    services = _open(url)
    try:
        result = services.custody.verify(data)
    finally:
        services.close()
    print(result.verdict)
    return 0 if result.ok else 1


def cmd_config(args) -> int:
    """Each setting's value and source, then the files: what IT checks after configuring."""
    from bench_app.config import load_config
    from bench_app.logs import log_dir
    from bench_app.persistence.location import default_data_dir

    config = load_config()
    url, source = resolve_database(getattr(args, "db", None), config)
    rows = [("SETTING", "VALUE", "FROM"), ("database", _where(url), source)]
    for key in ("lab.name", "label_printer.address", "label_printer.stock"):
        rows.append((key, config.get(key) or "(not set)", config.source(key)))
    for key in config.settings:   # the rest of the label printers' declarations, when set
        if key.split(".")[0] in LABEL_PRINTER_SECTIONS and key not in ("label_printer.address", "label_printer.stock") \
                and config.get(key):
            rows.append((key, config.get(key), config.source(key)))
    rows.append(("code prefixes", "S sample, D device, O oocyte", "fixed (part of the check character)"))
    rows.append(("", "", ""))
    rows.append(("FILE", "PATH", "STATUS"))
    for f in config.files:
        status = "read" if f.found else "not found"
        rows.append((f"{f.kind} config", str(f.path), status))
    rows.append(("log folder", str(log_dir()), ""))
    rows.append(("data folder", str(default_data_dir()), "default database folder"))
    widths = [max(len(r[i]) for r in rows) for i in range(2)]
    print(f"Bench {bench_app.__version__}: the database is --db, else $BENCH_DB, else the user config, "
          f"else the system config, else the data folder.")
    for r in rows:
        print(f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]}".rstrip())
    for f in config.files:
        for key in f.unknown:
            print(f"warning: {f.path}: unknown key '{key}' is ignored", file=sys.stderr)
    if config.get("lab.name"):
        print("The lab name is given to a new database; after that the database's own setting is used.")
    return 0


# --- parsing -----------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    from bench_app.domain.enums import Role

    db_opt = argparse.ArgumentParser(add_help=False)
    db_opt.add_argument("--db", metavar="PATH_OR_URL", default=argparse.SUPPRESS,
                        help="database file or SQLAlchemy URL (default: $BENCH_DB, else the per-user data folder)")
    signed = argparse.ArgumentParser(add_help=False)
    signed.add_argument("--as", dest="as_user", metavar="USERNAME", required=True,
                        help="act as this user (an admin for most user commands)")
    signed.add_argument("--password-stdin", action="store_true",
                        help="read the password from the first line of standard input, "
                             "then any new password or PIN from the next lines")

    p = argparse.ArgumentParser(prog=PROG, parents=[db_opt],
                                description="Bench: the andrology and embryology lab assistant.")
    p.add_argument("--version", action="version", version=f"{PROG} {bench_app.__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    q = sub.add_parser("gui", parents=[db_opt], help="start the desktop app (the default)")
    # Hidden: open the main window offscreen for a signed-in user and exit 0 once it is shown.
    q.add_argument("--smoke-test", action="store_true", help=argparse.SUPPRESS)
    q.add_argument("--as", dest="as_user", metavar="USERNAME", help=argparse.SUPPRESS)
    q.add_argument("--password-stdin", action="store_true", help=argparse.SUPPRESS)

    q = sub.add_parser("init", parents=[db_opt], help="create or upgrade the database and its first admin")
    q.add_argument("--admin", required=True, metavar="USERNAME")
    q.add_argument("--full-name", metavar="NAME", help="printed with signatures (default: the user name)")
    q.add_argument("--password-stdin", action="store_true", help="read the password from standard input")

    user = sub.add_parser("user", help="manage users (as a signed-in admin)")
    us = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    q = us.add_parser("add", parents=[db_opt, signed], help="add a user (new password: next stdin line)")
    q.add_argument("username")
    q.add_argument("--full-name", required=True, metavar="NAME")
    q.add_argument("--role", required=True, choices=[r.value for r in Role])
    q.add_argument("--with-pin", "--pin-stdin", dest="with_pin", action="store_true",
                   help="also set a witness PIN (after the password: a prompt, or the third stdin line)")
    us.add_parser("list", parents=[db_opt, signed], help="list users")
    for name, verb in (("disable", "disable"), ("enable", "enable")):
        q = us.add_parser(name, parents=[db_opt, signed], help=f"{verb} an account")
        q.add_argument("username")
        q.add_argument("--reason", required=True)
    q = us.add_parser("reset-password", parents=[db_opt, signed], help="set a new password (next stdin line)")
    q.add_argument("username")
    q.add_argument("--reason", default="reset by admin")
    q = us.add_parser("set-pin", parents=[db_opt, signed], help="set a witness PIN (next stdin line)")
    q.add_argument("username")

    q = sub.add_parser("demo", parents=[db_opt], help="add invented, realistic demo data")
    q.add_argument("--couples", type=int, default=24, metavar="N", help="how many couples (default 24)")
    q.add_argument("--seed", type=int, metavar="S", help="the same seed gives the same people")
    q.add_argument("--scale", choices=["small", "large"], default="small",
                   help="large: also twenty years of a large lab group (about 100,000 cycles), bulk-inserted")
    q.add_argument("--as", dest="as_user", metavar="ADMIN",
                   help="in a database with other users, the admin who adds the demo team")
    q.add_argument("--password-stdin", action="store_true", help="read that admin's password from standard input")

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

    printer = argparse.ArgumentParser(add_help=False, parents=[db_opt, signed])
    printer.add_argument("-o", "--output", metavar="FILE", help="write the PDF (or ZPL) here")
    report = sub.add_parser("report", help="print the daily worksheet or a chain-of-custody report (PDF)")
    rs = report.add_subparsers(dest="report_kind", metavar="KIND", required=True)
    q = rs.add_parser("worksheet", parents=[printer], help="the daily worksheet of a date")
    q.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    q = rs.add_parser("custody", parents=[printer], help="chain of custody of a sample, a device or a patient")
    q.add_argument("--code", metavar="CODE", help="a sample or device code")
    q.add_argument("--patient", metavar="MRN", help="a patient's MRN")
    q = rs.add_parser("outcomes", parents=[printer], help="the lab's success rates for a period (JSON, CSV, XLSX)")
    q.add_argument("--from", dest="from_day", required=True, metavar="YYYY-MM-DD", help="first day of the period")
    q.add_argument("--to", dest="to_day", required=True, metavar="YYYY-MM-DD", help="last day, inclusive")
    q.add_argument("--by", action="append", metavar="FIELD",
                   help="break down by month|quarter|year, procedure_type, diagnosis, etiology, karyotype, azf, "
                        "attempt, treatment, surgeon, embryologist, sperm_source, population (repeat or list)")
    q.add_argument("--format", choices=["json", "csv", "xlsx", "pdf"], default="json",
                   help="pdf: the quality report, signed by the lab and recorded as issued")
    q.add_argument("--records", action="store_true",
                   help="list the codes of the records behind each numerator and denominator (JSON, XLSX)")
    q = sub.add_parser("labels", parents=[printer], help="print labels (PDF, or ZPL for a Zebra printer)")
    q.add_argument("--code", action="append", required=True, metavar="CODE",
                   help="sample, device or dish code (repeat for more labels)")
    q.add_argument("--stock", metavar="NAME", help="label stock (default: the lab's setting for the kind of label)")
    q.add_argument("--copies", type=int, default=1, metavar="N")
    q.add_argument("--zpl", action="store_true", help="ZPL for a Zebra label printer instead of PDF")
    q.add_argument("--send", metavar="HOST:PORT", help="send the ZPL to a network label printer (port 9100 usually)")
    q.add_argument("--reprint-reason", metavar="TEXT", help="why a label printed before is printed again")
    sg = sub.add_parser("signing", help="show the lab certificate that signs reports at this workstation")
    sg.add_subparsers(dest="signing_command", metavar="ACTION", required=True).add_parser(
        "show", help="the signing folder, key, certificate and its SHA-256")
    q = sub.add_parser("test-label", help="print a test label on a label printer declared in the config")
    q.add_argument("--printer", choices=LABEL_PRINTER_SECTIONS, help="which declared printer (default: the first)")
    q.add_argument("-o", "--output", metavar="FILE", help="write it here instead (.zpl for ZPL, else PDF)")
    q = sub.add_parser("verify-report", parents=[db_opt], help="check that a report PDF was issued here, unaltered")
    q.add_argument("file", metavar="FILE")

    config = sub.add_parser("config", help="the configuration files and what they set")
    cs = config.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    cs.add_parser("show", parents=[db_opt], help="print the effective settings and where each came from")
    for module in _command_modules():
        module.add_parsers(sub, db_opt=db_opt, signed=signed, printer=printer)
    return p


# Commands that live in their own module (bench_app/cli_<topic>.py): each module has
# add_parsers(sub, *, db_opt, signed, printer) and COMMANDS {name: cmd(args, url) -> int}.
COMMAND_MODULES: tuple[str, ...] = (
    "bench_app.cli_server",
    "bench_app.cli_move",
)


def _command_modules():
    import importlib

    return [importlib.import_module(name) for name in COMMAND_MODULES]


COMMANDS = {"init": cmd_init, "user": cmd_user, "demo": cmd_demo, "export": cmd_export, "backup": cmd_backup,
            "restore": cmd_restore, "verify": cmd_verify, "report": cmd_report, "labels": cmd_labels,
            "verify-report": cmd_verify_report,
            "signing": cmd_signing}


def _error(message: str) -> int:
    message = " ".join(redact(message).split()) or "unknown error"
    print(f"{PROG}: error: {message[0].lower() + message[1:] if message[1:2].islower() else message}",
          file=sys.stderr)
    return 1


def _desktop_start(argv: list[str]) -> argparse.Namespace | None:
    """`bench-app`, `bench-app gui`, `bench-app --db X [gui]`: read without building every command's parser
    (the sign-in window waits for it, about 10 ms); None for anything else, which argparse reads."""
    args, words = argparse.Namespace(command=None), iter(argv)
    for word in words:
        if word == "gui" and args.command is None:
            args.command = "gui"
        elif word == "--db" and not hasattr(args, "db"):
            args.db = next(words, "-")
            if args.db.startswith("-"):
                return None
        elif word.startswith("--db=") and not hasattr(args, "db"):
            args.db = word[len("--db="):]
        else:
            return None
    return args


def main(argv: list[str] | None = None, gui_runner: GuiRunner | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # a console that cannot show a name must not crash the command
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    try:
        args = _desktop_start(sys.argv[1:] if argv is None else argv) or build_parser().parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error already printed by argparse
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    try:
        if args.command == "config":
            return cmd_config(args)
        if args.command == "test-label":
            return cmd_test_label(args, gui_runner)
        url, source = resolve_database(getattr(args, "db", None))
        log.info("%s: database %s (from %s)", args.command or "gui", _where(url), source)
        if args.command in (None, "gui"):
            return cmd_gui(args, url, gui_runner)
        commands = dict(COMMANDS)
        for module in _command_modules():
            commands.update(module.COMMANDS)
        return commands[args.command](args, url)
    except ValidationError as exc:
        return _error("; ".join(exc.field_errors.values()))
    except BenchError as exc:
        log.warning("%s: %s", args.command or "gui", exc)
        show_error = getattr(gui_runner, "show_error", None)
        if args.command in (None, "gui") and show_error is not None and not getattr(args, "smoke_test", False):
            # e.g. a broken config file: a desktop launch has no terminal to read the line in
            show_error("Bench cannot start", str(exc))
        return _error(str(exc))
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        return _error(f"{where}{exc.strerror or exc}")
    except EOFError:
        return _error("standard input ended before a password was read.")
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return _error("interrupted; nothing more was done.") + 129
    except Exception as exc:  # a bug: still one line, with the way to see more
        if type(exc).__module__.startswith("sqlalchemy"):  # e.g. a database dropped mid-command
            log.exception("database error in '%s'", args.command)
            return _error(f"database error: {getattr(exc, 'orig', None) or exc}")
        log.exception("unexpected error in '%s'", args.command)
        if os.environ.get("BENCH_DEBUG"):
            raise
        return _error(f"unexpected {type(exc).__name__}: {exc}. {describe_log()} "
                      f"(set BENCH_DEBUG=1 to see the details here)")


if __name__ == "__main__":
    setup_logging("cli")
    raise SystemExit(main())
