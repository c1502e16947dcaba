"""Plain, frozen views of the storage map, devices, and their freeze, move, thaw and discard events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bench_app.domain.enums import DeviceStatus, DeviceType, FreezeMethod, FreezeSourceKind, LocationKind
from bench_app.domain.storage import (
    HOLDER_KINDS, DeviceEventKind, DiscardStatus, Occupancy, days_left, expiry_band, position_label,
)


@dataclass(frozen=True)
class LocationNode:
    """One node of the storage tree with its occupancy over every position below it."""

    id: int
    parent_id: int | None
    tank_id: int
    kind: LocationKind
    name: str
    path: str              # 'Tank B / Canister 3 / Cane 12'
    capacity: int          # positions below (a holder: its own positions); retired ones not counted
    occupied: int          # devices stored below
    child_count: int       # children shown in the tree (canes and goblets show no children)
    retired: bool
    sort_index: int

    @property
    def occupancy(self) -> Occupancy:
        return Occupancy(self.occupied, self.capacity)

    @property
    def occupancy_text(self) -> str:
        return self.occupancy.text

    @property
    def free(self) -> int:
        return self.occupancy.free

    @property
    def is_holder(self) -> bool:
        return self.kind in HOLDER_KINDS

    @property
    def has_children(self) -> bool:
        return self.child_count > 0


@dataclass(frozen=True)
class PositionRef:
    """A position: slot ``slot`` of the cane or goblet ``location_id``."""

    location_id: int
    slot: int
    holder_path: str

    @property
    def path(self) -> str:
        return position_label(self.holder_path, self.slot)

    @property
    def key(self) -> tuple[int, int]:
        return (self.location_id, self.slot)


@dataclass(frozen=True)
class DeviceInfo:
    id: int
    code: str
    patient_id: int
    patient_name: str       # 'FAMILY, Given'
    mrn: str
    freeze_event_id: int
    frozen_at: datetime
    method: FreezeMethod
    device_type: DeviceType
    colour: str
    contents: str
    status: DeviceStatus
    location_id: int | None
    slot: int | None
    tank_id: int | None
    holder_path: str        # '' unless stored
    storage_expiry: date | None
    quarantined: bool
    pending_discard_id: int | None

    @property
    def stored(self) -> bool:
        return self.status == DeviceStatus.STORED

    @property
    def position_path(self) -> str:
        """'Tank B / Canister 3 / Cane 12 / Position 4', or '' when no longer stored."""
        if self.location_id is None or self.slot is None:
            return ""
        return position_label(self.holder_path, self.slot)

    def days_to_expiry(self, today: date) -> int | None:
        return None if self.storage_expiry is None else days_left(self.storage_expiry, today)


@dataclass(frozen=True)
class CaneSlot:
    slot: int
    device: DeviceInfo | None

    @property
    def free(self) -> bool:
        return self.device is None


@dataclass(frozen=True)
class CaneView:
    """One cane or goblet and what sits in each of its positions."""

    location: LocationNode
    slots: tuple[CaneSlot, ...]


@dataclass(frozen=True)
class FreezeInfo:
    id: int
    patient_id: int
    patient_name: str
    mrn: str
    source_kind: FreezeSourceKind
    sample_codes: tuple[str, ...]
    method: FreezeMethod
    cryoprotectant_lot: str   # 'Product lot L123'
    pre_freeze_motile: int | None
    pre_freeze_immotile: int | None
    sperm_present: bool
    frozen_at: datetime
    operator: str
    witness: str | None
    notes: str
    devices: tuple[DeviceInfo, ...]
    touched_locations: tuple[int, ...] = ()   # holders, canisters and tanks whose counts changed


@dataclass(frozen=True)
class MoveInfo:
    id: int
    device_id: int
    device_code: str
    from_path: str            # '' for a first placement
    to_path: str
    moved_at: datetime
    operator: str
    witness: str | None
    reason: str


@dataclass(frozen=True)
class MoveResult:
    moves: tuple[MoveInfo, ...]
    touched_locations: tuple[int, ...]


@dataclass(frozen=True)
class ThawInfo:
    id: int
    patient_id: int
    patient_name: str
    mrn: str
    cycle_id: int | None
    thawed_at: datetime
    operator: str
    witness: str | None
    sperm_found: bool | None
    progressive: int
    non_progressive: int
    twitching: int
    immotile: int
    thaw_medium_lot: str
    notes: str
    device_codes: tuple[str, ...]
    from_paths: tuple[str, ...]   # where each device was, in the order of device_codes
    touched_locations: tuple[int, ...] = ()

    @property
    def motile(self) -> int:
        return self.progressive + self.non_progressive + self.twitching


@dataclass(frozen=True)
class DiscardInfo:
    id: int
    patient_id: int
    patient_name: str
    mrn: str
    reason: str
    consent_checked: bool
    requested_by: str         # printed (full) name
    requested_at: datetime
    status: DiscardStatus
    decided_by: str | None    # printed name of the supervisor who approved or rejected it
    decided_at: datetime | None
    signed_by: str | None     # the approval's electronic signature: printed name, time, meaning
    signed_at: datetime | None
    signature_meaning: str | None
    devices: tuple[DeviceInfo, ...]
    touched_locations: tuple[int, ...] = ()
    witnessed_by: str | None = None  # printed name of the person who checked the labels at the discard


@dataclass(frozen=True)
class ExpiryRow:
    device_id: int
    code: str
    patient_id: int
    patient_name: str
    mrn: str
    position_path: str
    storage_expiry: date
    days_left: int

    @property
    def expired(self) -> bool:
        return self.days_left < 0

    @property
    def band(self) -> str:
        return expiry_band(self.days_left)


@dataclass(frozen=True)
class ExpiryCounts:
    expired: int
    within_30: int
    within_60: int
    within_90: int


@dataclass(frozen=True)
class HistoryEvent:
    at: datetime
    kind: DeviceEventKind
    description: str
    operator: str             # who did it (printed name for a signature)
    witness: str | None
    from_path: str = ""
    to_path: str = ""
    reason: str = ""
    event_id: int | None = None


@dataclass(frozen=True)
class DeviceHistory:
    device: DeviceInfo
    events: tuple[HistoryEvent, ...]
