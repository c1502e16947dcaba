"""Sperm retrieval procedures and their samples: create, receive (witnessed), dispose, correct."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bench_app.domain import retrieval as rules
from bench_app.domain.enums import (
    Anaesthesia, AzoospermiaType, Disposition, LotKind, PlannedUse, ProcedureType, SampleKind, SampleStatus,
    Sex, Side, TubuleAppearance,
)
from bench_app.domain.limits import check_after_birth, check_not_future, enum_value
from bench_app.domain.errors import NotFound, ValidationError
from bench_app.domain.witnessing import CriticalStep
from bench_app.i18n import _
from bench_app.persistence.models import (
    Couple, Cycle, FreezeEvent, MaterialLot, Patient, RetrievalProcedure, TissueSample, freeze_event_samples,
)
from bench_app.persistence import outcome_summaries as summaries
from bench_app.services.audit_writer import audit_create, audit_update
from bench_app.services.codes_service import allocate_code
from bench_app.services.context import Actor, ServiceContext
from bench_app.services.lots_service import ensure_lot
from bench_app.services.retrieval_dto import ProcedureDetail, ProcedureInfo, ProcedureRow, SampleInfo
from bench_app.services.retrieval_queries import load_samples, procedure_detail, procedure_info, procedure_rows
from bench_app.services.witness_service import WitnessInput, WitnessService
from bench_app.services.guard import guarded




@guarded
class RetrievalService:
    def __init__(self, ctx: ServiceContext, witness: WitnessService):
        self.ctx = ctx
        self.witness = witness

    # --- procedures ---------------------------------------------------------------------

    def create_procedure(self, actor: Actor, *, patient_id: int, cycle_id: int | None,
                         procedure_type: ProcedureType | str, started_at: datetime | None, surgeon: str,
                         anaesthesia: Anaesthesia | str, side: Side | str, indication: AzoospermiaType | str,
                         planned_use: PlannedUse | str, notes: str = "") -> ProcedureInfo:
        errors: dict[str, str] = {}
        ptype = enum_value(ProcedureType, procedure_type, "procedure_type", errors, "the procedure type")
        anaes = enum_value(Anaesthesia, anaesthesia, "anaesthesia", errors, "local or general anaesthesia")
        side_ = enum_value(Side, side, "side", errors, "left, right or both")
        indic = enum_value(AzoospermiaType, indication, "indication", errors, _("OA, NOA or other"))
        use = enum_value(PlannedUse, planned_use, "planned_use", errors, "the planned use")
        if started_at is None:
            errors["started_at"] = _("The start time is required.")
        check_not_future(started_at, self.ctx.clock(), "started_at", errors)
        if not (surgeon or "").strip():
            errors["surgeon"] = _("Name the surgeon.")
        with self.ctx.db.write() as s:
            patient = s.get(Patient, patient_id)
            if patient is None:
                raise NotFound(_("There is no patient #{patient_id}.").format(patient_id=patient_id))
            if patient.sex == Sex.FEMALE.value:
                errors["patient_id"] = _("A sperm retrieval is for a male patient.")
            check_after_birth(started_at, patient.date_of_birth, "started_at", errors, _("The procedure"))
            if cycle_id is not None:
                row = s.execute(select(Cycle, Couple).join(Couple, Couple.id == Cycle.couple_id)
                                .where(Cycle.id == cycle_id)).first()
                if row is None:
                    errors["cycle_id"] = _("There is no cycle #{cycle_id}.").format(cycle_id=cycle_id)
                elif row[1].male_patient_id != patient.id:
                    errors["cycle_id"] = _("That cycle belongs to another patient.")
            if errors:
                raise ValidationError(errors)
            p = RetrievalProcedure(
                patient_id=patient.id, cycle_id=cycle_id, procedure_type=ptype.value, started_at=started_at,
                surgeon=surgeon.strip(), anaesthesia=anaes.value, side=side_.value, indication=indic.value,
                planned_use=use.value, notes=notes or "", created_by=actor.id, created_at=self.ctx.clock())
            audit_create(s, self.ctx, actor, p)
            summaries.refresh_procedures(s, [p.id])
            return procedure_info(s, p)

    def list_procedures(self, *, since: date, until: date | None = None, limit: int = 200) -> list[ProcedureRow]:
        """Procedures started on local days ``since`` to ``until`` (inclusive), newest first."""
        start = datetime.combine(since, time.min).astimezone(timezone.utc)
        end = datetime.combine((until or self.ctx.clock().astimezone().date()) + timedelta(days=1),
                               time.min).astimezone(timezone.utc)
        with self.ctx.db.read() as s:
            return procedure_rows(s, start=start, end=end, limit=limit)

    def procedures_of_patient(self, patient_id: int) -> list[ProcedureRow]:
        with self.ctx.db.read() as s:
            return procedure_rows(s, patient_id=patient_id, limit=1000)

    def get_procedure(self, procedure_id: int) -> ProcedureDetail:
        with self.ctx.db.read() as s:
            return procedure_detail(s, procedure_id)

    def get_sample(self, sample_id: int) -> SampleInfo:
        with self.ctx.db.read() as s:
            return load_samples(s, [self._sample(s, sample_id)])[0]

    def last_transport_medium(self, procedure_id: int) -> tuple[str, str]:
        """The transport medium and lot of the procedure's latest sample: the next biopsy came in the same."""
        with self.ctx.db.read() as s:
            row = s.execute(select(MaterialLot.product_name, MaterialLot.lot_number)
                            .join(TissueSample, TissueSample.transport_medium_lot_id == MaterialLot.id)
                            .where(TissueSample.procedure_id == procedure_id)
                            .order_by(TissueSample.sample_number.desc()).limit(1)).first()
            return (row[0], row[1]) if row else ("", "")

    # --- samples ------------------------------------------------------------------------

    def receive_sample(self, actor: Actor, *, procedure_id: int, received_at: datetime | None,
                       witness: WitnessInput | None, side: Side | str = "", site: str = "",
                       tubule_appearance: TubuleAppearance | str = TubuleAppearance.NOT_APPLICABLE,
                       wet_weight_mg: float | None = None, kind: SampleKind | str | None = None,
                       transport_medium: str = "", transport_medium_lot: str = "", notes: str = "") -> SampleInfo:
        """Receive one biopsy or aspirate into its own tube: a witnessed step."""
        errors: dict[str, str] = {}
        with self.ctx.db.read() as s:
            proc = s.get(RetrievalProcedure, procedure_id)
            if proc is None:
                raise NotFound(_("There is no retrieval procedure #{procedure_id}.").format(procedure_id=procedure_id))
            patient = s.get(Patient, proc.patient_id)
            proc_type, proc_started = ProcedureType(proc.procedure_type), proc.started_at
        kind_ = enum_value(SampleKind, kind or rules.default_sample_kind(proc_type), "kind", errors, "the sample kind")
        side_ = enum_value(Side, side, "side", errors, "left, right or both") if side else None
        tub = enum_value(TubuleAppearance, tubule_appearance or TubuleAppearance.NOT_APPLICABLE,
                    "tubule_appearance", errors, "the tubule appearance")
        if received_at is None:
            errors["received_at"] = _("The time received is required.")
        elif received_at < proc_started:
            errors["received_at"] = _("A sample cannot be received before the procedure began.")
        check_not_future(received_at, self.ctx.clock(), "received_at", errors)
        if wet_weight_mg is not None and not (rules.MIN_WEIGHT_MG <= wet_weight_mg <= rules.MAX_WEIGHT_MG):
            errors["wet_weight_mg"] = (_("Weight must be between {minimum:g} and "
                                       "{maximum:g} mg.").format(minimum=rules.MIN_WEIGHT_MG, maximum=rules.MAX_WEIGHT_MG))
        if errors:
            raise ValidationError(errors)
        verified = self.witness.verify(actor, CriticalStep.SAMPLE_RECEIPT, witness,
                                       entity_type="retrieval_procedures", entity_id=str(procedure_id))
        with self.ctx.db.write() as s:
            number = (s.execute(select(func.max(TissueSample.sample_number))
                                .where(TissueSample.procedure_id == procedure_id)).scalar() or 0) + 1
            lot = ensure_lot(s, self.ctx, actor, kind=LotKind.MEDIUM, product=transport_medium,
                             lot_number=transport_medium_lot, field="transport_medium_lot")
            sample = TissueSample(
                code=allocate_code(s, "S"), patient_id=patient.id, procedure_id=procedure_id,
                sample_number=number, kind=kind_.value, side=side_.value if side_ else "", site=(site or "").strip(),
                tubule_appearance=tub.value, wet_weight_mg=wet_weight_mg,
                transport_medium_lot_id=lot.id if lot else None, received_at=received_at, received_by=actor.id,
                status=SampleStatus.RECEIVED.value, disposition=Disposition.PENDING.value, notes=notes or "")
            audit_create(s, self.ctx, actor, sample)
            summaries.refresh_procedures(s, [sample.procedure_id])
            record = self.witness.record(s, verified, entity_type="tissue_samples", entity_id=sample.id)
            sample.receipt_witness_id = record.id
            s.flush()
            return load_samples(s, [sample])[0]

    def correct_sample(self, actor: Actor, sample_id: int, *, reason: str, **fields) -> SampleInfo:
        """Correct a received (witnessed) sample's details; a reason is always required."""
        if not (reason or "").strip():
            raise ValidationError.single("reason", _("A witnessed record is corrected only with a reason."))
        allowed = {"side", "site", "tubule_appearance", "wet_weight_mg", "notes", "received_at"}
        if set(fields) - allowed:
            raise ValidationError.single(sorted(set(fields) - allowed)[0], _("This field cannot be corrected here."))
        errors: dict[str, str] = {}
        with self.ctx.db.write() as s:
            sample = self._sample(s, sample_id)
            w = fields.get("wet_weight_mg")
            if w is not None and not (rules.MIN_WEIGHT_MG <= w <= rules.MAX_WEIGHT_MG):
                errors["wet_weight_mg"] = _("Weight must be between {minimum:g} and {maximum:g} mg.").format(minimum=rules.MIN_WEIGHT_MG, maximum=rules.MAX_WEIGHT_MG)
            if "received_at" in fields and sample.procedure_id:
                proc = s.get(RetrievalProcedure, sample.procedure_id)
                if fields["received_at"] is None or fields["received_at"] < proc.started_at:
                    errors["received_at"] = _("A sample cannot be received before the procedure began.")
            if "received_at" in fields:
                check_not_future(fields["received_at"], self.ctx.clock(), "received_at", errors)
            if "tubule_appearance" in fields:
                enum_value(TubuleAppearance, fields["tubule_appearance"], "tubule_appearance", errors, "the appearance")
            if errors:
                raise ValidationError(errors)
            audit_update(s, self.ctx, actor, sample, fields, reason=reason.strip())
            return load_samples(s, [sample])[0]

    def set_disposition(self, actor: Actor, sample_id: int, disposition: Disposition | str, *,
                        cycle_id: int | None = None, note: str = "", reason: str = "") -> SampleInfo:
        """Fresh for ICSI (with its cycle), to be frozen, histology (reference) or discarded (reason)."""
        errors: dict[str, str] = {}
        disp = enum_value(Disposition, disposition, "disposition", errors, "a disposition")
        if errors:
            raise ValidationError(errors)
        with self.ctx.db.write() as s:
            sample = self._sample(s, sample_id)
            current = Disposition(sample.disposition)
            frozen = s.execute(select(FreezeEvent.id).join(
                freeze_event_samples, freeze_event_samples.c.freeze_event_id == FreezeEvent.id)
                .where(freeze_event_samples.c.sample_id == sample.id)).first() is not None
            if current == Disposition.DISCARDED and disp != Disposition.DISCARDED:
                errors["disposition"] = _("This sample was discarded; it cannot be {words}.").format(words=_words(disp))
            elif frozen and disp != Disposition.FREEZE:
                errors["disposition"] = _("This sample has already been frozen; its disposition cannot change.")
            elif current not in (Disposition.PENDING, disp) and not reason.strip():
                errors["reason"] = _("The sample is already marked {words}: say why this changes.").format(words=_words(current))
            if disp == Disposition.FRESH_ICSI:
                if cycle_id is None:
                    errors["cycle_id"] = _("Choose the cycle the fresh sperm is used for.")
                else:
                    row = s.execute(select(Couple.male_patient_id).join(Cycle, Cycle.couple_id == Couple.id)
                                    .where(Cycle.id == cycle_id)).first()
                    if row is None or row[0] != sample.patient_id:
                        errors["cycle_id"] = _("That cycle is not this patient's.")
            elif disp == Disposition.HISTOLOGY and not note.strip():
                errors["note"] = _("Give the histology reference.")
            elif disp == Disposition.DISCARDED and not note.strip():
                errors["note"] = _("Say why the sample is discarded.")
            if errors:
                raise ValidationError(errors)
            audit_update(s, self.ctx, actor, sample, {
                "disposition": disp.value,
                "disposition_cycle_id": cycle_id if disp == Disposition.FRESH_ICSI else None,
                "disposition_note": note.strip(),
            }, reason=reason.strip())
            return load_samples(s, [sample])[0]

    def _sample(self, s: Session, sample_id: int) -> TissueSample:
        sample = s.get(TissueSample, sample_id)
        if sample is None:
            raise NotFound(_("There is no sample #{sample_id}.").format(sample_id=sample_id))
        return sample


def _words(d: Disposition) -> str:
    return {Disposition.FRESH_ICSI: "used fresh for ICSI", Disposition.FREEZE: "frozen",
            Disposition.HISTOLOGY: "sent for histology", Disposition.DISCARDED: "discarded",
            Disposition.PENDING: "pending"}[d]
