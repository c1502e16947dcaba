"""Reading ICSI records into DTOs: grid rows, sessions with their sperm source, summaries."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from bench_app.domain import indicators as vienna
from bench_app.domain.enums import (
    FertilizationResult, FreezeSourceKind, Maturity, ProcedureType, SpermMotility, SpermSourceKind, ViabilityTest,
)
from bench_app.domain.errors import NotFound
from bench_app.domain.indicators import Rate
from bench_app.persistence.models import (
    Couple, CryoDevice, Cycle, FertilizationCheck, FreezeEvent, IcsiSession, Injection, Oocyte, OocyteRetrieval,
    Patient, RetrievalProcedure, ThawEvent, TissueSample, User, WitnessRecord, thaw_event_devices,
)
from bench_app.domain.names import listing_of
from bench_app.i18n import _
from bench_app.services.icsi_dto import (
    CycleSummary, IcsiGrid, Indicator, OocyteRow, OpuInfo, SessionInfo, SpermSourceInfo,
)

EPIDIDYMAL = {ProcedureType.PESA.value, ProcedureType.MESA.value}


def names(s: Session) -> dict[int, str]:
    return dict(s.execute(select(User.id, User.username)).all())


def opu_info(r: OocyteRetrieval, who: dict[int, str]) -> OpuInfo:
    return OpuInfo(r.id, r.cycle_id, r.retrieved_at, r.cocs_retrieved, who.get(r.embryologist_id, "?"),
                   r.denuded_at, r.notes, r.dish_code or "")


def source_info(s: Session, sess: IcsiSession) -> SpermSourceInfo:
    sample = s.get(TissueSample, sess.source_sample_id) if sess.source_sample_id else None
    proc = s.get(RetrievalProcedure, sample.procedure_id) if sample is not None and sample.procedure_id else None
    thawed = thawed_devices(s, [sess.source_thaw_event_id] if sess.source_thaw_event_id else [])
    return source_of(sess, sample, proc, thawed.get(sess.source_thaw_event_id, []))


def thawed_devices(s: Session, thaw_event_ids: list[int]) -> dict[int, list[tuple[int, str, str]]]:
    """The devices each thaw event thawed (id, code, what was frozen), in one statement for them all."""
    out: dict[int, list[tuple[int, str, str]]] = {}
    if not thaw_event_ids:
        return out
    rows = s.execute(select(thaw_event_devices.c.thaw_event_id, CryoDevice.id, CryoDevice.code, FreezeEvent.source_kind)
                     .join(CryoDevice, thaw_event_devices.c.device_id == CryoDevice.id)
                     .join(FreezeEvent, FreezeEvent.id == CryoDevice.freeze_event_id)
                     .where(thaw_event_devices.c.thaw_event_id.in_(thaw_event_ids))
                     .order_by(thaw_event_devices.c.thaw_event_id, CryoDevice.id)).all()
    for event_id, device_id, code, source_kind in rows:
        out.setdefault(event_id, []).append((device_id, code, source_kind))
    return out


def source_of(sess: IcsiSession, sample: TissueSample | None, proc: RetrievalProcedure | None,
              thawed: list[tuple[int, str, str]]) -> SpermSourceInfo:
    """A session's sperm source from the records already read (the fresh sample and its procedure, the thawed
    devices)."""
    kind = SpermSourceKind(sess.sperm_source_kind)
    if kind == SpermSourceKind.FRESH_SAMPLE and sample is not None:
        cls = "fresh epididymal" if proc and proc.procedure_type in EPIDIDYMAL else "fresh testicular"
        label = f"{cls} ({proc.procedure_type if proc else 'sample'}) {sample.code}"
        return SpermSourceInfo(kind, label, cls, sample.id, sample.code, proc.id if proc else None, None, (), (),
                               procedure_type=proc.procedure_type if proc else "")
    if kind == SpermSourceKind.THAW_EVENT and sess.source_thaw_event_id:
        ejaculate = bool(thawed) and all(r[2] == FreezeSourceKind.EJACULATE.value for r in thawed)
        cls = "frozen ejaculate" if ejaculate else "frozen testicular"
        codes = tuple(r[1] for r in thawed)
        return SpermSourceInfo(kind, f"{cls}, thawed {', '.join(codes)}", cls, None, None,
                               None, sess.source_thaw_event_id, tuple(r[0] for r in thawed), codes)
    return SpermSourceInfo(SpermSourceKind.EJACULATE, "fresh ejaculate", "ejaculate", None, None, None, None, (), ())


def session_info(s: Session, sess: IcsiSession, who: dict[int, str]) -> SessionInfo:
    witness_id = s.execute(select(WitnessRecord.witness_id)
                           .where(WitnessRecord.id == sess.witness_record_id)).scalar() if sess.witness_record_id \
        else None
    return session_from(sess, witness_id, source_info(s, sess), who)


def session_from(sess: IcsiSession, witness_id: int | None, source: SpermSourceInfo,
                 who: dict[int, str]) -> SessionInfo:
    witness = who.get(witness_id, "?") if witness_id is not None else None
    return SessionInfo(sess.id, sess.cycle_id, sess.retrieval_id, sess.started_at, who.get(sess.operator_id, "?"),
                       witness, source, sess.notes)


def cycle_sessions(s: Session, cycle_id: int, who: dict[int, str]) -> list[SessionInfo]:
    """A cycle's ICSI sessions with their witness and sperm source: one statement, and one more for all the thawed
    devices if any session used a thaw (a cycle opened over a lab's network pays a round trip per statement)."""
    rows = s.execute(select(IcsiSession, WitnessRecord.witness_id, TissueSample, RetrievalProcedure)
                     .outerjoin(WitnessRecord, WitnessRecord.id == IcsiSession.witness_record_id)
                     .outerjoin(TissueSample, TissueSample.id == IcsiSession.source_sample_id)
                     .outerjoin(RetrievalProcedure, RetrievalProcedure.id == TissueSample.procedure_id)
                     .where(IcsiSession.cycle_id == cycle_id).order_by(IcsiSession.started_at)).all()
    thawed = thawed_devices(s, [r[0].source_thaw_event_id for r in rows if r[0].source_thaw_event_id])
    return [session_from(sess, witness_id, source_of(sess, sample, proc, thawed.get(sess.source_thaw_event_id, [])),
                         who) for sess, witness_id, sample, proc in rows]


def oocyte_row(o: Oocyte, inj: Injection | None, chk: FertilizationCheck | None, who: dict[int, str]) -> OocyteRow:
    """One grid row from the records already in hand (a save builds it without reading them again)."""
    return OocyteRow(
        id=o.id, code=o.code, retrieval_id=o.retrieval_id, number=o.number,
        maturity=Maturity(o.maturity) if o.maturity else None, injected=inj is not None,
        session_id=inj.session_id if inj else None, injected_at=inj.injected_at if inj else None,
        injected_by=who.get(inj.injected_by) if inj else None,
        sperm_motility=SpermMotility(inj.sperm_motility) if inj else None,
        viability_test=ViabilityTest(inj.viability_test) if inj else None,
        techniques=tuple(t for t in (inj.techniques.split(",") if inj else []) if t),
        damaged=bool(inj and inj.damaged), non_mii_reason=inj.non_mii_reason if inj else "",
        checked_at=chk.checked_at if chk else None, checked_by=who.get(chk.checked_by) if chk else None,
        result=FertilizationResult(chk.result) if chk else None, polar_bodies=chk.polar_bodies if chk else None,
        hours_at_check=chk.hours_since_injection if chk else None,
        outside_window=bool(chk and chk.outside_window), window_reason=chk.window_reason if chk else "")


def oocyte_rows(s: Session, retrieval_ids: list[int], who: dict[int, str]) -> list[OocyteRow]:
    if not retrieval_ids:
        return []
    q = (select(Oocyte, Injection, FertilizationCheck)
         .outerjoin(Injection, Injection.oocyte_id == Oocyte.id)
         .outerjoin(FertilizationCheck, FertilizationCheck.oocyte_id == Oocyte.id)
         .where(Oocyte.retrieval_id.in_(retrieval_ids))
         .order_by(Oocyte.retrieval_id, Oocyte.number))
    return [oocyte_row(o, inj, chk, who) for o, inj, chk in s.execute(q)]


def grid(s: Session, cycle_id: int) -> IcsiGrid:
    man, woman = aliased(Patient), aliased(Patient)  # the couple and both partners in one statement
    row = s.execute(select(Cycle, Couple, man, woman).join(Couple, Couple.id == Cycle.couple_id)
                    .join(man, man.id == Couple.male_patient_id)
                    .outerjoin(woman, woman.id == Couple.female_patient_id)
                    .where(Cycle.id == cycle_id)).first()
    if row is None:
        raise NotFound(_("There is no cycle #{cycle_id}.").format(cycle_id=cycle_id))
    cycle, couple, male, female = row
    title = listing_of(male)
    if female is not None:
        title = f"{listing_of(female)} & {title}"
    who = names(s)
    # The OPUs and their oocytes, each with its injection and check, in one statement.
    opus: dict[int, OocyteRetrieval] = {}
    oocytes = []
    for opu, o, inj, chk in s.execute(
            select(OocyteRetrieval, Oocyte, Injection, FertilizationCheck)
            .outerjoin(Oocyte, Oocyte.retrieval_id == OocyteRetrieval.id)
            .outerjoin(Injection, Injection.oocyte_id == Oocyte.id)
            .outerjoin(FertilizationCheck, FertilizationCheck.oocyte_id == Oocyte.id)
            .where(OocyteRetrieval.cycle_id == cycle_id)
            .order_by(OocyteRetrieval.retrieved_at, OocyteRetrieval.id, Oocyte.number)):
        opus.setdefault(opu.id, opu)
        if o is not None:
            oocytes.append(oocyte_row(o, inj, chk, who))
    return IcsiGrid(cycle_id, title, female.mrn if female else "", male.mrn,
                    tuple(opu_info(r, who) for r in opus.values()), tuple(cycle_sessions(s, cycle_id, who)),
                    tuple(oocytes))


def summary(g: IcsiGrid) -> CycleSummary:
    oocytes = g.oocytes
    injected = [o for o in oocytes if o.injected]
    mii_injected = [o for o in injected if o.maturity == Maturity.MII]
    checked = [o for o in injected if o.result is not None]
    count = lambda rows, result: sum(1 for o in rows if o.result == result)  # noqa: E731
    cocs = sum(r.cocs_retrieved for r in g.opus)
    mii = sum(1 for o in oocytes if o.maturity == Maturity.MII)
    damaged = sum(1 for o in injected if o.damaged or o.result == FertilizationResult.DEGENERATED)
    # The ICSI rates are judged on checked oocytes only: before its check an oocyte is neither 2PN
    # nor degenerated, and counting it would show "below competency" for a dish still in the incubator.
    mii_checked = [o for o in mii_injected if o.result is not None]
    pending = len(injected) - len(checked)
    indicators = (
        Indicator(vienna.ICSI_DAMAGE, Rate(sum(1 for o in checked if o.damaged
                                               or o.result == FertilizationResult.DEGENERATED), len(checked)),
                  pending),
        Indicator(vienna.ICSI_NORMAL_FERTILIZATION, Rate(count(mii_checked, FertilizationResult.PN2),
                                                        len(mii_checked)), len(mii_injected) - len(mii_checked)),
        Indicator(vienna.ICSI_1PN, Rate(count(mii_checked, FertilizationResult.PN1), len(mii_checked)),
                  len(mii_injected) - len(mii_checked)),
        Indicator(vienna.PROPORTION_MII, Rate(mii, cocs)),
    )
    return CycleSummary(
        cycle_id=g.cycle_id, cocs=cocs, mii=mii, injected=len(injected), mii_injected=len(mii_injected),
        damaged=damaged, pn2=count(checked, FertilizationResult.PN2), pn1=count(checked, FertilizationResult.PN1),
        pn3=count(checked, FertilizationResult.PN3_PLUS), checked=len(checked),
        checks_in_window=sum(1 for o in checked if not o.outside_window),
        sperm_sources=tuple(dict.fromkeys(x.source.source_class for x in g.sessions)), indicators=indicators)
