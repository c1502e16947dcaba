"""Reads the codes and dates that name records to people (see ``domain.record_titles``)."""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from bench_app.domain.record_titles import cycle_title, opu_title, procedure_title, thaw_title
from bench_app.persistence.models import (
    Couple, CryoDevice, Cycle, OocyteRetrieval, Patient, RetrievalProcedure, ThawEvent, thaw_event_devices,
)


def cycle_titles(s: Session, cycle_ids: Iterable[int | None], *, translate: bool = True) -> dict[int, str]:
    ids = {i for i in cycle_ids if i is not None}
    if not ids:
        return {}
    return {c.id: cycle_title(c.cycle_type, c.start_date, translate=translate)
            for c in s.execute(select(Cycle).where(Cycle.id.in_(ids))).scalars()}


def thawed_codes(s: Session, thaw_ids: Iterable[int | None]) -> dict[int, list[str]]:
    ids = {i for i in thaw_ids if i is not None}
    codes: dict[int, list[str]] = defaultdict(list)
    if ids:
        for thaw_id, code in s.execute(select(thaw_event_devices.c.thaw_event_id, CryoDevice.code)
                                       .join(CryoDevice, CryoDevice.id == thaw_event_devices.c.device_id)
                                       .where(thaw_event_devices.c.thaw_event_id.in_(ids))):
            codes[thaw_id].append(code)
    return codes


def thaw_titles(s: Session, thaw_ids: Iterable[int | None]) -> dict[int, str]:
    ids = {i for i in thaw_ids if i is not None}
    if not ids:
        return {}
    codes = thawed_codes(s, ids)
    return {t.id: thaw_title(codes[t.id], t.thawed_at)
            for t in s.execute(select(ThawEvent).where(ThawEvent.id.in_(ids))).scalars()}


def frozen_codes(s: Session, freeze_ids: Iterable[int]) -> dict[int, list[str]]:
    ids = set(freeze_ids)
    codes: dict[int, list[str]] = defaultdict(list)
    if ids:
        for freeze_id, code in s.execute(select(CryoDevice.freeze_event_id, CryoDevice.code)
                                         .where(CryoDevice.freeze_event_id.in_(ids))):
            codes[freeze_id].append(code)
    return codes


def procedure_titles(s: Session, procedure_ids: Iterable[int | None]) -> dict[int, str]:
    ids = {i for i in procedure_ids if i is not None}
    if not ids:
        return {}
    rows = s.execute(select(RetrievalProcedure.id, RetrievalProcedure.procedure_type, RetrievalProcedure.started_at,
                            Patient.mrn).join(Patient, Patient.id == RetrievalProcedure.patient_id)
                     .where(RetrievalProcedure.id.in_(ids)))
    return {i: procedure_title(kind, started, mrn) for i, kind, started, mrn in rows}


def opu_titles(s: Session, retrieval_ids: Iterable[int | None]) -> dict[int, str]:
    ids = {i for i in retrieval_ids if i is not None}
    if not ids:
        return {}
    rows = s.execute(select(OocyteRetrieval.id, OocyteRetrieval.retrieved_at, Patient.mrn)
                     .join(Cycle, Cycle.id == OocyteRetrieval.cycle_id)
                     .join(Couple, Couple.id == Cycle.couple_id)
                     .outerjoin(Patient, Patient.id == Couple.female_patient_id)
                     .where(OocyteRetrieval.id.in_(ids)))
    return {i: opu_title(at, mrn) for i, at, mrn in rows}


def record_titles(s: Session, kind: str, ids: Iterable[int]) -> dict[int, str]:
    """People's names for records of ``kind`` (procedure, thaw_event, opu, cycle); {} for kinds named by a code."""
    reader = {"procedure": procedure_titles, "thaw_event": thaw_titles, "opu": opu_titles,
              "cycle": cycle_titles}.get(kind)
    return reader(s, ids) if reader else {}
