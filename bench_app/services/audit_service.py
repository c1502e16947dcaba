"""Reading the audit trail page by page, and verifying its chain and the database."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import and_, case, func, or_, select, text
from sqlalchemy.orm import aliased

from bench_app.domain.audit_chain import GENESIS_HASH, ChainedEvent, event_hash
from bench_app.domain.enums import LocationKind, Role
from bench_app.domain.storage import HOLDER_KINDS
from bench_app.i18n import _, lazy_pgettext, ngettext
from bench_app.persistence.models import AuditEvent, AuditHead, CryoDevice, StorageLocation
from bench_app.persistence.server_roles import audit_trigger_checks, grant_checks
from bench_app.services.context import Actor, ServiceContext
from bench_app.services.guard import guarded

PAGE_SIZE = 100


@dataclass(frozen=True)
class AuditFilter:
    username: str = ""
    entity_type: str = ""
    entity_id: str = ""
    date_from: date | None = None
    date_to: date | None = None  # inclusive, local day boundaries are the caller's choice


@dataclass(frozen=True)
class AuditRow:
    id: int
    occurred_at: datetime
    username: str
    action: str
    entity_type: str
    entity_id: str
    changes: dict
    reason: str
    workstation: str


@dataclass(frozen=True)
class AuditPage:
    rows: tuple[AuditRow, ...]
    next_before_id: int | None  # pass back as before_id for the next (older) page


@dataclass(frozen=True)
class VerifyCheck:
    ok: bool
    what: str  # what was checked and what was found, one line


@dataclass(frozen=True)
class VerifyReport:
    ok: bool  # every check passed
    events_checked: int
    first_bad_event: int | None
    problems: tuple[str, ...]  # what is wrong with the data itself (chain, integrity, occupancy), first found first
    checks: tuple[VerifyCheck, ...] = ()  # every check made, in order, passed or not (triggers and grants too)


@guarded
class AuditService:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    def page(self, actor: Actor, flt: AuditFilter = AuditFilter(), *, before_id: int | None = None,
             limit: int = PAGE_SIZE) -> AuditPage:
        """Newest first, keyset-paged by id so the millionth page costs what the first does."""
        actor.require(Role.SUPERVISOR, Role.ADMIN, doing=lazy_pgettext("permission", "read the audit trail"))
        q = select(AuditEvent)
        if flt.username:
            q = q.where(AuditEvent.username == flt.username)
        if flt.entity_type:
            q = q.where(AuditEvent.entity_type == flt.entity_type)
        if flt.entity_id:
            q = q.where(AuditEvent.entity_id == str(flt.entity_id))
        if flt.date_from:
            q = q.where(AuditEvent.occurred_at >= _day_start(flt.date_from))
        if flt.date_to:
            q = q.where(AuditEvent.occurred_at < _day_start(flt.date_to + timedelta(days=1)))
        if before_id is not None:
            q = q.where(AuditEvent.id < before_id)
        q = q.order_by(AuditEvent.id.desc()).limit(limit + 1)
        with self.ctx.db.read() as s:
            rows = s.execute(q).scalars().all()
        more = len(rows) > limit
        rows = rows[:limit]
        return AuditPage(tuple(_row(r) for r in rows), rows[-1].id if more and rows else None)

    def entity_types(self) -> list[str]:
        from bench_app.persistence.base import Base
        return sorted(Base.metadata.tables)

    def verify(self) -> VerifyReport:
        """Recompute the whole chain; check the database's own integrity, the audit trail's triggers and
        (PostgreSQL) its grants. Each check is one line of the report's ``checks``."""
        problems: list[str] = []
        checks: list[VerifyCheck] = []
        first_bad: int | None = None
        checked = 0
        prev_hash = GENESIS_HASH
        expected_id = 1
        with self.ctx.db.read() as s:
            if self.ctx.db.is_sqlite:
                result = s.execute(text("PRAGMA integrity_check")).scalar_one()
                if result != "ok":
                    problems.append(_("SQLite integrity check failed: {result}").format(result=result))
                checks.append(VerifyCheck(result == "ok", _("SQLite integrity check: {result}").format(result=result)))
                fk = s.execute(text("PRAGMA foreign_key_check")).first()
                if fk is not None:
                    problems.append(_("Foreign key check failed in table {table}, row {row}.").format(table=fk[0], row=fk[1]))
                checks.append(VerifyCheck(fk is None, _("foreign keys: every reference names an existing row")
                                          if fk is None else problems[-1]))
            occupancy = _occupancy_problems(s)
            problems += occupancy
            checks.append(VerifyCheck(not occupancy, occupancy[0] if occupancy else
                                      _("storage occupancy: each holder's device count matches a recount")))
            totals = _total_problems(s)
            problems += totals
            checks.append(VerifyCheck(not totals, totals[0] if totals else
                                      _("storage totals: each tank's and canister's positions and devices match "
                                        "its canes and goblets")))
            chain_from = len(problems)
            stream = s.execute(select(AuditEvent).order_by(AuditEvent.id).execution_options(yield_per=2000))
            for ev in stream.scalars():
                checked += 1
                if ev.id != expected_id:
                    first_bad = first_bad or expected_id
                    problems.append(_("Audit event {number} is missing (next present is {next}).").format(number=expected_id,
                                                                                               next=ev.id))
                    break
                content = ChainedEvent(ev.id, ev.occurred_at, ev.user_id, ev.username, ev.action, ev.entity_type,
                                       ev.entity_id, ev.changes, ev.reason, ev.workstation, ev.prev_hash)
                if ev.prev_hash != prev_hash:
                    first_bad = ev.id
                    problems.append(_("Audit event {number} does not follow event {previous} (chain broken).").format(
                        number=ev.id, previous=ev.id - 1))
                    break
                if event_hash(content) != ev.hash:
                    first_bad = ev.id
                    problems.append(_("Audit event {number} was altered (its content does not match its hash).").format(
                        number=ev.id))
                    break
                prev_hash = ev.hash
                expected_id += 1
            if first_bad is None:
                head = s.get(AuditHead, 1)
                last = expected_id - 1
                if head is None or head.last_event_id != last or head.last_hash != prev_hash:
                    first_bad = last + 1 if head and head.last_event_id > last else last or 1
                    problems.append(
                        _("The audit trail ends at event {last} but its head names event {head}: events were removed "
                          "or the head was altered.").format(last=last, head=head.last_event_id if head else "?")
                    )
            chain = problems[chain_from:]
            checks.insert(0, VerifyCheck(not chain, _("audit chain: {problem}").format(problem=chain[0]) if chain else
                                         ngettext("audit chain: {count} event, each follows the one before and "
                                                  "matches its hash, and the head names the last",
                                                  "audit chain: {count} events, each follows the one before and "
                                                  "matches its hash, and the head names the last",
                                                  checked).format(count=checked)))
            connection = s.connection()
            checks += [VerifyCheck(ok, what) for ok, what in audit_trigger_checks(connection)]
            checks += [VerifyCheck(ok, what) for ok, what in grant_checks(connection)]
        # the data's problems first, chain problems leading (they name the first bad event)
        problems = problems[chain_from:] + problems[:chain_from]
        return VerifyReport(all(c.ok for c in checks), checked, first_bad, tuple(problems), tuple(checks))

    def count(self) -> int:
        with self.ctx.db.read() as s:
            return s.execute(select(func.count(AuditEvent.id))).scalar_one()


