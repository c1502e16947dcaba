"""The lab's success rates for a period: each indicator per stratum, and the records behind it.

The CLI report reads ``report``; the Outcomes area (next) reads the same DTOs and opens the
records of a figure through ``records``. Sums come from SQL (outcomes_queries); the formulas
(Wilson interval, ratio interval, median and quartiles, verdicts) from the domain layer.
"""

from __future__ import annotations

import os
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Iterable, Sequence

from bench_app.domain.errors import ValidationError
from bench_app.domain.outcomes import (
    INDICATOR_BY_KEY, INDICATORS, SMALL_DENOMINATOR, IndicatorDefinition, median_iqr, ratio_of_proportions,
    wilson_interval,
)
from bench_app.i18n import _
from bench_app.services import outcomes_queries as q
from bench_app.services.context import Actor, ServiceContext
from bench_app.services.outcomes_dto import (
    IndicatorRecords, IndicatorValue, OutcomesReport, RecordRef, ReferenceLine,
)
from bench_app.services.record_names import record_titles

ICSI_FAMILIES = {"oocytes", "opus", "cycles"}
SIDE_BY_SIDE = 4  # at most this many of a report's statements at once on a server (of its connection pool's 5)
MAX_YEARS = 50
Stratum = tuple[tuple[str, str], ...]


def _references(d: IndicatorDefinition) -> tuple[ReferenceLine, ...]:
    return tuple(ReferenceLine(str(r.label), r.low, r.high, str(r.source), r.kind) for r in d.references)


def proportion_value(d: IndicatorDefinition, stratum: Stratum, numerator: int, denominator: int) -> IndicatorValue:
    rate = numerator / denominator if denominator else None
    interval = wilson_interval(numerator, denominator)
    population = dict(stratum).get("population")
    verdict = d.verdict(rate) if (not d.vienna or population == q.VIENNA_POPULATION) else ""
    return IndicatorValue(
        indicator=d.key, title=str(d.title), kind=d.kind, stratum=stratum, numerator=numerator, denominator=denominator,
        rate=rate, low=interval[0] if interval else None, high=interval[1] if interval else None,
        small_denominator=denominator < SMALL_DENOMINATOR, verdict=verdict, references=_references(d),
        numerator_text=str(d.numerator_text), denominator_text=str(d.denominator_text))


def cryosurvival_value(d: IndicatorDefinition, stratum: Stratum, sums: dict[str, int]) -> IndicatorValue:
    a, n1, c, n2 = sums["post_motile"], sums["post_counted"], sums["pre_motile"], sums["pre_counted"]
    ratio, interval = ratio_of_proportions(a, n1, c, n2)
    return IndicatorValue(
        indicator=d.key, title=str(d.title), kind=d.kind, stratum=stratum, numerator=a, denominator=n1, rate=ratio,
        low=interval[0] if interval else None, high=interval[1] if interval else None,
        baseline_numerator=c, baseline_denominator=n2,
        small_denominator=sums["survival_eligible"] < SMALL_DENOMINATOR, verdict=d.verdict(ratio),
        references=_references(d), numerator_text=str(d.numerator_text), denominator_text=str(d.denominator_text))


def median_value(d: IndicatorDefinition, stratum: Stratum, minutes: list[float]) -> IndicatorValue:
    quartiles = median_iqr(minutes)
    return IndicatorValue(
        indicator=d.key, title=str(d.title), kind=d.kind, stratum=stratum, numerator=None, denominator=len(minutes),
        rate=quartiles[1] if quartiles else None, low=quartiles[0] if quartiles else None,
        high=quartiles[2] if quartiles else None, small_denominator=len(minutes) < SMALL_DENOMINATOR,
        references=_references(d), numerator_text=str(d.numerator_text), denominator_text=str(d.denominator_text))


def _roll_up(rows: list[q.StratumSums], by: tuple[str, ...], names: tuple[str, ...]) -> list[q.StratumSums]:
    """Sums are additive: the strata of ``by`` from finer strata, without another query."""
    totals: dict[Stratum, dict[str, int]] = {} if by else {(): dict.fromkeys(names, 0)}
    for row in rows:
        key = tuple((k, v) for k, v in row.stratum if k in by)
        acc = totals.setdefault(key, dict.fromkeys(names, 0))
        for name, value in row.sums.items():
            acc[name] += value
    return [q.StratumSums(k, dict(v)) for k, v in totals.items()]


