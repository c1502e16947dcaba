"""Keeping the outcomes summaries equal to their records.

Each ``refresh_*`` recomputes the summary rows of the given procedures, ICSI dishes or OPUs from
their raw records (one upsert of what the records give), in the caller's transaction; with
``None`` it rebuilds them all (migration 0012, the large demo's bulk history). The services that
change the records call them: a procedure created, a sample received, a step or finding recorded or corrected, an ICSI dish started with
a procedure's sperm, an outcome recorded or corrected, an oocyte's maturity, an injection, a
fertilization check. The raw-row expressions here are the definitions; ``expected_*`` give the
same rows without touching the summaries, for the tests that hold them equal.
"""

from __future__ import annotations

from typing import Any, Iterable

from sqlalchemy import and_, bindparam, case, delete, exists, func, insert, literal, or_, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import aliased

from bench_app.domain.enums import FertilizationResult, Maturity, ProcessingStepKind
from bench_app.persistence.models import (
    CryoDevice, CycleOutcome, FertilizationCheck, IcsiSession, Injection, Oocyte, OocyteRetrieval, ProcessingStep,
    RetrievalProcedure, SpermFinding, TissueSample, freeze_event_samples, thaw_event_devices,
)
from bench_app.persistence.models.outcome_summaries import (
    DishOutcomeSummary, OpuOutcomeSummary, ProcedureOutcomeSummary,
)

PREGNANT = "yes"  # CycleOutcome.clinical_pregnancy


def _flag(condition):
    return case((condition, 1), else_=0)


def _ids(ids: Iterable[int] | None) -> list[int] | None:
    return None if ids is None else sorted({int(i) for i in ids if i is not None})


# Where a refresh's statement, built once per kind and database, takes its ids.
_WANTED = bindparam("wanted", expanding=True)


def _only(stmt, column, ids):
    """``stmt`` for the rows of ``ids`` (all for ``None``; ``_WANTED``: the ids given when it runs)."""
    if ids is None:
        return stmt
    return stmt.where(column.in_(ids if ids is _WANTED else _ids(ids)))


def _dialect(conn) -> str:
    bind = conn.get_bind() if hasattr(conn, "get_bind") else conn
    return bind.dialect.name


_UPSERTS: dict[tuple[str, str], Any] = {}


def _refresh(conn, table, keys: tuple[str, ...], columns: list[str], rows, wanted: list[int] | None) -> None:
    """Make ``table``'s rows what ``rows(ids)`` (a SELECT of ``columns``) gives for ``wanted``.

    For given ids, one statement: an upsert (INSERT ... SELECT ... ON CONFLICT DO UPDATE) on SQLite and
    PostgreSQL, built once, as a save holds the lab-wide write lock while it runs. It is exact because no
    summary row ever has to go: a procedure, a dish's injections by one embryologist and an OPU stay once
    recorded (injections are never deleted nor passed to someone else). For all (``None``, migration 0012
    and bulk history) the table is emptied and filled again.
    """
    dialect = _dialect(conn)
    if wanted is None or dialect not in ("sqlite", "postgresql"):
        key = table.c[keys[0]]
        conn.execute(delete(table) if wanted is None else delete(table).where(key.in_(wanted)))
        conn.execute(insert(table).from_select(columns, rows(wanted)))
        return
    stmt = _UPSERTS.get((table.name, dialect))
    if stmt is None:
        upsert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        fill = upsert(table).from_select(columns, rows(_WANTED))
        stmt = _UPSERTS[(table.name, dialect)] = fill.on_conflict_do_update(
            index_elements=list(keys), set_={c: fill.excluded[c] for c in columns if c not in keys})
    conn.execute(stmt, {"wanted": wanted})


# --- procedures -------------------------------------------------------------------------------

