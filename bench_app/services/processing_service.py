"""Processing a sample at the bench: steps (the first one witnessed), findings, one patient at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bench_app.domain import retrieval as rules
from bench_app.domain.enums import CountBasis, LotKind, ProcessingStepKind, SampleStatus, ViabilityTest
from bench_app.domain.limits import check_not_future, ends_before_start, enum_value
from bench_app.domain.errors import BenchError, NotFound, ValidationError
from bench_app.domain.names import listing_of
from bench_app.domain.witnessing import CriticalStep
from bench_app.i18n import _
from bench_app.persistence.models import Patient, ProcessingStep, SpermFinding, TissueSample, WorkstationActivity
from bench_app.persistence import outcome_summaries as summaries
from bench_app.services.audit_writer import audit_create, audit_update
from bench_app.services.context import Actor, ServiceContext
from bench_app.services.lots_service import ensure_lot
from bench_app.services.retrieval_dto import SampleInfo
from bench_app.services.retrieval_queries import load_samples
from bench_app.services.witness_service import WitnessInput, WitnessService
from bench_app.services.guard import guarded

# An activity left open longer than this (a forgotten session) no longer blocks the bench.
STALE_AFTER = timedelta(hours=12)


class OtherPatientOpen(BenchError):
    """Another patient's material is open for processing at this workstation."""

    def __init__(self, message: str, other_patient: str):
        super().__init__(message)
        self.other_patient = other_patient


@dataclass(frozen=True)
class WorkstationState:
    workstation: str
    patient_id: int | None
    patient_name: str
    sample_codes: tuple[str, ...]


