"""The SQL behind the lab's success rates: one query per kind of record, grouped in the database.

Each *family* of records (retrieval procedures, samples, thaw events, injected oocytes, OPUs,
ICSI cycles) is a row-level select of its units with the strata asked for (period, procedure
type, OA/NOA, ...) and 0/1 or count columns for each numerator and denominator. It is filtered
to one stratum to list the records behind a figure. The figures sum the same columns from the
summary rows the services keep (per procedure, per ICSI dish and embryologist, per OPU:
bench_app.persistence.outcome_summaries), with the same strata; a test holds both equal. Only the
strata asked for are joined, and each summing statement is built once per shape, its window bound
at execution.

Portable to SQLite and PostgreSQL: the window, its periods and the few pieces compiled per dialect
are in outcomes_window, the strata's joins and columns in outcomes_strata.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable

from sqlalchemy import String, and_, case, cast, exists, func, literal, literal_column, null, or_, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.expression import ColumnElement

from bench_app.domain.enums import Maturity, SpermSourceKind
from bench_app.persistence.base import UTCDateTime
from bench_app.persistence.models.outcome_summaries import (
    DishOutcomeSummary, OpuOutcomeSummary, ProcedureOutcomeSummary,
)
from bench_app.persistence.outcome_summaries import DISH_SUMS, oocyte_flags, procedure_pregnant
from bench_app.persistence.models import (
    Couple, CryoDevice, Cycle, CycleOutcome, FertilizationCheck, FreezeEvent, IcsiSession, Injection,
    Oocyte, OocyteRetrieval, Patient, RetrievalProcedure,
    SpermFinding, ThawEvent, TissueSample, freeze_event_samples, thaw_event_devices,
)
from bench_app.services.outcomes_strata import StrataBuilder, UnitShape
from bench_app.services.outcomes_window import (
    PERIOD_DIMENSIONS, Window, in_window, minutes_between, statement_key, window_many_opus, window_params,
    years_before,
)

DIMENSIONS = (*PERIOD_DIMENSIONS, "procedure_type", "diagnosis", "etiology", "karyotype", "azf", "attempt",
              "treatment", "surgeon", "embryologist", "sperm_source", "population")
VIENNA_POPULATION = "Vienna reference (ejaculate, woman <= 39)"
EPIDIDYMAL_TYPES = ("PESA", "MESA")


def _flag(condition) -> ColumnElement:
    return case((condition, 1), else_=0)


# --- the families ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Family:
    """A kind of unit and the sums a figure takes from it."""

    name: str
    unit_kind: str
    sums: tuple[str, ...]
    build: Callable[[Window, StrataBuilder], Any]
    build_sums: Callable[[Window, StrataBuilder], Any] | None = None  # a cheaper form of ``build`` for sums


def _positive_sample(sample_id) -> ColumnElement:
    return exists().where(SpermFinding.sample_id == sample_id, SpermFinding.sperm_found.is_(True))


_procedure_pregnancy = procedure_pregnant


def _procedure_source(proc) -> ColumnElement:
    return case((proc.procedure_type.in_(EPIDIDYMAL_TYPES), literal("epididymal")), else_=literal("testicular"))


def build_procedures(window: Window, strata: StrataBuilder, *, flags: bool = True):
    """Procedures of the window with their strata; with ``flags``, searched, positive and pregnant too."""
    p = aliased(RetrievalProcedure)
    columns = [p.id.label("unit_id"), cast(p.id, String).label("unit_code")]
    if flags:
        searched = exists().where(TissueSample.procedure_id == p.id, SpermFinding.sample_id == TissueSample.id)
        ts = aliased(TissueSample)
        positive = exists().where(ts.procedure_id == p.id, _positive_sample(ts.id))
        columns += [_flag(searched).label("searched"), _flag(positive).label("positive"),
                    _flag(and_(positive, _procedure_pregnancy(p))).label("pregnant")]
    stmt = select(*columns).select_from(p).where(in_window(p.started_at, window))
    return strata.apply(stmt, UnitShape(time=p.started_at, man_id=p.patient_id, procedure=p,
                                        embryologist_id=p.created_by, sperm_source=_procedure_source(p),
                                        population=literal("surgical sperm")))


def build_procedure_sums(window: Window, strata: StrataBuilder):
    """The procedures family (and the samples family's sums) from each procedure's summary row."""
    p = aliased(RetrievalProcedure)
    ps = aliased(ProcedureOutcomeSummary)
    searched = func.coalesce(ps.samples_searched, 0)
    positive = func.coalesce(ps.samples_positive, 0)
    stmt = (select(_flag(searched > 0).label("searched"), _flag(positive > 0).label("positive"),
                   _flag(and_(positive > 0, ps.pregnant == 1)).label("pregnant"),
                   func.coalesce(ps.samples, 0).label("samples"), searched.label("samples_searched"),
                   positive.label("samples_positive"))
            .select_from(p).outerjoin(ps, ps.procedure_id == p.id).where(in_window(p.started_at, window)))
    return strata.apply(stmt, UnitShape(time=p.started_at, man_id=p.patient_id, procedure=p,
                                        embryologist_id=p.created_by, sperm_source=_procedure_source(p),
                                        population=literal("surgical sperm")))


def build_sample_sums(window: Window, strata: StrataBuilder):
    """The samples family summed per procedure: a sample's strata are its procedure's."""
    facts = build_procedure_sums(window, strata).subquery()
    return select(facts.c.samples_searched.label("searched"), facts.c.samples_positive.label("positive"),
                  *(facts.c[f"dim_{d}"] for d in strata.by)).where(facts.c.samples > 0)


def build_samples(window: Window, strata: StrataBuilder):
    p = aliased(RetrievalProcedure)
    s = aliased(TissueSample)
    searched = exists().where(SpermFinding.sample_id == s.id)
    stmt = (select(s.id.label("unit_id"), s.code.label("unit_code"), _flag(searched).label("searched"),
                   _flag(_positive_sample(s.id)).label("positive"))
            .select_from(s).join(p, p.id == s.procedure_id).where(in_window(p.started_at, window)))
    return strata.apply(stmt, UnitShape(time=p.started_at, man_id=p.patient_id, procedure=p,
                                        embryologist_id=p.created_by, sperm_source=_procedure_source(p),
                                        population=literal("surgical sperm")))


def _thaw_procedure_id(thaw_id) -> ColumnElement:
    return (select(func.min(TissueSample.procedure_id))
            .select_from(thaw_event_devices)
            .join(CryoDevice, CryoDevice.id == thaw_event_devices.c.device_id)
            .join(freeze_event_samples, freeze_event_samples.c.freeze_event_id == CryoDevice.freeze_event_id)
            .join(TissueSample, TissueSample.id == freeze_event_samples.c.sample_id)
            .where(thaw_event_devices.c.thaw_event_id == thaw_id).scalar_subquery())


def _thaw_freeze_id(thaw_id) -> ColumnElement:
    return (select(func.min(CryoDevice.freeze_event_id)).select_from(thaw_event_devices)
            .join(CryoDevice, CryoDevice.id == thaw_event_devices.c.device_id)
            .where(thaw_event_devices.c.thaw_event_id == thaw_id).scalar_subquery())


def _frozen_source(freeze, proc_type) -> ColumnElement:
    return case((freeze.source_kind == "ejaculate", literal("ejaculate frozen")),
                (proc_type.in_(EPIDIDYMAL_TYPES), literal("epididymal frozen")), else_=literal("testicular frozen"))


def build_thaws(window: Window, strata: StrataBuilder):
    t = aliased(ThawEvent)
    f = aliased(FreezeEvent)
    src = aliased(RetrievalProcedure)
    post_motile = t.progressive + t.non_progressive + t.twitching
    post_counted = post_motile + t.immotile
    pre_counted = func.coalesce(f.pre_freeze_motile, 0) + func.coalesce(f.pre_freeze_immotile, 0)
    eligible = and_(post_counted > 0, f.pre_freeze_motile.is_not(None), pre_counted > 0)
    stmt = (select(t.id.label("unit_id"), cast(t.id, String).label("unit_code"),
                   _flag(t.sperm_found.is_not(None)).label("assessed"), _flag(t.sperm_found.is_(True)).label("found"),
                   _flag(eligible).label("survival_eligible"),
                   case((eligible, post_motile), else_=0).label("post_motile"),
                   case((eligible, post_counted), else_=0).label("post_counted"),
                   case((eligible, f.pre_freeze_motile), else_=0).label("pre_motile"),
                   case((eligible, pre_counted), else_=0).label("pre_counted"))
            .select_from(t).outerjoin(f, f.id == _thaw_freeze_id(t.id))
            .outerjoin(src, src.id == _thaw_procedure_id(t.id))
            .where(in_window(t.thawed_at, window)))
    return strata.apply(stmt, UnitShape(time=t.thawed_at, man_id=t.patient_id, procedure=src,
                                        embryologist_id=t.operator_id,
                                        sperm_source=_frozen_source(f, src.procedure_type),
                                        population=case((f.source_kind == "ejaculate", literal("ejaculate")),
                                                        else_=literal("surgical sperm"))))


def _if_thawed(sess, value) -> ColumnElement:
    """``value`` for a dish with thawed sperm, else NULL: a CASE, so that the subquery runs for those dishes
    only (in a join's AND it ran for every dish)."""
    return case((sess.sperm_source_kind == SpermSourceKind.THAW_EVENT.value, value), else_=null())


def _with_session_shape(stmt, sess, woman, opu, **shape) -> tuple[Any, UnitShape]:
    """Join what an ICSI session's strata need (its sperm's sample or thaw, freeze and retrieval) and
    return the statement with the unit's shape: its retrieval, sperm source and population.

    Outer joins, not nested subqueries: a subquery inside a subquery would not be correlated to the
    session (SQLAlchemy correlates to the enclosing SELECT only) and would read every session's thaws.
    """
    fresh_sample = aliased(TissueSample)
    fresh_proc = aliased(RetrievalProcedure)
    thaw_proc = aliased(RetrievalProcedure)
    freeze = aliased(FreezeEvent)
    stmt = (stmt.outerjoin(fresh_sample, and_(sess.sperm_source_kind == SpermSourceKind.FRESH_SAMPLE.value,
                                              fresh_sample.id == sess.source_sample_id))
            .outerjoin(fresh_proc, fresh_proc.id == fresh_sample.procedure_id)
            .outerjoin(freeze, freeze.id == _if_thawed(sess, _thaw_freeze_id(sess.source_thaw_event_id)))
            .outerjoin(thaw_proc, thaw_proc.id == _if_thawed(sess, _thaw_procedure_id(sess.source_thaw_event_id))))
    proc_type = func.coalesce(fresh_proc.procedure_type, thaw_proc.procedure_type)
    ejaculate = or_(sess.sperm_source_kind == SpermSourceKind.EJACULATE.value, freeze.source_kind == "ejaculate")
    source = case(
        (sess.sperm_source_kind == SpermSourceKind.EJACULATE.value, literal("ejaculate fresh")),
        (and_(sess.sperm_source_kind == SpermSourceKind.FRESH_SAMPLE.value, proc_type.in_(EPIDIDYMAL_TYPES)),
         literal("epididymal fresh")),
        (sess.sperm_source_kind == SpermSourceKind.FRESH_SAMPLE.value, literal("testicular fresh")),
        (freeze.source_kind == "ejaculate", literal("ejaculate frozen")),
        (proc_type.in_(EPIDIDYMAL_TYPES), literal("epididymal frozen")), else_=literal("testicular frozen"))
    young = woman.date_of_birth > years_before(opu.retrieved_at, literal(40))
    population = case((and_(ejaculate, young), literal(VIENNA_POPULATION)),
                      (ejaculate, literal("ejaculate, woman 40 or older")), else_=literal("surgical sperm"))
    return stmt, UnitShape(procedure_id=func.coalesce(fresh_proc.id, thaw_proc.id), sperm_source=source,
                           population=population, **shape)


_oocyte_flags = oocyte_flags


def build_oocytes(window: Window, strata: StrataBuilder):
    sess = aliased(IcsiSession)
    opu = aliased(OocyteRetrieval)
    couple = aliased(Couple)
    woman = aliased(Patient)
    inj = aliased(Injection)
    o = aliased(Oocyte)
    chk = aliased(FertilizationCheck)
    dish = aliased(DishOutcomeSummary)  # an oocyte counts in its dish's period, as the sums do
    flags = _oocyte_flags(inj, o, chk)
    stmt = (select(o.id.label("unit_id"), o.code.label("unit_code"), *(e.label(n) for n, e in flags.items()))
            .select_from(inj).join(o, o.id == inj.oocyte_id).join(sess, sess.id == inj.session_id)
            .join(opu, opu.id == sess.retrieval_id).join(Cycle, Cycle.id == sess.cycle_id)
            .join(couple, couple.id == Cycle.couple_id).outerjoin(woman, woman.id == couple.female_patient_id)
            .outerjoin(chk, chk.oocyte_id == o.id)
            .join(dish, and_(dish.session_id == inj.session_id, dish.injected_by == inj.injected_by))
            .where(in_window(dish.first_injected_at, window)))
    return strata.apply(*_with_session_shape(stmt, sess, woman, opu, time=dish.first_injected_at,
                                             man_id=couple.male_patient_id, embryologist_id=inj.injected_by))


def build_oocyte_sums(window: Window, strata: StrataBuilder):
    """The oocytes family from the dishes' summaries (one row per dish and injecting embryologist, not
    per oocyte: twenty years hold a million injected oocytes), each given its dish's strata."""
    dish = aliased(DishOutcomeSummary)
    sess = aliased(IcsiSession)
    opu = aliased(OocyteRetrieval)
    couple = aliased(Couple)
    woman = aliased(Patient)
    stmt = (select(*(getattr(dish, n).label(n) for n in DISH_SUMS))
            .select_from(dish).join(sess, sess.id == dish.session_id).join(opu, opu.id == sess.retrieval_id)
            .join(Cycle, Cycle.id == sess.cycle_id).join(couple, couple.id == Cycle.couple_id)
            .outerjoin(woman, woman.id == couple.female_patient_id)
            .where(in_window(dish.first_injected_at, window)))
    return strata.apply(*_with_session_shape(stmt, sess, woman, opu, time=dish.first_injected_at,
                                             man_id=couple.male_patient_id, embryologist_id=dish.injected_by))


def build_opus(window: Window, strata: StrataBuilder):
    opu = aliased(OocyteRetrieval)
    couple = aliased(Couple)
    woman = aliased(Patient)
    sess = aliased(IcsiSession)
    earlier = aliased(IcsiSession)
    if window_many_opus(window):
        # its first ICSI dish: one with no dish of a lower number (a NOT EXISTS in the join, which PostgreSQL
        # turns into one anti join over every dish; a "min(id)" subquery in the join's condition ran twice
        # per OPU there)
        first = ~exists().where(earlier.retrieval_id == sess.retrieval_id, earlier.id < sess.id)
    else:  # a few thousand OPUs: the lowest number among their own dishes, found through the index
        first = sess.id == (select(func.min(earlier.id)).where(earlier.retrieval_id == opu.id).scalar_subquery())
    first_session = and_(sess.retrieval_id == opu.id, first)
    summary = aliased(OpuOutcomeSummary)
    stmt = (select(opu.id.label("unit_id"), cast(opu.id, String).label("unit_code"),
                   opu.cocs_retrieved.label("cocs"), func.coalesce(summary.mii, 0).label("mii"))
            .select_from(opu).outerjoin(summary, summary.retrieval_id == opu.id).join(Cycle, Cycle.id == opu.cycle_id).join(couple, couple.id == Cycle.couple_id)
            .outerjoin(woman, woman.id == couple.female_patient_id)
            .outerjoin(sess, first_session)
            .where(in_window(opu.retrieved_at, window)))
    return strata.apply(*_with_session_shape(stmt, sess, woman, opu, time=opu.retrieved_at,
                                             man_id=couple.male_patient_id, embryologist_id=opu.embryologist_id))


def build_cycles(window: Window, strata: StrataBuilder):
    """ICSI cycles by their first ICSI session (in the window); pregnant if the outcome says so."""
    sess = aliased(IcsiSession)
    opu = aliased(OocyteRetrieval)
    couple = aliased(Couple)
    woman = aliased(Patient)
    earlier = aliased(IcsiSession)
    first = ~exists().where(earlier.cycle_id == sess.cycle_id,
                            or_(earlier.started_at < sess.started_at,
                                and_(earlier.started_at == sess.started_at, earlier.id < sess.id)))
    # a cycle has at most one outcome: an outer join to it (an EXISTS per cycle made PostgreSQL expect a
    # costly statement, and compile it to machine code first, for tens of milliseconds)
    outcome = aliased(CycleOutcome)
    pregnant = outcome.clinical_pregnancy == "yes"
    stmt = (select(sess.cycle_id.label("unit_id"),
                   cast(sess.cycle_id, String).label("unit_code"),
                   literal(1).label("cycles"), _flag(pregnant).label("pregnant"))
            .select_from(sess).join(opu, opu.id == sess.retrieval_id).join(Cycle, Cycle.id == sess.cycle_id)
            .outerjoin(outcome, outcome.cycle_id == sess.cycle_id)
            .join(couple, couple.id == Cycle.couple_id).outerjoin(woman, woman.id == couple.female_patient_id)
            .where(in_window(sess.started_at, window), first))
    return strata.apply(*_with_session_shape(stmt, sess, woman, opu, time=sess.started_at,
                                             man_id=couple.male_patient_id, embryologist_id=sess.operator_id))


FAMILIES = {
    "procedures": Family("procedures", "procedure", ("searched", "positive", "pregnant"), build_procedures,
                         build_procedure_sums),
    "samples": Family("samples", "sample", ("searched", "positive"), build_samples, build_sample_sums),
    "thaws": Family("thaws", "thaw_event", ("assessed", "found", "survival_eligible", "post_motile",
                                             "post_counted", "pre_motile", "pre_counted"), build_thaws),
    "oocytes": Family("oocytes", "oocyte", ("injected", "damaged", "mii_injected", "pn2", "pn1", "checked",
                                            "in_window"), build_oocytes, build_oocyte_sums),
    "opus": Family("opus", "opu", ("cocs", "mii"), build_opus),
    "cycles": Family("cycles", "cycle", ("cycles", "pregnant"), build_cycles),
}

# indicator: (family, numerator sum, denominator sum); cryosurvival and time to first sperm are special.
PROPORTIONS = {
    "srr_procedure": ("procedures", "positive", "searched"),
    "pregnancy_per_positive_retrieval": ("procedures", "pregnant", "positive"),
    "srr_sample": ("samples", "positive", "searched"),
    "thaw_sperm_found": ("thaws", "found", "assessed"),
    "icsi_damage": ("oocytes", "damaged", "injected"),
    "icsi_2pn": ("oocytes", "pn2", "mii_injected"),
    "icsi_1pn": ("oocytes", "pn1", "mii_injected"),
    "checks_in_window": ("oocytes", "in_window", "checked"),
    "proportion_mii": ("opus", "mii", "cocs"),
    "pregnancy_per_cycle": ("cycles", "pregnant", "cycles"),
}


_SUMS_STATEMENTS: dict[tuple, Any] = {}


@dataclass(frozen=True)
class StratumSums:
    stratum: tuple[tuple[str, str], ...]
    sums: dict[str, int]


def family_sums(s: Session, family: str, window: Window, by: tuple[str, ...]) -> list[StratumSums]:
    """The family's sums per stratum, grouped in the database."""
    fam = FAMILIES[family]
    fence = by and s.get_bind().dialect.name == "postgresql"
    key = (family, fence, *statement_key(window, by))
    stmt = _SUMS_STATEMENTS.get(key)
    if stmt is None:  # building one costs tens of milliseconds of Python; its bound values change per call
        facts = (fam.build_sums or fam.build)(window, StrataBuilder(window, by))
        if fence:
            # PostgreSQL takes a stratum computed from several tables' columns (a CASE) for as many strata as
            # rows, and so sorted a hundred thousand rows on disk to group them into three. Behind OFFSET 0 it
            # cannot look into the row-level select and takes a stratum for one of a few hundred: it groups
            # in a small hash table.
            facts = facts.offset(literal_column("0"))
        facts = facts.subquery()
        dims = [facts.c[f"dim_{d}"] for d in by]
        stmt = select(*dims, *(func.coalesce(func.sum(facts.c[name]), 0) for name in fam.sums)).group_by(*dims)
        if dims:
            stmt = stmt.order_by(*dims)
        _SUMS_STATEMENTS[key] = stmt
    out = []
    for row in s.execute(stmt, window_params(window, by)):
        stratum = tuple((d, str(v)) for d, v in zip(by, row[:len(by)]))
        out.append(StratumSums(stratum, {name: int(v or 0) for name, v in zip(fam.sums, row[len(by):])}))
    return out


def family_records(s: Session, family: str, window: Window, stratum: tuple[tuple[str, str], ...],
                   flag: str, limit: int | None = None) -> list[tuple[int, str]]:
    """The units of one stratum counted in ``flag`` (id and code), in id order."""
    fam = FAMILIES[family]
    by = tuple(d for d, _ in stratum)
    facts = fam.build(window, StrataBuilder(window, by)).subquery()
    stmt = (select(facts.c.unit_id, facts.c.unit_code)
            .where(facts.c[flag] > 0, *(facts.c[f"dim_{d}"] == v for d, v in stratum)).order_by(facts.c.unit_id))
    if limit:
        stmt = stmt.limit(limit)
    return [(int(i), str(c)) for i, c in s.execute(stmt, window_params(window, by))]


def mii_oocyte_records(s: Session, window: Window, stratum: tuple[tuple[str, str], ...],
                       limit: int | None = None) -> list[tuple[int, str]]:
    """The MII oocytes behind proportion MII's numerator (the OPUs are its denominator)."""
    by = tuple(d for d, _ in stratum)
    facts = build_opus(window, StrataBuilder(window, by)).subquery()
    stmt = (select(Oocyte.id, Oocyte.code).join(facts, facts.c.unit_id == Oocyte.retrieval_id)
            .where(Oocyte.maturity == Maturity.MII.value, *(facts.c[f"dim_{d}"] == v for d, v in stratum))
            .order_by(Oocyte.id))
    if limit:
        stmt = stmt.limit(limit)
    return [(int(i), str(c)) for i, c in s.execute(stmt, window_params(window, by))]


def _first_sperm_statement(window: Window, by: tuple[str, ...]):
    key = ("first_sperm", *statement_key(window, by))
    stmt = _SUMS_STATEMENTS.get(key)
    if stmt is None:
        p = aliased(RetrievalProcedure)
        ps = aliased(ProcedureOutcomeSummary)
        inner = (select(p.id.label("unit_id"), ps.search_started_at.label("search_start"),
                        ps.first_sperm_at.label("first_sperm"),
                        minutes_between(ps.search_started_at, ps.first_sperm_at).label("minutes"))
                 .select_from(p).join(ps, ps.procedure_id == p.id)
                 .where(in_window(p.started_at, window), ps.first_sperm_at.is_not(None),
                        ps.search_started_at.is_not(None)))
        facts = StrataBuilder(window, by).apply(
            inner, UnitShape(time=p.started_at, man_id=p.patient_id, procedure=p, embryologist_id=p.created_by,
                             sperm_source=_procedure_source(p), population=literal("surgical sperm"))).subquery()
        stmt = facts
        _SUMS_STATEMENTS[key] = stmt
    return stmt


def first_sperm_minutes(s: Session, window: Window, by: tuple[str, ...]) -> list[tuple[tuple, int, float]]:
    """Per procedure of the window with a timed positive sample: (stratum values, procedure id, minutes from
    the start of the search to the first sperm, never below 0, to 1/10,000 of a minute: the dialects' date
    arithmetic is in floating point), of its sample whose first sperm came first."""
    facts = _first_sperm_statement(window, by)
    stmt = select(*(facts.c[f"dim_{d}"] for d in by), facts.c.unit_id, facts.c.minutes)
    n = len(by)
    out = []
    # one row per positive procedure, tens of thousands for twenty years: read through the connection (the
    # session's ORM layer has nothing to load) and with as little Python per row as can be
    for row in s.connection().execute(stmt, window_params(window, by)):
        minutes = round(float(row[n + 1]), 4)
        out.append((tuple(map(str, row[:n])) if n else (), int(row[n]), minutes if minutes > 0.0 else 0.0))
    return out


def first_sperm_times(s: Session, window: Window, by: tuple[str, ...]) -> list[tuple[tuple, int, datetime, datetime]]:
    """Per procedure of the window with a timed positive sample: (stratum values, procedure id, search
    start, first sperm), of its sample whose first sperm came first (as the procedure view shows it),
    read from the procedure's summary: one short row per positive procedure."""
    facts = _first_sperm_statement(window, by)
    stmt = select(*(facts.c[f"dim_{d}"] for d in by), facts.c.unit_id, facts.c.search_start, facts.c.first_sperm)
    utc = UTCDateTime()
    out = []
    for row in s.execute(stmt, window_params(window, by)):
        values = tuple(str(v) for v in row[:len(by)])
        start, first = row[len(by) + 1], row[len(by) + 2]
        out.append((values, int(row[len(by)]), _aware(start, utc), _aware(first, utc)))
    return out


def _aware(value, utc: UTCDateTime) -> datetime:
    if isinstance(value, str):  # a scalar subquery's result comes back untyped from SQLite
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


__all__ = ["DIMENSIONS", "FAMILIES", "PROPORTIONS", "Window", "family_sums", "family_records",
           "first_sperm_minutes", "first_sperm_times", "mii_oocyte_records", "VIENNA_POPULATION"]
