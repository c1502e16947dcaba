"""Surgical sperm retrieval: procedures, tissue samples, processing steps, findings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bench_app.persistence.base import Base, partial_index


class RetrievalProcedure(Base):
    __tablename__ = "retrieval_procedures"
    __table_args__ = (
        Index("ix_retrieval_procedures_patient_id", "patient_id"),
        Index("ix_retrieval_procedures_started_at", "started_at"),
        Index("ix_retrieval_procedures_cycle_id", "cycle_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    cycle_id: Mapped[int | None] = mapped_column(ForeignKey("cycles.id"))
    procedure_type: Mapped[str] = mapped_column(String(20))
    started_at: Mapped[datetime]
    surgeon: Mapped[str] = mapped_column(String(120))
    anaesthesia: Mapped[str] = mapped_column(String(10))
    side: Mapped[str] = mapped_column(String(10))
    indication: Mapped[str] = mapped_column(String(10))
    planned_use: Mapped[str] = mapped_column(String(20))
    notes: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]


class TissueSample(Base):
    """One biopsy, aspirate or fluid in its own tube, with its own code and label."""

    __tablename__ = "tissue_samples"
    __table_args__ = (
        UniqueConstraint("procedure_id", "sample_number"),
        Index("ix_tissue_samples_patient_id", "patient_id"),
        Index("ix_tissue_samples_received_at", "received_at"),
        partial_index("ix_tissue_samples_receipt_unwitnessed", "received_at", where="receipt_witness_id IS NULL"),
        partial_index("ix_tissue_samples_processing_unwitnessed", "received_at",
                      where="processing_witness_id IS NULL AND status <> 'received'"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    procedure_id: Mapped[int | None] = mapped_column(ForeignKey("retrieval_procedures.id"))
    sample_number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    side: Mapped[str] = mapped_column(String(10), default="")
    site: Mapped[str] = mapped_column(String(80), default="")
    tubule_appearance: Mapped[str] = mapped_column(String(10), default="n/a")
    wet_weight_mg: Mapped[float | None] = mapped_column(Float)
    transport_medium_lot_id: Mapped[int | None] = mapped_column(ForeignKey("material_lots.id"))
    received_at: Mapped[datetime]
    received_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    receipt_witness_id: Mapped[int | None] = mapped_column(ForeignKey("witness_records.id"))
    # The witness of the first processing step (the start of processing), kept on the sample as the
    # receipt's is, so the samples still waiting for it are found without reading every step.
    processing_witness_id: Mapped[int | None] = mapped_column(ForeignKey("witness_records.id"))
    status: Mapped[str] = mapped_column(String(20))
    disposition: Mapped[str] = mapped_column(String(20), default="pending")
    disposition_cycle_id: Mapped[int | None] = mapped_column(ForeignKey("cycles.id"))
    disposition_note: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class ProcessingStep(Base):
    __tablename__ = "processing_steps"
    __table_args__ = (Index("ix_processing_steps_sample_id", "sample_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sample_id: Mapped[int] = mapped_column(ForeignKey("tissue_samples.id"))
    kind: Mapped[str] = mapped_column(String(30))
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    operator_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    medium_lot_id: Mapped[int | None] = mapped_column(ForeignKey("material_lots.id"))
    enzyme: Mapped[str] = mapped_column(String(60), default="")
    enzyme_concentration: Mapped[str] = mapped_column(String(40), default="")
    minutes: Mapped[int | None] = mapped_column(Integer)
    temperature_c: Mapped[float | None] = mapped_column(Float)
    witness_record_id: Mapped[int | None] = mapped_column(ForeignKey("witness_records.id"))
    notes: Mapped[str] = mapped_column(Text, default="")


class SpermFinding(Base):
    """One look down the microscope: sperm found or not, how many, how they move."""

    __tablename__ = "sperm_findings"
    __table_args__ = (Index("ix_sperm_findings_sample_id", "sample_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sample_id: Mapped[int] = mapped_column(ForeignKey("tissue_samples.id"))
    assessed_at: Mapped[datetime]
    assessor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    sperm_found: Mapped[bool] = mapped_column(Boolean)
    count_seen: Mapped[int | None] = mapped_column(Integer)
    count_basis: Mapped[str] = mapped_column(String(20), default="total")
    progressive: Mapped[int] = mapped_column(Integer, default=0)
    non_progressive: Mapped[int] = mapped_column(Integer, default=0)
    twitching: Mapped[int] = mapped_column(Integer, default=0)
    immotile: Mapped[int] = mapped_column(Integer, default=0)
    viability_test: Mapped[str] = mapped_column(String(20), default="none")
    viability_result: Mapped[str] = mapped_column(String(120), default="")
    elongated_spermatids: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
