"""Outcomes records: the man's work-up per diagnosis, treatment before retrieval, cycle outcomes."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bench_app.persistence.base import Base


class MaleWorkup(Base):
    """Hormones, testicular volumes, genetics, histology and history behind one diagnosis.

    An empty measurement is "not tested"; the categorical fields say "not_tested" or "unknown"
    in words, so that such men are never counted as normal.
    """

    __tablename__ = "male_workups"
    __table_args__ = (Index("ix_male_workups_patient_id", "patient_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    diagnosis_id: Mapped[int] = mapped_column(ForeignKey("diagnoses.id"), unique=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    hormones_on: Mapped[date | None] = mapped_column(Date)
    fsh_iu_l: Mapped[float | None] = mapped_column(Float)
    lh_iu_l: Mapped[float | None] = mapped_column(Float)
    testosterone_nmol_l: Mapped[float | None] = mapped_column(Float)
    estradiol_pmol_l: Mapped[float | None] = mapped_column(Float)
    volumes_on: Mapped[date | None] = mapped_column(Date)
    volume_left_ml: Mapped[float | None] = mapped_column(Float)
    volume_right_ml: Mapped[float | None] = mapped_column(Float)
    karyotype: Mapped[str] = mapped_column(String(20), default="not_tested")
    y_microdeletion: Mapped[str] = mapped_column(String(20), default="not_tested")
    histology: Mapped[str] = mapped_column(String(30), default="not_tested")
    histology_on: Mapped[date | None] = mapped_column(Date)
    cryptorchidism: Mapped[str] = mapped_column(String(10), default="unknown")
    chemo_radiation: Mapped[str] = mapped_column(String(10), default="unknown")
    steroid_use: Mapped[str] = mapped_column(String(10), default="unknown")
    varicocele: Mapped[str] = mapped_column(String(10), default="unknown")
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime]


class PreRetrievalTreatment(Base):
    """A treatment of the man before a retrieval (aromatase inhibitor, hCG/FSH, ...), with dates."""

    __tablename__ = "pre_retrieval_treatments"
    __table_args__ = (Index("ix_pre_retrieval_treatments_patient_id", "patient_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    treatment: Mapped[str] = mapped_column(String(40))
    started_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    detail: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime]


class CycleOutcome(Base):
    """What came of an ICSI cycle: transfer, pregnancy test, clinical pregnancy, live birth."""

    __tablename__ = "cycle_outcomes"

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id"), unique=True)
    transfer: Mapped[str] = mapped_column(String(10), default="unknown")
    transfer_on: Mapped[date | None] = mapped_column(Date)
    pregnancy_test: Mapped[str] = mapped_column(String(10), default="not_done")
    pregnancy_test_on: Mapped[date | None] = mapped_column(Date)
    clinical_pregnancy: Mapped[str] = mapped_column(String(10), default="unknown")
    clinical_pregnancy_on: Mapped[date | None] = mapped_column(Date)
    live_birth: Mapped[str] = mapped_column(String(10), default="unknown")
    live_birth_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime]
