"""Incidents: recorded where they happen, and worked through by a supervisor.

``record_incident`` is how any service writes one (a witness mismatch, an override, a
refused witness, a voided code), inside its own transaction. A supervisor then
acknowledges an incident (it has been seen and is being dealt with) and resolves it with
a resolution text; each change is audited. The list filters by date, kind and state and
prints as a PDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


from sqlalchemy import select
from sqlalchemy.orm import Session

from bench_app.domain.clock import format_local
from bench_app.domain.enums import AuditAction, Role
from bench_app.domain.errors import NotFound, ValidationError
from bench_app.domain.incidents import IncidentState, kind_label, resolution_error, state_of
from bench_app.domain.clock import day_bounds
from bench_app.i18n import _, lazy_pgettext
from bench_app.persistence.models import Incident
from bench_app.services.audit_writer import audit_create, audit_update, write_event
from bench_app.services.context import Actor, ServiceContext
from bench_app.services.settings_service import read_setting
from bench_app.services.storage_queries import user_names
from bench_app.services.worksheet_dto import PrintedDocument

REVIEWER_ROLES = (Role.SUPERVISOR, Role.ADMIN)
LIST_LIMIT = 2000


@dataclass(frozen=True)
class IncidentInfo:
    id: int
    occurred_at: datetime
    kind: str
    kind_label: str
    description: str
    entity_type: str
    entity_id: str
    reported_by: str             # printed name, '' when not known
    state: IncidentState
    acknowledged_by: str
    acknowledged_at: datetime | None
    resolved_by: str
    resolved_at: datetime | None
    resolution: str


@dataclass(frozen=True)
class IncidentFilter:
    since: date | None = None    # local dates, both included
    until: date | None = None
    kinds: frozenset[str] = frozenset()      # empty: every kind
    states: frozenset[IncidentState] = frozenset()

    def text(self) -> str:
        parts = [_("from {day}").format(day=self.since.isoformat()) if self.since else "",
                 _("to {day}").format(day=self.until.isoformat()) if self.until else "",
                 _("kinds: {kinds}").format(kinds=", ".join(sorted(kind_label(k) for k in self.kinds)))
                 if self.kinds else "",
                 _("states: {states}").format(states=", ".join(sorted(s.value for s in self.states)))
                 if self.states else ""]
        return "; ".join(p for p in parts if p) or _("all incidents")


def record_incident(s: Session, ctx: ServiceContext, actor: Actor | None, *, kind: str, description: str,
                    entity_type: str = "", entity_id: object = "", witness_record_id: int | None = None,
                    reported_by: int | None = None) -> Incident:
    """Write one incident (audited) in the caller's transaction."""
    incident = Incident(occurred_at=ctx.clock(), kind=str(kind), description=description, entity_type=entity_type,
                        entity_id=str(entity_id), witness_record_id=witness_record_id,
                        reported_by=reported_by if reported_by is not None else (actor.id if actor else None),
                        resolution="")
    audit_create(s, ctx, actor, incident)
    return incident


