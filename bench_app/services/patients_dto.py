"""Plain, frozen views of patients, couples, cycles, diagnoses and consents."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bench_app.domain.enums import AzoospermiaType, CycleStatus, CycleType, Sex
from bench_app.domain.names import full_name, listing_of


@dataclass(frozen=True)
class PatientSummary:
    id: int
    mrn: str
    family_name: str
    given_names: str
    date_of_birth: date
    sex: Sex
    name_language: str = ""   # the language the name is written in, for its capitals ('' = default rules)

    @property
    def full_name(self) -> str:
        return full_name(self.given_names, self.family_name)

    @property
    def listing_name(self) -> str:
        return listing_of(self)


@dataclass(frozen=True)
class DiagnosisInfo:
    id: int
    patient_id: int
    azoospermia_type: AzoospermiaType
    etiology: str
    diagnosed_on: date | None
    notes: str
    recorded_at: datetime


@dataclass(frozen=True)
class ConsentInfo:
    id: int
    patient_id: int
    permitted_uses: tuple[str, ...]
    signed_on: date
    storage_expiry: date | None
    withdrawn_on: date | None
    notes: str

    def allows(self, use: str, on: date) -> bool:
        if self.withdrawn_on is not None and self.withdrawn_on <= on:
            return False
        if self.storage_expiry is not None and self.storage_expiry < on:
            return False
        return use in self.permitted_uses


@dataclass(frozen=True)
class CycleInfo:
    id: int
    couple_id: int
    cycle_type: CycleType
    status: CycleStatus
    start_date: date
    notes: str


@dataclass(frozen=True)
class CoupleInfo:
    id: int
    male: PatientSummary
    female: PatientSummary | None

    @property
    def title(self) -> str:
        if self.female is None:
            return f"{self.male.listing_name} (no female partner)"
        return f"{self.male.listing_name} & {self.female.listing_name}"


@dataclass(frozen=True)
class CycleListing:
    """A cycle with its couple, for day lists such as Today."""

    cycle: CycleInfo
    couple: CoupleInfo


@dataclass(frozen=True)
class CoupleDetail:
    couple: CoupleInfo
    cycles: tuple[CycleInfo, ...]
    diagnoses: tuple[DiagnosisInfo, ...]
    consents: tuple[ConsentInfo, ...]


@dataclass(frozen=True)
class PatientDetail:
    patient: PatientSummary
    notes: str
    couples: tuple[CoupleInfo, ...]
    diagnoses: tuple[DiagnosisInfo, ...]
    consents: tuple[ConsentInfo, ...]
