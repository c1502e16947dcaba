"""Recording the outcomes records: the man's work-up, treatment before retrieval, cycle outcomes.

Each is entered and corrected here, audited in the same transaction; a correction needs a reason.
A retrieval's attempt (first or repeat, earlier sperm found) is derived from the man's history.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import Session

from bench_app.domain.enums import CycleType
from bench_app.domain.errors import NotFound, ValidationError
from bench_app.domain.outcomes import (
    HISTORY_FIELDS, Answer, Histology, HistoryAnswer, Karyotype, OutcomeValues, PregnancyTest, TreatmentKind,
    YMicrodeletion, attempt_label, outcome_errors, treatment_errors, workup_errors,
)
from bench_app.i18n import _
from bench_app.persistence.models import (
    Cycle, CycleOutcome, Diagnosis, MaleWorkup, PreRetrievalTreatment, RetrievalProcedure, SpermFinding, TissueSample,
)
from bench_app.persistence import outcome_summaries as summaries
from bench_app.services.audit_writer import audit_create, audit_delete, audit_update
from bench_app.services.context import Actor, ServiceContext
from bench_app.services.outcomes_dto import AttemptInfo, OutcomeInfo, TreatmentInfo, WorkupInfo

WORKUP_FIELDS = ("hormones_on", "fsh_iu_l", "lh_iu_l", "testosterone_nmol_l", "estradiol_pmol_l", "volumes_on",
                 "volume_left_ml", "volume_right_ml", "karyotype", "y_microdeletion", "histology", "histology_on",
                 *HISTORY_FIELDS, "notes")
OUTCOME_FIELDS = ("transfer", "transfer_on", "pregnancy_test", "pregnancy_test_on", "clinical_pregnancy",
                  "clinical_pregnancy_on", "live_birth", "live_birth_on", "notes")
OUTCOME_CYCLE_TYPES = {CycleType.ICSI.value, CycleType.FROZEN_SPERM_ICSI.value}


def workup_info(w: MaleWorkup) -> WorkupInfo:
    return WorkupInfo(
        id=w.id, diagnosis_id=w.diagnosis_id, patient_id=w.patient_id, hormones_on=w.hormones_on,
        fsh_iu_l=w.fsh_iu_l, lh_iu_l=w.lh_iu_l, testosterone_nmol_l=w.testosterone_nmol_l,
        estradiol_pmol_l=w.estradiol_pmol_l, volumes_on=w.volumes_on, volume_left_ml=w.volume_left_ml,
        volume_right_ml=w.volume_right_ml, karyotype=Karyotype(w.karyotype),
        y_microdeletion=YMicrodeletion(w.y_microdeletion), histology=Histology(w.histology),
        histology_on=w.histology_on, cryptorchidism=HistoryAnswer(w.cryptorchidism),
        chemo_radiation=HistoryAnswer(w.chemo_radiation), steroid_use=HistoryAnswer(w.steroid_use),
        varicocele=HistoryAnswer(w.varicocele), notes=w.notes, recorded_at=w.recorded_at)


def treatment_info(t: PreRetrievalTreatment) -> TreatmentInfo:
    return TreatmentInfo(t.id, t.patient_id, TreatmentKind(t.treatment), t.started_on, t.ended_on, t.detail,
                         t.recorded_at)


def outcome_info(o: CycleOutcome) -> OutcomeInfo:
    return OutcomeInfo(o.id, o.cycle_id, Answer(o.transfer), o.transfer_on, PregnancyTest(o.pregnancy_test),
                       o.pregnancy_test_on, Answer(o.clinical_pregnancy), o.clinical_pregnancy_on,
                       Answer(o.live_birth), o.live_birth_on, o.notes, o.recorded_at)


def _number(value):
    """A typed-in number, an empty field (None: not tested), or the text itself for the error."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            return float(value.replace(",", "."))
        except ValueError:
            return value
    return value


