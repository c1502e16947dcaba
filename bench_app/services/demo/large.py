"""The large demo: twenty years of a big lab group, bulk-inserted but valid by the same rules.

About 100,000 cycles, 1,000,000 oocytes, 60,000 retrievals with 250,000 samples and
400,000 cryo devices, each row with its audit event (hash-chained exactly as the services
chain them) and every critical step with its witness record, so `bench-app verify`
passes. Rows are written in chunks of couples, one transaction per chunk, with ids and
codes handed out up front; the services' rules are kept by construction (times in
order, witnesses other than the performer, MII-only injections, checks in the window or
with a reason, one device per position, expiry from the consent).
"""

from __future__ import annotations

import json
import random
import time as _time
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Callable

from sqlalchemy import func, select, update

from bench_app.domain.audit_chain import ChainedEvent, event_hash
from bench_app.domain.codes import make_code
from bench_app.services.codes_service import SEQUENCE, take_serials
from bench_app.domain.names import search_key
from bench_app.persistence.outcome_summaries import rebuild_all as rebuild_outcome_summaries
from bench_app.persistence.base import Base
from bench_app.persistence.engine import Database
from bench_app.persistence.models import (
    AuditEvent, AuditHead, CodeCounter, Consent, Couple, CryoDevice, Cycle, CycleOutcome, DeviceMove, Diagnosis,
    FertilizationCheck, FreezeEvent, IcsiSession, Injection, MaleWorkup, Oocyte, OocyteRetrieval, Patient,
    PreRetrievalTreatment, ProcessingStep, RetrievalProcedure, SpermFinding, StorageLocation, TissueSample,
    WitnessRecord,
)
from bench_app.services.demo.names import CULTURES
from bench_app.services.demo.outcomes import workup_values
from bench_app.services.demo.retrievals import success_chance

Progress = Callable[[str, float], None]
TABLE_ORDER = {t.name: i for i, t in enumerate(Base.metadata.sorted_tables)}
WORKSTATION = "bulk-import (large demo)"
YEARS = 20


@dataclass(frozen=True)
class LargeScale:
    couples: int = 50_000  # two cycles each: 100,000 cycles
    retrieval_share: float = 0.6  # cycles with a surgical retrieval: 60,000 procedures
    tanks: int = 40
    canisters: int = 10
    canes: int = 20
    positions: int = 60  # 480,000 positions for about 400,000 devices


@dataclass
class _Ids:
    """Next id per table, and the audit chain's head, carried from chunk to chunk."""

    next: dict = field(default_factory=dict)
    audit_id: int = 0
    audit_hash: str = ""
    serial: dict = field(default_factory=dict)

    def take(self, table, n: int = 1) -> int:
        first = self.next[table]
        self.next[table] = first + n
        return first

    def code(self, kind: str) -> str:
        self.serial[SEQUENCE] += 1  # one sequence for every kind, as codes_service hands them out
        return make_code(kind, self.serial[SEQUENCE])


class _Chunk:
    """Rows of one chunk of couples, per table, with their audit events in creation order."""

    def __init__(self, ids: _Ids):
        self.ids = ids
        self.rows: dict = {}
        self.audit: list[dict] = []

    def add(self, model, row: dict, *, at: datetime, user: tuple[int, str], fields: tuple[str, ...] = ()) -> dict:
        self.rows.setdefault(model, []).append(row)
        changes = {k: [None, _plain(row[k])] for k in fields if row.get(k) not in (None, "")}
        self.ids.audit_id += 1
        content = ChainedEvent(self.ids.audit_id, at, user[0], user[1], "create", model.__tablename__, str(row["id"]),
                               json.dumps(changes, ensure_ascii=False, sort_keys=True), "", WORKSTATION,
                               self.ids.audit_hash)
        digest = event_hash(content)
        self.ids.audit_hash = digest
        self.audit.append({**content.__dict__, "hash": digest})
        return row


def _plain(v):
    return v.isoformat() if isinstance(v, (date, datetime)) else v


