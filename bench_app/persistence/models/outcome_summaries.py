"""Summaries the outcomes figures sum instead of the raw records: one row per retrieval procedure,
per ICSI dish and injecting embryologist, and per OPU.

They hold nothing of their own: each row is what its records give, recomputed by the services that
change those records, in the same transaction (bench_app.persistence.outcome_summaries), and
filled by migration 0012 for the records made before it. Twenty years hold a million injected
oocytes and a quarter of a million biopsies; their summaries are a few hundred thousand short rows.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer
from sqlalchemy.orm import Mapped, mapped_column

from bench_app.persistence.base import Base


class ProcedureOutcomeSummary(Base):
    """A retrieval procedure's samples, those searched and those with sperm, and whether its sperm served a
    cycle with a clinical pregnancy (fresh, frozen then thawed, or its own cycle's)."""

    __tablename__ = "procedure_outcome_summaries"

    procedure_id: Mapped[int] = mapped_column(ForeignKey("retrieval_procedures.id"), primary_key=True)
    samples: Mapped[int] = mapped_column(Integer, default=0)
    samples_searched: Mapped[int] = mapped_column(Integer, default=0)
    samples_positive: Mapped[int] = mapped_column(Integer, default=0)
    pregnant: Mapped[int] = mapped_column(Integer, default=0)
    # Time to first sperm: of the samples searched (a search step) with sperm found, the one whose first
    # sperm came first: its search's start and that first finding (None when there is none).
    search_started_at: Mapped[datetime | None]
    first_sperm_at: Mapped[datetime | None]


class DishOutcomeSummary(Base):
    """An ICSI dish's injections by one embryologist, summed: injected, damaged, MII injected, 2PN,
    1PN, checked and checked in the 16-18 h window. Counted in the period of its first injection."""

    __tablename__ = "dish_outcome_summaries"
    __table_args__ = (Index("ix_dish_outcome_summaries_first_injected_at", "first_injected_at"),)

    session_id: Mapped[int] = mapped_column(ForeignKey("icsi_sessions.id"), primary_key=True)
    injected_by: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    first_injected_at: Mapped[datetime]
    injected: Mapped[int] = mapped_column(Integer, default=0)
    damaged: Mapped[int] = mapped_column(Integer, default=0)
    mii_injected: Mapped[int] = mapped_column(Integer, default=0)
    pn2: Mapped[int] = mapped_column(Integer, default=0)
    pn1: Mapped[int] = mapped_column(Integer, default=0)
    checked: Mapped[int] = mapped_column(Integer, default=0)
    in_window: Mapped[int] = mapped_column(Integer, default=0)


class OpuOutcomeSummary(Base):
    """An OPU's MII oocytes (its COCs are on the OPU itself)."""

    __tablename__ = "opu_outcome_summaries"

    retrieval_id: Mapped[int] = mapped_column(ForeignKey("oocyte_retrievals.id"), primary_key=True)
    mii: Mapped[int] = mapped_column(Integer, default=0)
