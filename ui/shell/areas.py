"""The areas of the main window, registered in one list.

A later issue adds its screen by replacing its placeholder line here with
``AreaSpec("cryo", "Cryo storage", CryoView)``; navigation, shortcuts and role checks
follow from this list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from bench_app.domain.enums import Role
from bench_app.services.context import Actor
from ui.admin.admin_view import AdminView
from ui.common.placeholder_view import PlaceholderView
from ui.cryo.cryo_view import CryoView
from ui.icsi.icsi_view import IcsiView
from ui.patients.patients_view import PatientsView
from ui.qt import QWidget
from ui.reports.reports_view import ReportsView
from ui.retrieval.retrieval_view import RetrievalView
from ui.shell.bench_context import BenchContext
from ui.today.today_view import TodayView

AreaBuilder = Callable[[BenchContext], QWidget]


@dataclass(frozen=True)
class AreaSpec:
    key: str
    title: str
    build: AreaBuilder
    roles: frozenset[Role] | None = None  # None: everyone who is signed in

    def allows(self, actor: Actor) -> bool:
        return self.roles is None or actor.role in self.roles


def coming_later(title: str, summary: str, will_hold: Sequence[str]) -> AreaBuilder:
    def build(_context: BenchContext) -> QWidget:
        return PlaceholderView(title, summary, will_hold)

    return build


AREAS: tuple[AreaSpec, ...] = (
    AreaSpec("today", "Today", TodayView),
    AreaSpec("patients", "Patients & cycles", PatientsView),
    AreaSpec("retrieval", "Sperm retrieval", RetrievalView),
    AreaSpec("cryo", "Cryo storage", CryoView),
    AreaSpec("icsi", "ICSI", IcsiView),
    AreaSpec("reports", "Reports", ReportsView),
    AreaSpec("admin", "Admin", AdminView, roles=frozenset({Role.ADMIN, Role.SUPERVISOR})),
)
