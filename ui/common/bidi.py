"""Names from right-to-left scripts inside left-to-right sentences.

"الحسيني, أحمد & الحسيني, فاطمة" would be laid out as one right-to-left run, putting the
female partner first for a left-to-right reader. Wrapping each name in Unicode's first-
strong isolate keeps every name shaped in its own direction and the sentence in order.
The isolate characters are invisible; they are used on screen only, never in stored data.
"""

from __future__ import annotations

from bench_app.services.patients_dto import CoupleInfo, PatientSummary

FSI = "\u2068"  # first strong isolate
PDI = "\u2069"  # pop directional isolate


def isolate(text: str) -> str:
    return f"{FSI}{text}{PDI}" if text else text


def person(patient: PatientSummary) -> str:
    """FAMILY, Given, isolated for use inside a sentence."""
    return isolate(patient.listing_name)


def couple_title(couple: CoupleInfo) -> str:
    if couple.female is None:
        return f"{person(couple.male)} (no female partner)"
    return f"{person(couple.male)} & {person(couple.female)}"
