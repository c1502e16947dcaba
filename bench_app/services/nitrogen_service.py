"""The nitrogen log and each tank's care settings; the alerts Today and the worksheet show.

A reading below the tank's alarm threshold is also an incident, written with the reading.
Alerts are computed when asked (domain.nitrogen), from at most the last eleven readings of
each tank, so they need no stored state to go stale. Audits due or overdue are tank alerts too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from bench_app.domain import nitrogen as n2
from bench_app.domain.nitrogen import TankAlert
from bench_app.domain.enums import LocationKind, Role
from bench_app.domain.errors import NotFound, ValidationError
from bench_app.domain.inventory import AUDIT_DUE_SOON_DAYS, AuditStatus, audit_due
from bench_app.i18n import _, lazy_pgettext
from bench_app.persistence.models import Incident, InventoryAudit, NitrogenEntry, StorageLocation, TankCare, User
from bench_app.services.audit_writer import audit_create, audit_update
from bench_app.services.context import Actor, ServiceContext
from bench_app.domain.inventory_records import TankAuditState
from bench_app.domain.limits import check_not_future

SL = StorageLocation
CARE_ROLES = (Role.SUPERVISOR, Role.ADMIN)
DEFAULT_AUDIT_INTERVAL_DAYS = 365
MAX_LITRES = 1000.0


@dataclass(frozen=True)
class TankCareInfo:
    tank_id: int
    tank_name: str
    level_unit: str
    alarm_threshold: float
    full_level: float
    reading_interval_hours: int
    audit_interval_days: int


@dataclass(frozen=True)
class NitrogenEntryInfo:
    id: int
    tank_id: int
    kind: str          # "reading" or "top_up"
    at: datetime
    level: float | None
    litres: float | None
    recorded_by: str
    note: str
    incident_id: int | None


class NitrogenService:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    def set_tank_care(self, actor: Actor, tank_id: int, *, level_unit: str, alarm_threshold: float,
                      full_level: float, reading_interval_hours: int, audit_interval_days: int) -> TankCareInfo:
        actor.require(*CARE_ROLES, doing=lazy_pgettext("permission", "set a tank's nitrogen and audit settings"))
        errors: dict[str, str] = {}
        if level_unit not in n2.LEVEL_UNITS:
            errors["level_unit"] = _("Levels are read in cm or {percent} of full.").format(percent="%")
        if not (full_level or 0) > 0 or (level_unit == "%" and full_level != 100):
            errors["full_level"] = _("Give the full level (100 for %).")
        if not 0 < (alarm_threshold or 0) < (full_level or 0):
            errors["alarm_threshold"] = _("The alarm threshold must lie between 0 and the full level.")
        if not 1 <= (reading_interval_hours or 0) <= 24 * 31:
            errors["reading_interval_hours"] = _("Read the level at least monthly (1 to 744 hours).")
        if not 1 <= (audit_interval_days or 0) <= 3 * 365:
            errors["audit_interval_days"] = _("Audit at least every three years (1 to 1095 days).")
        if errors:
            raise ValidationError(errors)
        with self.ctx.db.write() as s:
            tank = self._tank(s, tank_id)
            values = dict(level_unit=level_unit, alarm_threshold=float(alarm_threshold), full_level=float(full_level),
                          reading_interval_hours=int(reading_interval_hours),
                          audit_interval_days=int(audit_interval_days), updated_at=self.ctx.clock())
            care = s.get(TankCare, tank_id)
            if care is None:
                care = TankCare(tank_id=tank_id, **values)
                s.add(care)
                audit_create(s, self.ctx, actor, care)
            else:
                audit_update(s, self.ctx, actor, care, values)
            return _care_info(care, tank.name)

    def tank_care(self, tank_id: int) -> TankCareInfo | None:
        with self.ctx.db.read() as s:
            tank = self._tank(s, tank_id)
            care = s.get(TankCare, tank_id)
            return _care_info(care, tank.name) if care else None

    def record_reading(self, actor: Actor, tank_id: int, *, level: float, at: datetime | None = None,
                       note: str = "") -> NitrogenEntryInfo:
        """A level reading; below the threshold it raises an incident in the same transaction."""
        at = at or self.ctx.clock()
        errors: dict[str, str] = {}
        check_not_future(at, self.ctx.clock(), "at", errors)
        with self.ctx.db.read() as s:
            care = self._care(s, tank_id)
            if level is None or not 0 <= level <= care.full_level * 1.5:
                errors["level"] = _("Give the level between 0 and {level}.").format(
                    level=n2.fmt_level(care.full_level, care.level_unit))
        if errors:
            raise ValidationError(errors)
        with self.ctx.db.write() as s:
            care = self._care(s, tank_id)
            entry = NitrogenEntry(tank_id=tank_id, kind="reading", at=at, level=float(level), litres=None,
                                  recorded_by=actor.id, note=(note or "").strip())
            s.add(entry)
            s.flush()
            if level < care.alarm_threshold:
                tank = s.get(SL, tank_id)
                incident = Incident(
                    occurred_at=at, kind="nitrogen_low", entity_type="storage_locations", entity_id=str(tank_id),
                    description=(f"{tank.name}: liquid nitrogen level {n2.fmt_level(level, care.level_unit)} is below "
                                 f"the alarm threshold {n2.fmt_level(care.alarm_threshold, care.level_unit)}."),
                    reported_by=actor.id, resolution="")
                s.add(incident)
                audit_create(s, self.ctx, actor, incident)
                entry.incident_id = incident.id
            audit_create(s, self.ctx, actor, entry)
            return _entry_info(entry, actor.username)

    def record_top_up(self, actor: Actor, tank_id: int, *, litres: float, at: datetime | None = None,
                      note: str = "") -> NitrogenEntryInfo:
        at = at or self.ctx.clock()
        errors: dict[str, str] = {}
        check_not_future(at, self.ctx.clock(), "at", errors)
        if litres is None or not 0 < litres <= MAX_LITRES:
            errors["litres"] = _("Give the litres added (more than 0, at most {maximum:g}).").format(maximum=MAX_LITRES)
        if errors:
            raise ValidationError(errors)
        with self.ctx.db.write() as s:
            self._care(s, tank_id)
            entry = NitrogenEntry(tank_id=tank_id, kind="top_up", at=at, level=None, litres=float(litres),
                                  recorded_by=actor.id, note=(note or "").strip())
            s.add(entry)
            s.flush()
            audit_create(s, self.ctx, actor, entry)
            return _entry_info(entry, actor.username)

    def log(self, tank_id: int, *, since: datetime | None = None) -> list[NitrogenEntryInfo]:
        """A tank's readings and top-ups, oldest first."""
        with self.ctx.db.read() as s:
            stmt = select(NitrogenEntry).where(NitrogenEntry.tank_id == tank_id)
            if since is not None:
                stmt = stmt.where(NitrogenEntry.at >= since)
            names = dict(s.execute(select(User.id, User.username)).all())
            return [_entry_info(e, names.get(e.recorded_by, "?"))
                    for e in s.execute(stmt.order_by(NitrogenEntry.at, NitrogenEntry.id)).scalars()]

    def alerts(self) -> list[TankAlert]:
        """Every tank's nitrogen alerts and audits due within two weeks or overdue."""
        now = self.ctx.clock()
        out: list[TankAlert] = []
        with self.ctx.db.read() as s:
            for care, name in s.execute(select(TankCare, SL.name).join(SL, SL.id == TankCare.tank_id)
                                        .where(SL.retired.is_(False)).order_by(SL.sort_index, SL.name)).all():
                rows = s.execute(select(NitrogenEntry.at, NitrogenEntry.level).where(
                    NitrogenEntry.tank_id == care.tank_id, NitrogenEntry.kind == "reading")
                    .order_by(NitrogenEntry.at.desc()).limit(n2.BASELINE_READINGS + 2)).all()
                readings = [n2.LevelReading(at, level) for at, level in reversed(rows)]
                for a in n2.nitrogen_alerts(readings, threshold=care.alarm_threshold, unit=care.level_unit,
                                            interval_hours=care.reading_interval_hours, now=now):
                    kind = {"low": "nitrogen_low", "fast_loss": "nitrogen_fast_loss"}.get(a.kind.value, "reading_overdue")
                    out.append(TankAlert(care.tank_id, name, kind, a.text))
            for st in self._audit_states(s, now):
                if st.overdue:
                    out.append(TankAlert(st.tank_id, st.tank_name, "audit_overdue",
                                         f"tank audit overdue since {st.due.date().isoformat()}"))
                elif st.due_soon:
                    out.append(TankAlert(st.tank_id, st.tank_name, "audit_due",
                                         f"tank audit due on {st.due.date().isoformat()}"))
        return out

    def audit_states(self) -> list[TankAuditState]:
        with self.ctx.db.read() as s:
            return self._audit_states(s, self.ctx.clock())

    def _audit_states(self, s, now: datetime) -> list[TankAuditState]:
        tanks = s.execute(select(SL.id, SL.name, SL.created_at).where(
            SL.kind == LocationKind.TANK.value, SL.retired.is_(False)).order_by(SL.sort_index, SL.name)).all()
        intervals = dict(s.execute(select(TankCare.tank_id, TankCare.audit_interval_days)).all())
        last = dict(s.execute(select(InventoryAudit.location_id, func.max(InventoryAudit.completed_at)).where(
            InventoryAudit.status == AuditStatus.CLOSED.value, InventoryAudit.scope == "")
            .group_by(InventoryAudit.location_id)).all())
        any_last = dict(s.execute(select(InventoryAudit.location_id, func.max(InventoryAudit.completed_at)).where(
            InventoryAudit.status == AuditStatus.CLOSED.value).group_by(InventoryAudit.location_id)).all())
        open_ = dict(s.execute(select(InventoryAudit.location_id, InventoryAudit.id).where(
            InventoryAudit.status == AuditStatus.OPEN.value)).all())
        out = []
        for tid, name, created in tanks:
            due = audit_due(last.get(tid), created, intervals.get(tid, DEFAULT_AUDIT_INTERVAL_DAYS))
            out.append(TankAuditState(tid, name, any_last.get(tid), due, due < now,
                                      now <= due < now + timedelta(days=AUDIT_DUE_SOON_DAYS), open_.get(tid)))
        return out

    @staticmethod
    def _tank(s, tank_id: int) -> StorageLocation:
        tank = s.get(SL, tank_id)
        if tank is None or tank.kind != LocationKind.TANK.value:
            raise NotFound(_("No tank #{tank_id}.").format(tank_id=tank_id))
        return tank

    def _care(self, s, tank_id: int) -> TankCare:
        self._tank(s, tank_id)
        care = s.get(TankCare, tank_id)
        if care is None:
            raise ValidationError.single("tank_id", _("Set this tank's level unit and alarm threshold first."))
        return care


def _care_info(c: TankCare, name: str) -> TankCareInfo:
    return TankCareInfo(c.tank_id, name, c.level_unit, c.alarm_threshold, c.full_level, c.reading_interval_hours,
                        c.audit_interval_days)


def _entry_info(e: NitrogenEntry, who: str) -> NitrogenEntryInfo:
    return NitrogenEntryInfo(e.id, e.tank_id, e.kind, e.at, e.level, e.litres, who, e.note, e.incident_id)
