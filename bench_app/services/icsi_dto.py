"""Plain views of OPUs, oocytes, ICSI sessions, injections, fertilization checks and summaries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bench_app.domain.enums import FertilizationResult, Maturity, SpermMotility, SpermSourceKind, ViabilityTest
from bench_app.domain.indicators import CHECK_PENDING, Benchmark, Rate


@dataclass(frozen=True)
class OpuInfo:
    id: int
    cycle_id: int
    retrieved_at: datetime
    cocs_retrieved: int
    embryologist: str
    denuded_at: datetime | None
    notes: str
    dish_code: str = ""   # empty for a retrieval recorded before dishes had codes


@dataclass(frozen=True)
class SpermSourceInfo:
    """Where a session's sperm came from, with the links to open it."""

    kind: SpermSourceKind
    label: str  # e.g. "fresh testicular (micro-TESE) S-7K3M9Q-X"
    source_class: str  # "fresh testicular", "frozen testicular", "ejaculate", ...
    sample_id: int | None
    sample_code: str | None
    procedure_id: int | None
    thaw_event_id: int | None
    device_ids: tuple[int, ...]
    device_codes: tuple[str, ...]
    procedure_type: str = ""  # the fresh sample's procedure (a code, 'micro-TESE'), '' otherwise


@dataclass(frozen=True)
class SessionInfo:
    id: int
    cycle_id: int
    retrieval_id: int
    started_at: datetime
    operator: str
    witnessed_by: str | None
    source: SpermSourceInfo
    notes: str


@dataclass(frozen=True)
class OocyteRow:
    """One oocyte across the whole ICSI day: maturity, injection and fertilization check."""

    id: int
    code: str
    retrieval_id: int
    number: int
    maturity: Maturity | None
    injected: bool
    session_id: int | None
    injected_at: datetime | None
    injected_by: str | None
    sperm_motility: SpermMotility | None
    viability_test: ViabilityTest | None
    techniques: tuple[str, ...]
    damaged: bool
    non_mii_reason: str
    checked_at: datetime | None
    checked_by: str | None
    result: FertilizationResult | None
    polar_bodies: int | None
    hours_at_check: float | None
    outside_window: bool
    window_reason: str

    def hours_since_injection(self, now: datetime) -> float | None:
        if self.injected_at is None:
            return None
        return (now - self.injected_at).total_seconds() / 3600.0


@dataclass(frozen=True)
class IcsiGrid:
    cycle_id: int
    couple_title: str
    female_mrn: str
    male_mrn: str
    opus: tuple[OpuInfo, ...]
    sessions: tuple[SessionInfo, ...]
    oocytes: tuple[OocyteRow, ...]


PENDING_VERDICT = CHECK_PENDING  # a verdict code (indicators.verdict_text gives its words)


@dataclass(frozen=True)
class Indicator:
    benchmark: Benchmark
    rate: Rate
    pending: int = 0  # injected oocytes whose fertilization check is not done yet

    @property
    def verdict(self) -> str:
        if self.pending:  # a rate over part of the oocytes would be judged too early
            return PENDING_VERDICT
        return self.benchmark.verdict(self.rate)


@dataclass(frozen=True)
class CycleSummary:
    cycle_id: int
    cocs: int
    mii: int
    injected: int
    mii_injected: int
    damaged: int
    pn2: int
    pn1: int
    pn3: int
    checked: int
    checks_in_window: int
    sperm_sources: tuple[str, ...]
    indicators: tuple[Indicator, ...]