class OutcomesService:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    @staticmethod
    def window(start: date | None, end: date | None) -> q.Window:
        errors = {}
        if start is None:
            errors["start"] = _("Give the first day of the period.")
        if end is None:
            errors["end"] = _("Give the last day of the period.")
        if not errors and end < start:
            errors["end"] = _("The period ends before it starts.")
        if not errors and (end.year - start.year) > MAX_YEARS:
            errors["start"] = _("A period is at most {years} years.").format(years=MAX_YEARS)
        if errors:
            raise ValidationError(errors)
        return q.Window(start, end)

    @staticmethod
    def check_by(by: Iterable[str]) -> tuple[str, ...]:
        out = []
        for name in by:
            if name not in q.DIMENSIONS:
                raise ValidationError.single("by", _("Unknown breakdown '{name}': choose from {names}.").format(
                    name=name, names=", ".join(q.DIMENSIONS)))
            if name not in out:
                out.append(name)
        if len([n for n in out if n in q.PERIOD_DIMENSIONS]) > 1:
            raise ValidationError.single("by", _("Break down by one of month, quarter or year, not several."))
        return tuple(out)

    def report(self, actor: Actor, *, start: date | None, end: date | None, by: Sequence[str] = (),
               indicators: Sequence[str] | None = None, with_records: bool = False,
               side_by_side: bool | int = True) -> OutcomesReport:
        """Every indicator (or those named) for the period, per stratum of ``by``.

        ``side_by_side``: on a server, read up to ``SIDE_BY_SIDE`` indicator families at the same time
        (``_all_family_sums``), or at most that many when a number; a caller that already runs several reports at
        once (the quality report) reads each one's in turn (False), and a window asks ``beside_a_window()``.

        ICSI indicators also come per population, so the Vienna reference population (ejaculated
        sperm, woman 39 or younger) is reported apart from surgical sperm, and only it is held
        against the consensus levels.
        """
        window = self.window(start, end)
        by = self.check_by(by)
        wanted = [d for d in INDICATORS if indicators is None or d.key in indicators]
        unknown = set(indicators or ()) - set(INDICATOR_BY_KEY)
        if unknown:
            raise ValidationError.single("indicators", _("Unknown indicator '{name}'.").format(name=sorted(unknown)[0]))
        families = {q.PROPORTIONS[d.key][0] for d in wanted if d.key in q.PROPORTIONS}
        if any(d.key == "cryosurvival" for d in wanted):
            families.add("thaws")
        values: list[IndicatorValue] = []
        records: list[IndicatorRecords] = []
        sums = self._all_family_sums(sorted(families), window, by, side_by_side)
        with self.ctx.db.read() as s:
            for d in wanted:
                if d.key == "time_to_first_sperm":
                    values.extend(self._first_sperm(s, d, window, by))
                    continue
                fam = "thaws" if d.key == "cryosurvival" else q.PROPORTIONS[d.key][0]
                for row in sums[fam]:
                    if d.key == "cryosurvival":
                        values.append(cryosurvival_value(d, row.stratum, row.sums))
                    else:
                        _family, num, den = q.PROPORTIONS[d.key]
                        values.append(proportion_value(d, row.stratum, row.sums[num], row.sums[den]))
            if with_records:
                records = [self._records(s, v.indicator, window, v.stratum) for v in values]
        return OutcomesReport(window.start, window.end, by, tuple(values), tuple(records))

    def beside_a_window(self) -> int:
        """How many of a report's statements to read at once behind a window. A server on another computer
        answers them side by side with processors of its own (``SIDE_BY_SIDE``). A server on this computer shares
        its processors with the window: the window keeps one of them (one statement at a time on two processors),
        or it stalls while the figures are read (a second opening of the Outcomes area took 50-110 ms instead of
        10-16 on two processors)."""
        if not self.ctx.db.server_on_this_computer:
            return SIDE_BY_SIDE
        return max(1, min(SIDE_BY_SIDE, (os.cpu_count() or 1) - 1))

    def _all_family_sums(self, families: list[str], window: q.Window, by: tuple[str, ...],
                         side_by_side: bool | int = True) -> dict[str, list[q.StratumSums]]:
        """Each family's sums per stratum. On a server the families' statements run side by side, each in its own
        read session: several of them are heavy joins over twenty years of dishes, and the server runs each on its
        own processor (each statement reads committed records as it starts, as one after another in one read
        session did). SQLite reads them one after another in one session."""
        def one(s, fam: str) -> list[q.StratumSums]:
            if fam in ICSI_FAMILIES and "population" not in by:
                fine = q.family_sums(s, fam, window, (*by, "population"))
                return _roll_up(fine, by, q.FAMILIES[fam].sums) + fine
            return q.family_sums(s, fam, window, by)

        at_once = min(len(families), SIDE_BY_SIDE if side_by_side is True else int(side_by_side))
        if self.ctx.db.is_sqlite or at_once < 2:
            with self.ctx.db.read() as s:
                return {fam: one(s, fam) for fam in families}

        def in_own_session(fam: str) -> list[q.StratumSums]:
            with self.ctx.db.read() as s:
                return one(s, fam)

        with ThreadPoolExecutor(max_workers=at_once,
                                thread_name_prefix="bench-outcomes") as pool:
            running = {fam: pool.submit(in_own_session, fam) for fam in families}
            return {fam: future.result() for fam, future in running.items()}

    def records(self, actor: Actor, indicator: str, *, start: date | None, end: date | None,
                stratum: Stratum = (), limit: int | None = None) -> IndicatorRecords:
        """The procedures, samples, thaws, oocytes, OPUs or cycles behind one figure."""
        window = self.window(start, end)
        if indicator not in INDICATOR_BY_KEY:
            raise ValidationError.single("indicator", _("Unknown indicator '{name}'.").format(name=indicator))
        self.check_by(k for k, _ in stratum)
        with self.ctx.db.read() as s:
            return self._records(s, indicator, window, tuple(stratum), limit)

    def _records(self, s, indicator: str, window: q.Window, stratum: Stratum,
                 limit: int | None = None) -> IndicatorRecords:
        """The records, each named as people know it (a procedure by its type, time and MRN, a thaw by its
        devices), never by a database number."""
        found = self._record_refs(s, indicator, window, stratum, limit)
        named = {}
        for kind in {r.kind for r in (*found.numerator, *found.denominator)}:
            named[kind] = record_titles(s, kind, {r.id for r in (*found.numerator, *found.denominator) if r.kind == kind})

        def human(refs: tuple[RecordRef, ...]) -> tuple[RecordRef, ...]:
            return tuple(RecordRef(r.kind, r.id, named.get(r.kind, {}).get(r.id, r.code)) for r in refs)

        return IndicatorRecords(found.indicator, found.stratum, human(found.numerator), human(found.denominator))

    def _record_refs(self, s, indicator: str, window: q.Window, stratum: Stratum,
                     limit: int | None = None) -> IndicatorRecords:
        if indicator == "time_to_first_sperm":
            by = tuple(k for k, _ in stratum)
            want = tuple(v for _, v in stratum)
            ids = sorted({pid for values, pid, _, _ in q.first_sperm_times(s, window, by) if values == want})
            refs = tuple(RecordRef("procedure", i, "") for i in ids[:limit] if i)  # named by _records
            return IndicatorRecords(indicator, stratum, (), refs)
        if indicator == "cryosurvival":
            rows = q.family_records(s, "thaws", window, stratum, "survival_eligible", limit)
            refs = tuple(RecordRef("thaw_event", i, c) for i, c in rows)
            return IndicatorRecords(indicator, stratum, refs, refs)
        fam, num, den = q.PROPORTIONS[indicator]
        kind = q.FAMILIES[fam].unit_kind
        if indicator == "proportion_mii":
            numerator = tuple(RecordRef("oocyte", i, c) for i, c in q.mii_oocyte_records(s, window, stratum, limit))
        else:
            numerator = tuple(RecordRef(kind, i, c) for i, c in q.family_records(s, fam, window, stratum, num, limit))
        denominator = tuple(RecordRef(kind, i, c) for i, c in q.family_records(s, fam, window, stratum, den, limit))
        return IndicatorRecords(indicator, stratum, numerator, denominator)

    def _first_sperm(self, s, d: IndicatorDefinition, window: q.Window, by: tuple[str, ...]) -> list[IndicatorValue]:
        per_stratum: dict[tuple, list[float]] = defaultdict(list)
        for values, _procedure, minutes in q.first_sperm_minutes(s, window, by):  # one row per positive procedure
            per_stratum[values].append(minutes)
        if not by and not per_stratum:
            per_stratum[()] = []
        return [median_value(d, tuple(zip(by, values)), minutes) for values, minutes in sorted(per_stratum.items())]
