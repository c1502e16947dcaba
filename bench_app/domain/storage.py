"""Rules of cryo storage that need no database: the tank tree, positions, occupancy, expiry.

The tree is tank > canister > cane or goblet. A cane or goblet (a *holder*) has
``capacity`` numbered positions 1..capacity; a position is a slot of its holder,
not a row of its own, so one unique (holder, slot) pair in the database is what
keeps two devices out of one position.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable

from bench_app.domain.enums import FreezeSourceKind, LocationKind, StrEnum
from bench_app.i18n import _

HOLDER_KINDS = frozenset({LocationKind.CANE, LocationKind.GOBLET})
# The kind of parent each kind of location hangs from (a tank hangs from nothing).
PARENT_KIND: dict[LocationKind, LocationKind | None] = {
    LocationKind.TANK: None,
    LocationKind.CANISTER: LocationKind.TANK,
    LocationKind.CANE: LocationKind.CANISTER,
    LocationKind.GOBLET: LocationKind.CANISTER,
}
MAX_NAME_LENGTH = 40
MAX_POSITIONS = 200          # positions on one cane or goblet
MAX_CHILDREN = 100           # canisters in a tank, canes in a canister, when set up in one go
MAX_DEVICES_PER_FREEZE = 50
MAX_COLOUR_LENGTH = 20
MAX_COUNT = 1_000_000        # an upper bound on a typed sperm count, to catch slips
EXPIRY_BANDS = (30, 60, 90)
PATH_SEPARATOR = " / "


class DeviceEventKind(StrEnum):
    """What happened to a device, as shown in its history."""

    FREEZE = "freeze"
    PLACEMENT = "placement"
    MOVE = "move"
    THAW = "thaw"
    DISCARD_REQUESTED = "discard_requested"
    DISCARD_APPROVED = "discard_approved"
    DISCARD_REJECTED = "discard_rejected"


class DiscardStatus(StrEnum):
    REQUESTED = "requested"
    APPROVED = "approved"
    REJECTED = "rejected"


def is_holder(kind: LocationKind | str) -> bool:
    return LocationKind(kind) in HOLDER_KINDS


@dataclass(frozen=True)
class Occupancy:
    """Devices stored against positions available, e.g. 412 of 600."""

    occupied: int
    capacity: int

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.occupied)

    @property
    def full(self) -> bool:
        return self.capacity > 0 and self.occupied >= self.capacity

    @property
    def fraction(self) -> float:
        return self.occupied / self.capacity if self.capacity else 0.0

    @property
    def text(self) -> str:
        return f"{self.occupied}/{self.capacity}"


def location_path(names: Iterable[str]) -> str:
    """'Tank B / Canister 3 / Cane 12' from the names top-down."""
    return PATH_SEPARATOR.join(n for n in names if n)


def position_label(holder_path: str, slot: int) -> str:
    return f"{holder_path}{PATH_SEPARATOR}Position {slot}"


def positions_summary(labels) -> str:
    """Labels made by ``position_label``, shortened per cane or goblet:
    'Tank A / Canister 1 / Cane 3 / Positions 33-36, 38'. Other text is kept as it is."""
    marker = f"{PATH_SEPARATOR}Position "
    holders: dict[str, list[int]] = {}
    others: list[str] = []
    for label in labels:
        path, found, slot = label.rpartition(marker)
        if found and slot.isdigit():
            holders.setdefault(path, []).append(int(slot))
        elif label and label not in others:
            others.append(label)
    parts = []
    for path, slots in holders.items():
        slots = sorted(set(slots))
        runs: list[list[int]] = []
        for n in slots:
            if runs and n == runs[-1][-1] + 1:
                runs[-1].append(n)
            else:
                runs.append([n])
        text = ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)
        parts.append(f"{path}{PATH_SEPARATOR}Position{'s' * (len(slots) > 1)} {text}")
    return "; ".join(parts + others)


def check_name(name: str | None) -> str | None:
    """The problem with a location name, or None."""
    text = (name or "").strip()
    if not text:
        return _("Give the location a name.")
    if len(text) > MAX_NAME_LENGTH:
        return _("A location name has at most {count} characters.").format(count=MAX_NAME_LENGTH)
    if "/" in text:
        return _("A location name cannot contain '/' (it separates the levels of a position).")
    return None


def check_capacity(kind: LocationKind, capacity: int | None) -> str | None:
    if kind in HOLDER_KINDS:
        if capacity is None or not 1 <= capacity <= MAX_POSITIONS:
            return _("A {kind} holds between 1 and {maximum} positions.").format(kind=kind.value, maximum=MAX_POSITIONS)
    elif capacity not in (None, 0):
        return _("A {kind} holds canes or goblets, not devices: its capacity comes from them.").format(kind=kind.value)
    return None


def check_counts(values: dict[str, int | None], errors: dict[str, str]) -> None:
    for name, value in values.items():
        if value is not None and not 0 <= value <= MAX_COUNT:
            errors[name] = _("A count must be a whole number between 0 and {maximum:,}.").format(maximum=MAX_COUNT)


def pre_freeze_sperm_present(motile: int | None, immotile: int | None, sperm_present: bool | None,
                             errors: dict[str, str]) -> bool:
    """Whether sperm were present before freezing, from counts or the tick box; records problems."""
    check_counts({"pre_freeze_motile": motile, "pre_freeze_immotile": immotile}, errors)
    if motile is None and immotile is None:
        if sperm_present is None:
            errors["sperm_present"] = _("Record the pre-freeze assessment: counts, or whether sperm are present.")
        return bool(sperm_present)
    total = (motile or 0) + (immotile or 0)
    if sperm_present is False and total > 0:
        errors["sperm_present"] = _("Sperm were counted, so they are present.")
    return total > 0 if sperm_present is None else bool(sperm_present)


def check_post_thaw(sperm_found: bool | None, counts: dict[str, int], errors: dict[str, str]) -> None:
    check_counts(counts, errors)
    if sperm_found is None:
        errors["sperm_found"] = _("Say whether sperm were found after the thaw.")
    elif sperm_found is False and any(counts.values()):
        errors["sperm_found"] = _("Sperm were counted, so sperm were found.")


def default_contents(source: FreezeSourceKind, sample_codes: Iterable[str]) -> str:
    codes = ", ".join(sample_codes)
    if source == FreezeSourceKind.EJACULATE:
        return "ejaculated sperm"
    if source == FreezeSourceKind.POOLED_SAMPLES:
        return f"pooled testicular sperm suspension ({codes})"
    return f"testicular sperm suspension ({codes})"


def witness_identifiers(mrn: str, codes: Iterable[str] = (), positions: Iterable[str] = ()) -> tuple[str, ...]:
    """What the witness of a cryo step reads: the patient's MRN, each device code, each position."""
    return (f"MRN {mrn}", *codes, *positions)


def days_left(expiry: date, today: date) -> int:
    """Days until the storage expiry; negative once it has passed."""
    return (expiry - today).days


def expiry_band(days: int | None) -> str:
    """'expired', 'within 30 days' (60, 90), or '' when further off or unknown."""
    if days is None:
        return ""
    if days < 0:
        return "expired"
    for limit in EXPIRY_BANDS:
        if days <= limit:
            return f"within {limit} days"
    return ""


def content_fingerprint(content: dict[str, Any]) -> str:
    """SHA-256 of a record's signed content, binding a signature to what it signed."""
    payload = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
