"""What the custody service hands out: the report (declared in ``domain.custody`` so the PDF
builder can read it), an issued PDF, and the verdict on a PDF someone brings back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bench_app.domain.custody import CustodyEvent, CustodyItem, CustodyReport, SignatureLine  # noqa: F401


@dataclass(frozen=True)
class IssuedDocument:
    content: bytes
    page_count: int
    report_no: int
    fingerprint: str          # SHA-256 of the canonical content, printed in the footer
    title: str
    filename: str
    media_type: str = "application/pdf"


VERIFIED = "verified"                  # the issued file's exact bytes, signature intact
SIGNED_DIFFERENT = "signed-different"  # the lab's signature holds for what it covers; the file differs
CONTENT_ONLY = "content-only"          # the text reads as issued; the bytes differ
REJECTED = "rejected"


@dataclass(frozen=True)
class Verification:
    ok: bool
    verdict: str              # one sentence for a person
    problems: tuple[str, ...]
    fingerprint: str = ""
    report_no: int | None = None
    subject: str = ""
    issued_at: datetime | None = None
    issued_by: str = ""
    exact_copy: bool = False  # byte for byte the file that was issued
    level: str = REJECTED     # one of the levels above; only VERIFIED is ok
