"""Incidents: what kinds there are, and the states a supervisor moves them through.

The kind is stored as text, so a kind added later (by another part of the app, or a
newer version) is listed and printed with a readable name without a change here.
"""

from __future__ import annotations

from bench_app.domain.enums import StrEnum
from bench_app.i18n import _, format_number


class IncidentKind(StrEnum):
    WITNESS_MISMATCH = "witness_mismatch"
    WITNESS_OVERRIDE = "witness_override"
    WITNESS_REFUSED = "witness_refused"
    CODE_VOIDED = "code_voided"


class IncidentState(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"


KIND_LABELS = {
    IncidentKind.WITNESS_MISMATCH: "witness mismatch",
    IncidentKind.WITNESS_OVERRIDE: "mismatch overridden",
    IncidentKind.WITNESS_REFUSED: "witness refused",
    IncidentKind.CODE_VOIDED: "code voided",
}

MAX_RESOLUTION_LENGTH = 4000


def kind_label(kind: str) -> str:
    """A readable name for any kind, known or not ("label_reprint_refused" -> "label reprint refused")."""
    try:
        return IncidentKind(kind).label  # in the active language (domain/value_labels.py)
    except ValueError:
        return kind.replace("_", " ").strip() or "other"


def state_of(acknowledged: bool, resolved: bool) -> IncidentState:
    if resolved:
        return IncidentState.RESOLVED
    return IncidentState.ACKNOWLEDGED if acknowledged else IncidentState.OPEN


def resolution_error(text: str) -> str | None:
    text = (text or "").strip()
    if not text:
        return _("Say how the incident was resolved.")
    if len(text) > MAX_RESOLUTION_LENGTH:
        return _("A resolution has at most {count} characters.").format(count=format_number(MAX_RESOLUTION_LENGTH))
    return None
