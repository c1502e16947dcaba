"""Plain views of retrieval procedures, samples, steps, findings and the 'Sperm found?' panel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bench_app.domain.enums import (
    Anaesthesia, AzoospermiaType, CountBasis, Disposition, PlannedUse, ProcedureType, ProcessingStepKind,
    SampleKind, SampleStatus, Side, TubuleAppearance, ViabilityTest,
)
from bench_app.i18n import _, ngettext
from bench_app.services.patients_dto import PatientSummary


@dataclass(frozen=True)
class ProcedureInfo:
    id: int
    patient: PatientSummary
    cycle_id: int | None
    procedure_type: ProcedureType
    started_at: datetime
    surgeon: str
    anaesthesia: Anaesthesia
    side: Side
    indication: AzoospermiaType
    planned_use: PlannedUse
    notes: str
    created_by: str


@dataclass(frozen=True)
class StepInfo:
    id: int
    kind: ProcessingStepKind
    started_at: datetime
    ended_at: datetime | None
    operator: str
    medium_lot: str
    enzyme: str
    enzyme_concentration: str
    minutes: int | None
    temperature_c: float | None
    witnessed_by: str | None
    notes: str


@dataclass(frozen=True)
class FindingInfo:
    id: int
    assessed_at: datetime
    assessor: str
    sperm_found: bool
    count_seen: int | None
    count_basis: CountBasis
    progressive: int
    non_progressive: int
    twitching: int
    immotile: int
    viability_test: ViabilityTest
    viability_result: str
    elongated_spermatids: bool
    notes: str

    @property
    def motile(self) -> int:
        return self.progressive + self.non_progressive + self.twitching


@dataclass(frozen=True)
class SampleInfo:
    id: int
    code: str
    procedure_id: int | None
    patient_id: int
    sample_number: int
    kind: SampleKind
    side: str
    site: str
    tubule_appearance: TubuleAppearance
    wet_weight_mg: float | None
    transport_medium_lot: str
    received_at: datetime
    received_by: str
    receipt_witnessed_by: str | None
    status: SampleStatus
    disposition: Disposition
    disposition_cycle_id: int | None
    disposition_note: str
    steps: tuple[StepInfo, ...] = ()
    findings: tuple[FindingInfo, ...] = ()

    @property
    def searched(self) -> bool:
        return bool(self.findings)

    @property
    def positive(self) -> bool:
        return any(f.sperm_found for f in self.findings)

    @property
    def latest_finding(self) -> FindingInfo | None:
        return self.findings[-1] if self.findings else None

    @property
    def search_started_at(self) -> datetime | None:
        starts = [s.started_at for s in self.steps if s.kind == ProcessingStepKind.SEARCH]
        return min(starts) if starts else None

    @property
    def first_sperm_at(self) -> datetime | None:
        times = [f.assessed_at for f in self.findings if f.sperm_found]
        return min(times) if times else None

    @property
    def minutes_to_first_sperm(self) -> float | None:
        """From the start of the search to the first finding with sperm."""
        start, first = self.search_started_at, self.first_sperm_at
        if start is None or first is None:
            return None
        return max(0.0, (first - start).total_seconds() / 60.0)


@dataclass(frozen=True)
class SpermFoundPanel:
    """What the surgeon in theatre asks: found yet, where, how many moving."""

    samples_received: int
    samples_searched: int
    samples_positive: int
    first_sperm_at: datetime | None
    first_sperm_sample: str | None
    minutes_to_first_sperm: float | None
    motile_so_far: int
    immotile_so_far: int

    @property
    def sperm_found(self) -> bool:
        return self.samples_positive > 0

    @property
    def headline(self) -> str:
        """Made when read, so in the language of the screen showing it."""
        count = self.samples_received
        if count == 0:
            return _("No samples received yet")
        if self.sperm_found:
            return ngettext("SPERM FOUND: {positive} of {count} samples positive",
                            "SPERM FOUND: {positive} of {count} samples positive", count).format(
                positive=self.samples_positive, count=count)
        if self.samples_searched == 0:
            return ngettext("Searching: {count} samples received, none searched yet",
                            "Searching: {count} samples received, none searched yet", count).format(count=count)
        return ngettext("No sperm yet: {searched} of {count} samples searched",
                        "No sperm yet: {searched} of {count} samples searched", count).format(
            searched=self.samples_searched, count=count)


@dataclass(frozen=True)
class ProcedureDetail:
    procedure: ProcedureInfo
    samples: tuple[SampleInfo, ...]
    panel: SpermFoundPanel

    @property
    def sperm_found(self) -> bool:
        """The procedure's outcome, derived from its samples and never typed."""
        return self.panel.sperm_found


@dataclass(frozen=True)
class ProcedureRow:
    id: int
    started_at: datetime
    procedure_type: ProcedureType
    patient_name: str
    mrn: str
    surgeon: str
    samples: int
    samples_positive: int
    samples_searched: int

    @property
    def outcome(self) -> str:
        if self.samples == 0:
            return "awaiting samples"
        if self.samples_positive:
            return f"sperm found ({self.samples_positive}/{self.samples})"
        if self.samples_searched < self.samples:
            return f"searching ({self.samples_searched}/{self.samples} searched)"
        return "no sperm found"


def build_panel(samples: tuple[SampleInfo, ...]) -> SpermFoundPanel:
    positives = [s for s in samples if s.positive]
    first = min(positives, key=lambda s: s.first_sperm_at) if positives else None
    latest = [s.latest_finding for s in samples if s.latest_finding is not None]
    return SpermFoundPanel(
        samples_received=len(samples),
        samples_searched=sum(1 for s in samples if s.searched),
        samples_positive=len(positives),
        first_sperm_at=first.first_sperm_at if first else None,
        first_sperm_sample=first.code if first else None,
        minutes_to_first_sperm=first.minutes_to_first_sperm if first else None,
        motile_so_far=sum(f.motile for f in latest),
        immotile_so_far=sum(f.immotile for f in latest),
    )