@guarded
class ProcessingService:
    def __init__(self, ctx: ServiceContext, witness: WitnessService):
        self.ctx = ctx
        self.witness = witness

    # --- one patient at a workstation ---------------------------------------------------

    def workstation_state(self) -> WorkstationState:
        with self.ctx.db.read() as s:
            rows = self._open_activity(s)
            if not rows:
                return WorkstationState(self.ctx.workstation, None, "", ())
            patient = s.get(Patient, rows[0].patient_id)
            codes = tuple(c for (c,) in s.execute(select(TissueSample.code).where(
                TissueSample.id.in_([r.sample_id for r in rows if r.sample_id]))))
            return WorkstationState(self.ctx.workstation, patient.id,
                                    listing_of(patient), codes)

    def open_for_processing(self, actor: Actor, sample_id: int, *, override_reason: str = "") -> None:
        """Put a sample on this bench. Another patient's open material needs a recorded reason."""
        with self.ctx.db.write() as s:
            sample = self._sample(s, sample_id)
            self._claim_bench(s, actor, sample, override_reason)

    def release(self, actor: Actor, sample_id: int | None = None) -> None:
        """Take one sample (or everything) off this bench."""
        with self.ctx.db.write() as s:
            for row in self._open_activity(s):
                if sample_id is None or row.sample_id == sample_id:
                    audit_update(s, self.ctx, actor, row, {"ended_at": self.ctx.clock()})

    def _open_activity(self, s: Session) -> list[WorkstationActivity]:
        return list(s.execute(select(WorkstationActivity).where(
            WorkstationActivity.workstation == self.ctx.workstation, WorkstationActivity.ended_at.is_(None),
            WorkstationActivity.started_at > self.ctx.clock() - STALE_AFTER,
        ).order_by(WorkstationActivity.started_at)).scalars())

    def _claim_bench(self, s: Session, actor: Actor, sample: TissueSample, override_reason: str) -> None:
        open_rows = self._open_activity(s)
        if any(r.sample_id == sample.id for r in open_rows):
            return
        others = [r for r in open_rows if r.patient_id != sample.patient_id]
        if others and not override_reason.strip():
            other = s.get(Patient, others[0].patient_id)
            name = listing_of(other)
            raise OtherPatientOpen(
                _("Material of {name} ({mrn}) is open for processing at this workstation. "
                "Finish or release it first, or confirm with a reason to go on.").format(name=name, mrn=other.mrn), name)
        audit_create(s, self.ctx, actor, WorkstationActivity(
            workstation=self.ctx.workstation, patient_id=sample.patient_id, sample_id=sample.id,
            user_id=actor.id, started_at=self.ctx.clock(), ended_at=None,
            override_reason=override_reason.strip() if others else ""),
            reason=f"other patient's material open: {override_reason.strip()}" if others else "")

    # --- steps --------------------------------------------------------------------------

    def add_step(self, actor: Actor, *, sample_id: int, kind: ProcessingStepKind | str, started_at: datetime | None,
                 ended_at: datetime | None = None, medium: str = "", medium_lot: str = "", enzyme: str = "",
                 enzyme_concentration: str = "", minutes: int | None = None, temperature_c: float | None = None,
                 notes: str = "", witness: WitnessInput | None = None, override_reason: str = "") -> SampleInfo:
        """Record one processing step. The first step on a sample starts processing: witnessed."""
        errors: dict[str, str] = {}
        kind_ = enum_value(ProcessingStepKind, kind, "kind", errors, "the kind of step")
        if started_at is None:
            errors["started_at"] = _("The start time is required.")
        check_not_future(started_at, self.ctx.clock(), "started_at", errors)
        check_not_future(ended_at, self.ctx.clock(), "ended_at", errors)
        if ends_before_start(started_at, ended_at):
            errors["ended_at"] = _("A step cannot end before it starts.")
        if kind_ == ProcessingStepKind.ENZYMATIC_DIGESTION:
            if not enzyme.strip():
                errors["enzyme"] = _("Name the enzyme (e.g. collagenase type IV).")
            if minutes is None:
                errors["minutes"] = _("Give the digestion time in minutes.")
            if temperature_c is None:
                errors["temperature_c"] = _("Give the digestion temperature.")
        if minutes is not None and not (isinstance(minutes, int) and
                                        rules.MIN_DIGEST_MINUTES <= minutes <= rules.MAX_DIGEST_MINUTES):
            errors["minutes"] = (_("Minutes must be a whole number from {minimum} "
                                 "to {maximum}.").format(minimum=rules.MIN_DIGEST_MINUTES, maximum=rules.MAX_DIGEST_MINUTES))
        if temperature_c is not None and not (rules.MIN_TEMPERATURE_C <= temperature_c <= rules.MAX_TEMPERATURE_C):
            errors["temperature_c"] = (_("Temperature must be between {minimum:g} and "
                                       "{maximum:g} °C.").format(minimum=rules.MIN_TEMPERATURE_C, maximum=rules.MAX_TEMPERATURE_C))
        with self.ctx.db.read() as s:
            sample = self._sample(s, sample_id)
            if started_at is not None and started_at < sample.received_at:
                errors["started_at"] = _("A step cannot start before the sample was received.")
            first = s.execute(select(func.count(ProcessingStep.id))
                              .where(ProcessingStep.sample_id == sample_id)).scalar_one() == 0
        if errors:
            raise ValidationError(errors)
        verified = None
        if first:
            verified = self.witness.verify(actor, CriticalStep.PROCESSING_START, witness,
                                           entity_type="tissue_samples", entity_id=str(sample_id))
        with self.ctx.db.write() as s:
            sample = self._sample(s, sample_id)
            if first:
                self._claim_bench(s, actor, sample, override_reason)
            lot = ensure_lot(s, self.ctx, actor, kind=LotKind.ENZYME if kind_ == ProcessingStepKind.ENZYMATIC_DIGESTION
                             else LotKind.MEDIUM, product=medium, lot_number=medium_lot, field="medium_lot")
            step = ProcessingStep(
                sample_id=sample.id, kind=kind_.value, started_at=started_at, ended_at=ended_at, operator_id=actor.id,
                medium_lot_id=lot.id if lot else None, enzyme=enzyme.strip(),
                enzyme_concentration=enzyme_concentration.strip(), minutes=minutes, temperature_c=temperature_c,
                notes=notes or "")
            audit_create(s, self.ctx, actor, step)
            started: dict = {}
            if verified is not None:
                step.witness_record_id = self.witness.record(s, verified, entity_type="tissue_samples",
                                                             entity_id=sample.id).id
                started["processing_witness_id"] = step.witness_record_id
            if sample.status == SampleStatus.RECEIVED.value:
                started["status"] = SampleStatus.PROCESSING.value
            audit_update(s, self.ctx, actor, sample, started)
            s.flush()
            summaries.refresh_procedures(s, summaries.procedures_of_sample(s, sample.id))  # a search's start
            return load_samples(s, [sample])[0]

    def correct_step(self, actor: Actor, step_id: int, *, reason: str, **fields) -> SampleInfo:
        if not (reason or "").strip():
            raise ValidationError.single("reason", _("A correction needs a reason."))
        allowed = {"started_at", "ended_at", "enzyme", "enzyme_concentration", "minutes", "temperature_c", "notes"}
        if set(fields) - allowed:
            raise ValidationError.single(sorted(set(fields) - allowed)[0], _("This field cannot be corrected here."))
        with self.ctx.db.write() as s:
            step = s.get(ProcessingStep, step_id)
            if step is None:
                raise NotFound(_("There is no processing step #{step_id}.").format(step_id=step_id))
            start = fields.get("started_at", step.started_at)
            end = fields.get("ended_at", step.ended_at)
            if ends_before_start(start, end):
                raise ValidationError.single("ended_at", _("A step cannot end before it starts."))
            audit_update(s, self.ctx, actor, step, fields, reason=reason.strip())
            summaries.refresh_procedures(s, summaries.procedures_of_sample(s, step.sample_id))
            return load_samples(s, [self._sample(s, step.sample_id)])[0]

    # --- findings -----------------------------------------------------------------------

    def record_finding(self, actor: Actor, *, sample_id: int, assessed_at: datetime | None, sperm_found: bool,
                       count_seen: int | None = None, count_basis: CountBasis | str = CountBasis.TOTAL,
                       progressive: int = 0, non_progressive: int = 0, twitching: int = 0, immotile: int = 0,
                       viability_test: ViabilityTest | str = ViabilityTest.NONE, viability_result: str = "",
                       elongated_spermatids: bool = False, notes: str = "") -> SampleInfo:
        """One look down the microscope. Counts are what was seen so far in this sample."""
        errors: dict[str, str] = {}
        basis = enum_value(CountBasis, count_basis, "count_basis", errors, "total, per droplet or per field")
        errors.update(rules.finding_errors(rules.FindingCounts(bool(sperm_found), count_seen, progressive,
                                                               non_progressive, twitching, immotile,
                                                               basis or CountBasis.TOTAL)))
        vtest = enum_value(ViabilityTest, viability_test, "viability_test", errors, "a viability test")
        if assessed_at is None:
            errors["assessed_at"] = _("The time of the finding is required.")
        check_not_future(assessed_at, self.ctx.clock(), "assessed_at", errors)
        if vtest not in (None, ViabilityTest.NONE) and not viability_result.strip():
            errors["viability_result"] = _("Give the viability test's result.")
        with self.ctx.db.write() as s:
            sample = self._sample(s, sample_id)
            if assessed_at is not None and assessed_at < sample.received_at:
                errors["assessed_at"] = _("A finding cannot be made before the sample arrived.")
            if errors:
                raise ValidationError(errors)
            finding = SpermFinding(
                sample_id=sample.id, assessed_at=assessed_at, assessor_id=actor.id, sperm_found=bool(sperm_found),
                count_seen=count_seen, count_basis=basis.value, progressive=progressive,
                non_progressive=non_progressive, twitching=twitching, immotile=immotile,
                viability_test=vtest.value, viability_result=viability_result.strip(),
                elongated_spermatids=bool(elongated_spermatids), notes=notes or "")
            audit_create(s, self.ctx, actor, finding)
            if sample.status != SampleStatus.SEARCHED.value:
                audit_update(s, self.ctx, actor, sample, {"status": SampleStatus.SEARCHED.value})
            summaries.refresh_procedures(s, summaries.procedures_of_sample(s, sample.id))
            return load_samples(s, [sample])[0]

    def correct_finding(self, actor: Actor, finding_id: int, *, reason: str, **fields) -> SampleInfo:
        if not (reason or "").strip():
            raise ValidationError.single("reason", _("A correction needs a reason."))
        allowed = {"sperm_found", "count_seen", "count_basis", "progressive", "non_progressive", "twitching",
                   "immotile", "viability_test", "viability_result", "elongated_spermatids", "notes"}
        if set(fields) - allowed:
            raise ValidationError.single(sorted(set(fields) - allowed)[0], _("This field cannot be corrected here."))
        with self.ctx.db.write() as s:
            f = s.get(SpermFinding, finding_id)
            if f is None:
                raise NotFound(_("There is no finding #{finding_id}.").format(finding_id=finding_id))
            merged = {k: fields.get(k, getattr(f, k)) for k in
                      ("sperm_found", "count_seen", "progressive", "non_progressive", "twitching", "immotile",
                       "count_basis")}
            errors = rules.finding_errors(rules.FindingCounts(**merged))
            if errors:
                raise ValidationError(errors)
            audit_update(s, self.ctx, actor, f, fields, reason=reason.strip())
            summaries.refresh_procedures(s, summaries.procedures_of_sample(s, f.sample_id))
            return load_samples(s, [self._sample(s, f.sample_id)])[0]

    def _sample(self, s: Session, sample_id: int) -> TissueSample:
        sample = s.get(TissueSample, sample_id)
        if sample is None:
            raise NotFound(_("There is no sample #{sample_id}.").format(sample_id=sample_id))
        return sample
