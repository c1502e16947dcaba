"""Frozen records of the tank audit, handed to screens and reports (plain data, no database)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bench_app.domain.inventory import FindingKind


@dataclass(frozen=True)
class SittingInfo:
    id: int
    started_at: datetime
    ended_at: datetime | None
    performer: str          # printed name
    performer_username: str
    witness: str
    witness_username: str
    workstation: str


@dataclass(frozen=True)
class AuditSummary:
    id: int
    tank_id: int
    tank_name: str
    scope: str                       # "whole tank" or "Canister 1, Canister 3"
    canister_ids: tuple[int, ...]    # empty for the whole tank
    status: str
    started_at: datetime
    completed_at: datetime | None
    opened_by: str
    closed_by: str
    sitting: SittingInfo | None      # the sitting under way, if any
    holders_total: int
    holders_checked: int
    expected: int
    found: int
    discrepant: int
    unresolved: int


@dataclass(frozen=True)
class HolderRow:
    id: int
    code: str
    canister: str
    name: str
    expected: int
    state: str  # "to check", "in progress", "checked"
    discrepant: int


@dataclass(frozen=True)
class ExpectedDevice:
    device_id: int
    code: str
    slot: int | None
    patient: str
    mrn: str
    device_type: str
    colour: str
    consent: str   # "", "expired" or "withdrawn"
    scanned: bool


@dataclass(frozen=True)
class FindingInfo:
    id: int
    holder_id: int
    holder: str             # path of the cane it belongs to
    kind: FindingKind
    observed_code: str
    device_id: int | None
    device_code: str
    patient: str
    recorded_at_path: str   # where the records put the device ("" when unknown or not stored)
    device_status: str
    reason: str
    note: str
    resolution: str
    resolution_note: str
    resolution_ref: str
    resolved_by: str
    resolved_at: datetime | None
    recorded_at: datetime | None

    @property
    def discrepant(self) -> bool:
        return self.kind != FindingKind.FOUND


@dataclass(frozen=True)
class CaneCheck:
    audit_id: int
    holder: HolderRow
    path: str
    expected: tuple[ExpectedDevice, ...]
    findings: tuple[FindingInfo, ...]


@dataclass(frozen=True)
class SignatureLine:
    printed_name: str
    meaning: str
    signed_at: datetime


@dataclass(frozen=True)
class CanisterMap:
    name: str
    holders: tuple[HolderRow, ...]


@dataclass(frozen=True)
class AuditReportData:
    summary: AuditSummary
    lab_name: str
    sittings: tuple[SittingInfo, ...]
    findings: tuple[FindingInfo, ...]   # discrepancies only
    signatures: tuple[SignatureLine, ...]
    canisters: tuple[CanisterMap, ...]
    content_hash: str


@dataclass(frozen=True)
class SheetCane:
    name: str
    code: str
    devices: tuple[ExpectedDevice, ...]


@dataclass(frozen=True)
class CanisterSheetData:
    tank: str
    canister: str
    printed_at: datetime
    lab_name: str
    canes: tuple[SheetCane, ...]


@dataclass(frozen=True)
class TankAuditState:
    """A tank's audit schedule, for the storage map, Today and the worksheet."""

    tank_id: int
    tank_name: str
    last_audit: datetime | None
    due: datetime
    overdue: bool
    due_soon: bool
    open_audit_id: int | None
