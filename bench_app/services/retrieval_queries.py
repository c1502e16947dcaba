"""Reading retrieval records into DTOs: shared by the retrieval and processing services."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from bench_app.domain.enums import (
    Anaesthesia, AzoospermiaType, CountBasis, Disposition, PlannedUse, ProcedureType, ProcessingStepKind,
    SampleKind, SampleStatus, Side, TubuleAppearance, ViabilityTest,
)
from bench_app.domain.errors import NotFound
from bench_app.domain.names import listing_of
from bench_app.i18n import _
from bench_app.persistence.models import (
    MaterialLot, Patient, ProcessingStep, RetrievalProcedure, SpermFinding, TissueSample, User, WitnessRecord,
)
from bench_app.services.patients_service import patient_summary
from bench_app.services.retrieval_dto import (
    FindingInfo, ProcedureDetail, ProcedureInfo, ProcedureRow, SampleInfo, StepInfo, build_panel,
)


def _names(s: Session) -> dict[int, str]:
    return dict(s.execute(select(User.id, User.username)).all())


def _lot_titles(s: Session, ids: set[int]) -> dict[int, str]:
    ids = {i for i in ids if i}
    if not ids:
        return {}
    return {m.id: f"{m.product_name} lot {m.lot_number}"
            for m in s.execute(select(MaterialLot).where(MaterialLot.id.in_(ids))).scalars()}


def _witnesses(s: Session, ids: set[int], names: dict[int, str]) -> dict[int, str]:
    ids = {i for i in ids if i}
    if not ids:
        return {}
    return {w.id: names.get(w.witness_id, "?")
            for w in s.execute(select(WitnessRecord).where(WitnessRecord.id.in_(ids))).scalars()}


def procedure_info(s: Session, p: RetrievalProcedure, names: dict[int, str] | None = None) -> ProcedureInfo:
    names = names or _names(s)
    patient = s.get(Patient, p.patient_id)
    return ProcedureInfo(
        id=p.id, patient=patient_summary(patient), cycle_id=p.cycle_id,
        procedure_type=ProcedureType(p.procedure_type), started_at=p.started_at, surgeon=p.surgeon,
        anaesthesia=Anaesthesia(p.anaesthesia), side=Side(p.side), indication=AzoospermiaType(p.indication),
        planned_use=PlannedUse(p.planned_use), notes=p.notes, created_by=names.get(p.created_by, "?"),
    )


def load_samples(s: Session, samples: list[TissueSample]) -> tuple[SampleInfo, ...]:
    """Samples with their steps and findings, in three queries whatever their number."""
    if not samples:
        return ()
    ids = [x.id for x in samples]
    names = _names(s)
    steps = s.execute(select(ProcessingStep).where(ProcessingStep.sample_id.in_(ids))
                      .order_by(ProcessingStep.started_at, ProcessingStep.id)).scalars().all()
    findings = s.execute(select(SpermFinding).where(SpermFinding.sample_id.in_(ids))
                         .order_by(SpermFinding.assessed_at, SpermFinding.id)).scalars().all()
    lots = _lot_titles(s, {x.transport_medium_lot_id for x in samples} | {st.medium_lot_id for st in steps})
    witnesses = _witnesses(s, {x.receipt_witness_id for x in samples} | {st.witness_record_id for st in steps}, names)
    by_sample_steps: dict[int, list[StepInfo]] = defaultdict(list)
    for st in steps:
        by_sample_steps[st.sample_id].append(StepInfo(
            id=st.id, kind=ProcessingStepKind(st.kind), started_at=st.started_at, ended_at=st.ended_at,
            operator=names.get(st.operator_id, "?"), medium_lot=lots.get(st.medium_lot_id, ""), enzyme=st.enzyme,
            enzyme_concentration=st.enzyme_concentration, minutes=st.minutes, temperature_c=st.temperature_c,
            witnessed_by=witnesses.get(st.witness_record_id), notes=st.notes))
    by_sample_findings: dict[int, list[FindingInfo]] = defaultdict(list)
    for f in findings:
        by_sample_findings[f.sample_id].append(finding_info(f, names))
    return tuple(
        SampleInfo(
            id=x.id, code=x.code, procedure_id=x.procedure_id, patient_id=x.patient_id,
            sample_number=x.sample_number, kind=SampleKind(x.kind), side=x.side, site=x.site,
            tubule_appearance=TubuleAppearance(x.tubule_appearance), wet_weight_mg=x.wet_weight_mg,
            transport_medium_lot=lots.get(x.transport_medium_lot_id, ""), received_at=x.received_at,
            received_by=names.get(x.received_by, "?"), receipt_witnessed_by=witnesses.get(x.receipt_witness_id),
            status=SampleStatus(x.status), disposition=Disposition(x.disposition),
            disposition_cycle_id=x.disposition_cycle_id, disposition_note=x.disposition_note,
            steps=tuple(by_sample_steps[x.id]), findings=tuple(by_sample_findings[x.id]),
        )
        for x in samples
    )


def finding_info(f: SpermFinding, names: dict[int, str]) -> FindingInfo:
    return FindingInfo(
        id=f.id, assessed_at=f.assessed_at, assessor=names.get(f.assessor_id, "?"), sperm_found=f.sperm_found,
        count_seen=f.count_seen, count_basis=CountBasis(f.count_basis), progressive=f.progressive,
        non_progressive=f.non_progressive, twitching=f.twitching, immotile=f.immotile,
        viability_test=ViabilityTest(f.viability_test), viability_result=f.viability_result,
        elongated_spermatids=f.elongated_spermatids, notes=f.notes)


def procedure_detail(s: Session, procedure_id: int) -> ProcedureDetail:
    p = s.get(RetrievalProcedure, procedure_id)
    if p is None:
        raise NotFound(_("There is no retrieval procedure #{procedure_id}.").format(procedure_id=procedure_id))
    samples = s.execute(select(TissueSample).where(TissueSample.procedure_id == p.id)
                        .order_by(TissueSample.sample_number)).scalars().all()
    infos = load_samples(s, list(samples))
    return ProcedureDetail(procedure_info(s, p), infos, build_panel(infos))


def procedure_rows(s: Session, *, start: datetime | None = None, end: datetime | None = None,
                   patient_id: int | None = None, limit: int = 200) -> list[ProcedureRow]:
    q = select(RetrievalProcedure, Patient).join(Patient, Patient.id == RetrievalProcedure.patient_id)
    if start is not None:
        q = q.where(RetrievalProcedure.started_at >= start)
    if end is not None:
        q = q.where(RetrievalProcedure.started_at < end)
    if patient_id is not None:
        q = q.where(RetrievalProcedure.patient_id == patient_id)
    procs = s.execute(q.order_by(RetrievalProcedure.started_at.desc()).limit(limit)).all()
    ids = [p.id for p, _ in procs]
    counts: dict[int, tuple[int, int, int]] = {}
    if ids:
        # Only these procedures' samples and their findings (through the indexes), never a pass over
        # every finding ever recorded. A sample is searched with any finding, positive with any sperm.
        samples = s.execute(select(TissueSample.id, TissueSample.procedure_id)
                            .where(TissueSample.procedure_id.in_(ids))).all()
        seen = dict(s.execute(select(SpermFinding.sample_id,
                                     func.max(case((SpermFinding.sperm_found.is_(True), 1), else_=0)))
                              .where(SpermFinding.sample_id.in_([sid for sid, _ in samples]))
                              .group_by(SpermFinding.sample_id)).all())
        for sid, pid in samples:
            n, se, po = counts.get(pid, (0, 0, 0))
            counts[pid] = (n + 1, se + (sid in seen), po + bool(seen.get(sid)))
    rows = []
    for p, patient in procs:
        n, se, po = counts.get(p.id, (0, 0, 0))
        rows.append(ProcedureRow(p.id, p.started_at, ProcedureType(p.procedure_type),
                                 listing_of(patient), patient.mrn,
                                 p.surgeon, n, po, se))
    return rows