def build_large(db: Database, *, users: dict[str, int], scale: LargeScale = LargeScale(), seed: int = 2026,
                today: date | None = None, progress: Progress | None = None, chunk: int = 1000) -> dict[str, int]:
    """Add the large data set to a database that has the demo team (``users``: username -> id)."""
    progress = progress or (lambda text, fraction: None)
    rng = random.Random(seed)
    today = today or date.today()
    start = _time.monotonic()
    ids = _load_ids(db)
    staff = [(users[u], u) for u in ("emma", "eli") if u in users] + [(users["sam"], "sam")]
    positions = _build_storage(db, ids, scale, staff[-1], today)
    counts: dict[str, int] = {}
    done = 0
    while done < scale.couples:
        n = min(chunk, scale.couples - done)
        part = _Chunk(ids)
        for i in range(n):
            _couple(part, rng, done + i, scale, staff, today, positions)
        with db.write() as s:
            for model in sorted(part.rows, key=lambda m: TABLE_ORDER[m.__tablename__]):  # parents first
                rows = part.rows[model]
                s.connection().execute(model.__table__.insert(), rows)
                counts[model.__tablename__] = counts.get(model.__tablename__, 0) + len(rows)
            s.connection().execute(AuditEvent.__table__.insert(), part.audit)
            s.execute(update(AuditHead).where(AuditHead.id == 1).values(last_event_id=ids.audit_id,
                                                                        last_hash=ids.audit_hash))
            for kind, serial in ids.serial.items():
                s.execute(update(CodeCounter).where(CodeCounter.kind == kind).values(last_serial=serial))
        done += n
        progress(f"{done:,} of {scale.couples:,} couples ({_time.monotonic() - start:.0f} s)", done / scale.couples)
    with db.write() as s:  # the bulk rows bypassed the services, which keep the outcomes summaries
        rebuild_outcome_summaries(s)
    counts["audit_events"] = ids.audit_id
    return counts


def _load_ids(db: Database) -> _Ids:
    ids = _Ids()
    models = (Patient, Couple, Cycle, Diagnosis, Consent, RetrievalProcedure, TissueSample, ProcessingStep,
              SpermFinding, WitnessRecord, OocyteRetrieval, Oocyte, IcsiSession, Injection, FertilizationCheck,
              FreezeEvent, CryoDevice, DeviceMove, StorageLocation, MaleWorkup, PreRetrievalTreatment, CycleOutcome)
    with db.write() as s:
        for m in models:
            ids.next[m] = (s.execute(select(func.max(m.id))).scalar() or 0) + 1
        head = s.get(AuditHead, 1)
        ids.audit_id, ids.audit_hash = head.last_event_id, head.last_hash
        ids.serial[SEQUENCE] = take_serials(s, 1)  # the row exists afterwards; one serial is skipped
    return ids


def _build_storage(db: Database, ids: _Ids, scale: LargeScale, user, today: date) -> list[tuple[int, int, int]]:
    """Tanks > canisters > canes; returns every free (cane id, slot, tank id) in map order. A tank's and a
    canister's totals start at 0 and follow their canes (migration 0014's triggers), as the rows go in."""
    part = _Chunk(ids)
    at = datetime.combine(today.replace(year=today.year - YEARS), time(7, 0), tzinfo=timezone.utc)
    free = []
    for t in range(scale.tanks):
        tank_id = ids.take(StorageLocation)
        part.add(StorageLocation, dict(id=tank_id, parent_id=None, tank_id=tank_id, kind="tank", name=f"Bulk tank {t + 1:02}",
                                       capacity=0, sort_index=t, retired=False, created_at=at),
                 at=at, user=user, fields=("kind", "name"))
        for c in range(scale.canisters):
            can_id = ids.take(StorageLocation)
            part.add(StorageLocation, dict(id=can_id, parent_id=tank_id, tank_id=tank_id, kind="canister",
                                           name=f"Canister {c + 1}", capacity=0, sort_index=c, retired=False,
                                           created_at=at), at=at, user=user, fields=("kind", "name"))
            for k in range(scale.canes):
                cane_id = ids.take(StorageLocation)
                part.add(StorageLocation, dict(id=cane_id, parent_id=can_id, tank_id=tank_id, kind="cane",
                                               name=f"Cane {k + 1}", capacity=scale.positions, sort_index=k,
                                               retired=False, created_at=at), at=at, user=user, fields=("kind", "name"))
                free.extend((cane_id, slot, tank_id) for slot in range(1, scale.positions + 1))
    with db.write() as s:
        s.connection().execute(StorageLocation.__table__.insert(), part.rows[StorageLocation])
        s.connection().execute(AuditEvent.__table__.insert(), part.audit)
        s.execute(update(AuditHead).where(AuditHead.id == 1).values(last_event_id=ids.audit_id, last_hash=ids.audit_hash))
    free.reverse()  # pop() hands out positions in map order
    return free


