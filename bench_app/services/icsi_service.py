"""ICSI per oocyte: OPU and maturity, the witnessed sperm source, injections, fertilization checks."""

from __future__ import annotations

from datetime import datetime
from typing import Sequence

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from bench_app.domain import icsi as rules
from bench_app.domain.enums import (
    ConsentUse, CycleType, Disposition, FertilizationResult, Maturity, SpermMotility, SpermSourceKind, ViabilityTest,
)
from bench_app.domain.consistency import not_before
from bench_app.domain.limits import NUMBER_FIELDS, check_after_birth, check_not_future, enum_value
from bench_app.domain.errors import NotFound, ValidationError
from bench_app.domain.witnessing import CriticalStep
from bench_app.i18n import _, ngettext
from bench_app.persistence.audit_append import head_read
from bench_app.persistence.models import (
    AuditHead, Couple, Cycle, FertilizationCheck, IcsiSession, Injection, Oocyte, OocyteRetrieval, Patient, SpermFinding,
    ThawEvent, TissueSample, User,
)
from bench_app.persistence import outcome_summaries as summaries
from bench_app.services import icsi_queries as q
from bench_app.services.audit_writer import audit_create, audit_update
from bench_app.services.cryo_checks import consent_for
from bench_app.services.codes_service import allocate_code, allocate_codes
from bench_app.services.context import Actor, ServiceContext
from bench_app.services.record_names import thaw_titles
from bench_app.services.icsi_dto import CycleSummary, IcsiGrid, OocyteRow, OpuInfo, SessionInfo, SpermSourceInfo
from bench_app.services.witness_service import WitnessInput, WitnessService
from bench_app.services.guard import guarded

ICSI_CYCLES = {CycleType.ICSI.value, CycleType.FROZEN_SPERM_ICSI.value}
MAX_COCS = int(NUMBER_FIELDS["cocs_retrieved"].maximum)
# What a save checks, each in one statement built once (the lab-wide write lock is held while they run): the dish,
# the oocyte and whether it was injected; the oocyte, its injection, who injected it and whether it was checked.
# Each also reads the audit chain's head, which the commit appends behind (audit_append.head_read).
_DISH_AND_OOCYTE = (
    select(IcsiSession, Oocyte, select(Injection.id).where(Injection.oocyte_id == bindparam("oocyte_id")).exists(),
           AuditHead.last_event_id, AuditHead.last_hash)
    .select_from(IcsiSession).outerjoin(Oocyte, Oocyte.id == bindparam("oocyte_id"))
    .outerjoin(AuditHead, AuditHead.id == 1)
    .where(IcsiSession.id == bindparam("session_id")))
_OOCYTE_AND_INJECTION = (
    select(Oocyte, Injection, select(FertilizationCheck.id).where(FertilizationCheck.oocyte_id == Oocyte.id).exists(),
           User.username, AuditHead.last_event_id, AuditHead.last_hash)
    .select_from(Oocyte).outerjoin(Injection, Injection.oocyte_id == Oocyte.id)
    .outerjoin(User, User.id == Injection.injected_by).outerjoin(AuditHead, AuditHead.id == 1)
    .where(Oocyte.id == bindparam("oocyte_id")))


