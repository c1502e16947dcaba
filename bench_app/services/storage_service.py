"""The storage map: set up tanks, canisters, canes and goblets; browse it lazily; find devices.

Positions are the numbered slots 1..capacity of a cane or goblet, not rows of their
own: a device stored at (holder, slot) is unique in the database, which is what keeps
two devices out of one position even when two workstations try at once. Tree nodes
carry occupancy ("412/600") computed with GROUP BY queries over one level at a time.
"""

from __future__ import annotations

from typing import Sequence

from sqlalchemy import false, func, or_, select
from sqlalchemy.orm import Session

from bench_app.domain import storage as rules
from bench_app.domain.codes import ParsedCode, looks_like_code, normalise, parse_code
from bench_app.domain.enums import DeviceStatus, LocationKind, Role
from bench_app.domain.errors import InvalidCode, NotFound, ValidationError
from bench_app.i18n import _, lazy_pgettext, ngettext
from bench_app.persistence.models import CryoDevice, Patient, StorageLocation, TissueSample, freeze_event_samples
from bench_app.services.audit_writer import audit_create, audit_update
from bench_app.services.context import Actor, ServiceContext
from bench_app.services.patients_service import PatientsService
from bench_app.services.storage_dto import CaneSlot, CaneView, DeviceInfo, LocationNode, PositionRef
from bench_app.services.storage_queries import (
    child_paths, device_infos, device_select, free_slots, holders_with_room, location_nodes, parent_paths,
    position_refs, stored_below,
)
from bench_app.services.guard import guarded

SL = StorageLocation
SETUP_ROLES = (Role.SUPERVISOR, Role.ADMIN)
MAX_SEARCH_RESULTS = 300


def _code_condition(parsed: ParsedCode):
    """A device's own code, or a sample's code: the devices frozen from that sample."""
    if parsed.kind == "D":
        return CryoDevice.code == parsed.code
    if parsed.kind == "S":
        frozen = (select(freeze_event_samples.c.freeze_event_id)
                  .join(TissueSample, TissueSample.id == freeze_event_samples.c.sample_id)
                  .where(TissueSample.code == parsed.code))
        return CryoDevice.freeze_event_id.in_(frozen)
    return false()


def _kind(value, errors: dict[str, str]) -> LocationKind | None:
    try:
        kind = LocationKind(value)
    except ValueError:
        errors["kind"] = _("Choose a tank, canister, cane or goblet.")
        return None
    if kind == LocationKind.POSITION:
        errors["kind"] = _("Positions are the numbered places of a cane or goblet: give the cane a capacity instead.")
        return None
    return kind


