"""The day's work list: one plain structure for the printed worksheet and the Today screen.

Rows carry the patient's name and MRN each, so any row read alone (or any page torn
off) still says whose material it is. Times are aware UTC datetimes; the screen and
the printout show them in local time.

Fertilization is checked 16-18 hours after injection (17 +/- 1 h is the target);
``fert_state`` says where a check stands against that window at a moment.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from bench_app.domain.enums import StrEnum
from bench_app.domain.nitrogen import TankAlert
from bench_app.domain.storage import content_fingerprint
from bench_app.i18n import _, _l, isolated

FERT_WINDOW_OPENS = timedelta(hours=16)
FERT_WINDOW_CLOSES = timedelta(hours=18)


class FertState(StrEnum):
    NOT_YET = "not yet due"          # the window has not opened
    DUE = "due now"                  # the window is open and no check is recorded
    OVERDUE = "overdue"              # the window closed without a check
    IN_WINDOW = "checked in window"
    OUTSIDE_WINDOW = "checked outside window"


def fert_window(injected_at: datetime) -> tuple[datetime, datetime]:
    return injected_at + FERT_WINDOW_OPENS, injected_at + FERT_WINDOW_CLOSES


def fert_state(injected_at: datetime, checked_at: datetime | None, now: datetime) -> FertState:
    opens, closes = fert_window(injected_at)
    if checked_at is not None:
        return FertState.IN_WINDOW if opens <= checked_at <= closes else FertState.OUTSIDE_WINDOW
    if now > closes:
        return FertState.OVERDUE
    return FertState.DUE if now >= opens else FertState.NOT_YET


@dataclass(frozen=True)
class PatientRef:
    name: str        # 'FAMILY, Given'
    mrn: str

    @property
    def text(self) -> str:
        """'NAME (MRN 123)' in the active language, the name and the MRN each isolated (``isolate``)."""
        return isolated(_("{name} (MRN {mrn})"), name=self.name, mrn=self.mrn)


@dataclass(frozen=True)
class SampleRow:
    """One received sample of a sperm retrieval (or the procedure, while it has none)."""

    procedure_id: int
    procedure_type: str
    started_at: datetime
    surgeon: str
    patient: PatientRef
    sample_code: str             # '' while no sample has been received
    sample_number: int | None
    description: str             # 'biopsy · left · site 2'
    received_at: datetime | None
    received_by: str
    receipt_witness: str         # '' when the receipt has no witness record
    finding: str                 # 'sperm found: 5 motile, 9 immotile', 'no sperm seen', 'not searched yet'
    disposition: str


@dataclass(frozen=True)
class OocyteRow:
    """One oocyte of an OPU done (or injected) that day."""

    retrieval_id: int
    retrieved_at: datetime
    patient: PatientRef          # the woman whose oocytes they are
    partner: PatientRef | None
    cocs: int
    oocyte_code: str
    number: int
    maturity: str
    injected_at: datetime | None
    injected_by: str
    sperm_source: str            # 'fresh S-…' or 'thaw #12 (D-…)'
    damaged: bool
    fertilization: str           # the check's result, or ''


@dataclass(frozen=True)
class FertCheckRow:
    oocyte_code: str
    patient: PatientRef
    injected_at: datetime
    window_opens: datetime
    window_closes: datetime
    checked_at: datetime | None
    checked_by: str
    result: str
    state: FertState

    @property
    def needs_attention(self) -> bool:
        return self.state in (FertState.OVERDUE, FertState.OUTSIDE_WINDOW)


@dataclass(frozen=True)
class ThawRow:
    thaw_id: int
    thawed_at: datetime
    patient: PatientRef
    device_codes: tuple[str, ...]
    cycle_id: int | None
    operator: str
    witness: str
    outcome: str
    cycle: str = ""        # the cycle served, as people name it ("ICSI cycle started 2026-12-06")


@dataclass(frozen=True)
class ExpiringRow:
    code: str
    patient: PatientRef
    position: str
    storage_expiry: date
    days_left: int


# The steps waiting for a witness, as the records name them (English: the day's fingerprint covers them, so a
# sign-off matches in every language), and as the screens and the printed sheet say them.
PENDING_STEP_TEXT = {
    "sample receipt": _l("sample receipt"),
    "processing start": _l("processing start"),
    "device loading (freeze)": _l("device loading (freeze)"),
    "device placement": _l("device placement"),
    "device move": _l("device move"),
    "thaw": _l("thaw"),
    "ICSI source match": _l("ICSI source match"),
    "discard (second signature)": _l("discard (second signature)"),
}
PENDING_NOTE_TEXT = {"sperm source ↔ oocyte dish ↔ patient": _l("sperm source ↔ oocyte dish ↔ patient")}


def pending_step_text(step: str) -> str:
    """A waiting step's name in the active language (the record keeps the English one)."""
    return str(PENDING_STEP_TEXT.get(step, step))