class IncidentsService:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    def list_incidents(self, where: IncidentFilter = IncidentFilter()) -> list[IncidentInfo]:
        query = select(Incident)
        if where.since is not None:
            query = query.where(Incident.occurred_at >= day_bounds(where.since)[0])
        if where.until is not None:
            query = query.where(Incident.occurred_at < day_bounds(where.until)[1])
        if where.kinds:
            query = query.where(Incident.kind.in_(sorted(where.kinds)))
        if IncidentState.RESOLVED not in where.states and where.states:
            query = query.where(Incident.resolved_at.is_(None))
        with self.ctx.db.read() as s:
            rows = s.execute(query.order_by(Incident.occurred_at.desc(), Incident.id.desc())
                             .limit(LIST_LIMIT)).scalars().all()
            names = user_names(s)
            infos = [_info(x, names) for x in rows]
        return [i for i in infos if not where.states or i.state in where.states]

    def kinds(self) -> list[str]:
        """Every kind recorded so far, for the filter."""
        with self.ctx.db.read() as s:
            return sorted(s.execute(select(Incident.kind).distinct()).scalars())

    def get(self, incident_id: int) -> IncidentInfo:
        with self.ctx.db.read() as s:
            return _info(self._incident(s, incident_id), user_names(s))

    def acknowledge(self, actor: Actor, incident_id: int) -> IncidentInfo:
        actor.require(*REVIEWER_ROLES, doing=lazy_pgettext("permission", "acknowledge an incident"))
        with self.ctx.db.write() as s:
            x = self._incident(s, incident_id)
            if x.resolved_at is not None or x.acknowledged_at is not None:
                raise ValidationError.single("incident", (_("Incident #{id} was already resolved.") if x.resolved_at else
                                             _("Incident #{id} was already acknowledged.")).format(id=x.id))
            audit_update(s, self.ctx, actor, x, {"acknowledged_at": self.ctx.clock(), "acknowledged_by": actor.id})
            return _info(x, user_names(s))

    def resolve(self, actor: Actor, incident_id: int, *, resolution: str) -> IncidentInfo:
        """Close an incident with what was found and done; an open one is acknowledged at the same time."""
        actor.require(*REVIEWER_ROLES, doing=lazy_pgettext("permission", "resolve an incident"))
        problem = resolution_error(resolution)
        if problem:
            raise ValidationError.single("resolution", problem)
        with self.ctx.db.write() as s:
            x = self._incident(s, incident_id)
            if x.resolved_at is not None:
                raise ValidationError.single("incident", _("Incident #{id} was already resolved.").format(id=x.id))
            now = self.ctx.clock()
            changes = {"resolved_at": now, "resolved_by": actor.id, "resolution": resolution.strip()}
            if x.acknowledged_at is None:
                changes.update(acknowledged_at=now, acknowledged_by=actor.id)
            audit_update(s, self.ctx, actor, x, changes, reason=resolution.strip())
            return _info(x, user_names(s))

    def pdf(self, actor: Actor, where: IncidentFilter = IncidentFilter()) -> PrintedDocument:
        from bench_app.reports.incidents import IncidentsReport, IncidentsSheet  # reportlab loads on first print

        rows = self.list_incidents(where)
        with self.ctx.db.read() as s:
            lab = read_setting(s, "lab_name")
        sheet = IncidentsSheet(lab_name=lab, filter_text=where.text(), generated_by=actor.full_name,
                               generated_at=self.ctx.clock(), incidents=tuple(rows))
        rendered = IncidentsReport().build(sheet)
        with self.ctx.db.write() as s:
            write_event(s, self.ctx, actor=actor, action=AuditAction.PRINT, entity_type="incidents",
                        entity_id="list", changes={"pages": [None, rendered.pages], "rows": [None, len(rows)]},
                        reason=where.text())
        stamp = format_local(self.ctx.clock()).replace(" ", "-").replace(":", "")
        return PrintedDocument(rendered.pdf, rendered.pages, "Incidents", f"incidents-{stamp}.pdf")

    def _incident(self, s: Session, incident_id: int) -> Incident:
        x = s.get(Incident, incident_id)
        if x is None:
            raise NotFound(_("There is no incident #{incident_id}.").format(incident_id=incident_id))
        return x


def _info(x: Incident, names: dict[int, tuple[str, str]]) -> IncidentInfo:
    def who(user_id: int | None) -> str:
        return names.get(user_id, ("?", "?"))[1] if user_id else ""

    return IncidentInfo(
        id=x.id, occurred_at=x.occurred_at, kind=x.kind, kind_label=kind_label(x.kind), description=x.description,
        entity_type=x.entity_type, entity_id=x.entity_id, reported_by=who(x.reported_by),
        state=state_of(x.acknowledged_at is not None, x.resolved_at is not None),
        acknowledged_by=who(x.acknowledged_by), acknowledged_at=x.acknowledged_at, resolved_by=who(x.resolved_by),
        resolved_at=x.resolved_at, resolution=x.resolution or "")


def states(*names: str | IncidentState) -> frozenset[IncidentState]:
    return frozenset(IncidentState(n) for n in names)