PROCEDURES = (("micro-TESE", 40, (5, 8), "NOA"), ("TESE", 20, (3, 4), "NOA"), ("TESA", 15, (2, 3), "OA"),
              ("PESA", 15, (2, 3), "OA"), ("MESA", 10, (2, 3), "OA"))
NOA_ETIOLOGIES = (("idiopathic", 5), ("Klinefelter 47,XXY", 3), ("Y AZF microdeletion", 2), ("cryptorchidism", 2),
                  ("varicocele", 1), ("chemotherapy or radiation", 1))
OA_ETIOLOGIES = (("vasectomy", 6), ("CBAVD", 3), ("infection", 1))
WORKUP_DEFAULTS = dict(hormones_on=None, fsh_iu_l=None, lh_iu_l=None, testosterone_nmol_l=None, estradiol_pmol_l=None,
                       volumes_on=None, volume_left_ml=None, volume_right_ml=None, karyotype="not_tested",
                       y_microdeletion="not_tested", histology="not_tested", histology_on=None, cryptorchidism="unknown",
                       chemo_radiation="unknown", steroid_use="unknown", varicocele="unknown", notes="")
MATURITY = (("MII", 78), ("MI", 9), ("GV", 7), ("atretic", 3), ("degenerated", 3))
RESULTS = (("2PN", 68), ("1PN", 3), ("3PN+", 4), ("0PN", 17), ("degenerated", 5), ("not_assessable", 3))


def _pick(rng: random.Random, table):
    return rng.choices(table, weights=[t[1] for t in table])[0]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.utc)


def _witness(part: _Chunk, step: str, entity: str, entity_id: int, idents: list[str], performer, witness,
             at: datetime) -> int:
    wid = part.ids.take(WitnessRecord)
    part.add(WitnessRecord, dict(id=wid, step=step, entity_type=entity, entity_id=str(entity_id),
                                 identifiers_checked=json.dumps(idents, ensure_ascii=False), performer_id=performer[0],
                                 witness_id=witness[0], witnessed_at=at, method="scan", result="match",
                                 override_by=None, override_reason="", notes=""),
             at=at, user=performer, fields=("step", "result"))
    return wid


def _couple(part: _Chunk, rng: random.Random, index: int, scale: LargeScale, staff, today: date,
            free: list[tuple[int, int, int]]) -> None:
    ids = part.ids
    embryologists, supervisor = staff[:-1], staff[-1]
    performer = rng.choice(embryologists)
    witness = next(u for u in (*embryologists, supervisor) if u != performer)
    # The second cycle follows 40-200 days after the first, and both lie in the past: a day never
    # gathers the cycles that would have started after today (a real busy day has a few dozen).
    gap = timedelta(days=rng.randint(40, 200))
    first_day = today - timedelta(days=rng.randint(30 + gap.days, YEARS * 365))
    reg_at = _at(first_day - timedelta(days=rng.randint(7, 60)), 9, rng.randrange(0, 60, 5))
    culture = CULTURES[index % len(CULTURES)]
    banking = rng.random() < 0.05
    people = []
    for sex in ("male",) if banking else ("male", "female"):
        pid = ids.take(Patient)
        given = rng.choice(culture.male_given if sex == "male" else culture.female_given)
        family = rng.choice(culture.family)[0 if sex == "male" else 1]
        mrn = f"L{index:06}{'M' if sex == 'male' else 'F'}"
        part.add(Patient, dict(id=pid, mrn=mrn, family_name=family, given_names=given, family_key=search_key(family),
                               given_key=search_key(given), date_of_birth=first_day - timedelta(days=rng.randint(25, 45) * 365),
                               sex=sex, notes="", created_at=reg_at), at=reg_at, user=performer,
                 fields=("mrn", "family_name", "given_names"))
        people.append((pid, mrn, f"{given} {family}"))
    male = people[0]
    couple_id = ids.take(Couple)
    part.add(Couple, dict(id=couple_id, male_patient_id=male[0], female_patient_id=people[1][0] if not banking else None,
                          created_at=reg_at), at=reg_at, user=performer, fields=("male_patient_id",))
    kind, _, n_samples, indication = _pick(rng, PROCEDURES)
    # The outcomes records draw from their own stream: the rest of the history is the same with or without them.
    orng = random.Random(f"outcomes-{index}")
    etiology = _pick(orng, NOA_ETIOLOGIES if indication == "NOA" else OA_ETIOLOGIES)[0]
    diagnosis_id = ids.take(Diagnosis)
    part.add(Diagnosis, dict(id=diagnosis_id, patient_id=male[0], azoospermia_type=indication,
                             etiology=etiology, diagnosed_on=reg_at.date(),
                             notes="", recorded_by=performer[0], recorded_at=reg_at), at=reg_at, user=performer,
             fields=("azoospermia_type",))
    if not banking:
        _workup(part, orng, diagnosis_id, male, etiology, indication == "NOA", reg_at, performer)
    expiry = reg_at.date().replace(year=reg_at.year + 10, day=min(reg_at.day, 28))
    part.add(Consent, dict(id=ids.take(Consent), patient_id=male[0], permitted_uses="storage,treatment",
                           signed_on=reg_at.date(), storage_expiry=expiry, withdrawn_on=None, notes="",
                           recorded_by=performer[0], recorded_at=reg_at), at=reg_at, user=performer,
             fields=("permitted_uses", "storage_expiry"))
    attempts: list[bool] = []
    for c, day in enumerate((first_day, first_day + gap)):
        cycle_type = "sperm_banking" if banking else ("icsi" if c == 0 else "frozen_sperm_icsi")
        cycle_id = ids.take(Cycle)
        part.add(Cycle, dict(id=cycle_id, couple_id=couple_id, cycle_type=cycle_type,
                             status="completed" if day < today - timedelta(days=3) else "active", start_date=day,
                             notes="", created_by=performer[0], created_at=_at(day, 7)), at=_at(day, 7), user=performer,
                 fields=("cycle_type", "start_date"))
        positive: list[int] = []
        if not banking and rng.random() < scale.retrieval_share:
            chance = success_chance(kind, etiology, indication == "NOA")
            if attempts:  # a repeat: lower after a failed attempt, as published series report
                chance *= 0.9 if any(attempts) else 0.6
            positive = _procedure(part, rng, male, cycle_id, day, kind, n_samples, indication, performer, witness,
                                  orng.random() < chance)
            attempts.append(bool(positive))
        _freeze(part, rng, male, day, positive, expiry, performer, witness, free)
        if not banking:
            injected = _icsi(part, rng, cycle_id, day, positive, male, performer, witness)
            _outcome(part, orng, cycle_id, day, today, injected, performer)


