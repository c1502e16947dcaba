"""Reading one day's work into worksheet rows, with a fixed number of queries per section.

"Waiting for a witness" is read from the schema: a critical step (DOMAIN.md section
3) whose row has no witness record: a sample received without a receipt witness, a
sample processed without a witnessed first step, a freeze, move, thaw or ICSI session
without its witness record; and a discard still waiting for a supervisor's second
signature. The services always witness these steps, so such rows come from imported
or corrected records, and the supervisor must see them.

Every query reads through an index on the day's times or, for those waiting rows, a
partial index holding only them (migration 0002), so a day costs the same after twenty
years as in the first week. Conditions a query shares with a partial index are written
with literal values, as SQLite needs to use it.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import exists, literal_column, select
from sqlalchemy.orm import Session

from bench_app.domain.enums import Disposition, FertilizationResult, SampleKind, SpermSourceKind
from bench_app.domain.names import listing_of
from bench_app.domain.record_titles import codes_text, icsi_session_title
from bench_app.domain.storage import DiscardStatus
from bench_app.domain.worksheet import (
    FertCheckRow, OocyteRow, PatientRef, PendingWitnessRow, SampleRow, ThawRow, fert_state, fert_window,
)
from bench_app.persistence.models import (
    Couple, CryoDevice, Cycle, DeviceMove, DiscardEvent, FertilizationCheck, FreezeEvent, IcsiSession, Injection,
    Oocyte, OocyteRetrieval, Patient, ProcessingStep, RetrievalProcedure, SpermFinding, ThawEvent, TissueSample,
    discard_event_devices, thaw_event_devices,
)
from bench_app.services.record_names import cycle_titles, frozen_codes, thawed_codes
from bench_app.services.storage_queries import user_names, witness_names

PENDING_LIMIT = 200
OVERDUE_LOOKBACK = timedelta(days=3)


def _ref(p: Patient) -> PatientRef:
    return PatientRef(listing_of(p), p.mrn)


def _patients(s: Session, ids) -> dict[int, PatientRef]:
    ids = {i for i in ids if i}
    if not ids:
        return {}
    return {p.id: _ref(p) for p in s.execute(select(Patient).where(Patient.id.in_(ids))).scalars()}


def sample_rows(s: Session, start: datetime, end: datetime) -> list[SampleRow]:
    names = user_names(s)
    procs = s.execute(select(RetrievalProcedure).where(RetrievalProcedure.started_at >= start,
                                                       RetrievalProcedure.started_at < end)
                      .order_by(RetrievalProcedure.started_at, RetrievalProcedure.id)).scalars().all()
    patients = _patients(s, [p.patient_id for p in procs])
    samples: dict[int, list[TissueSample]] = defaultdict(list)
    for x in s.execute(select(TissueSample).where(TissueSample.procedure_id.in_([p.id for p in procs]))
                       .order_by(TissueSample.sample_number)).scalars():
        samples[x.procedure_id].append(x)
    all_samples = [x for group in samples.values() for x in group]
    latest: dict[int, SpermFinding] = {}
    for f in s.execute(select(SpermFinding).where(SpermFinding.sample_id.in_([x.id for x in all_samples]))
                       .order_by(SpermFinding.assessed_at, SpermFinding.id)).scalars():
        latest[f.sample_id] = f
    witnesses = witness_names(s, [x.receipt_witness_id for x in all_samples], names)
    rows = []
    for p in procs:
        for x in samples[p.id] or [None]:
            finding = latest.get(x.id) if x else None
            rows.append(SampleRow(
                procedure_id=p.id, procedure_type=p.procedure_type, started_at=p.started_at, surgeon=p.surgeon,
                patient=patients[p.patient_id], sample_code=x.code if x else "",
                sample_number=x.sample_number if x else None,
                description=" · ".join(v for v in (SampleKind(x.kind).english, x.side, x.site) if v) if x else "",
                received_at=x.received_at if x else None,
                received_by=names.get(x.received_by, ("?", "?"))[0] if x else "",
                receipt_witness=witnesses.get(x.receipt_witness_id, "") if x else "",
                finding=_finding(finding) if x else "awaiting samples",
                disposition=Disposition(x.disposition).english if x else ""))
    return rows


def _finding(f: SpermFinding | None) -> str:
    if f is None:
        return "not searched yet"
    if not f.sperm_found:
        return "no sperm seen"
    return f"sperm found: {f.progressive + f.non_progressive + f.twitching} motile, {f.immotile} immotile"


def oocyte_rows(s: Session, start: datetime, end: datetime) -> list[OocyteRow]:
    names = user_names(s)
    # OPUs of the day, and earlier ones whose oocytes were injected that day (two indexed reads).
    ids = set(s.execute(select(OocyteRetrieval.id).where(OocyteRetrieval.retrieved_at >= start,
                                                         OocyteRetrieval.retrieved_at < end)).scalars())
    ids.update(s.execute(select(IcsiSession.retrieval_id).where(IcsiSession.started_at >= start,
                                                               IcsiSession.started_at < end)).scalars())
    opus = s.execute(select(OocyteRetrieval, Couple).join(Cycle, Cycle.id == OocyteRetrieval.cycle_id)
                     .join(Couple, Couple.id == Cycle.couple_id).where(OocyteRetrieval.id.in_(ids))
                     .order_by(OocyteRetrieval.retrieved_at, OocyteRetrieval.id)).all()
    patients = _patients(s, [c.female_patient_id for _, c in opus] + [c.male_patient_id for _, c in opus])
    oocytes = s.execute(select(Oocyte).where(Oocyte.retrieval_id.in_([o.id for o, _ in opus]))
                        .order_by(Oocyte.retrieval_id, Oocyte.number)).scalars().all()
    ids = [o.id for o in oocytes]
    injections = {i.oocyte_id: i for i in s.execute(select(Injection).where(Injection.oocyte_id.in_(ids))).scalars()}
    checks = {c.oocyte_id: c for c in s.execute(select(FertilizationCheck)
                                                .where(FertilizationCheck.oocyte_id.in_(ids))).scalars()}
    sources = sperm_sources(s, {i.session_id for i in injections.values()})
    by_opu = {o.id: (o, c) for o, c in opus}
    rows = []
    for oo in oocytes:
        opu, couple = by_opu[oo.retrieval_id]
        inj = injections.get(oo.id)
        check = checks.get(oo.id)
        woman = patients.get(couple.female_patient_id) or patients[couple.male_patient_id]
        rows.append(OocyteRow(
            retrieval_id=opu.id, retrieved_at=opu.retrieved_at, patient=woman,
            partner=patients[couple.male_patient_id] if couple.female_patient_id else None, cocs=opu.cocs_retrieved,
            oocyte_code=oo.code, number=oo.number, maturity=oo.maturity or "not assessed",
            injected_at=inj.injected_at if inj else None,
            injected_by=names.get(inj.injected_by, ("?",))[0] if inj else "",
            sperm_source=sources.get(inj.session_id, "") if inj else "", damaged=bool(inj and inj.damaged),
            fertilization=FertilizationResult(check.result).english if check else ""))  # "not assessable", not a key
    return rows


def sperm_sources(s: Session, session_ids) -> dict[int, str]:
    """'fresh S-…', 'thaw #12 (D-…, D-…)' or 'ejaculate' for each ICSI session."""
    sessions = s.execute(select(IcsiSession).where(IcsiSession.id.in_(set(session_ids)))).scalars().all()
    samples = dict(s.execute(select(TissueSample.id, TissueSample.code).where(
        TissueSample.id.in_({x.source_sample_id for x in sessions if x.source_sample_id}))).all())
    thaws: dict[int, list[str]] = defaultdict(list)
    for thaw_id, code in s.execute(select(thaw_event_devices.c.thaw_event_id, CryoDevice.code)
                                   .join(CryoDevice, CryoDevice.id == thaw_event_devices.c.device_id)
                                   .where(thaw_event_devices.c.thaw_event_id.in_(
                                       {x.source_thaw_event_id for x in sessions if x.source_thaw_event_id}))):
        thaws[thaw_id].append(code)
    out = {}
    for x in sessions:
        kind = x.sperm_source_kind
        if kind == SpermSourceKind.FRESH_SAMPLE.value:
            out[x.id] = f"fresh {samples.get(x.source_sample_id, '?')}"
        elif kind == SpermSourceKind.THAW_EVENT.value:
            out[x.id] = f"thawed {codes_text(thaws[x.source_thaw_event_id])}"
        else:
            out[x.id] = SpermSourceKind(kind).english
    return out


def fert_check_rows(s: Session, start: datetime, end: datetime, now: datetime) -> list[FertCheckRow]:
    """Checks whose 16-18 h window meets the day, checks done that day, and overdue ones of the last days."""
    names = user_names(s)
    # Injections of the last days, and those checked that day (two indexed reads, not an OR over both tables).
    ids = set(s.execute(select(Injection.id).where(Injection.injected_at >= start - OVERDUE_LOOKBACK,
                                                   Injection.injected_at < end)).scalars())
    ids.update(s.execute(select(Injection.id).join(FertilizationCheck,
                                                   FertilizationCheck.oocyte_id == Injection.oocyte_id)
                         .where(FertilizationCheck.checked_at >= start, FertilizationCheck.checked_at < end)).scalars())
    q = (select(Injection, Oocyte, FertilizationCheck, Couple)
         .join(Oocyte, Oocyte.id == Injection.oocyte_id)
         .outerjoin(FertilizationCheck, FertilizationCheck.oocyte_id == Oocyte.id)
         .join(OocyteRetrieval, OocyteRetrieval.id == Oocyte.retrieval_id)
         .join(Cycle, Cycle.id == OocyteRetrieval.cycle_id).join(Couple, Couple.id == Cycle.couple_id)
         .where(Injection.id.in_(ids))
         .order_by(Injection.injected_at, Oocyte.code))
    found = s.execute(q).all()
    patients = _patients(s, [c.female_patient_id or c.male_patient_id for *_, c in found])
    rows = []
    for inj, oo, check, couple in found:
        opens, closes = fert_window(inj.injected_at)
        meets_day = opens < end and closes >= start
        done_today = check is not None and start <= check.checked_at < end
        overdue = check is None and closes < start
        if not (meets_day or done_today or overdue):
            continue
        rows.append(FertCheckRow(
            oocyte_code=oo.code, patient=patients[couple.female_patient_id or couple.male_patient_id],
            injected_at=inj.injected_at, window_opens=opens, window_closes=closes,
            checked_at=check.checked_at if check else None,
            checked_by=names.get(check.checked_by, ("?",))[0] if check else "",
            result=FertilizationResult(check.result).english if check else "",
            state=fert_state(inj.injected_at, check.checked_at if check else None, now)))
    return rows


def thaw_rows(s: Session, start: datetime, end: datetime) -> list[ThawRow]:
    names = user_names(s)
    thaws = s.execute(select(ThawEvent).where(ThawEvent.thawed_at >= start, ThawEvent.thawed_at < end)
                      .order_by(ThawEvent.thawed_at, ThawEvent.id)).scalars().all()
    codes: dict[int, list[str]] = defaultdict(list)
    for thaw_id, code in s.execute(select(thaw_event_devices.c.thaw_event_id, CryoDevice.code)
                                   .join(CryoDevice, CryoDevice.id == thaw_event_devices.c.device_id)
                                   .where(thaw_event_devices.c.thaw_event_id.in_([t.id for t in thaws]))):
        codes[thaw_id].append(code)
    patients = _patients(s, [t.patient_id for t in thaws])
    witnesses = witness_names(s, [t.witness_record_id for t in thaws], names)
    outcome = {True: "sperm found", False: "no sperm found", None: "not assessed yet"}
    cycles = cycle_titles(s, [t.cycle_id for t in thaws], translate=False)  # fingerprinted: English
    return [ThawRow(t.id, t.thawed_at, patients[t.patient_id], tuple(sorted(codes[t.id])), t.cycle_id,
                    names.get(t.operator_id, ("?",))[0], witnesses.get(t.witness_record_id, ""),
                    outcome[t.sperm_found] + (f": {t.progressive + t.non_progressive + t.twitching} motile"
                                              if t.sperm_found else ""), cycles.get(t.cycle_id, ""))
            for t in thaws]


def pending_witness_rows(s: Session, end: datetime) -> list[PendingWitnessRow]:
    names = user_names(s)

    def who(user_id) -> str:
        return names.get(user_id, ("?",))[0]

    found: list[tuple[datetime, int, str, str, str, str]] = []
    for x in s.execute(select(TissueSample).where(TissueSample.receipt_witness_id.is_(None),
                                                  TissueSample.received_at < end).limit(PENDING_LIMIT)).scalars():
        found.append((x.received_at, x.patient_id, "sample receipt", x.code, who(x.received_by), ""))
    # A sample whose processing started (it has steps) with no witness of that start on the sample.
    unwitnessed = s.execute(select(TissueSample).where(
        TissueSample.processing_witness_id.is_(None), TissueSample.status != literal_column("'received'"),
        TissueSample.received_at < end, exists().where(ProcessingStep.sample_id == TissueSample.id))
        .limit(PENDING_LIMIT)).scalars().all()
    first_steps: dict[int, ProcessingStep] = {}
    for st in s.execute(select(ProcessingStep).where(ProcessingStep.sample_id.in_([x.id for x in unwitnessed]),
                                                     ProcessingStep.started_at < end)
                        .order_by(ProcessingStep.started_at.desc(), ProcessingStep.id.desc())).scalars():
        first_steps[st.sample_id] = st
    for x in unwitnessed:
        st = first_steps.get(x.id)
        if st is not None:
            found.append((st.started_at, x.patient_id, "processing start", x.code, who(st.operator_id),
                          st.kind.replace("_", " ")))
    freezes = s.execute(select(FreezeEvent).where(FreezeEvent.witness_record_id.is_(None),
                                                  FreezeEvent.frozen_at < end).limit(PENDING_LIMIT)).scalars().all()
    frozen = frozen_codes(s, [fe.id for fe in freezes])
    for fe in freezes:
        found.append((fe.frozen_at, fe.patient_id, "device loading (freeze)", codes_text(frozen[fe.id]),
                      who(fe.operator_id), ""))
    for m, d in s.execute(select(DeviceMove, CryoDevice).join(CryoDevice, CryoDevice.id == DeviceMove.device_id)
                          .where(DeviceMove.witness_record_id.is_(None), DeviceMove.moved_at < end).limit(PENDING_LIMIT)):
        found.append((m.moved_at, d.patient_id, "device placement" if m.from_location_id is None else "device move",
                       d.code, who(m.operator_id), m.reason))
    thaw_rows = s.execute(select(ThawEvent).where(ThawEvent.witness_record_id.is_(None),
                                               ThawEvent.thawed_at < end).limit(PENDING_LIMIT)).scalars().all()
    thawed = thawed_codes(s, [t.id for t in thaw_rows])
    for t in thaw_rows:
        found.append((t.thawed_at, t.patient_id, "thaw", codes_text(thawed[t.id]), who(t.operator_id), ""))
    for x, c in s.execute(select(IcsiSession, Couple).join(Cycle, Cycle.id == IcsiSession.cycle_id)
                          .join(Couple, Couple.id == Cycle.couple_id)
                          .where(IcsiSession.witness_record_id.is_(None), IcsiSession.started_at < end)
                          .limit(PENDING_LIMIT)):
        found.append((x.started_at, c.female_patient_id or c.male_patient_id, "ICSI source match",
                      icsi_session_title(x.started_at, translate=False), who(x.operator_id), "sperm source ↔ oocyte dish ↔ patient"))
    requests = s.execute(select(DiscardEvent).where(DiscardEvent.status == literal_column(f"'{DiscardStatus.REQUESTED}'"),
                                                    DiscardEvent.requested_at < end).limit(PENDING_LIMIT)).scalars().all()
    discarded: dict[int, list[str]] = defaultdict(list)
    for request_id, code in s.execute(select(discard_event_devices.c.discard_event_id, CryoDevice.code)
                                      .join(CryoDevice, CryoDevice.id == discard_event_devices.c.device_id)
                                      .where(discard_event_devices.c.discard_event_id.in_([de.id for de in requests]))):
        discarded[request_id].append(code)
    for de in requests:
        found.append((de.requested_at, de.patient_id, "discard (second signature)", codes_text(discarded[de.id]),
                       who(de.requested_by), de.reason))
    patients = _patients(s, [f[1] for f in found])
    return [PendingWitnessRow(at, patients[pid], step, subject, performer, note)
            for at, pid, step, subject, performer, note in sorted(found, key=lambda f: (f[0], f[3]))]
