"""Oocyte retrieval, oocytes, ICSI sessions and injections, fertilization checks."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bench_app.persistence.base import Base, partial_index


class OocyteRetrieval(Base):
    """An OPU: cumulus-oocyte complexes collected for a cycle."""

    __tablename__ = "oocyte_retrievals"
    __table_args__ = (
        Index("ix_oocyte_retrievals_cycle_id", "cycle_id"),
        Index("ix_oocyte_retrievals_retrieved_at", "retrieved_at"),
        Index("ix_oocyte_retrievals_dish_code", "dish_code", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id"))
    retrieved_at: Mapped[datetime]
    cocs_retrieved: Mapped[int] = mapped_column(Integer)
    embryologist_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    denuded_at: Mapped[datetime | None]
    notes: Mapped[str] = mapped_column(Text, default="")
    # The dish label's code (C-xxxxxx-x); older retrievals get theirs when a dish label is first made.
    dish_code: Mapped[str | None] = mapped_column(String(20))


class Oocyte(Base):
    __tablename__ = "oocytes"
    __table_args__ = (UniqueConstraint("retrieval_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    retrieval_id: Mapped[int] = mapped_column(ForeignKey("oocyte_retrievals.id"))
    number: Mapped[int] = mapped_column(Integer)
    maturity: Mapped[str | None] = mapped_column(String(12))
    assessed_at: Mapped[datetime | None]
    assessed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class IcsiSession(Base):
    """One ICSI dish: the sperm source, witnessed against the oocyte dish and patient."""

    __tablename__ = "icsi_sessions"
    __table_args__ = (
        Index("ix_icsi_sessions_cycle_id", "cycle_id"),
        Index("ix_icsi_sessions_retrieval_id", "retrieval_id"),
        Index("ix_icsi_sessions_started_at", "started_at"),
        Index("ix_icsi_sessions_source_sample_id", "source_sample_id"),  # outcomes: a sample's ICSI
        Index("ix_icsi_sessions_source_thaw_event_id", "source_thaw_event_id"),
        partial_index("ix_icsi_sessions_unwitnessed", "started_at", where="witness_record_id IS NULL"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id"))
    retrieval_id: Mapped[int] = mapped_column(ForeignKey("oocyte_retrievals.id"))
    sperm_source_kind: Mapped[str] = mapped_column(String(20))
    source_sample_id: Mapped[int | None] = mapped_column(ForeignKey("tissue_samples.id"))
    source_thaw_event_id: Mapped[int | None] = mapped_column(ForeignKey("thaw_events.id"))
    started_at: Mapped[datetime]
    operator_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    witness_record_id: Mapped[int | None] = mapped_column(ForeignKey("witness_records.id"))
    notes: Mapped[str] = mapped_column(Text, default="")


class Injection(Base):
    __tablename__ = "injections"
    __table_args__ = (
        Index("ix_injections_session_id", "session_id"),
        Index("ix_injections_injected_at", "injected_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    oocyte_id: Mapped[int] = mapped_column(ForeignKey("oocytes.id"), unique=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("icsi_sessions.id"))
    injected_at: Mapped[datetime]
    injected_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    sperm_motility: Mapped[str] = mapped_column(String(20))
    viability_test: Mapped[str] = mapped_column(String(20), default="none")
    # Comma-separated techniques, e.g. "artificial_oocyte_activation,laser_assisted_selection".
    techniques: Mapped[str] = mapped_column(String(200), default="")
    damaged: Mapped[bool] = mapped_column(Boolean, default=False)
    non_mii_reason: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class FertilizationCheck(Base):
    __tablename__ = "fertilization_checks"
    __table_args__ = (Index("ix_fertilization_checks_checked_at", "checked_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    oocyte_id: Mapped[int] = mapped_column(ForeignKey("oocytes.id"), unique=True)
    checked_at: Mapped[datetime]
    checked_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    result: Mapped[str] = mapped_column(String(20))
    polar_bodies: Mapped[int | None] = mapped_column(Integer)
    hours_since_injection: Mapped[float] = mapped_column(Float)
    outside_window: Mapped[bool] = mapped_column(Boolean, default=False)
    window_reason: Mapped[str] = mapped_column(Text, default="")
