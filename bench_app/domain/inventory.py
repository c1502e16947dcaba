"""The tank audit's rules, free of the database: holder codes, what a scan means, reasons, resolutions.

A cane or goblet's code is made, like a device's, from a serial with a check character
(``C-7K3M9Q-X``); the serial is the holder's own row id, so every holder has a code the
moment it exists, old holders included, and a scanned code names its holder without a
lookup table. A code failing its check character is refused before anything is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bench_app.domain.codes import make_code, parse_code, serial_of
from bench_app.domain.enums import DeviceStatus, StrEnum
from bench_app.domain.errors import InvalidCode

HOLDER_CODE_KIND = "H"
# A holder's serial is its row id in the top 2**20 serials of the code space, which the shared sequence of
# sample, device, oocyte and dish codes never reaches: a cane's code never shares its middle with another item's.
HOLDER_SERIAL_BASE = 32**6 - 2**20
MAX_NOTE_LENGTH = 2000
AUDIT_DUE_SOON_DAYS = 14


class AuditStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class FindingKind(StrEnum):
    """What one scan (or one device not scanned) says about the records."""

    FOUND = "found"                  # found where the records put it
    MISPLACED = "misplaced"          # found here, recorded elsewhere
    NOT_STORED = "not_stored"        # found, but recorded as thawed, discarded or sent out
    UNKNOWN = "unknown"              # a valid code no device has
    OTHER_PATIENT = "other_patient"  # another patient's device among this cane's patient(s)
    MISSING = "missing"              # expected here, not found


FINDING_TEXT = {
    FindingKind.FOUND: "found where expected",
    FindingKind.MISPLACED: "found here, recorded elsewhere",
    FindingKind.NOT_STORED: "found, recorded as no longer stored",
    FindingKind.UNKNOWN: "unknown code",
    FindingKind.OTHER_PATIENT: "another patient's device",
    FindingKind.MISSING: "expected, not found",
}


class DiscrepancyReason(StrEnum):
    RELABELLED = "relabelled"
    MISFILED = "misfiled"
    RECORD_ERROR = "record_error"
    LOST = "lost"
    OTHER = "other"


REASON_TEXT = {
    DiscrepancyReason.RELABELLED: "relabelled",
    DiscrepancyReason.MISFILED: "misfiled",
    DiscrepancyReason.RECORD_ERROR: "record error",
    DiscrepancyReason.LOST: "lost",
    DiscrepancyReason.OTHER: "other",
}


class Resolution(StrEnum):
    """How a discrepancy is settled; each acts through a witnessed service, never silently."""

    RECORD_MOVE = "record_move"          # the cryo move service records the device where it was found
    RETURNED = "returned"                # put back where the records say; witnessed, no record changes
    REPORT_INCIDENT = "report_incident"  # an incident (missing, unknown, not stored) for the lab to follow up
    CORRECT_RECORD = "correct_record"    # a supervisor corrects the device's label details with a reason


RESOLUTION_TEXT = {
    Resolution.RECORD_MOVE: "move recorded to where it was found",
    Resolution.RETURNED: "returned to its recorded position",
    Resolution.REPORT_INCIDENT: "reported as an incident",
    Resolution.CORRECT_RECORD: "record corrected",
}

ALLOWED_RESOLUTIONS: dict[FindingKind, tuple[Resolution, ...]] = {
    FindingKind.MISPLACED: (Resolution.RECORD_MOVE, Resolution.RETURNED, Resolution.REPORT_INCIDENT),
    FindingKind.OTHER_PATIENT: (Resolution.RECORD_MOVE, Resolution.RETURNED, Resolution.REPORT_INCIDENT),
    FindingKind.NOT_STORED: (Resolution.REPORT_INCIDENT, Resolution.CORRECT_RECORD),
    FindingKind.UNKNOWN: (Resolution.REPORT_INCIDENT,),
    FindingKind.MISSING: (Resolution.REPORT_INCIDENT, Resolution.CORRECT_RECORD),
}

# The incidents table's kind for each finding reported as an incident (shown in the incidents list).
INCIDENT_KIND = {
    FindingKind.MISSING: "inventory_device_missing",
    FindingKind.UNKNOWN: "inventory_unknown_device",
    FindingKind.NOT_STORED: "inventory_device_not_stored",
    FindingKind.MISPLACED: "inventory_device_misplaced",
    FindingKind.OTHER_PATIENT: "inventory_device_other_patient",
}


def is_discrepancy(kind: FindingKind | str) -> bool:
    return FindingKind(kind) != FindingKind.FOUND


def holder_code(holder_id: int) -> str:
    return make_code(HOLDER_CODE_KIND, HOLDER_SERIAL_BASE + holder_id)


def holder_id_from_code(text: str) -> int:
    """The holder a scanned cane code names; InvalidCode for a bad check character or another kind."""
    parsed = parse_code(text)
    if parsed.kind != HOLDER_CODE_KIND:
        raise InvalidCode(f"{parsed.code} is not a cane or goblet code (they start with H).")
    return serial_of(parsed.code) - HOLDER_SERIAL_BASE


@dataclass(frozen=True)
class ScannedDevice:
    """What the records say of a scanned device code (None when no device has it)."""

    id: int
    location_id: int | None
    status: str
    patient_id: int


def classify_scan(holder_id: int, expected_patient_ids: frozenset[int], device: ScannedDevice | None) -> FindingKind:
    if device is None:
        return FindingKind.UNKNOWN
    if device.status != DeviceStatus.STORED.value:
        return FindingKind.NOT_STORED
    if device.location_id == holder_id:
        return FindingKind.FOUND
    if expected_patient_ids and device.patient_id not in expected_patient_ids:
        return FindingKind.OTHER_PATIENT
    return FindingKind.MISPLACED


def audit_due(last_closed: datetime | None, created: datetime, interval_days: int) -> datetime:
    """When a tank's next whole-tank audit falls due: an interval after the last one (or its set-up)."""
    return (last_closed or created) + timedelta(days=interval_days)


def consent_flag(storage_expiry: date | None, withdrawn_on: date | None, today: date) -> str:
    """'withdrawn', 'expired' or '' for a device on the canister sheet."""
    if withdrawn_on is not None and withdrawn_on <= today:
        return "withdrawn"
    if storage_expiry is not None and storage_expiry < today:
        return "expired"
    return ""
