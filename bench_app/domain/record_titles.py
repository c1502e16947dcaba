"""How a record is named to people: by its codes, dates and kind, never by a database number.

"cycle #45" or "thaw #5" means nothing at the bench or on a printed report read years
later (and numbers differ between a lab's databases). A cycle is its kind and start date,
a thaw or a freeze the codes of its devices, an ICSI session its date and time.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Iterable

from bench_app.i18n import _, _l, isolated

CYCLE_KIND = {
    "icsi": _l("ICSI"),
    "sperm_banking": _l("sperm banking"),
    "surgical_retrieval": _l("surgical retrieval"),
    "frozen_sperm_icsi": _l("ICSI with frozen sperm"),
}


def cycle_title(cycle_type: str, start_date: date, *, translate: bool = True) -> str:
    """'ICSI cycle started 2026-12-06'; ``translate=False``: the English words, for what a signature fingerprints
    (the worksheet's rows), which must read the same in every language."""
    if not translate:
        kind = CYCLE_KIND.get(cycle_type)
        return "{kind} cycle started {date}".format(
            kind=kind.message if kind is not None else cycle_type.replace("_", " "), date=start_date.isoformat())
    return isolated(_("{kind} cycle started {date}"),
        kind=CYCLE_KIND.get(cycle_type, cycle_type.replace("_", " ")), date=start_date.isoformat())


def codes_text(codes: Iterable[str]) -> str:
    """Device codes, sorted and comma-separated ('D-7K3M9Q-X, D-8GKRPZ-4'), or 'no device'."""
    codes = sorted(codes)
    return ", ".join(codes) if codes else _("no device")


def local_minute(moment: datetime) -> str:
    return f"{moment.astimezone():%Y-%m-%d %H:%M}"


def thaw_title(codes: Iterable[str], thawed_at: datetime) -> str:
    """'D-7K3M9Q-X thawed 2026-12-06 09:40'."""
    return isolated(_("{codes} thawed {when}"), codes=codes_text(codes), when=local_minute(thawed_at))


def icsi_session_title(started_at: datetime, *, translate: bool = True) -> str:
    if not translate:  # as cycle_title
        return "ICSI started {when}".format(when=local_minute(started_at))
    return isolated(_("ICSI started {when}"), when=local_minute(started_at))


def procedure_title(procedure_type: str, started_at: datetime, mrn: str) -> str:
    """'micro-TESE 2026-12-06 09:10, MRN 431035'."""
    return isolated(_("{procedure} {when}, MRN {mrn}"), procedure=procedure_type, when=local_minute(started_at), mrn=mrn)


def opu_title(retrieved_at: datetime, mrn: str | None) -> str:
    """'Oocyte retrieval 2026-12-06 08:30, MRN 431050' (the woman's)."""
    if mrn:
        return isolated(_("Oocyte retrieval {when}, MRN {mrn}"), when=local_minute(retrieved_at), mrn=mrn)
    return isolated(_("Oocyte retrieval {when}"), when=local_minute(retrieved_at))
