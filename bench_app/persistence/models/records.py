"""Cross-cutting records: audit trail, witnesses, incidents, signatures, lots, labels, settings."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bench_app.persistence.base import Base


class AuditEvent(Base):
    """One append-only, hash-chained entry of the audit trail.

    ``changes`` is JSON: ``{"field": [old, new], ...}``. ``hash`` covers this event's
    content and ``prev_hash``; triggers refuse UPDATE and DELETE on this table.
    """

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_entity", "entity_type", "entity_id"),
        Index("ix_audit_events_user_id", "user_id"),
        Index("ix_audit_events_occurred_at", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    username: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(30))
    entity_type: Mapped[str] = mapped_column(String(40), default="")
    entity_id: Mapped[str] = mapped_column(String(40), default="")
    changes: Mapped[str] = mapped_column(Text, default="{}")
    reason: Mapped[str] = mapped_column(Text, default="")
    workstation: Mapped[str] = mapped_column(String(100), default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The single row naming the newest audit event; writers lock it to chain in order."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_event_id: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64))


class CodeCounter(Base):
    """The last serial handed out per code kind (S, D, O)."""

    __tablename__ = "code_counters"

    kind: Mapped[str] = mapped_column(String(2), primary_key=True)
    last_serial: Mapped[int] = mapped_column(Integer, default=0)


class WitnessRecord(Base):
    """A second, authenticated person's check of a critical step."""

    __tablename__ = "witness_records"
    __table_args__ = (
        Index("ix_witness_records_entity", "entity_type", "entity_id"),
        Index("ix_witness_records_witnessed_at", "witnessed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    step: Mapped[str] = mapped_column(String(60))
    entity_type: Mapped[str] = mapped_column(String(40), default="")
    entity_id: Mapped[str] = mapped_column(String(40), default="")
    # JSON list of the identifiers read or scanned, e.g. ["MRN 100234", "S-7K3M9Q-X"].
    identifiers_checked: Mapped[str] = mapped_column(Text)
    performer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    witness_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    witnessed_at: Mapped[datetime]
    method: Mapped[str] = mapped_column(String(10))
    result: Mapped[str] = mapped_column(String(12))
    override_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    override_reason: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class Incident(Base):
    """Something that went wrong or nearly did: a witness mismatch, a discrepancy.

    A supervisor acknowledges it, then resolves it with a resolution text.
    """

    __tablename__ = "incidents"
    __table_args__ = (Index("ix_incidents_occurred_at", "occurred_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text)
    entity_type: Mapped[str] = mapped_column(String(40), default="")
    entity_id: Mapped[str] = mapped_column(String(40), default="")
    witness_record_id: Mapped[int | None] = mapped_column(ForeignKey("witness_records.id"))
    reported_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resolved_at: Mapped[datetime | None]
    resolution: Mapped[str] = mapped_column(Text, default="")
    acknowledged_at: Mapped[datetime | None]
    acknowledged_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resolved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Signature(Base):
    """An electronic signature bound to a record: who, when, and what it means."""

    __tablename__ = "signatures"
    __table_args__ = (Index("ix_signatures_entity", "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(40))
    signer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    printed_name: Mapped[str] = mapped_column(String(200))
    meaning: Mapped[str] = mapped_column(String(20))
    signed_at: Mapped[datetime]
    # SHA-256 of the signed content at the time of signing, binding signature to record.
    content_hash: Mapped[str] = mapped_column(String(64), default="")


class MaterialLot(Base):
    """A lot of a medium, enzyme, cryoprotectant or device that touched material."""

    __tablename__ = "material_lots"
    __table_args__ = (UniqueConstraint("product_name", "lot_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    product_name: Mapped[str] = mapped_column(String(120))
    lot_number: Mapped[str] = mapped_column(String(60))
    expiry_date: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime]


class LabelPrint(Base):
    __tablename__ = "label_prints"
    __table_args__ = (Index("ix_label_prints_entity", "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(40))
    code: Mapped[str] = mapped_column(String(20))
    stock: Mapped[str] = mapped_column(String(40))
    copies: Mapped[int] = mapped_column(Integer, default=1)
    is_reprint: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str] = mapped_column(Text, default="")
    printed_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    printed_at: Mapped[datetime]


class IssuedReport(Base):
    """A report the system issued, with the fingerprint printed in its footer."""

    __tablename__ = "issued_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    subject: Mapped[str] = mapped_column(String(80))
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    issued_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    issued_at: Mapped[datetime]
    # The signed file as delivered (written, printed): only these bytes verify as the issued report.
    pdf_sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    cert_sha256: Mapped[str | None] = mapped_column(String(64))   # the lab certificate that signed it


class Setting(Base):
    """A lab-wide setting that affects records or reports; value is JSON."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime]


class WorkstationActivity(Base):
    """Which patient's material is open for processing at a workstation (one at a time)."""

    __tablename__ = "workstation_activity"

    id: Mapped[int] = mapped_column(primary_key=True)
    workstation: Mapped[str] = mapped_column(String(100), index=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    sample_id: Mapped[int | None] = mapped_column(ForeignKey("tissue_samples.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    override_reason: Mapped[str] = mapped_column(Text, default="")
