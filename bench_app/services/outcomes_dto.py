"""Plain, frozen views of the outcomes records (work-up, treatments, cycle outcome, attempt).

The indicator DTOs live in bench_app.domain.outcomes_report (reports read them) and are named here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bench_app.domain.outcomes import (
    Answer, Histology, HistoryAnswer, Karyotype, PregnancyTest, TreatmentKind, YMicrodeletion, te2_ratio,
)
from bench_app.domain.outcomes_report import (  # noqa: F401 - the indicator DTOs, named with the others
    IndicatorRecords, IndicatorValue, OutcomesReport, RecordRef, ReferenceLine,
)


@dataclass(frozen=True)
class WorkupInfo:
    id: int
    diagnosis_id: int
    patient_id: int
    hormones_on: date | None
    fsh_iu_l: float | None
    lh_iu_l: float | None
    testosterone_nmol_l: float | None
    estradiol_pmol_l: float | None
    volumes_on: date | None
    volume_left_ml: float | None
    volume_right_ml: float | None
    karyotype: Karyotype
    y_microdeletion: YMicrodeletion
    histology: Histology
    histology_on: date | None
    cryptorchidism: HistoryAnswer
    chemo_radiation: HistoryAnswer
    steroid_use: HistoryAnswer
    varicocele: HistoryAnswer
    notes: str
    recorded_at: datetime

    @property
    def te2_ratio(self) -> float | None:
        return te2_ratio(self.testosterone_nmol_l, self.estradiol_pmol_l)


@dataclass(frozen=True)
class TreatmentInfo:
    id: int
    patient_id: int
    treatment: TreatmentKind
    started_on: date
    ended_on: date | None
    detail: str
    recorded_at: datetime


@dataclass(frozen=True)
class OutcomeInfo:
    id: int
    cycle_id: int
    transfer: Answer
    transfer_on: date | None
    pregnancy_test: PregnancyTest
    pregnancy_test_on: date | None
    clinical_pregnancy: Answer
    clinical_pregnancy_on: date | None
    live_birth: Answer
    live_birth_on: date | None
    notes: str
    recorded_at: datetime


@dataclass(frozen=True)
class AttemptInfo:
    """A retrieval's place in the man's history, derived from his earlier procedures."""

    procedure_id: int
    number: int
    earlier: int
    earlier_positive: bool
    label: str