def procedure_pregnant(proc):
    """Did sperm of this procedure (fresh, or frozen then thawed) serve a cycle with a clinical
    pregnancy, or did its own cycle have one?"""
    pregnant = CycleOutcome.clinical_pregnancy == PREGNANT
    fresh = exists().where(TissueSample.procedure_id == proc.id, IcsiSession.source_sample_id == TissueSample.id,
                           CycleOutcome.cycle_id == IcsiSession.cycle_id, pregnant)
    ts = aliased(TissueSample)
    frozen = exists().where(ts.procedure_id == proc.id, freeze_event_samples.c.sample_id == ts.id,
                            CryoDevice.freeze_event_id == freeze_event_samples.c.freeze_event_id,
                            thaw_event_devices.c.device_id == CryoDevice.id,
                            IcsiSession.source_thaw_event_id == thaw_event_devices.c.thaw_event_id,
                            CycleOutcome.cycle_id == IcsiSession.cycle_id, pregnant)
    own_cycle = exists().where(CycleOutcome.cycle_id == proc.cycle_id, pregnant)
    return or_(fresh, frozen, own_cycle)


def expected_procedures(ids: Iterable[int] | None = None):
    """(procedure_id, samples, samples_searched, samples_positive, pregnant, search_started_at, first_sperm_at)
    from the raw records."""
    p = aliased(RetrievalProcedure)
    s = aliased(TissueSample)
    received = select(func.count()).select_from(s).where(s.procedure_id == p.id).scalar_subquery()
    searched = (select(func.count()).select_from(s).where(
        s.procedure_id == p.id, exists().where(SpermFinding.sample_id == s.id)).scalar_subquery())
    positive = (select(func.count()).select_from(s).where(
        s.procedure_id == p.id, exists().where(SpermFinding.sample_id == s.id, SpermFinding.sperm_found.is_(True)))
        .scalar_subquery())
    timed = aliased(TissueSample)
    search_start = (select(func.min(ProcessingStep.started_at))
                    .where(ProcessingStep.sample_id == timed.id, ProcessingStep.kind == ProcessingStepKind.SEARCH.value)
                    .scalar_subquery())
    first_found = (select(func.min(SpermFinding.assessed_at))
                   .where(SpermFinding.sample_id == timed.id, SpermFinding.sperm_found.is_(True)).scalar_subquery())
    first_timed = (select(search_start, first_found).select_from(timed)
                   .where(timed.procedure_id == p.id, search_start.is_not(None), first_found.is_not(None))
                   .order_by(first_found, timed.id).limit(1))
    stmt = select(p.id, received, searched, positive, _flag(procedure_pregnant(p)),
                  first_timed.with_only_columns(search_start).scalar_subquery(),
                  first_timed.with_only_columns(first_found).scalar_subquery())
    return _only(stmt, p.id, ids)


def refresh_procedures(conn, ids: Iterable[int] | None = None) -> None:
    wanted = _ids(ids)
    if wanted == []:
        return
    _refresh(conn, ProcedureOutcomeSummary.__table__, ("procedure_id",),
             ["procedure_id", "samples", "samples_searched", "samples_positive", "pregnant", "search_started_at",
              "first_sperm_at"], expected_procedures, wanted)


def procedures_of_sample(conn, sample_id: int) -> list[int]:
    return [i for i in conn.execute(select(TissueSample.procedure_id).where(TissueSample.id == sample_id)).scalars()
            if i is not None]


def procedures_of_thaw(conn, thaw_id: int) -> list[int]:
    return list(conn.execute(
        select(TissueSample.procedure_id).distinct()
        .join(freeze_event_samples, freeze_event_samples.c.sample_id == TissueSample.id)
        .join(CryoDevice, CryoDevice.freeze_event_id == freeze_event_samples.c.freeze_event_id)
        .join(thaw_event_devices, thaw_event_devices.c.device_id == CryoDevice.id)
        .where(thaw_event_devices.c.thaw_event_id == thaw_id, TissueSample.procedure_id.is_not(None))).scalars())