@guarded
class StorageService:
    def __init__(self, ctx: ServiceContext, patients: PatientsService):
        self.ctx = ctx
        self.patients = patients

    # --- setting up the map -------------------------------------------------------------

    def create_tank(self, actor: Actor, *, name: str, canisters: int, holders_per_canister: int,
                    positions_per_holder: int, holder_kind: LocationKind | str = LocationKind.CANE,
                    canister_prefix: str = "Canister", holder_prefix: str | None = None) -> LocationNode:
        """A tank with its canisters, each with its canes (or goblets) of ``positions_per_holder``."""
        actor.require(*SETUP_ROLES, doing=lazy_pgettext("permission", "set up the storage map"))
        errors: dict[str, str] = {}
        if (problem := rules.check_name(name)) is not None:
            errors["name"] = problem
        hk = None
        try:
            hk = LocationKind(holder_kind)
        except ValueError:
            pass
        if hk not in rules.HOLDER_KINDS:
            errors["holder_kind"] = _("Canisters hold canes or goblets.")
        for field, value in (("canisters", canisters), ("holders_per_canister", holders_per_canister)):
            if not 0 <= value <= rules.MAX_CHILDREN:
                errors[field] = _("Give a number between 0 and {maximum}.").format(maximum=rules.MAX_CHILDREN)
        if holders_per_canister and hk in rules.HOLDER_KINDS and \
                (problem := rules.check_capacity(hk, positions_per_holder)) is not None:
            errors["positions_per_holder"] = problem
        prefix = (holder_prefix or (hk.value.capitalize() if hk else "")).strip()
        if errors:
            raise ValidationError(errors)
        with self.ctx.db.write() as s:
            self._check_sibling_name(s, None, name.strip())
            tank = self._new(s, actor, parent=None, kind=LocationKind.TANK, name=name.strip(), capacity=0)
            for i in range(1, canisters + 1):
                can = self._new(s, actor, parent=tank, kind=LocationKind.CANISTER,
                                name=f"{canister_prefix.strip()} {i}", capacity=0, sort_index=i)
                for j in range(1, holders_per_canister + 1):
                    self._new(s, actor, parent=can, kind=hk, name=f"{prefix} {j}",
                              capacity=positions_per_holder, sort_index=j)
            return location_nodes(s, [tank])[0]

    def add_location(self, actor: Actor, *, parent_id: int | None, kind: LocationKind | str, name: str,
                     capacity: int = 0) -> LocationNode:
        """One more tank (no parent), canister (in a tank) or cane/goblet (in a canister)."""
        actor.require(*SETUP_ROLES, doing=lazy_pgettext("permission", "set up the storage map"))
        errors: dict[str, str] = {}
        kind_ = _kind(kind, errors)
        if (problem := rules.check_name(name)) is not None:
            errors["name"] = problem
        if kind_ is not None and (problem := rules.check_capacity(kind_, capacity)) is not None:
            errors["capacity"] = problem
        with self.ctx.db.write() as s:
            parent = None
            if parent_id is not None:
                parent = s.get(SL, parent_id)
                if parent is None:
                    raise NotFound(_("There is no storage location #{parent_id}.").format(parent_id=parent_id))
            if kind_ is not None:
                want = rules.PARENT_KIND[kind_]
                if want is None and parent is not None:
                    errors["parent_id"] = _("A tank stands on its own, not inside another location.")
                elif want is not None and (parent is None or parent.kind != want.value):
                    errors["parent_id"] = _("A {kind} goes into a {parent}.").format(kind=kind_.value, parent=want.value)
                elif parent is not None and parent.retired:
                    errors["parent_id"] = _("{name} is retired: nothing new goes into it.").format(name=parent.name)
            if errors:
                raise ValidationError(errors)
            self._check_sibling_name(s, parent_id, name.strip())
            last = s.execute(select(func.max(SL.sort_index)).where(
                SL.parent_id == parent_id if parent_id is not None else SL.parent_id.is_(None))).scalar() or 0
            row = self._new(s, actor, parent=parent, kind=kind_, name=name.strip(),
                            capacity=capacity or 0, sort_index=last + 1)
            return location_nodes(s, [row])[0]

    def update_location(self, actor: Actor, location_id: int, *, name: str | None = None,
                        capacity: int | None = None, reason: str = "") -> LocationNode:
        """Rename a location, or change a cane's or goblet's number of positions."""
        actor.require(*SETUP_ROLES, doing=lazy_pgettext("permission", "change the storage map"))
        with self.ctx.db.write() as s:
            loc = self._location(s, location_id)
            if loc.retired:
                raise ValidationError.single("location_id", _("{name} is retired and kept as it was.").format(name=loc.name))
            errors: dict[str, str] = {}
            values: dict[str, object] = {}
            if name is not None and name.strip() != loc.name:
                if (problem := rules.check_name(name)) is not None:
                    errors["name"] = problem
                else:
                    self._check_sibling_name(s, loc.parent_id, name.strip())
                    values["name"] = name.strip()
            if capacity is not None and capacity != loc.capacity:
                if (problem := rules.check_capacity(LocationKind(loc.kind), capacity)) is not None:
                    errors["capacity"] = problem
                elif rules.is_holder(loc.kind):
                    highest = s.execute(select(func.max(CryoDevice.slot))
                                        .where(CryoDevice.location_id == loc.id)).scalar()
                    if highest is not None and highest > capacity:
                        errors["capacity"] = (_("Position {highest} of {name} holds a device: move it "
                                              "before reducing the positions to {capacity}.").format(highest=highest, name=loc.name, capacity=capacity))
                    values["capacity"] = capacity
            if errors:
                raise ValidationError(errors)
            audit_update(s, self.ctx, actor, loc, values, reason=(reason or "").strip())
            return location_nodes(s, [loc])[0]

    def retire_location(self, actor: Actor, location_id: int, *, reason: str) -> LocationNode:
        """Retire an empty location and everything under it; it is then never proposed or used."""
        actor.require(*SETUP_ROLES, doing=lazy_pgettext("permission", "retire a storage location"))
        if not (reason or "").strip():
            raise ValidationError.single("reason", _("Say why the location is retired."))
        with self.ctx.db.write() as s:
            loc = self._location(s, location_id)
            if loc.retired:
                raise ValidationError.single("location_id", _("{name} is already retired.").format(name=loc.name))
            stored = stored_below(s, loc)
            if stored:
                raise ValidationError.single(
                    "location_id", ngettext("{name} still holds {count} device: a location is retired only when empty.",
                                            "{name} still holds {count} devices: a location is retired only when empty.",
                                            stored).format(name=loc.name, count=stored))
            for row in [loc, *self._descendants(s, loc)]:
                if not row.retired:
                    audit_update(s, self.ctx, actor, row, {"retired": True}, reason=reason.strip())
            return location_nodes(s, [loc], include_retired=True)[0]

    # --- browsing -----------------------------------------------------------------------

    def tanks(self, *, include_retired: bool = False) -> list[LocationNode]:
        """The top of the tree."""
        with self.ctx.db.read() as s:
            q = select(SL).where(SL.parent_id.is_(None))
            if not include_retired:
                q = q.where(SL.retired.is_(False))
            rows = s.execute(q.order_by(SL.sort_index, SL.id)).scalars().all()
            return location_nodes(s, rows, include_retired=include_retired,
                                  paths={r.id: r.name for r in rows})

    def children(self, location_id: int, *, include_retired: bool = False) -> list[LocationNode]:
        """The children of one node (a cane or goblet has none), in map order."""
        with self.ctx.db.read() as s:
            return self._below(s, self._location(s, location_id), include_retired, levels=1)[location_id]

    def branch(self, location_id: int, *, include_retired: bool = False) -> dict[int, list[LocationNode]]:
        """Two levels under a node in one read: its children and each child's children, by parent id.

        What the storage map reads when a tank is opened: the tank's canisters and every canister's
        canes and goblets, so that opening a canister afterwards reads nothing. The answer has a key
        for the node and for each of its children, each list being what ``children`` gives for that
        parent (same order, paths, counts and retired filtering; a cane or goblet's list is empty).
        A fixed number of statements whatever the number of canisters: the node, each level's rows
        in one ``IN`` query, one occupancy aggregate per kind of location.
        """
        with self.ctx.db.read() as s:
            return self._below(s, self._location(s, location_id), include_retired, levels=2)

    def get_location(self, location_id: int) -> LocationNode:
        nodes = self.get_locations([location_id])
        if not nodes:
            raise NotFound(_("There is no storage location #{location_id}.").format(location_id=location_id))
        return nodes[0]

    def get_locations(self, location_ids: Sequence[int]) -> list[LocationNode]:
        """Fresh nodes (e.g. those an operation touched), in the order asked; unknown ids are skipped."""
        with self.ctx.db.read() as s:
            rows = {r.id: r for r in s.execute(select(SL).where(SL.id.in_(list(location_ids)))).scalars()}
            ordered = [rows[i] for i in location_ids if i in rows]
            return location_nodes(s, ordered, include_retired=True)

    def cane_view(self, location_id: int) -> CaneView:
        """One cane or goblet: every position with the device in it, if any."""
        with self.ctx.db.read() as s:
            loc = self._location(s, location_id)
            if not rules.is_holder(loc.kind):
                raise ValidationError.single("location_id", _("{name} is a {kind}: open one of its "
                                                            "canes or goblets to see positions.").format(name=loc.name, kind=loc.kind))
            node = location_nodes(s, [loc], include_retired=True)[0]
            rows = s.execute(device_select().where(CryoDevice.location_id == loc.id)).all()
            by_slot = {d.slot: d for d in device_infos(s, rows)}
            return CaneView(node, tuple(CaneSlot(n, by_slot.get(n)) for n in range(1, loc.capacity + 1)))

    def search(self, text: str, *, stored_only: bool = False, limit: int = 100) -> list[DeviceInfo]:
        """Devices by code (scanned or typed, checked), code prefix 'D-7K', sample code, patient name prefix or MRN."""
        text = (text or "").strip()
        if not text:
            return []
        limit = min(limit, MAX_SEARCH_RESULTS)
        # A name such as 'Schwartz' has the shape of a code: digits tell a mistyped code from a name.
        has_digit = any(ch.isdigit() for ch in text)
        conditions = []
        if looks_like_code(text):
            try:
                parsed = parse_code(text)
            except InvalidCode:
                if has_digit:
                    raise
            else:
                conditions.append(_code_condition(parsed))
        if not conditions or not has_digit:
            conditions.append(CryoDevice.patient_id.in_([p.id for p in self.patients.search(text, limit=100)]))
            raw = normalise(text)
            if text.upper().startswith("D-") and len(raw) >= 2:
                prefix = "D-" + raw[1:7] + ("-" + raw[7:] if len(raw) > 7 else "")
                conditions.append((CryoDevice.code >= prefix) & (CryoDevice.code < prefix + "\uffff"))
        q = device_select().where(or_(*conditions))
        if stored_only:
            q = q.where(CryoDevice.status == DeviceStatus.STORED.value)
        q = q.order_by(CryoDevice.status != DeviceStatus.STORED.value, Patient.family_key, Patient.given_key,
                       CryoDevice.code).limit(limit)
        with self.ctx.db.read() as s:
            return device_infos(s, s.execute(q).all())

    def propose_positions(self, count: int, *, tank_id: int | None = None) -> list[PositionRef]:
        """Free positions for ``count`` devices: together on one cane when one has room, else first free."""
        if not 1 <= count <= rules.MAX_DEVICES_PER_FREEZE:
            raise ValidationError.single("count", _("Give a number of devices between 1 and "
                                                  "{maximum}.").format(maximum=rules.MAX_DEVICES_PER_FREEZE))
        with self.ctx.db.read() as s:
            if tank_id is not None:
                tank = self._location(s, tank_id)
                if tank.kind != LocationKind.TANK.value or tank.retired:
                    raise ValidationError.single("tank_id", _("{name} is not a tank in use.").format(name=tank.name))
            holders = holders_with_room(s, tank_id=tank_id, need=count, limit=1) or \
                holders_with_room(s, tank_id=tank_id, need=1, limit=count)
            slots = free_slots(s, [h for h, _ in holders])
            keys = [(h, n) for h, _ in holders for n in slots[h]][:count]
            if len(keys) < count:
                left = (ngettext("Only {count} free position left in this tank.",
                                 "Only {count} free positions left in this tank.", len(keys)) if tank_id is not None
                        else ngettext("Only {count} free position left.", "Only {count} free positions left.", len(keys)))
                raise ValidationError.single("count", left.format(count=len(keys)))
            return position_refs(s, keys)

    def position(self, location_id: int, slot: int) -> PositionRef:
        """A position with its path, e.g. for a typed or chosen target."""
        with self.ctx.db.read() as s:
            self._location(s, location_id)
            return position_refs(s, [(location_id, slot)])[0]

    # --- helpers ------------------------------------------------------------------------

    def _new(self, s: Session, actor: Actor, *, parent: StorageLocation | None, kind: LocationKind, name: str,
             capacity: int, sort_index: int = 0) -> StorageLocation:
        row = SL(parent_id=parent.id if parent else None, tank_id=parent.tank_id if parent else None,
                 kind=kind.value, name=name, capacity=capacity, sort_index=sort_index, retired=False,
                 created_at=self.ctx.clock())
        if parent is None:
            s.add(row)
            s.flush()
            row.tank_id = row.id  # a tank is the top of its own branch
        audit_create(s, self.ctx, actor, row)
        return row

    @staticmethod
    def _check_sibling_name(s: Session, parent_id: int | None, name: str) -> None:
        q = select(SL.id).where(func.lower(SL.name) == name.lower())
        q = q.where(SL.parent_id == parent_id) if parent_id is not None else q.where(SL.parent_id.is_(None))
        if s.execute(q).first() is not None:
            taken = (_("There is already a tank called '{name}'.") if parent_id is None
                     else _("There is already a name in this location called '{name}'."))
            raise ValidationError.single("name", taken.format(name=name))

    @staticmethod
    def _descendants(s: Session, loc: StorageLocation) -> list[StorageLocation]:
        if loc.kind == LocationKind.TANK.value:
            return list(s.execute(select(SL).where(SL.tank_id == loc.id, SL.id != loc.id)).scalars())
        return list(s.execute(select(SL).where(SL.parent_id == loc.id)).scalars())

    @staticmethod
    def _below(s: Session, top: StorageLocation, include_retired: bool,
               levels: int) -> dict[int, list[LocationNode]]:
        """``levels`` levels under ``top``, keyed by parent id: a query per level, one ``location_nodes``."""
        rows_of: dict[int, list[StorageLocation]] = {top.id: []}
        paths: dict[int, str] = {}
        opened = [] if rules.is_holder(top.kind) else [top]
        if opened:
            paths.update(parent_paths(s, opened))
        for level in range(levels):
            if not opened:
                break
            q = select(SL).where(SL.parent_id.in_([r.id for r in opened]))
            if not include_retired:
                q = q.where(SL.retired.is_(False))
            rows = s.execute(q.order_by(SL.sort_index, SL.id)).scalars().all()
            for row in rows:
                rows_of[row.parent_id].append(row)
            for parent in opened:
                paths.update(child_paths(paths[parent.id], rows_of[parent.id]))
            if level + 1 < levels:
                rows_of.update((r.id, []) for r in rows)   # a cane or goblet's list stays empty
            opened = [r for r in rows if not rules.is_holder(r.kind)]
        below = [r for rows in rows_of.values() for r in rows]
        nodes = {n.id: n for n in location_nodes(s, below, include_retired=include_retired, paths=paths)}
        return {parent: [nodes[r.id] for r in rows] for parent, rows in rows_of.items()}

    @staticmethod
    def _location(s: Session, location_id: int) -> StorageLocation:
        loc = s.get(SL, location_id)
        if loc is None:
            raise NotFound(_("There is no storage location #{location_id}.").format(location_id=location_id))
        return loc