def _procedure(part: _Chunk, rng, male, cycle_id, day, kind, n_samples, indication, performer, witness,
               succeeds: bool) -> list[int]:
    ids = part.ids
    start = _at(day, 8, rng.randrange(0, 60, 5))
    proc_id = ids.take(RetrievalProcedure)
    part.add(RetrievalProcedure, dict(id=proc_id, patient_id=male[0], cycle_id=cycle_id, procedure_type=kind,
                                      started_at=start, surgeon="Dr. Demo Bulk", anaesthesia="general", side="both",
                                      indication=indication, planned_use="both", notes="", created_by=performer[0],
                                      created_at=start), at=start, user=performer, fields=("procedure_type",))
    # Whether the procedure finds sperm is drawn once (``succeeds``); then some of its samples have it, one at least.
    chance = 0.45 if indication == "NOA" else 0.95
    positive = []
    samples = rng.randint(*n_samples)
    for n in range(samples):
        received = start + timedelta(minutes=20 + 10 * n)
        sid = ids.take(TissueSample)
        code = ids.code("S")
        part.add(TissueSample, dict(id=sid, code=code, patient_id=male[0], procedure_id=proc_id, sample_number=n + 1,
                                    kind="biopsy" if kind in ("micro-TESE", "TESE", "TESA") else "epididymal_fluid",
                                    side=("left", "right")[n % 2], site="", tubule_appearance="n/a", wet_weight_mg=None,
                                    transport_medium_lot_id=None, received_at=received, received_by=performer[0],
                                    receipt_witness_id=None, processing_witness_id=None, status="searched",
                                    disposition="pending",
                                    disposition_cycle_id=None, disposition_note="", notes=""),
                 at=received, user=performer, fields=("code",))
        row = part.rows[TissueSample][-1]
        row["receipt_witness_id"] = _witness(part, "sample_receipt", "tissue_samples", sid, [male[1], code],
                                             performer, witness, received)
        search = received + timedelta(minutes=5)
        step_id = ids.take(ProcessingStep)
        wid = _witness(part, "processing_start", "tissue_samples", sid, [male[1], code], performer, witness, search)
        row["processing_witness_id"] = wid
        part.add(ProcessingStep, dict(id=step_id, sample_id=sid, kind="search", started_at=search,
                                      ended_at=search + timedelta(minutes=30), operator_id=performer[0],
                                      medium_lot_id=None, enzyme="", enzyme_concentration="", minutes=None,
                                      temperature_c=None, witness_record_id=wid, notes=""),
                 at=search, user=performer, fields=("kind",))
        found = succeeds and (rng.random() < chance or (n == samples - 1 and not positive))
        twitching = rng.randint(1, 9) if found else 0
        seen = search + timedelta(minutes=rng.randint(5, 30))
        part.add(SpermFinding, dict(id=ids.take(SpermFinding), sample_id=sid, assessed_at=seen, assessor_id=performer[0],
                                    sperm_found=found, count_seen=twitching if found else None, count_basis="total",
                                    progressive=0, non_progressive=0, twitching=twitching, immotile=0,
                                    viability_test="none", viability_result="", elongated_spermatids=False, notes=""),
                 at=seen, user=performer, fields=("sperm_found",))
        if found:
            positive.append(sid)
        row["disposition"] = "freeze" if found else "discarded"
        row["disposition_note"] = "" if found else "no sperm found"
    return positive


