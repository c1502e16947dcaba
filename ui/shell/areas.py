"""The areas of the main window, registered in one list.

A later issue adds its screen by replacing its placeholder line here with
``AreaSpec("cryo", _l("Cryo storage"), view("ui.cryo.cryo_view:CryoView"))``; navigation,
shortcuts and role checks follow from this list. ``view`` imports an area's module the
first time the area is opened, so starting the app imports only what Today needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Callable, Sequence

from bench_app.domain.enums import Role
from bench_app.i18n import _l
from bench_app.services.context import Actor
from ui.qt import QWidget
from ui.shell.bench_context import BenchContext

AreaBuilder = Callable[[BenchContext], QWidget]


@dataclass(frozen=True)
class AreaSpec:
    key: str
    title: str
    build: AreaBuilder
    roles: frozenset[Role] | None = None  # None: everyone who is signed in

    def allows(self, actor: Actor) -> bool:
        return self.roles is None or actor.role in self.roles


def view(path: str, *, in_place: bool = False) -> AreaBuilder:
    """A builder for the view class at ``"module:Class"``, imported when the area is first opened.

    ``in_place``: the main window may hand the builder the widget the view goes into (``build(context,
    parent=stack)``), so the view is made there rather than moved there: moving a built view under the
    application's style sheet styles every widget in it a second time (40 million instructions for Today,
    a third of its building, the first thing the main window shows after the password)."""
    module, _, name = path.partition(":")

    def build(context: BenchContext, parent: QWidget | None = None) -> QWidget:
        cls = getattr(import_module(module), name)
        return cls(context) if parent is None else cls(context, parent)

    build.__qualname__ = f"view({path!r})"
    build.in_place = in_place  # type: ignore[attr-defined]
    return build


def coming_later(title: str, summary: str, will_hold: Sequence[str]) -> AreaBuilder:
    def build(_context: BenchContext) -> QWidget:
        from ui.common.placeholder_view import PlaceholderView

        return PlaceholderView(title, summary, will_hold)

    return build


AREAS: tuple[AreaSpec, ...] = (
    AreaSpec("today", _l("Today"), view("ui.today.today_view:TodayView", in_place=True)),
    AreaSpec("patients", _l("Patients & cycles"), view("ui.patients.patients_view:PatientsView")),
    AreaSpec("retrieval", _l("Sperm retrieval"), view("ui.retrieval.retrieval_view:RetrievalView")),
    AreaSpec("cryo", _l("Cryo storage"), view("ui.cryo.cryo_view:CryoView")),
    AreaSpec("icsi", _l("ICSI"), view("ui.icsi.icsi_view:IcsiView")),
    AreaSpec("tanks", _l("Tanks"), view("ui.tanks.tanks_view:TanksView")),
    AreaSpec("reports", _l("Reports"), view("ui.reports.reports_view:ReportsView")),
    AreaSpec("admin", _l("Admin"), view("ui.admin.admin_view:AdminView"), roles=frozenset({Role.ADMIN, Role.SUPERVISOR})),
    AreaSpec("outcomes", _l("Outcomes"), view("ui.outcomes.outcomes_view:OutcomesView"),
             roles=frozenset({Role.ADMIN, Role.SUPERVISOR})),  # the quality review: per-person figures
)
