"""What every service needs: the database, a clock, and which workstation this is."""

from __future__ import annotations

from dataclasses import dataclass, field

from bench_app.config import configured_workstation
from bench_app.domain.clock import Clock, utc_now
from bench_app.domain.enums import Role
from bench_app.domain.errors import PermissionDenied
from bench_app.persistence.engine import Database


@dataclass(frozen=True)
class Actor:
    """The signed-in person a service acts for. Obtained only from AuthService.sign_in."""

    id: int
    username: str
    full_name: str
    role: Role

    def require(self, *roles: Role, doing: str) -> None:
        if self.role not in roles:
            allowed = " or ".join(r.value for r in roles)
            raise PermissionDenied(f"Only {_article(allowed)} {allowed} may {doing}; "
                                   f"{self.username} is {_article(self.role.value)} {self.role.value}.")


@dataclass
class ServiceContext:
    db: Database
    clock: Clock = utc_now
    workstation: str = field(default_factory=configured_workstation)  # config workstation.name, else the host name


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"
