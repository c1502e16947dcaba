"""What the worksheet service hands out: the day's rows (declared in ``domain.worksheet``,
so the report builders can read them too) and a printed document."""

from __future__ import annotations

from dataclasses import dataclass

from bench_app.domain.worksheet import (  # noqa: F401  (re-exported for the UI)
    DaySignature, ExpiringRow, FertCheckRow, FertState, OocyteRow, PatientRef, PendingWitnessRow, SampleRow, ThawRow,
    WorksheetDay,
)


@dataclass(frozen=True)
class PrintedDocument:
    """A PDF ready for preview, printing or saving."""

    content: bytes
    page_count: int
    title: str
    filename: str            # a sensible default name for 'Save as PDF'
    media_type: str = "application/pdf"
    report_no: int = 0       # its number among issued reports once issued; 0 for a preview
