"""``bench-app init``, ``user`` and ``demo``: a database, its people, and invented demo data.

init creates (or upgrades) the database and its first admin, gives it the config file's lab name and
makes a self-signed lab certificate where there is none; user manages accounts as a signed-in admin,
passwords and PINs from prompts or standard input (bench_app.cli_common.Secrets); demo adds invented
couples, or twenty years of a large lab group with --scale large.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from bench_app.cli_common import (PROG, CliError, Secrets, maintenance_of, open_for_command, place_of, plural,
                                  sign_in)
from bench_app.domain.clock import format_local, utc_now
from bench_app.i18n import lazy_pgettext
from bench_app.persistence.location import sqlite_path

if TYPE_CHECKING:
    from bench_app.config import Config
    from bench_app.services.context import Actor
    from bench_app.services.registry import Services


def add_parsers(sub, *, db_opt, signed, printer) -> None:
    from bench_app.domain.enums import Role

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


def cmd_init(args, url: str) -> int:
    from bench_app.config import load_config

    config = load_config()  # a broken file stops init before anything is created
    path = sqlite_path(url)
    existed = path is not None and path.is_file() and path.stat().st_size > 0
    services = open_for_command(url, must_exist=False)
    try:
        info = maintenance_of(services).describe()
        where = place_of(url)
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
    services = open_for_command(url)
    secrets = Secrets(args.password_stdin)
    try:
        actor = sign_in(services, args, secrets)
        try:
            return USER_ACTIONS[args.user_command](services, actor, args, secrets)
        finally:
            services.users.sign_out(actor, reason=f"{PROG} user {args.user_command} finished")
    finally:
        services.close()


def _user_add(services: Services, actor: Actor, args, secrets: Secrets) -> int:
    from bench_app.domain.enums import Role  # here, not at the top: a desktop start does not need the enums

    actor.require(Role.ADMIN, doing=lazy_pgettext("permission", "add users"))  # before asking for the new person's secrets
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

    actor.require(Role.ADMIN, doing=lazy_pgettext("permission", "reset passwords"))
    password = secrets.read(f"new password for {args.username}", confirm=True)
    user = services.users.reset_password(actor, args.username, password, reason=args.reason)
    print(f"Reset the password of '{user.username}' (failed attempts and lock cleared).")
    return 0


def _user_set_pin(services: Services, actor: Actor, args, secrets: Secrets) -> int:
    if actor.username.lower() != args.username.lower():
        from bench_app.domain.enums import Role

        actor.require(Role.ADMIN, doing=lazy_pgettext("permission", "set another person's PIN"))
    pin = secrets.read(f"witness PIN for {args.username}", confirm=True)
    user = services.users.set_pin(actor, args.username, pin)
    print(f"Set the witness PIN of '{user.username}'.")
    return 0


USER_ACTIONS = {
    "add": _user_add, "list": _user_list, "disable": _user_set_active(False), "enable": _user_set_active(True),
    "reset-password": _user_reset_password, "set-pin": _user_set_pin,
}


def cmd_demo(args, url: str) -> int:
    from bench_app.services.demo import run_demo
    from bench_app.services.demo.runner import MAX_COUPLES

    if not 1 <= args.couples <= MAX_COUPLES:  # before a new database file is made for nothing
        raise CliError(f"--couples must be between 1 and {MAX_COUPLES}.")
    services = open_for_command(url, must_exist=False)
    if args.scale == "large":
        return _large_demo(args, url, services)
    try:
        password = Secrets(args.password_stdin).read(f"password for {args.as_user}") if args.as_user else None
        report = run_demo(services.db, couples=args.couples, seed=args.seed,
                          admin_username=args.as_user, admin_password=password)
    finally:
        services.close()
    print(f"Added {plural(report.couples, 'couple')} ({plural(report.patients, 'patient')}; "
          f"{plural(report.cycles_today, 'cycle')} starting today), {plural(report.witness_records, 'witness record')} "
          f"and {plural(report.incidents, 'incident')} to {place_of(url)} (seed {report.seed}).")
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


COMMANDS = {"init": cmd_init, "user": cmd_user, "demo": cmd_demo}
