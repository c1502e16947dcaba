"""Users of the app, patients and couples."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bench_app.persistence.base import Base


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    pin_hash: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    failed_pin_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    last_sign_in_at: Mapped[datetime | None]
    created_at: Mapped[datetime]


class Patient(Base):
    """A person whose material the lab handles. Names are kept as typed, in any script."""

    __tablename__ = "patients"
    # Name prefix searches read their first rows in the order they list them, without a sort.
    __table_args__ = (
        Index("ix_patients_family_key_given_key", "family_key", "given_key"),
        Index("ix_patients_given_key_family_key", "given_key", "family_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mrn: Mapped[str] = mapped_column(String(40), unique=True)
    family_name: Mapped[str] = mapped_column(String(120))
    given_names: Mapped[str] = mapped_column(String(160))
    # Case- and accent-folded copies of the names, for prefix search in any script.
    family_key: Mapped[str] = mapped_column(String(120))
    given_key: Mapped[str] = mapped_column(String(160))
    date_of_birth: Mapped[date] = mapped_column(Date)
    sex: Mapped[str] = mapped_column(String(10))
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    # The language the name is written in (BCP 47, e.g. "tr"), for its capitals; "" is the lab's language.
    name_language: Mapped[str] = mapped_column(String(12), default="", server_default="")


class Couple(Base):
    """A treatment unit: a man and, unless he is banking sperm alone, his female partner."""

    __tablename__ = "couples"
    __table_args__ = (
        Index("ix_couples_male_patient_id", "male_patient_id"),
        Index("ix_couples_female_patient_id", "female_patient_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    male_patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    female_patient_id: Mapped[int | None] = mapped_column(ForeignKey("patients.id"))
    created_at: Mapped[datetime]
