"""Treatment cycles, the male diagnosis and consents."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bench_app.persistence.base import Base


class Cycle(Base):
    __tablename__ = "cycles"
    __table_args__ = (Index("ix_cycles_couple_id", "couple_id"), Index("ix_cycles_start_date", "start_date"))

    id: Mapped[int] = mapped_column(primary_key=True)
    couple_id: Mapped[int] = mapped_column(ForeignKey("couples.id"))
    cycle_type: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(20))
    start_date: Mapped[date] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]


class Diagnosis(Base):
    """The male partner's diagnosis: OA, NOA or other, with its etiology."""

    __tablename__ = "diagnoses"
    __table_args__ = (Index("ix_diagnoses_patient_id", "patient_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    azoospermia_type: Mapped[str] = mapped_column(String(10))
    etiology: Mapped[str] = mapped_column(String(60))
    diagnosed_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime]


class Consent(Base):
    """What a patient allowed to be done with stored material, and until when."""

    __tablename__ = "consents"
    __table_args__ = (
        Index("ix_consents_patient_id", "patient_id"),
        Index("ix_consents_storage_expiry", "storage_expiry"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    # Comma-separated ConsentUse values, e.g. "storage,treatment".
    permitted_uses: Mapped[str] = mapped_column(String(200))
    signed_on: Mapped[date] = mapped_column(Date)
    storage_expiry: Mapped[date | None] = mapped_column(Date)
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime]
