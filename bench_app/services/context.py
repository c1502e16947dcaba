"""What every service needs: the database, a clock, and which workstation this is."""

from __future__ import annotations

from dataclasses import dataclass, field

from bench_app.config import configured_workstation
from bench_app.domain.clock import Clock, utc_now
from bench_app.domain.enums import Role
from bench_app.domain.errors import PermissionDenied
from bench_app.i18n import LazyString, _l, isolate
from bench_app.persistence.engine import Database


@dataclass(frozen=True)
class Actor:
    """The signed-in person a service acts for. Obtained only from AuthService.sign_in."""

    id: int
    username: str
    full_name: str
    role: Role

    def require(self, *roles: Role, doing: LazyString | str) -> None:
        """Refuse unless the person's role is one of ``roles``. ``doing`` is the action, an infinitive phrase
        marked for translation as ``lazy_pgettext("permission", "add users")``: it completes "Only an admin
        may …", and the refusal is one whole sentence in the user's language."""
        if self.role not in roles:
            raise PermissionDenied(refusal(frozenset(roles), self.role, self.username, doing))


# The refusal, whole sentences: which roles may, and which role the person has. Each role set a service
# asks for, against each role that can be refused it.
# Translators: {action} is an infinitive phrase marked "permission" ("add users", "approve a discard"); {username}
# the person's user name.
_REFUSALS = {
    (frozenset({Role.ADMIN}), Role.EMBRYOLOGIST): _l("Only an admin may {action}; {username} is an embryologist."),
    (frozenset({Role.ADMIN}), Role.SUPERVISOR): _l("Only an admin may {action}; {username} is a supervisor."),
    (frozenset({Role.SUPERVISOR, Role.ADMIN}), Role.EMBRYOLOGIST):
        _l("Only a supervisor or admin may {action}; {username} is an embryologist."),
}


def refusal(roles: frozenset[Role], role: Role, username: str, doing: LazyString | str) -> str:
    """The sentence that says why ``username`` (of ``role``) may not do ``doing``; one role set never asked
    for yet reads as plainly as it can."""
    message = _REFUSALS.get((roles, role)) or _l("{username} may not {action}.")
    return str(message).format(action=str(doing), username=isolate(username))


@dataclass
class ServiceContext:
    db: Database
    clock: Clock = utc_now
    workstation: str = field(default_factory=configured_workstation)  # config workstation.name, else the host name

