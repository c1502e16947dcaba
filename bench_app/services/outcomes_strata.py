"""The strata of an outcomes report (procedure type, OA/NOA, attempt, embryologist, population, ...): the
joins and labelled columns a family's row-level select gets for the breakdowns asked for."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, exists, false, func, literal, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql.expression import ColumnElement

from bench_app.persistence.models import (
    Diagnosis, MaleWorkup, PreRetrievalTreatment, RetrievalProcedure, SpermFinding, TissueSample, User,
)
from bench_app.services.outcomes_window import PERIOD_DIMENSIONS, Window, period_expression


# The breakdowns that are one column of a joined record: (the record, its column, the text when there is none).
_COLUMN_DIMENSIONS = {
    "procedure_type": ("procedure", "procedure_type", "none (ejaculate)"),
    "surgeon": ("procedure", "surgeon", "none (ejaculate)"),
    "diagnosis": ("diagnosis", "azoospermia_type", "no diagnosis"),
    "etiology": ("diagnosis", "etiology", "no diagnosis"),
    "karyotype": ("workup", "karyotype", "not_tested"),
    "azf": ("workup", "y_microdeletion", "not_tested"),
}


@dataclass
class UnitShape:
    """What a family's unit knows: its time, its man, its retrieval, its embryologist, its sperm."""

    time: Any
    man_id: Any
    procedure_id: Any = None  # an expression, None for none
    procedure: Any = None  # an aliased RetrievalProcedure already in FROM (the procedures family)
    embryologist_id: Any = None
    sperm_source: Any = None
    population: Any = None


def _text(expr, default: str) -> ColumnElement:
    return func.coalesce(expr, literal(default))


class StrataBuilder:
    """Adds the joins and labelled columns of the strata asked for to a row-level select."""

    def __init__(self, window: Window, by: tuple[str, ...]):
        self.window = window
        self.by = by

    def apply(self, stmt, shape: UnitShape, given: dict | None = None):
        """``given``: strata already computed by an inner query (a period read there), by name."""
        given = given or {}
        columns = []
        needs_procedure = {"procedure_type", "surgeon", "attempt", "treatment"} & set(self.by)
        proc = shape.procedure
        if needs_procedure and proc is None:
            proc = aliased(RetrievalProcedure)
            if shape.procedure_id is None:
                stmt = stmt.outerjoin(proc, false())
            else:
                stmt = stmt.outerjoin(proc, proc.id == shape.procedure_id)
        diag = work = None
        if {"diagnosis", "etiology", "karyotype", "azf"} & set(self.by):
            diag = aliased(Diagnosis)
            latest = (select(Diagnosis.id).where(Diagnosis.patient_id == shape.man_id)
                      .order_by(Diagnosis.recorded_at.desc(), Diagnosis.id.desc()).limit(1).scalar_subquery())
            stmt = stmt.outerjoin(diag, diag.id == latest)
            if {"karyotype", "azf"} & set(self.by):
                work = aliased(MaleWorkup)
                stmt = stmt.outerjoin(work, work.diagnosis_id == diag.id)
        for dim in self.by:
            if dim in given:
                expr = given[dim]
            elif dim in PERIOD_DIMENSIONS:
                expr = period_expression(shape.time, self.window, dim)
            elif dim in _COLUMN_DIMENSIONS:
                record, column, missing = _COLUMN_DIMENSIONS[dim]
                expr = _text(getattr({"procedure": proc, "diagnosis": diag, "workup": work}[record], column), missing)
            elif dim == "attempt":
                expr = self._attempt(proc)
            elif dim == "treatment":
                ref = func.coalesce(proc.started_at, shape.time)
                latest = (select(PreRetrievalTreatment.treatment)
                          .where(PreRetrievalTreatment.patient_id == shape.man_id,
                                 PreRetrievalTreatment.started_on < ref)
                          .order_by(PreRetrievalTreatment.started_on.desc(), PreRetrievalTreatment.id.desc())
                          .limit(1).scalar_subquery())
                expr = _text(latest, "none")
            elif dim == "embryologist":
                who = aliased(User)
                stmt = stmt.outerjoin(who, who.id == shape.embryologist_id)
                expr = _text(who.username, "unknown")
            elif dim == "sperm_source":
                expr = shape.sperm_source if shape.sperm_source is not None else literal("n/a")
            elif dim == "population":
                expr = shape.population if shape.population is not None else literal("surgical sperm")
            else:
                raise ValueError(f"unknown breakdown {dim!r}")
            columns.append(expr.label(f"dim_{dim}"))
        return stmt.add_columns(*columns)

    @staticmethod
    def _attempt(proc) -> ColumnElement:
        earlier = aliased(RetrievalProcedure)
        count = (select(func.count()).select_from(earlier)
                 .where(earlier.patient_id == proc.patient_id, earlier.started_at < proc.started_at)
                 .scalar_subquery())
        positive = (exists().where(earlier.patient_id == proc.patient_id, earlier.started_at < proc.started_at,
                                   TissueSample.procedure_id == earlier.id, SpermFinding.sample_id == TissueSample.id,
                                   SpermFinding.sperm_found.is_(True)))
        return case((proc.id.is_(None), literal("n/a (no retrieval)")), (count == 0, literal("first")),
                    (positive, literal("repeat after sperm found")), else_=literal("repeat after no sperm"))
