"""What every ``bench-app`` command shares: its errors, secrets from prompts or stdin, opening the database.

The command modules (bench_app/cli_<topic>.py) import from here, and bench_app.cli (the parser and
main) too, so that running ``python -m bench_app.cli`` never imports a second copy of it.
"""

from __future__ import annotations

import getpass
import sys
from typing import TYPE_CHECKING, TextIO

import bench_app
from bench_app.domain.errors import BenchError, DatabaseUnavailable
from bench_app.domain.redaction import redact
from bench_app.persistence.location import sqlite_path

if TYPE_CHECKING:
    from bench_app.services.context import Actor
    from bench_app.services.registry import Services

PROG = "bench-app"


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


def place_of(url: str) -> str:
    path = sqlite_path(url)
    return str(path) if path is not None else redact(url)


def maintenance_of(services: Services):
    from bench_app.services.maintenance_service import MaintenanceService
    return MaintenanceService(services.ctx)


def open_for_command(url: str, *, must_exist: bool = True, upgrade: bool = True) -> Services:
    from alembic.util.exc import CommandError

    from bench_app.services.registry import open_services

    path = sqlite_path(url)
    if must_exist and path is not None and not path.is_file():
        raise CliError(f"there is no Bench database at {path}; create one with "
                       f"'{PROG} init --admin NAME' (or '{PROG} demo').")
    try:
        services = open_services(url, upgrade=upgrade)
    except CommandError as exc:  # alembic: the file names a revision this Bench does not know
        raise DatabaseUnavailable(f"The database at {place_of(url)} was made by a newer or different Bench "
                                  f"and cannot be opened by version {bench_app.__version__} ({exc}).") from None
    for warning in services.start_warnings:
        print(f"{PROG}: warning: {warning}", file=sys.stderr)
    return services


def sign_in(services: Services, args, secrets: Secrets) -> Actor:
    return services.users.sign_in(args.as_user, secrets.read(f"password for {args.as_user}"))


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def as_signed_in(url: str, args, work) -> int:
    """``work(services, actor)`` as the person of --as (signed in, then out), for commands whose work is recorded."""
    services = open_for_command(url)
    try:
        actor = sign_in(services, args, Secrets(args.password_stdin))
        try:
            return work(services, actor)
        finally:
            services.users.sign_out(actor, reason=f"{PROG} {args.command} finished")
    finally:
        services.close()


def print_error(message: str) -> int:
    """The one line on stderr, "bench-app: error: ...", any password hidden; 1, the exit code of a failed command."""
    message = " ".join(redact(message).split()) or "unknown error"
    print(f"{PROG}: error: {message[0].lower() + message[1:] if message[1:2].islower() else message}",
          file=sys.stderr)
    return 1
