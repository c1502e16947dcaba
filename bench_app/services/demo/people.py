"""The demo team: an admin, a supervisor and two embryologists, created or signed in."""

from __future__ import annotations

from dataclasses import dataclass, replace

from bench_app.domain.enums import Role
from bench_app.domain.errors import AuthenticationFailed, BenchError
from bench_app.i18n import lazy_pgettext
from bench_app.services.context import Actor
from bench_app.services.registry import Services


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: Role
    password: str
    pin: str


DEMO_ADMIN = DemoUser("admin", "Ada Okafor", Role.ADMIN, "admin-demo-1", "9999")
DEMO_STAFF = (
    DemoUser("sam", "Samira Haddad", Role.SUPERVISOR, "bench-demo-1", "1111"),
    DemoUser("emma", "Emma Lindqvist", Role.EMBRYOLOGIST, "bench-demo-1", "2222"),
    DemoUser("eli", "Eli Navarro", Role.EMBRYOLOGIST, "bench-demo-1", "3333"),
)
DEMO_USERS = (DEMO_ADMIN, *DEMO_STAFF)


class DemoRefused(BenchError):
    """Demo data would have to be mixed into a database whose people the demo does not know."""


@dataclass(frozen=True)
class DemoTeam:
    admin: Actor
    supervisor: Actor
    embryologists: tuple[Actor, Actor]
    known: tuple[DemoUser, ...]  # the sign-ins the demo can print

    def pin(self, username: str) -> str:
        return next(u.pin for u in DEMO_USERS if u.username == username)


def demo_people(services: Services, *, admin_username: str | None = None,
                admin_password: str | None = None) -> DemoTeam:
    """Create the team in an empty database, or find it (adding who is missing) in a demo one.

    In a database with users, an admin must sign in: the one named by the caller, else
    the demo admin with its demo password; anything else is refused, so invented
    patients never land in a lab's real database by accident.
    """
    users = services.users
    if users.count_users() == 0:
        users.create_first_admin(username=DEMO_ADMIN.username, full_name=DEMO_ADMIN.full_name,
                                 password=DEMO_ADMIN.password)
        admin, password = users.sign_in(DEMO_ADMIN.username, DEMO_ADMIN.password), DEMO_ADMIN.password
    elif admin_username is not None:
        admin, password = users.sign_in(admin_username, admin_password or ""), admin_password
    else:
        try:
            admin, password = users.sign_in(DEMO_ADMIN.username, DEMO_ADMIN.password), DEMO_ADMIN.password
        except AuthenticationFailed:
            raise DemoRefused(
                "This database already has users and no demo admin ('admin' with the demo password): demo data "
                "is meant for a new database. To add it anyway, an admin must sign in for it (--as ADMIN)."
            ) from None
    admin.require(Role.ADMIN, doing=lazy_pgettext("permission", "add demo data"))
    is_demo_admin = admin.username == DEMO_ADMIN.username and password == DEMO_ADMIN.password
    known = [replace(DEMO_ADMIN, full_name=admin.full_name)] if is_demo_admin else []
    existing = {u.username.lower(): u for u in users.list_users(admin)}
    if known and not existing[admin.username.lower()].has_pin:
        users.set_pin(admin, admin.username, DEMO_ADMIN.pin)
    staff: dict[str, Actor] = {}
    for member in DEMO_STAFF:
        if member.username not in existing:
            users.add_user(admin, username=member.username, full_name=member.full_name, role=member.role,
                           password=member.password, pin=member.pin)
        elif existing[member.username].role != member.role:
            raise DemoRefused(f"The user '{member.username}' exists as a {existing[member.username].role.value}, "
                              f"not the demo's {member.role.value}; demo data is meant for a new database.")
        try:
            staff[member.username] = users.sign_in(member.username, member.password)
        except AuthenticationFailed as exc:
            raise DemoRefused(f"The demo cannot sign in as '{member.username}': {exc}") from None
        known.append(member)
    return DemoTeam(admin=admin, supervisor=staff["sam"], embryologists=(staff["emma"], staff["eli"]),
                    known=tuple(known))
