"""Which record a Today row opens: the code it names (sample, device, oocyte), else its patient."""

from __future__ import annotations

from bench_app.domain.codes import looks_like_code
from bench_app.services.worksheet_dto import (
    ExpiringRow, FertCheckRow, OocyteRow, PendingWitnessRow, SampleRow, ThawRow,
)


def record_text(row) -> str:
    """What to resolve as if it had been scanned: a code when the row names one, else the MRN."""
    if isinstance(row, (FertCheckRow, OocyteRow)):
        return row.oocyte_code
    if isinstance(row, SampleRow) and row.sample_code:
        return row.sample_code
    if isinstance(row, ThawRow) and row.device_codes:
        return row.device_codes[0]
    if isinstance(row, ExpiringRow):
        return row.code
    first = row.subject.split()[0].rstrip(",") if isinstance(row, PendingWitnessRow) and row.subject else ""
    if looks_like_code(first):   # a sample's code, or the first of a freeze's or thaw's devices
        return first
    return row.patient.mrn