def pending_note_text(note: str) -> str:
    return str(PENDING_NOTE_TEXT.get(note, note))


@dataclass(frozen=True)
class PendingWitnessRow:
    """A critical step recorded without its witness record, or a discard awaiting its second signature."""

    at: datetime
    patient: PatientRef
    step: str
    subject: str                 # the code or record concerned
    performer: str
    note: str

    @property
    def key(self) -> str:
        """Names this open item at sign-off, where it needs its own reason."""
        return f"{self.step}: {self.subject}"


@dataclass(frozen=True)
class DaySignature:
    printed_name: str
    signed_at: datetime
    meaning: str
    content_hash: str
    matches_current: bool        # the sheet's content is what was signed
    # Steps still waiting for a witness when it was signed, each with the signer's reason.
    open_items: tuple[str, ...] = ()


@dataclass(frozen=True)
class WorksheetDay:
    day: date
    lab_name: str
    generated_at: datetime
    generated_by: str            # printed name of who asked for it
    samples: tuple[SampleRow, ...]
    oocytes: tuple[OocyteRow, ...]
    fert_checks: tuple[FertCheckRow, ...]
    thaws: tuple[ThawRow, ...]
    expiring: tuple[ExpiringRow, ...]
    pending_witness: tuple[PendingWitnessRow, ...]
    signatures: tuple[DaySignature, ...] = ()
    expired_before: date | None = None   # the expired devices listed are those from this date on
    expired_earlier: int = 0             # stored devices that expired before it, not listed
    expired_earlier_capped: bool = False  # the count stopped at its cap: "1,000 or more"
    # Nitrogen alerts and audits due, as of printing (not part of what a sign-off covers).
    tank_alerts: tuple[TankAlert, ...] = ()

    @property
    def expired_earlier_text(self) -> str:
        """'' or e.g. 'not listed: 12 stored devices expired before 1 Nov 2026, see Cryo storage, Expired'."""
        if not self.expired_earlier or self.expired_before is None:
            return ""
        since = self.expired_before
        many = f"{self.expired_earlier:,} or more" if self.expired_earlier_capped else f"{self.expired_earlier:,}"
        return (f"not listed: {many} stored device{'s' * (self.expired_earlier != 1)} expired before "
                f"{since.day} {since:%b %Y}, see Cryo storage, Expired")

    @property
    def patients(self) -> tuple[PatientRef, ...]:
        seen: dict[str, PatientRef] = {}
        for rows in (self.samples, self.oocytes, self.fert_checks, self.thaws, self.expiring, self.pending_witness):
            for row in rows:
                seen.setdefault(row.patient.mrn, row.patient)
        return tuple(seen.values())

    @property
    def overdue_checks(self) -> int:
        return sum(1 for r in self.fert_checks if r.state == FertState.OVERDUE)


_MOMENT_FIELDS = {"state", "days_left"}   # what changes with the clock, not with the record


def signable_content(day: WorksheetDay) -> dict[str, Any]:
    """What a sign-off covers: the day's records, not who printed them or the time of printing."""
    def strip(value: Any) -> Any:  # dataclasses.asdict deep-copies and is slow on a busy day
        if dataclasses.is_dataclass(value):
            return {f.name: strip(getattr(value, f.name)) for f in dataclasses.fields(value)
                    if f.name not in _MOMENT_FIELDS}
        if isinstance(value, tuple):
            return [strip(v) for v in value]
        return value

    return {"day": day.day.isoformat(),
            **{name: [strip(r) for r in getattr(day, name)]
               for name in ("samples", "oocytes", "fert_checks", "thaws", "pending_witness")}}


def worksheet_fingerprint(day: WorksheetDay) -> str:
    return content_fingerprint(signable_content(day))
