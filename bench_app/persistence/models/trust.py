"""Reserved codes (labels printed before the record exists) and devices put up for review."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bench_app.persistence.base import Base


class ReservedCode(Base):
    """A code handed out before its record exists, e.g. a straw label printed before loading.

    It is used when the record takes it, or voided with a reason; never handed out again.
    """

    __tablename__ = "reserved_codes"

    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    kind: Mapped[str] = mapped_column(String(2))
    patient_id: Mapped[int | None] = mapped_column(ForeignKey("patients.id"))
    reserved_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reserved_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    voided_at: Mapped[datetime | None]
    voided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    void_reason: Mapped[str] = mapped_column(Text, default="")


class DeviceReview(Base):
    """A stored device a supervisor must decide on, e.g. after its patient withdrew consent."""

    __tablename__ = "device_reviews"
    __table_args__ = (Index("ix_device_reviews_device_id", "device_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("cryo_devices.id"))
    consent_id: Mapped[int | None] = mapped_column(ForeignKey("consents.id"))
    reason: Mapped[str] = mapped_column(Text)
    flagged_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    flagged_at: Mapped[datetime]
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    closed_at: Mapped[datetime | None]
    outcome: Mapped[str] = mapped_column(Text, default="")
