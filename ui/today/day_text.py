"""How Today writes times and people: clock times for the day shown, dates only for other days."""

from __future__ import annotations

from datetime import date, datetime

from bench_app.domain.clock import to_local
from bench_app.i18n import _, isolated
from bench_app.services.worksheet_dto import PatientRef
from ui.common.bidi import isolate


def at(value: datetime | None, day: date | None = None) -> str:
    """"14:05" on ``day``, "19 Nov 23:40" on another day, "" for nothing."""
    local = to_local(value)
    if local is None:
        return ""
    if day is not None and local.date() == day:
        return local.strftime("%H:%M")
    return f"{local.day} {local.strftime('%b %H:%M')}"


def patient_text(patient: PatientRef | None) -> str:
    return "" if patient is None else f"{isolate(patient.name)} · {isolate(patient.mrn)}"


def by(moment: str, who: str) -> str:
    return isolated(_("{moment} by {person}"), moment=moment, person=who) if moment and who else moment or who
