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

This module holds the parser's shared options, the desktop start and main(); the commands live in
bench_app/cli_<topic>.py (COMMAND_MODULES), what they share in bench_app/cli_common.py.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import Callable

import bench_app
from bench_app.cli_common import PROG, CliError, Secrets, place_of, print_error
from bench_app.domain.errors import BenchError, ValidationError
from bench_app.logs import describe_log, setup_logging
from bench_app.persistence.location import resolve_database

# The services (SQLAlchemy, Alembic) are imported by the commands that use them, so that
# `--version` and starting the GUI do not pay for them twice on a slow machine.

GuiRunner = Callable[..., int]  # (url) -> exit code; smoke_test=(username, password) for the bundle's check
log = logging.getLogger("bench.cli")


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


# --- parsing -----------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
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

    printer = argparse.ArgumentParser(add_help=False, parents=[db_opt, signed])
    printer.add_argument("-o", "--output", metavar="FILE", help="write the PDF (or ZPL) here")
    for module in _command_modules():
        module.add_parsers(sub, db_opt=db_opt, signed=signed, printer=printer)
    return p


# Every command but gui lives in its own module (bench_app/cli_<topic>.py), listed in the order of
# `bench-app --help`: each module has add_parsers(sub, *, db_opt, signed, printer) and
# COMMANDS {name: cmd(args, url) -> int}.
COMMAND_MODULES: tuple[str, ...] = (
    "bench_app.cli_setup",        # init, user, demo
    "bench_app.cli_maintenance",  # export, backup, restore, verify
    "bench_app.cli_print",        # report, labels, signing, test-label, verify-report
    "bench_app.cli_config",       # config show
    "bench_app.cli_server",       # upgrade
    "bench_app.cli_move",         # move-to
)
# Each command's function by name, filled from COMMAND_MODULES when the first command runs (an entry
# already here is kept).
COMMANDS: dict[str, Callable[..., int]] = {}


def _command_modules():
    import importlib

    return [importlib.import_module(name) for name in COMMAND_MODULES]


def _commands() -> dict[str, Callable[..., int]]:
    for module in _command_modules():
        for name, command in module.COMMANDS.items():
            COMMANDS.setdefault(name, command)
    return COMMANDS


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
        if args.command == "config":  # before the database is resolved: a broken config file is shown too
            from bench_app.cli_config import cmd_config
            return cmd_config(args)
        if args.command == "test-label":  # no database; a printer queue needs the desktop app (gui_runner)
            from bench_app.cli_print import cmd_test_label
            return cmd_test_label(args, gui_runner)
        url, source = resolve_database(getattr(args, "db", None))
        log.info("%s: database %s (from %s)", args.command or "gui", place_of(url), source)
        if args.command in (None, "gui"):
            return cmd_gui(args, url, gui_runner)
        return _commands()[args.command](args, url)
    except ValidationError as exc:
        return print_error("; ".join(exc.field_errors.values()))
    except BenchError as exc:
        log.warning("%s: %s", args.command or "gui", exc)
        show_error = getattr(gui_runner, "show_error", None)
        if args.command in (None, "gui") and show_error is not None and not getattr(args, "smoke_test", False):
            # e.g. a broken config file: a desktop launch has no terminal to read the line in
            show_error("Bench cannot start", str(exc))
        return print_error(str(exc))
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        return print_error(f"{where}{exc.strerror or exc}")
    except EOFError:
        return print_error("standard input ended before a password was read.")
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return print_error("interrupted; nothing more was done.") + 129
    except Exception as exc:  # a bug: still one line, with the way to see more
        if type(exc).__module__.startswith("sqlalchemy"):  # e.g. a database dropped mid-command
            log.exception("database error in '%s'", args.command)
            return print_error(f"database error: {getattr(exc, 'orig', None) or exc}")
        log.exception("unexpected error in '%s'", args.command)
        if os.environ.get("BENCH_DEBUG"):
            raise
        return print_error(f"unexpected {type(exc).__name__}: {exc}. {describe_log()} "
                      f"(set BENCH_DEBUG=1 to see the details here)")


if __name__ == "__main__":
    setup_logging("cli")
    raise SystemExit(main())