def _freeze(part: _Chunk, rng, male, day, samples, expiry, performer, witness, free) -> None:
    ids = part.ids
    count = min(rng.randint(2, 6), len(free))
    if count == 0:
        return
    at = _at(day, 15, rng.randrange(0, 60, 5))
    fe_id = ids.take(FreezeEvent)
    codes = [ids.code("D") for _ in range(count)]
    places = [free.pop() for _ in range(count)]
    wid = _witness(part, "device_loading", "freeze_events", fe_id, [male[1], *codes], performer, witness, at)
    part.add(FreezeEvent, dict(id=fe_id, patient_id=male[0], source_kind="ejaculate", method="slow",
                               cryoprotectant_lot_id=None, pre_freeze_motile=rng.randint(5, 200), pre_freeze_immotile=10,
                               sperm_present=True, frozen_at=at, operator_id=performer[0], witness_record_id=wid,
                               notes="bulk import"), at=at, user=performer, fields=("method",))
    for code, (cane, slot, tank) in zip(codes, places):
        dev_id = ids.take(CryoDevice)
        part.add(CryoDevice, dict(id=dev_id, code=code, patient_id=male[0], freeze_event_id=fe_id, device_type="straw",
                                  colour="blue", contents="ejaculate", status="stored", location_id=cane, slot=slot,
                                  tank_id=tank, storage_expiry=expiry, quarantined=False, created_at=at),
                 at=at, user=performer, fields=("code",))
        part.add(DeviceMove, dict(id=ids.take(DeviceMove), device_id=dev_id, from_location_id=None, from_slot=None,
                                  to_location_id=cane, to_slot=slot, moved_at=at, operator_id=performer[0],
                                  witness_record_id=wid, reason="first placement"), at=at, user=performer,
                 fields=("to_slot",))


def _icsi(part: _Chunk, rng, cycle_id, day, positive, male, performer, witness) -> int:
    ids = part.ids
    n = rng.randint(5, 16)
    opu_at = _at(day, 9, rng.randrange(0, 60, 5))
    opu_id = ids.take(OocyteRetrieval)
    part.add(OocyteRetrieval, dict(id=opu_id, cycle_id=cycle_id, retrieved_at=opu_at, cocs_retrieved=n,
                                   embryologist_id=performer[0], denuded_at=opu_at + timedelta(hours=2), notes=""),
             at=opu_at, user=performer, fields=("cocs_retrieved",))
    session_at = opu_at + timedelta(hours=4)
    sess_id = ids.take(IcsiSession)
    wid = _witness(part, "icsi_source_match", "icsi_sessions", sess_id, [male[1], f"dish {opu_id}"], performer,
                   witness, session_at)
    part.add(IcsiSession, dict(id=sess_id, cycle_id=cycle_id, retrieval_id=opu_id,
                               sperm_source_kind="fresh_sample" if positive else "ejaculate",
                               source_sample_id=positive[0] if positive else None, source_thaw_event_id=None,
                               started_at=session_at, operator_id=performer[0], witness_record_id=wid, notes=""),
             at=session_at, user=performer, fields=("sperm_source_kind",))
    injected_count = 0
    for k in range(n):
        maturity = _pick(rng, MATURITY)[0]
        oid = ids.take(Oocyte)
        part.add(Oocyte, dict(id=oid, code=ids.code("O"), retrieval_id=opu_id, number=k + 1, maturity=maturity,
                              assessed_at=opu_at + timedelta(hours=2), assessed_by=performer[0]),
                 at=opu_at + timedelta(hours=2), user=performer, fields=("maturity",))
        if maturity != "MII":
            continue
        injected = session_at + timedelta(minutes=k)
        part.add(Injection, dict(id=ids.take(Injection), oocyte_id=oid, session_id=sess_id, injected_at=injected,
                                 injected_by=performer[0], sperm_motility="twitching", viability_test="none",
                                 techniques="", damaged=rng.random() < 0.04, non_mii_reason="", notes=""),
                 at=injected, user=performer, fields=("sperm_motility",))
        late = rng.random() < 0.05
        checked = injected + timedelta(hours=19 if late else 17)
        part.add(FertilizationCheck, dict(id=ids.take(FertilizationCheck), oocyte_id=oid, checked_at=checked,
                                          checked_by=performer[0], result=_pick(rng, RESULTS)[0], polar_bodies=2,
                                          hours_since_injection=19.0 if late else 17.0, outside_window=late,
                                          window_reason="weekend rota" if late else ""),
                 at=checked, user=performer, fields=("result",))
        injected_count += 1
    return injected_count