HOLDER_VALUES = [k.value for k in HOLDER_KINDS]


def _occupancy_problems(s) -> list[str]:
    """Each holder's kept device count against a recount (the triggers of migration 0002 keep it)."""
    placed = (select(CryoDevice.location_id, func.count(CryoDevice.id).label("n"))
              .where(CryoDevice.location_id.is_not(None)).group_by(CryoDevice.location_id).subquery())
    wrong = s.execute(select(StorageLocation.id, StorageLocation.name, StorageLocation.occupied,
                             func.coalesce(placed.c.n, 0))
                      .outerjoin(placed, placed.c.location_id == StorageLocation.id)
                      .where(StorageLocation.kind.in_(HOLDER_VALUES),
                             StorageLocation.occupied != func.coalesce(placed.c.n, 0)).limit(1)).first()
    if wrong is None:
        return []
    loc_id, name, kept, real = wrong
    return [ngettext("Storage location {name} is counted as holding {count} device but holds {real}: the "
                     "occupancy triggers were dropped or bypassed.",
                     "Storage location {name} is counted as holding {count} devices but holds {real}: the "
                     "occupancy triggers were dropped or bypassed.", kept).format(name=name, count=kept, real=real)]


def _total_problems(s) -> list[str]:
    """Each tank's and canister's kept totals against a recount over its canes and goblets (migration 0014's
    triggers keep them): a tank's over the holders of the tank, a canister's over its own."""
    loc, holder = StorageLocation, aliased(StorageLocation)
    for column, which in ((holder.tank_id, loc.kind == LocationKind.TANK.value),
                          (holder.parent_id, and_(loc.kind.not_in(HOLDER_VALUES), loc.kind != LocationKind.TANK.value))):
        below = and_(column == loc.id, holder.kind.in_(HOLDER_VALUES))
        positions = select(func.coalesce(func.sum(case((holder.retired.is_(False), holder.capacity), else_=0)), 0)
                           ).where(below).scalar_subquery()
        devices = select(func.coalesce(func.sum(holder.occupied), 0)).where(below).scalar_subquery()
        wrong = s.execute(select(loc.name, loc.capacity, loc.occupied, positions, devices)
                          .where(which, or_(loc.capacity != positions, loc.occupied != devices)).limit(1)).first()
        if wrong is not None:
            name, kept_positions, kept_devices, real_positions, real_devices = wrong
            return [_("Storage location {name} is counted with {positions} positions and {devices} devices, but "
                      "its canes and goblets have {real_positions} and {real_devices}: the totals' triggers were "
                      "dropped or bypassed.").format(name=name, positions=kept_positions, devices=kept_devices,
                                                     real_positions=real_positions, real_devices=real_devices)]
    return []


def _day_start(d: date) -> datetime:
    return datetime.combine(d, time.min).astimezone(timezone.utc)


def _row(r: AuditEvent) -> AuditRow:
    return AuditRow(r.id, r.occurred_at, r.username, r.action, r.entity_type, r.entity_id,
                    json.loads(r.changes or "{}"), r.reason, r.workstation)
