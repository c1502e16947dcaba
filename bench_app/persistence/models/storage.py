"""Cryo storage: the tank tree, devices, and the freeze, move, thaw and discard events."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean, Column, Date, Float, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from bench_app.persistence.base import Base, partial_index


class StorageLocation(Base):
    """A tank, canister, cane or goblet. A cane's or goblet's ``capacity`` is its positions; a tank's and a
    canister's ``capacity`` and ``occupied`` are the totals of the canes and goblets below them."""

    __tablename__ = "storage_locations"
    __table_args__ = (
        UniqueConstraint("parent_id", "name"),
        Index("ix_storage_locations_parent_id", "parent_id"),
        Index("ix_storage_locations_tank_id", "tank_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("storage_locations.id"))
    # The tank at the top of this branch (itself for a tank), for fast per-tank counts.
    tank_id: Mapped[int | None] = mapped_column(ForeignKey("storage_locations.id"))
    kind: Mapped[str] = mapped_column(String(12))
    name: Mapped[str] = mapped_column(String(40))
    capacity: Mapped[int] = mapped_column(Integer, default=0)
    sort_index: Mapped[int] = mapped_column(Integer, default=0)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]
    # Devices placed directly in this cane or goblet, kept by database triggers on cryo_devices
    # (migration 0002); for a tank or canister, the devices in the canes and goblets below it, kept
    # with its capacity by triggers on this table (migration 0014), so a tank reads its own row.
    occupied: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class FreezeEvent(Base):
    __tablename__ = "freeze_events"
    __table_args__ = (
        Index("ix_freeze_events_patient_id", "patient_id"),
        partial_index("ix_freeze_events_unwitnessed", "frozen_at", where="witness_record_id IS NULL"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    source_kind: Mapped[str] = mapped_column(String(20))
    method: Mapped[str] = mapped_column(String(20))
    cryoprotectant_lot_id: Mapped[int | None] = mapped_column(ForeignKey("material_lots.id"))
    pre_freeze_motile: Mapped[int | None] = mapped_column(Integer)
    pre_freeze_immotile: Mapped[int | None] = mapped_column(Integer)
    sperm_present: Mapped[bool] = mapped_column(Boolean, default=True)
    frozen_at: Mapped[datetime]
    operator_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    witness_record_id: Mapped[int | None] = mapped_column(ForeignKey("witness_records.id"))
    notes: Mapped[str] = mapped_column(Text, default="")


freeze_event_samples = Table(
    "freeze_event_samples",
    Base.metadata,
    Column("freeze_event_id", ForeignKey("freeze_events.id"), primary_key=True),
    Column("sample_id", ForeignKey("tissue_samples.id"), primary_key=True),
    Index("ix_freeze_event_samples_sample_id", "sample_id"),  # outcomes: a sample's freezes
)


class CryoDevice(Base):
    """A straw, vial or single-sperm device. (location_id, slot) is unique while stored."""

    __tablename__ = "cryo_devices"
    __table_args__ = (
        UniqueConstraint("location_id", "slot"),
        Index("ix_cryo_devices_patient_id", "patient_id"),
        Index("ix_cryo_devices_storage_expiry", "storage_expiry"),
        Index("ix_cryo_devices_tank_id_status", "tank_id", "status"),
        partial_index("ix_cryo_devices_stored_expiry", "storage_expiry", where="status = 'stored'"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    freeze_event_id: Mapped[int] = mapped_column(ForeignKey("freeze_events.id"), index=True)
    device_type: Mapped[str] = mapped_column(String(24))
    colour: Mapped[str] = mapped_column(String(20), default="")
    contents: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20))
    location_id: Mapped[int | None] = mapped_column(ForeignKey("storage_locations.id"))
    slot: Mapped[int | None] = mapped_column(Integer)
    tank_id: Mapped[int | None] = mapped_column(ForeignKey("storage_locations.id"))
    storage_expiry: Mapped[date | None] = mapped_column(Date)
    quarantined: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]


class DeviceMove(Base):
    """Every placement and move of a device; a first placement has no 'from'."""

    __tablename__ = "device_moves"
    __table_args__ = (
        Index("ix_device_moves_device_id", "device_id"),
        partial_index("ix_device_moves_unwitnessed", "moved_at", where="witness_record_id IS NULL"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("cryo_devices.id"))
    from_location_id: Mapped[int | None] = mapped_column(ForeignKey("storage_locations.id"))
    from_slot: Mapped[int | None] = mapped_column(Integer)
    to_location_id: Mapped[int] = mapped_column(ForeignKey("storage_locations.id"))
    to_slot: Mapped[int] = mapped_column(Integer)
    moved_at: Mapped[datetime]
    operator_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    witness_record_id: Mapped[int | None] = mapped_column(ForeignKey("witness_records.id"))
    reason: Mapped[str] = mapped_column(Text, default="")


class ThawEvent(Base):
    __tablename__ = "thaw_events"
    __table_args__ = (
        Index("ix_thaw_events_patient_id", "patient_id"),
        Index("ix_thaw_events_thawed_at", "thawed_at"),
        partial_index("ix_thaw_events_unwitnessed", "thawed_at", where="witness_record_id IS NULL"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    cycle_id: Mapped[int | None] = mapped_column(ForeignKey("cycles.id"))
    thawed_at: Mapped[datetime]
    operator_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    witness_record_id: Mapped[int | None] = mapped_column(ForeignKey("witness_records.id"))
    sperm_found: Mapped[bool | None] = mapped_column(Boolean)
    progressive: Mapped[int] = mapped_column(Integer, default=0)
    non_progressive: Mapped[int] = mapped_column(Integer, default=0)
    twitching: Mapped[int] = mapped_column(Integer, default=0)
    immotile: Mapped[int] = mapped_column(Integer, default=0)
    thaw_medium_lot_id: Mapped[int | None] = mapped_column(ForeignKey("material_lots.id"))
    notes: Mapped[str] = mapped_column(Text, default="")


thaw_event_devices = Table(
    "thaw_event_devices",
    Base.metadata,
    Column("thaw_event_id", ForeignKey("thaw_events.id"), primary_key=True),
    Column("device_id", ForeignKey("cryo_devices.id"), primary_key=True, unique=True),
    Column("from_location_id", ForeignKey("storage_locations.id")),
    Column("from_slot", Integer),
)


class DiscardEvent(Base):
    """A discard: requested with a reason and consent check, approved by a supervisor."""

    __tablename__ = "discard_events"
    __table_args__ = (partial_index("ix_discard_events_requested", "requested_at", where="status = 'requested'"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    consent_checked: Mapped[bool] = mapped_column(Boolean, default=False)
    requested_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime]
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(12), default="requested")
    witness_record_id: Mapped[int | None] = mapped_column(ForeignKey("witness_records.id"))


discard_event_devices = Table(
    "discard_event_devices",
    Base.metadata,
    Column("discard_event_id", ForeignKey("discard_events.id"), primary_key=True),
    Column("device_id", ForeignKey("cryo_devices.id"), primary_key=True),
)


class InventoryAudit(Base):
    """A dual-witnessed, cane-by-cane reconciliation of records with a tank's contents."""

    __tablename__ = "inventory_audits"

    id: Mapped[int] = mapped_column(primary_key=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("storage_locations.id"))
    started_at: Mapped[datetime]
    completed_at: Mapped[datetime | None]
    performed_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    witness_record_id: Mapped[int | None] = mapped_column(ForeignKey("witness_records.id"))
    # Comma-separated canister ids when only some canisters are audited; empty for the whole tank.
    scope: Mapped[str] = mapped_column(Text, default="", server_default="")
    status: Mapped[str] = mapped_column(String(12), default="open", server_default="open")
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(Text, default="", server_default="")


class InventoryFinding(Base):
    __tablename__ = "inventory_findings"
    __table_args__ = (Index("ix_inventory_findings_audit_id_location_id", "audit_id", "location_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("inventory_audits.id"), index=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("storage_locations.id"))
    slot: Mapped[int | None] = mapped_column(Integer)
    expected_device_id: Mapped[int | None] = mapped_column(ForeignKey("cryo_devices.id"))
    observed_code: Mapped[str] = mapped_column(String(20), default="")
    discrepancy: Mapped[str] = mapped_column(String(30), default="none")
    # One of domain.inventory.DiscrepancyReason, and the free-text note every discrepancy needs.
    reason: Mapped[str] = mapped_column(Text, default="")
    observed_device_id: Mapped[int | None] = mapped_column(ForeignKey("cryo_devices.id"))
    sitting_id: Mapped[int | None] = mapped_column(ForeignKey("inventory_sittings.id"))
    recorded_at: Mapped[datetime | None]
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    # How it was settled (domain.inventory.Resolution), through which record, and by whom.
    resolution: Mapped[str] = mapped_column(String(20), default="", server_default="")
    resolution_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    resolution_ref: Mapped[str] = mapped_column(String(60), default="", server_default="")
    resolved_at: Mapped[datetime | None]
    resolved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class InventorySitting(Base):
    """One sitting of an audit at the tank: who led it, who witnessed it, from when to when."""

    __tablename__ = "inventory_sittings"

    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("inventory_audits.id"), index=True)
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    performed_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    witness_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    witness_record_id: Mapped[int] = mapped_column(ForeignKey("witness_records.id"))
    workstation: Mapped[str] = mapped_column(String(120), default="")


class InventoryHolderCheck(Base):
    """A cane or goblet taken out during an audit; ``finished_at`` once its missing devices are counted."""

    __tablename__ = "inventory_holder_checks"
    __table_args__ = (UniqueConstraint("audit_id", "holder_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("inventory_audits.id"))
    holder_id: Mapped[int] = mapped_column(ForeignKey("storage_locations.id"))
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    expected: Mapped[int] = mapped_column(Integer, default=0)


class TankCare(Base):
    """A tank's nitrogen and audit settings: level unit, alarm threshold, reading and audit intervals."""

    __tablename__ = "tank_care"

    tank_id: Mapped[int] = mapped_column(ForeignKey("storage_locations.id"), primary_key=True)
    level_unit: Mapped[str] = mapped_column(String(4), default="cm")
    alarm_threshold: Mapped[float] = mapped_column(Float)
    full_level: Mapped[float] = mapped_column(Float)
    reading_interval_hours: Mapped[int] = mapped_column(Integer, default=24)
    audit_interval_days: Mapped[int] = mapped_column(Integer, default=365)
    updated_at: Mapped[datetime]


class NitrogenEntry(Base):
    """A level reading or a top-up of one tank; a low reading links the incident it raised."""

    __tablename__ = "nitrogen_entries"
    __table_args__ = (Index("ix_nitrogen_entries_tank_id_at", "tank_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tank_id: Mapped[int] = mapped_column(ForeignKey("storage_locations.id"))
    kind: Mapped[str] = mapped_column(String(10))
    at: Mapped[datetime]
    level: Mapped[float | None] = mapped_column(Float)
    litres: Mapped[float | None] = mapped_column(Float)
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"))