def _workup(part: _Chunk, orng, diagnosis_id, male, etiology, noa, reg_at, performer) -> None:
    values = {**WORKUP_DEFAULTS, **workup_values(orng, etiology, noa, reg_at.date())}
    part.add(MaleWorkup, dict(id=part.ids.take(MaleWorkup), diagnosis_id=diagnosis_id, patient_id=male[0], **values,
                              recorded_by=performer[0], recorded_at=reg_at), at=reg_at, user=performer,
             fields=("karyotype", "y_microdeletion"))
    if noa and orng.random() < 0.2:
        kind = orng.choice(("aromatase_inhibitor", "clomiphene", "hCG/FSH"))
        part.add(PreRetrievalTreatment, dict(id=part.ids.take(PreRetrievalTreatment), patient_id=male[0],
                                             treatment=kind, started_on=reg_at.date() - timedelta(days=orng.randint(90, 200)),
                                             ended_on=reg_at.date() - timedelta(days=orng.randint(1, 20)), detail="",
                                             recorded_by=performer[0], recorded_at=reg_at), at=reg_at, user=performer,
                 fields=("treatment",))


def _outcome(part: _Chunk, orng, cycle_id, day, today, injected, performer) -> None:
    transfer_on = day + timedelta(days=5)
    if transfer_on >= today:
        return
    done = injected > 0 and orng.random() < 0.9
    row = dict(id=part.ids.take(CycleOutcome), cycle_id=cycle_id, transfer="yes" if done else "no",
               transfer_on=transfer_on if done else None, pregnancy_test="not_done", pregnancy_test_on=None,
               clinical_pregnancy="unknown", clinical_pregnancy_on=None, live_birth="unknown", live_birth_on=None,
               notes="", recorded_by=performer[0], recorded_at=_at(transfer_on, 15))
    steps = ((16, "pregnancy_test", "positive" if orng.random() < 0.45 else "negative"),
             (35, "clinical_pregnancy", "yes" if orng.random() < 0.8 else "no"),
             (270, "live_birth", "yes" if orng.random() < 0.85 else "no"))
    for days, key, value in steps if done else ():
        on = day + timedelta(days=days)
        if on >= today:
            break
        row[key] = value
        row[f"{key}_on"] = on if value in ("yes", "positive", "negative") else None
        if value in ("no", "negative"):
            break
    part.add(CycleOutcome, row, at=row["recorded_at"], user=performer, fields=("transfer", "clinical_pregnancy"))


def run_large_demo(db: Database, *, seed: int = 2026, scale: LargeScale = LargeScale(),
                   admin_username: str | None = None, admin_password: str | None = None,
                   progress: Progress | None = None) -> dict[str, int]:
    """The demo team and today's work (the ordinary demo), then twenty years of bulk history."""
    from bench_app.services.demo.people import demo_people
    from bench_app.services.demo.runner import run_demo
    from bench_app.services.registry import build_services

    run_demo(db, seed=seed, admin_username=admin_username, admin_password=admin_password)
    services = build_services(db, workstation=WORKSTATION)
    team = demo_people(services, admin_username=admin_username, admin_password=admin_password)
    users = {u.username: u.id for u in services.users.list_users(team.admin)}
    return build_large(db, users=users, scale=scale, seed=seed, progress=progress)