def procedures_of_cycle(conn, cycle_id: int) -> list[int]:
    """The procedures whose "served a pregnancy" reads this cycle's outcome: its own, and those whose
    sperm (fresh or thawed) its ICSI dishes used."""
    own = set(conn.execute(select(RetrievalProcedure.id).where(RetrievalProcedure.cycle_id == cycle_id)).scalars())
    for kind, sample_id, thaw_id in conn.execute(
            select(IcsiSession.sperm_source_kind, IcsiSession.source_sample_id, IcsiSession.source_thaw_event_id)
            .where(IcsiSession.cycle_id == cycle_id)):
        if sample_id is not None:
            own.update(procedures_of_sample(conn, sample_id))
        if thaw_id is not None:
            own.update(procedures_of_thaw(conn, thaw_id))
    return sorted(own)


# --- ICSI dishes ------------------------------------------------------------------------------

DISH_SUMS = ("injected", "damaged", "mii_injected", "pn2", "pn1", "checked", "in_window")


def oocyte_flags(inj, o, chk) -> dict:
    """Per injected oocyte, 0 or 1 for each of ``DISH_SUMS``."""
    mii = o.maturity == Maturity.MII.value
    degenerated = chk.result == FertilizationResult.DEGENERATED.value
    return {"injected": literal(1), "damaged": _flag(or_(inj.damaged.is_(True), degenerated)),
            "mii_injected": _flag(mii), "pn2": _flag(and_(mii, chk.result == FertilizationResult.PN2.value)),
            "pn1": _flag(and_(mii, chk.result == FertilizationResult.PN1.value)),
            "checked": _flag(chk.id.is_not(None)),
            "in_window": _flag(and_(chk.id.is_not(None), chk.outside_window.is_(False)))}


def expected_dishes(session_ids: Iterable[int] | None = None):
    """(session_id, injected_by, first_injected_at, *DISH_SUMS) from the raw records."""
    inj = aliased(Injection)
    o = aliased(Oocyte)
    chk = aliased(FertilizationCheck)
    flags = oocyte_flags(inj, o, chk)
    stmt = (select(inj.session_id, inj.injected_by, func.min(inj.injected_at),
                   *(func.sum(flags[n]) for n in DISH_SUMS))
            .select_from(inj).join(o, o.id == inj.oocyte_id).outerjoin(chk, chk.oocyte_id == o.id)
            .group_by(inj.session_id, inj.injected_by))
    return _only(stmt, inj.session_id, session_ids)


def refresh_dishes(conn, session_ids: Iterable[int] | None = None) -> None:
    wanted = _ids(session_ids)
    if wanted == []:
        return
    _refresh(conn, DishOutcomeSummary.__table__, ("session_id", "injected_by"),
             ["session_id", "injected_by", "first_injected_at", *DISH_SUMS], expected_dishes, wanted)


def dish_of_oocyte(conn, oocyte_id: int) -> list[int]:
    return list(conn.execute(select(Injection.session_id).where(Injection.oocyte_id == oocyte_id)).scalars())


# --- OPUs -------------------------------------------------------------------------------------

def expected_opus(ids: Iterable[int] | None = None):
    """(retrieval_id, mii) from the raw records."""
    opu = aliased(OocyteRetrieval)
    mii = (select(func.count()).select_from(Oocyte)
           .where(Oocyte.retrieval_id == opu.id, Oocyte.maturity == Maturity.MII.value).scalar_subquery())
    return _only(select(opu.id, mii), opu.id, ids)


def refresh_opus(conn, ids: Iterable[int] | None = None) -> None:
    wanted = _ids(ids)
    if wanted == []:
        return
    _refresh(conn, OpuOutcomeSummary.__table__, ("retrieval_id",), ["retrieval_id", "mii"], expected_opus, wanted)


def rebuild_all(conn) -> None:
    """Every summary from every record (migration 0012; bulk-loaded history)."""
    refresh_procedures(conn)
    refresh_dishes(conn)
    refresh_opus(conn)
