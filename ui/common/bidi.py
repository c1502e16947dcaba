"""Names from right-to-left scripts inside left-to-right sentences.

"الحسيني, أحمد & الحسيني, فاطمة" would be laid out as one right-to-left run, putting the
female partner first for a left-to-right reader. Wrapping each name in Unicode's first-
strong isolate keeps every name shaped in its own direction and the sentence in order.
The isolate characters are invisible; they are used for what is shown, never in stored data.
The helper itself is the core's (``bench_app.i18n.isolate``, which the printed documents use too);
it is named here again only for the screens that import it from this module.
"""

from __future__ import annotations

from bench_app.i18n import FSI, PDI, _, isolate, isolated
from bench_app.services.patients_dto import CoupleInfo, PatientSummary

__all__ = ["FSI", "PDI", "couple_title", "isolate", "isolated", "patient_identity", "person"]


def person(patient: PatientSummary) -> str:
    """FAMILY, Given, isolated for use inside a sentence."""
    return isolate(patient.listing_name)


def patient_identity(name: str, mrn: str) -> str:
    """"NAME (MRN 123)" with the name and the MRN each isolated, for a dialog's header or title."""
    return isolated(_("{name} (MRN {mrn})"), name=name, mrn=mrn)


def couple_title(couple: CoupleInfo) -> str:
    if couple.female is None:
        return _("{name} (no female partner)").format(name=person(couple.male))
    return f"{person(couple.male)} & {person(couple.female)}"