def _with_reason(check, reason: str, what: str):
    """Run ``check()``; its field errors and a missing reason are reported together, so one save shows both."""
    errors: dict[str, str] = {}
    try:
        result = check()
    except ValidationError as exc:
        errors, result = dict(exc.field_errors), None
    if not (reason or "").strip():
        errors["reason"] = _("Say why the {what} is being corrected.").format(what=what)
    if errors:
        raise ValidationError(errors)
    return result


class OutcomeRecordsService:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    def _today(self) -> date:
        return self.ctx.clock().astimezone().date()

    # --- work-up --------------------------------------------------------------------------

    def _workup_values(self, fields: dict) -> dict:
        unknown = set(fields) - set(WORKUP_FIELDS)
        if unknown:
            raise ValidationError.single(sorted(unknown)[0], _("This field is not part of the work-up."))
        values = {
            "hormones_on": None, "fsh_iu_l": None, "lh_iu_l": None, "testosterone_nmol_l": None,
            "estradiol_pmol_l": None, "volumes_on": None, "volume_left_ml": None, "volume_right_ml": None,
            "karyotype": Karyotype.NOT_TESTED.value, "y_microdeletion": YMicrodeletion.NOT_TESTED.value,
            "histology": Histology.NOT_TESTED.value, "histology_on": None,
            **{h: HistoryAnswer.UNKNOWN.value for h in HISTORY_FIELDS}, "notes": "", **fields}
        for name in ("fsh_iu_l", "lh_iu_l", "testosterone_nmol_l", "estradiol_pmol_l", "volume_left_ml",
                     "volume_right_ml"):
            values[name] = _number(values[name])
        errors = workup_errors(values, self._today())
        if errors:
            raise ValidationError(errors)
        for name in ("fsh_iu_l", "lh_iu_l", "testosterone_nmol_l", "estradiol_pmol_l", "volume_left_ml",
                     "volume_right_ml"):
            if values[name] is not None:
                values[name] = float(values[name])
        for name, enum_type in (("karyotype", Karyotype), ("y_microdeletion", YMicrodeletion),
                                ("histology", Histology), *((h, HistoryAnswer) for h in HISTORY_FIELDS)):
            values[name] = enum_type(values[name]).value
        values["notes"] = (values["notes"] or "").strip()
        return values

    def record_workup(self, actor: Actor, *, diagnosis_id: int, **fields) -> WorkupInfo:
        """The work-up behind a diagnosis; empty fields are 'not tested', never 'normal'."""
        values = self._workup_values(fields)
        with self.ctx.db.write() as s:
            d = s.get(Diagnosis, diagnosis_id)
            if d is None:
                raise NotFound(_("There is no diagnosis #{diagnosis_id}.").format(diagnosis_id=diagnosis_id))
            if s.execute(select(MaleWorkup.id).where(MaleWorkup.diagnosis_id == d.id)).first():
                raise ValidationError.single("diagnosis_id", _("This diagnosis has a work-up already: correct it."))
            w = MaleWorkup(diagnosis_id=d.id, patient_id=d.patient_id, **values, recorded_by=actor.id,
                           recorded_at=self.ctx.clock())
            audit_create(s, self.ctx, actor, w)
            return workup_info(w)

    def correct_workup(self, actor: Actor, workup_id: int, *, reason: str, **fields) -> WorkupInfo:
        with self.ctx.db.write() as s:
            w = s.get(MaleWorkup, workup_id)
            if w is None:
                raise NotFound(_("There is no work-up #{workup_id}.").format(workup_id=workup_id))
            current = {name: getattr(w, name) for name in WORKUP_FIELDS}
            values = _with_reason(lambda: self._workup_values({**current, **fields}), reason, _("work-up"))
            audit_update(s, self.ctx, actor, w, values, reason=reason)
            return workup_info(w)

    def workup_of_diagnosis(self, diagnosis_id: int) -> WorkupInfo | None:
        with self.ctx.db.read() as s:
            w = s.execute(select(MaleWorkup).where(MaleWorkup.diagnosis_id == diagnosis_id)).scalar_one_or_none()
            return workup_info(w) if w else None

    # --- treatment before retrieval -------------------------------------------------------

    def add_treatment(self, actor: Actor, *, patient_id: int, treatment: TreatmentKind | str,
                      started_on: date | None, ended_on: date | None = None, detail: str = "") -> TreatmentInfo:
        errors = treatment_errors(str(treatment), started_on, ended_on, detail, self._today())
        with self.ctx.db.write() as s:
            if not s.execute(select(Diagnosis.id).where(Diagnosis.patient_id == patient_id)).first():
                errors["patient_id"] = _("Treatment before retrieval is recorded for a man with a diagnosis.")
            if errors:
                raise ValidationError(errors)
            t = PreRetrievalTreatment(patient_id=patient_id, treatment=TreatmentKind(treatment).value,
                                      started_on=started_on, ended_on=ended_on, detail=(detail or "").strip(),
                                      recorded_by=actor.id, recorded_at=self.ctx.clock())
            audit_create(s, self.ctx, actor, t)
            return treatment_info(t)

    def correct_treatment(self, actor: Actor, treatment_id: int, *, reason: str, **fields) -> TreatmentInfo:
        allowed = {"treatment", "started_on", "ended_on", "detail"}
        if set(fields) - allowed:
            raise ValidationError.single(sorted(set(fields) - allowed)[0], _("This field cannot be changed here."))
        with self.ctx.db.write() as s:
            t = self._treatment(s, treatment_id)
            merged = {"treatment": t.treatment, "started_on": t.started_on, "ended_on": t.ended_on,
                      "detail": t.detail, **fields}
            errors = treatment_errors(str(merged["treatment"]), merged["started_on"], merged["ended_on"],
                                      merged["detail"], self._today())
            if not (reason or "").strip():
                errors["reason"] = _("Say why the treatment is being corrected.")
            if errors:
                raise ValidationError(errors)
            merged["treatment"] = TreatmentKind(merged["treatment"]).value
            merged["detail"] = (merged["detail"] or "").strip()
            audit_update(s, self.ctx, actor, t, merged, reason=reason)
            return treatment_info(t)

    def remove_treatment(self, actor: Actor, treatment_id: int, *, reason: str) -> None:
        if not (reason or "").strip():
            raise ValidationError.single("reason", _("Say why the treatment is removed."))
        with self.ctx.db.write() as s:
            audit_delete(s, self.ctx, actor, self._treatment(s, treatment_id), reason=reason)

    def treatments_of_patient(self, patient_id: int) -> list[TreatmentInfo]:
        with self.ctx.db.read() as s:
            rows = s.execute(select(PreRetrievalTreatment).where(PreRetrievalTreatment.patient_id == patient_id)
                             .order_by(PreRetrievalTreatment.started_on, PreRetrievalTreatment.id)).scalars()
            return [treatment_info(t) for t in rows]

    @staticmethod
    def _treatment(s: Session, treatment_id: int) -> PreRetrievalTreatment:
        t = s.get(PreRetrievalTreatment, treatment_id)
        if t is None:
            raise NotFound(_("There is no treatment #{treatment_id}.").format(treatment_id=treatment_id))
        return t

    # --- cycle outcome --------------------------------------------------------------------

    def _outcome_values(self, fields: dict, cycle: Cycle) -> dict:
        unknown = set(fields) - set(OUTCOME_FIELDS)
        if unknown:
            raise ValidationError.single(sorted(unknown)[0], _("This field is not part of a cycle outcome."))
        values = {"transfer": Answer.UNKNOWN.value, "transfer_on": None,
                  "pregnancy_test": PregnancyTest.NOT_DONE.value, "pregnancy_test_on": None,
                  "clinical_pregnancy": Answer.UNKNOWN.value, "clinical_pregnancy_on": None,
                  "live_birth": Answer.UNKNOWN.value, "live_birth_on": None, "notes": "", **fields}
        errors: dict[str, str] = {}
        enums = {"transfer": Answer, "pregnancy_test": PregnancyTest, "clinical_pregnancy": Answer,
                 "live_birth": Answer}
        for name, enum_type in enums.items():
            try:
                values[name] = enum_type(values[name])
            except ValueError:
                errors[name] = _("Choose a value from the list.")
        if errors:
            raise ValidationError(errors)
        errors = outcome_errors(OutcomeValues(**{k: values[k] for k in OUTCOME_FIELDS if k != "notes"}),
                                cycle.start_date, self._today())
        if errors:
            raise ValidationError(errors)
        return {**{k: (v.value if k in enums else v) for k, v in values.items()},
                "notes": (values["notes"] or "").strip()}

    def record_outcome(self, actor: Actor, *, cycle_id: int, **fields) -> OutcomeInfo:
        with self.ctx.db.write() as s:
            cycle = self._cycle(s, cycle_id)
            if s.execute(select(CycleOutcome.id).where(CycleOutcome.cycle_id == cycle.id)).first():
                raise ValidationError.single("cycle_id", _("This cycle has an outcome already: correct it."))
            values = self._outcome_values(fields, cycle)
            o = CycleOutcome(cycle_id=cycle.id, **values, recorded_by=actor.id, recorded_at=self.ctx.clock())
            audit_create(s, self.ctx, actor, o)
            summaries.refresh_procedures(s, summaries.procedures_of_cycle(s, cycle.id))
            return outcome_info(o)

    def correct_outcome(self, actor: Actor, outcome_id: int, *, reason: str, **fields) -> OutcomeInfo:
        with self.ctx.db.write() as s:
            o = s.get(CycleOutcome, outcome_id)
            if o is None:
                raise NotFound(_("There is no cycle outcome #{outcome_id}.").format(outcome_id=outcome_id))
            current = {name: getattr(o, name) for name in OUTCOME_FIELDS}
            cycle = self._cycle(s, o.cycle_id)
            values = _with_reason(lambda: self._outcome_values({**current, **fields}, cycle), reason, _("cycle outcome"))
            audit_update(s, self.ctx, actor, o, values, reason=reason)
            summaries.refresh_procedures(s, summaries.procedures_of_cycle(s, o.cycle_id))
            return outcome_info(o)

    def outcome_of_cycle(self, cycle_id: int) -> OutcomeInfo | None:
        with self.ctx.db.read() as s:
            o = s.execute(select(CycleOutcome).where(CycleOutcome.cycle_id == cycle_id)).scalar_one_or_none()
            return outcome_info(o) if o else None

    @staticmethod
    def _cycle(s: Session, cycle_id: int) -> Cycle:
        c = s.get(Cycle, cycle_id)
        if c is None:
            raise NotFound(_("There is no cycle #{cycle_id}.").format(cycle_id=cycle_id))
        if c.cycle_type not in OUTCOME_CYCLE_TYPES:
            raise ValidationError.single("cycle_id", _("An outcome (transfer, pregnancy) is recorded for an ICSI cycle."))
        return c

    # --- the attempt ----------------------------------------------------------------------

    def attempt_of_procedure(self, procedure_id: int) -> AttemptInfo:
        """First or repeat retrieval of this man, and whether an earlier one found sperm."""
        with self.ctx.db.read() as s:
            p = s.get(RetrievalProcedure, procedure_id)
            if p is None:
                raise NotFound(_("There is no procedure #{procedure_id}.").format(procedure_id=procedure_id))
            earlier = and_(RetrievalProcedure.patient_id == p.patient_id, RetrievalProcedure.started_at < p.started_at)
            count = s.execute(select(func.count()).select_from(RetrievalProcedure).where(earlier)).scalar_one()
            positive = s.execute(select(exists().where(
                earlier, TissueSample.procedure_id == RetrievalProcedure.id,
                SpermFinding.sample_id == TissueSample.id, SpermFinding.sperm_found.is_(True)))).scalar_one()
            return AttemptInfo(p.id, count + 1, count, bool(positive), attempt_label(count, bool(positive)))
