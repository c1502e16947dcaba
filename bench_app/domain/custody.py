"""The chain-of-custody report as plain data, and its fingerprint.

A report is all text: every time is already written out in the local time of the
workstation that issued it (with its UTC offset), so the same content prints the same
anywhere. Its fingerprint is the SHA-256 of its canonical JSON (sorted keys, UTF-8,
no spaces). The PDF carries that JSON and the fingerprint in its metadata and prints
the fingerprint in every page's footer; ``issued_reports`` keeps the fingerprint of
every report the system issued. See ``services/report_verification.py`` for how a
PDF is checked against them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass

# Bumped whenever the printed layout changes, so a re-render is only compared with a
# PDF made by the same layout.
LAYOUT_VERSION = "custody-1"


@dataclass(frozen=True)
class CustodyEvent:
    at: str              # local date and time with UTC offset, as printed
    at_utc: str          # ISO 8601 UTC, for ordering
    event: str           # received, processed, assessed, frozen, placed, moved, thawed, used for ICSI, ...
    subject: str         # the sample or device code (or record) it concerns
    description: str
    performer: str       # printed name
    witness: str         # printed name, '' when the step has no witness
    location: str        # storage position, or the workstation where it was recorded
    lots: str            # material lots that touched the material
    reason: str = ""


@dataclass(frozen=True)
class CustodyItem:
    code: str
    kind: str            # 'sample' or a device type
    status: str
    position: str        # where it is now ('' when not in storage)
    detail: str


@dataclass(frozen=True)
class SignatureLine:
    printed_name: str
    signed_at: str
    meaning: str         # performed, witnessed, reviewed, approved
    record: str          # what was signed
    content_hash: str = ""


@dataclass(frozen=True)
class CustodyReport:
    report_no: int       # the issued_reports row; 0 for a preview that was not issued
    layout: str
    lab_name: str
    subject_kind: str    # 'sample', 'device' or 'patient'
    subject: str         # the code, or 'MRN …'
    patient_name: str
    patient_mrn: str
    patient_dob: str
    issued_at: str
    issued_by: str
    items: tuple[CustodyItem, ...]
    events: tuple[CustodyEvent, ...]
    signatures: tuple[SignatureLine, ...]


def canonical_json(report: CustodyReport) -> str:
    return json.dumps(dataclasses.asdict(report), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def fingerprint_of(canonical: str) -> str:
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def fingerprint(report: CustodyReport) -> str:
    return fingerprint_of(canonical_json(report))


def from_json(text: str) -> CustodyReport:
    """The report a canonical JSON describes; raises ValueError (or KeyError, TypeError) if it is not one."""
    data = json.loads(text)
    return CustodyReport(**{
        **data,
        "items": tuple(CustodyItem(**x) for x in data["items"]),
        "events": tuple(CustodyEvent(**x) for x in data["events"]),
        "signatures": tuple(SignatureLine(**x) for x in data["signatures"]),
    })