@guarded
class IcsiService:
    def __init__(self, ctx: ServiceContext, witness: WitnessService):
        self.ctx = ctx
        self.witness = witness

    # --- OPU and maturity ---------------------------------------------------------------

    def record_opu(self, actor: Actor, *, cycle_id: int, retrieved_at: datetime | None, cocs_retrieved: int,
                   denuded_at: datetime | None = None, notes: str = "") -> OpuInfo:
        errors: dict[str, str] = {}
        if retrieved_at is None:
            errors["retrieved_at"] = _("The time of oocyte retrieval is required.")
        check_not_future(retrieved_at, self.ctx.clock(), "retrieved_at", errors)
        check_not_future(denuded_at, self.ctx.clock(), "denuded_at", errors)
        if not isinstance(cocs_retrieved, int) or isinstance(cocs_retrieved, bool) or not 0 <= cocs_retrieved <= MAX_COCS:
            errors["cocs_retrieved"] = _("COCs retrieved is a whole number from 0 to {maximum}.").format(maximum=MAX_COCS)
        if retrieved_at and denuded_at and denuded_at < retrieved_at:
            errors["denuded_at"] = _("Denudation cannot be before the retrieval.")
        with self.ctx.db.write() as s:
            cycle = self._cycle(s, cycle_id)
            if cycle.cycle_type not in ICSI_CYCLES:
                errors["cycle_id"] = _("Oocytes are retrieved in an ICSI cycle.")
            couple = s.get(Couple, cycle.couple_id)
            woman = s.get(Patient, couple.female_patient_id) if couple.female_patient_id else None
            check_after_birth(retrieved_at, woman.date_of_birth if woman else None, "retrieved_at", errors,
                              _("The oocyte retrieval"))
            if errors:
                raise ValidationError(errors)
            opu = OocyteRetrieval(cycle_id=cycle.id, retrieved_at=retrieved_at, cocs_retrieved=cocs_retrieved,
                                  embryologist_id=actor.id, denuded_at=denuded_at, notes=notes or "",
                                  dish_code=allocate_code(s, "C"))
            audit_create(s, self.ctx, actor, opu)
            summaries.refresh_opus(s, [opu.id])
            return q.opu_info(opu, {actor.id: actor.username})

    def dish_code(self, actor: Actor, retrieval_id: int) -> str:
        """The ICSI dish's code; a retrieval recorded before dishes had codes gets one now (audited)."""
        with self.ctx.db.write() as s:
            opu = s.get(OocyteRetrieval, retrieval_id)
            if opu is None:
                raise NotFound(_("There is no oocyte retrieval #{retrieval_id}.").format(retrieval_id=retrieval_id))
            if not opu.dish_code:
                audit_update(s, self.ctx, actor, opu, {"dish_code": allocate_code(s, "C")},
                             reason="dish code for the dish label")
            return opu.dish_code

    def set_maturities(self, actor: Actor, *, retrieval_id: int, maturities: Sequence[Maturity | str | None],
                       reason: str = "") -> list[OocyteRow]:
        """Oocyte 1..n's maturity in one go; new oocytes get their codes. More than the COCs is refused.

        Changing a maturity already recorded is a correction and needs a reason; an injected
        oocyte's maturity cannot change.
        """
        errors: dict[str, str] = {}
        values = []
        for i, m in enumerate(maturities, start=1):
            if m in (None, ""):
                values.append(None)
                continue
            try:
                values.append(Maturity(m))
            except ValueError:
                errors[f"oocyte_{i}"] = _("Oocyte {number}: choose MII, MI, GV, atretic, degenerated or other.").format(number=i)
        with self.ctx.db.write() as s:
            opu = self._opu(s, retrieval_id)
            if len(values) > opu.cocs_retrieved:
                errors["maturities"] = ngettext(
                    "{count} oocyte is more than the {cocs_retrieved} COCs retrieved: correct the COC count first.",
                    "{count} oocytes is more than the {cocs_retrieved} COCs retrieved: correct the COC count first.",
                    len(values)).format(count=len(values), cocs_retrieved=opu.cocs_retrieved)
            existing = {o.number: o for o in s.execute(select(Oocyte).where(Oocyte.retrieval_id == opu.id)).scalars()}
            injected = set(s.execute(select(Oocyte.number).join(Injection, Injection.oocyte_id == Oocyte.id)
                                     .where(Oocyte.retrieval_id == opu.id)).scalars())
            for n, value in enumerate(values, start=1):
                old = existing.get(n)
                if old is None or old.maturity is None or value is None or old.maturity == value.value:
                    continue
                if n in injected:
                    errors[f"oocyte_{n}"] = _("Oocyte {number} was injected: its maturity can no longer change.").format(number=n)
                elif not reason.strip():
                    errors["reason"] = _("Oocyte {number} was recorded {maturity}: say why it changes.").format(number=n, maturity=old.maturity)
            if errors:
                raise ValidationError(errors)
            now = self.ctx.clock()
            missing = [n for n in range(1, len(values) + 1) if n not in existing]
            for n, code in zip(missing, allocate_codes(s, "O", len(missing))):
                oocyte = Oocyte(code=code, retrieval_id=opu.id, number=n, maturity=None)
                audit_create(s, self.ctx, actor, oocyte)
                existing[n] = oocyte
            for n, value in enumerate(values, start=1):
                if value is not None and existing[n].maturity != value.value:
                    audit_update(s, self.ctx, actor, existing[n], {"maturity": value.value, "assessed_at": now,
                                                                   "assessed_by": actor.id}, reason=reason.strip())
            summaries.refresh_opus(s, [opu.id])
            return q.oocyte_rows(s, [opu.id], q.names(s))

    # --- ICSI session: the witnessed sperm source ---------------------------------------

    def start_session(self, actor: Actor, *, retrieval_id: int, source_kind: SpermSourceKind | str,
                      source_sample_id: int | None = None, source_thaw_event_id: int | None = None,
                      started_at: datetime | None = None, witness: WitnessInput | None, notes: str = "") -> SessionInfo:
        """Open an ICSI dish with its sperm source; source, dish and patient are matched by a witness."""
        errors: dict[str, str] = {}
        kind = enum_value(SpermSourceKind, source_kind, "source_kind", errors, "the sperm source")
        started_at = started_at or self.ctx.clock()
        check_not_future(started_at, self.ctx.clock(), "started_at", errors)
        with self.ctx.db.read() as s:
            opu = self._opu(s, retrieval_id)
            self._check_source(s, opu, kind, source_sample_id, source_thaw_event_id, errors, started_at)
            if started_at < opu.retrieved_at:
                errors["started_at"] = _("ICSI cannot start before the oocytes were retrieved.")
        if errors:
            raise ValidationError(errors)
        verified = self.witness.verify(actor, CriticalStep.ICSI_SOURCE_MATCH, witness,
                                       entity_type="oocyte_retrievals", entity_id=str(retrieval_id))
        with self.ctx.db.write() as s:
            opu = self._opu(s, retrieval_id)
            self._check_source(s, opu, kind, source_sample_id, source_thaw_event_id, errors)
            if errors:
                raise ValidationError(errors)
            sess = IcsiSession(cycle_id=opu.cycle_id, retrieval_id=opu.id, sperm_source_kind=kind.value,
                               source_sample_id=source_sample_id if kind == SpermSourceKind.FRESH_SAMPLE else None,
                               source_thaw_event_id=source_thaw_event_id if kind == SpermSourceKind.THAW_EVENT else None,
                               started_at=started_at, operator_id=actor.id, notes=notes or "")
            audit_create(s, self.ctx, actor, sess)
            record = self.witness.record(s, verified, entity_type="icsi_sessions", entity_id=sess.id)
            audit_update(s, self.ctx, actor, sess, {"witness_record_id": record.id})
            # The procedure whose sperm this dish uses now reads this cycle's outcome too.
            summaries.refresh_procedures(s, summaries.procedures_of_sample(s, sess.source_sample_id)
                                         if sess.source_sample_id else
                                         summaries.procedures_of_thaw(s, sess.source_thaw_event_id)
                                         if sess.source_thaw_event_id else [])
            return q.session_info(s, sess, q.names(s))

    def _check_source(self, s: Session, opu: OocyteRetrieval, kind: SpermSourceKind | None, sample_id: int | None,
                      thaw_id: int | None, errors: dict[str, str], started_at: datetime | None = None) -> None:
        couple = s.execute(select(Couple).join(Cycle, Cycle.couple_id == Couple.id)
                           .where(Cycle.id == opu.cycle_id)).scalar_one()
        wrong = _("This sperm source belongs to another patient: it is not the male partner's of this cycle.")
        if kind == SpermSourceKind.FRESH_SAMPLE:
            sample = s.get(TissueSample, sample_id) if sample_id else None
            if sample is None:
                errors["source_sample_id"] = _("Choose the fresh sample used.")
            elif sample.patient_id != couple.male_patient_id:
                errors["source_sample_id"] = wrong
            elif sample.disposition in (Disposition.DISCARDED.value, Disposition.HISTOLOGY.value):
                errors["source_sample_id"] = _("Sample {code} was {disposition}: it cannot be used.").format(code=sample.code, disposition=sample.disposition)
            elif not s.execute(select(SpermFinding.id).where(SpermFinding.sample_id == sample.id,
                                                             SpermFinding.sperm_found.is_(True))).first():
                errors["source_sample_id"] = _("No sperm were found in sample {code}.").format(code=sample.code)
            elif problem := not_before(started_at, sample.received_at, step=_("ICSI with this sample"),
                                       after=_("sample {code} was received").format(code=sample.code)):
                errors["started_at"] = problem
        elif kind == SpermSourceKind.THAW_EVENT:
            thaw = s.get(ThawEvent, thaw_id) if thaw_id else None
            if thaw is None:
                errors["source_thaw_event_id"] = _("Choose the thaw the sperm came from.")
            elif thaw.patient_id != couple.male_patient_id:
                errors["source_thaw_event_id"] = wrong
            elif thaw.sperm_found is False:
                errors["source_thaw_event_id"] = _("No sperm were found after this thaw.")
            elif problem := not_before(started_at, thaw.thawed_at, step=_("ICSI with this thawed sperm"),
                                       after=_("the thaw")):
                errors["started_at"] = problem
            else:  # stored sperm is used only with consent to treatment, in force today
                consent = consent_for(s, s.get(Patient, thaw.patient_id), ConsentUse.TREATMENT,
                                      self.ctx.clock().astimezone().date())
                if isinstance(consent, str):
                    errors["consent"] = consent

    # --- injection and fertilization check ---------------------------------------------

    def inject(self, actor: Actor, *, session_id: int, oocyte_id: int, injected_at: datetime | None = None,
               sperm_motility: SpermMotility | str, viability_test: ViabilityTest | str = ViabilityTest.NONE,
               techniques: Sequence[str] = (), damaged: bool = False, non_mii_reason: str = "",
               notes: str = "") -> OocyteRow:
        """Inject one oocyte. Only MII, unless a flagged exception (e.g. in-vitro matured) with a reason."""
        errors: dict[str, str] = {}
        motility = enum_value(SpermMotility, sperm_motility, "sperm_motility", errors, "how the chosen sperm moved")
        vtest = enum_value(ViabilityTest, viability_test, "viability_test", errors, "a viability test")
        unknown = [t for t in techniques if t not in rules.TECHNIQUES]
        if unknown:
            errors["techniques"] = _("Unknown technique '{technique}'.").format(technique=unknown[0])
        injected_at = injected_at or self.ctx.clock()
        check_not_future(injected_at, self.ctx.clock(), "injected_at", errors)
        if motility == SpermMotility.IMMOTILE and vtest == ViabilityTest.NONE:
            errors["viability_test"] = _("An immotile sperm is injected only after a viability test.")
        with self.ctx.db.write() as s:
            # The dish, the oocyte and whether it was injected, in one statement: the lab-wide write lock is held
            # from here to the commit, so a save asks the server as few times as it can.
            found = s.execute(_DISH_AND_OOCYTE, {"session_id": session_id, "oocyte_id": oocyte_id}).first()
            if found is None:
                raise NotFound(_("There is no ICSI session #{session_id}.").format(session_id=session_id))
            sess, oocyte, already, head_id, head_hash = found
            head_read(s, head_id, head_hash)
            if oocyte is None or oocyte.retrieval_id != sess.retrieval_id:
                raise ValidationError.single("oocyte_id", _("This oocyte is not in this ICSI dish."))
            if already:
                errors["oocyte_id"] = _("Oocyte {number} was already injected.").format(number=oocyte.number)
            if oocyte.maturity != Maturity.MII.value and not non_mii_reason.strip():
                errors["non_mii_reason"] = (_("Oocyte {number} is {maturity}: only MII "
                                            "oocytes are injected, unless you record the exception and its reason.").format(
                                                number=oocyte.number, maturity=oocyte.maturity or _("not assessed")))
            if injected_at < sess.started_at:
                errors["injected_at"] = _("An injection cannot be before the ICSI session started.")
            if errors:
                raise ValidationError(errors)
            inj = Injection(oocyte_id=oocyte.id, session_id=sess.id, injected_at=injected_at, injected_by=actor.id,
                            sperm_motility=motility.value, viability_test=vtest.value,
                            techniques=",".join(dict.fromkeys(techniques)), damaged=bool(damaged),
                            non_mii_reason=non_mii_reason.strip() if oocyte.maturity != Maturity.MII.value else "",
                            notes=notes or "")
            audit_create(s, self.ctx, actor, inj, reason=inj.non_mii_reason)
            summaries.refresh_dishes(s, [sess.id])
        # Just injected, so not checked: the row from the records in hand, after the commit.
        return q.oocyte_row(oocyte, inj, None, {actor.id: actor.username})

    def record_check(self, actor: Actor, *, oocyte_id: int, checked_at: datetime | None,
                     result: FertilizationResult | str, polar_bodies: int | None = None,
                     window_reason: str = "") -> OocyteRow:
        """The 16-18 h check. A check outside the window is flagged and needs a reason."""
        errors: dict[str, str] = {}
        res = enum_value(FertilizationResult, result, "result", errors, "the fertilization result")
        if checked_at is None:
            errors["checked_at"] = _("The time of the check is required.")
        check_not_future(checked_at, self.ctx.clock(), "checked_at", errors)
        if polar_bodies is not None and (not isinstance(polar_bodies, int) or not 0 <= polar_bodies <= 4):
            errors["polar_bodies"] = _("Polar bodies: a whole number from 0 to 4.")
        with self.ctx.db.write() as s:
            # The oocyte, its injection and who injected it, and whether it was checked, in one statement.
            found = s.execute(_OOCYTE_AND_INJECTION, {"oocyte_id": oocyte_id}).first()
            if found is None:
                raise NotFound(_("There is no oocyte #{oocyte_id}.").format(oocyte_id=oocyte_id))
            oocyte, inj, already, injector, head_id, head_hash = found
            head_read(s, head_id, head_hash)
            if inj is None:
                raise ValidationError.single("oocyte_id", _("Oocyte {number} was not injected.").format(number=oocyte.number))
            if already:
                errors["oocyte_id"] = _("Oocyte {number} was already checked.").format(number=oocyte.number)
            hours = rules.hours_between(inj.injected_at, checked_at) if checked_at else 0.0
            if checked_at is not None and checked_at <= inj.injected_at:
                errors["checked_at"] = _("The check must come after the injection.")
            outside = not rules.in_window(hours)
            if checked_at is not None and outside and not window_reason.strip():
                errors["window_reason"] = (_("This check is at {window_text}, outside "
                                           "{start:g}-{end:g} h: give a reason.").format(
                    window_text=rules.window_text(hours), start=rules.WINDOW_START_HOURS, end=rules.WINDOW_END_HOURS))
            if errors:
                raise ValidationError(errors)
            chk = FertilizationCheck(oocyte_id=oocyte.id, checked_at=checked_at, checked_by=actor.id, result=res.value,
                                     polar_bodies=polar_bodies, hours_since_injection=round(hours, 2),
                                     outside_window=outside, window_reason=window_reason.strip() if outside else "")
            audit_create(s, self.ctx, actor, chk, reason=chk.window_reason)
            summaries.refresh_dishes(s, [inj.session_id])
        return q.oocyte_row(oocyte, inj, chk, {inj.injected_by: injector, actor.id: actor.username})

    # --- reading ----------------------------------------------------------------------

    def cycle_grid(self, cycle_id: int) -> IcsiGrid:
        with self.ctx.db.read() as s:
            return q.grid(s, cycle_id)

    def cycle_summary(self, cycle_id: int) -> CycleSummary:
        return q.summary(self.cycle_grid(cycle_id))

    def sperm_source_of(self, oocyte_id: int) -> SpermSourceInfo | None:
        """The sperm source an oocyte was injected with, and the links back to its origin."""
        with self.ctx.db.read() as s:
            sess = s.execute(select(IcsiSession).join(Injection, Injection.session_id == IcsiSession.id)
                             .where(Injection.oocyte_id == oocyte_id)).scalar_one_or_none()
            return q.source_info(s, sess) if sess else None

    def fresh_sources(self, cycle_id: int) -> list[tuple[int, str]]:
        """The male partner's samples with sperm found, for choosing a fresh source: (id, label)."""
        with self.ctx.db.read() as s:
            couple = self._couple_of_cycle(s, cycle_id)
            positive = select(SpermFinding.sample_id).where(SpermFinding.sperm_found.is_(True))
            rows = s.execute(select(TissueSample).where(TissueSample.patient_id == couple.male_patient_id,
                                                        TissueSample.id.in_(positive),
                                                        TissueSample.disposition.in_(["pending", "fresh_icsi", "freeze"]))
                             .order_by(TissueSample.received_at.desc())).scalars().all()
            return [(x.id, _("{code} sample {number} ({day})").format(
                code=x.code, number=x.sample_number, day=f"{x.received_at.astimezone():%Y-%m-%d}")) for x in rows]

    def thaw_sources(self, cycle_id: int) -> list[tuple[int, str]]:
        with self.ctx.db.read() as s:
            couple = self._couple_of_cycle(s, cycle_id)
            rows = s.execute(select(ThawEvent).where(ThawEvent.patient_id == couple.male_patient_id)
                             .order_by(ThawEvent.thawed_at.desc())).scalars().all()
            titles = thaw_titles(s, [t.id for t in rows])
            return [(t.id, titles[t.id] + ("" if t.sperm_found is not False else " (no sperm found)")) for t in rows]

    def opus_count(self, cycle_id: int) -> int:
        with self.ctx.db.read() as s:
            return s.execute(select(func.count(OocyteRetrieval.id))
                             .where(OocyteRetrieval.cycle_id == cycle_id)).scalar_one()

    def _couple_of_cycle(self, s: Session, cycle_id: int) -> Couple:
        couple = s.execute(select(Couple).join(Cycle, Cycle.couple_id == Couple.id)
                           .where(Cycle.id == cycle_id)).scalar_one_or_none()
        if couple is None:
            raise NotFound(_("There is no cycle #{cycle_id}.").format(cycle_id=cycle_id))
        return couple

    def _cycle(self, s: Session, cycle_id: int) -> Cycle:
        cycle = s.get(Cycle, cycle_id)
        if cycle is None:
            raise NotFound(_("There is no cycle #{cycle_id}.").format(cycle_id=cycle_id))
        return cycle

    def _opu(self, s: Session, retrieval_id: int) -> OocyteRetrieval:
        opu = s.get(OocyteRetrieval, retrieval_id)
        if opu is None:
            raise NotFound(_("There is no oocyte retrieval #{retrieval_id}.").format(retrieval_id=retrieval_id))
        return opu
