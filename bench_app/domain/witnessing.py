"""Which steps are critical (DOMAIN.md section 3) and must carry a witness record."""

from __future__ import annotations

from bench_app.domain.enums import StrEnum


class CriticalStep(StrEnum):
    SAMPLE_RECEIPT = "sample_receipt"
    CONTAINER_TRANSFER = "container_transfer"
    PROCESSING_START = "processing_start"
    ICSI_SOURCE_MATCH = "icsi_source_match"
    DEVICE_LOADING = "device_loading"
    DEVICE_PLACEMENT = "device_placement"
    DEVICE_MOVE = "device_move"
    THAW = "thaw"
    DISCARD = "discard"
    INVENTORY_AUDIT = "inventory_audit"


CRITICAL_STEPS = frozenset(s.value for s in CriticalStep)


def is_critical(step: str) -> bool:
    return step in CRITICAL_STEPS


def procedure_scope(procedure_id: int | None, patient_id: int) -> str:
    """The continuous-witnessing scope of a step: its retrieval procedure (else its patient)."""
    return f"retrieval_procedures:{procedure_id}" if procedure_id is not None else f"patients:{patient_id}"
