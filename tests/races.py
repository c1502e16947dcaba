"""Several workstations at once: separate processes that wait at one barrier, then write together.

Each job runs in its own process (forked, so it starts in milliseconds with everything
imported) with its own engine and connections, as a workstation does. ``prepare`` runs
before the barrier (opening the database is not part of the race), ``act`` after it. The
outcome of each job comes back as ``Outcome``: ``ok`` with the returned value, ``refused``
with a BenchError's message (what a person would read), or ``raw`` with any other
exception (a driver error, a bug), which the race tests never accept.
"""

from __future__ import annotations

import multiprocessing
import queue as queue_module
import traceback
from dataclasses import dataclass
from typing import Any, Callable

from bench_app.domain.errors import BenchError
from bench_app.services.registry import open_services

RACE_TIMEOUT = 90


@dataclass(frozen=True)
class Outcome:
    kind: str  # "ok", "refused" or "raw"
    value: Any = None
    error: str = ""
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.kind == "ok"


@dataclass(frozen=True)
class Job:
    act: Callable[[Any], Any]  # called with what prepare returned
    workstation: str = "race-ws"
    prepare: Callable[[str, str], Any] | None = None  # (url, workstation) -> context; default: open services


def services_for(url: str, workstation: str, clock=None):
    kw = {"clock": clock} if clock is not None else {}
    sv = open_services(url, workstation=workstation, upgrade=False, **kw)
    sv.users.count_users()  # a connection in the pool before the race starts
    return sv


def _child(index: int, job: Job, url: str, clock, barrier, results) -> None:
    try:
        context = job.prepare(url, job.workstation) if job.prepare else services_for(url, job.workstation, clock)
    except BaseException as exc:  # noqa: BLE001 - reported to the test, which fails on it
        barrier.abort()
        results.put((index, Outcome("raw", error=type(exc).__name__, message=traceback.format_exc())))
        return
    try:
        barrier.wait(timeout=RACE_TIMEOUT)
        value = job.act(context)
        outcome = Outcome("ok", value=value)
    except BenchError as exc:
        outcome = Outcome("refused", error=type(exc).__name__, message=str(exc))
    except BaseException as exc:  # noqa: BLE001
        outcome = Outcome("raw", error=type(exc).__name__, message=f"{exc}\n{traceback.format_exc()}")
    finally:
        close = getattr(context, "close", None)
        if close is not None:
            close()
    try:
        results.put((index, outcome))
    except Exception as exc:  # a value that cannot be pickled
        results.put((index, Outcome("raw", error=type(exc).__name__, message=repr(exc))))


def race(url: str, jobs: list[Job], *, clock=None, parent_services=None) -> list[Outcome]:
    """Run ``jobs`` in separate processes at the same moment; their outcomes in job order."""
    if parent_services is not None:  # a forked child must not share the parent's pooled connections
        parent_services.db.engine.dispose()
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(len(jobs))
    results = ctx.Queue()
    procs = [ctx.Process(target=_child, args=(i, job, url, clock, barrier, results), daemon=True)
             for i, job in enumerate(jobs)]
    for p in procs:
        p.start()
    outcomes: dict[int, Outcome] = {}
    try:
        for _ in jobs:
            index, outcome = results.get(timeout=RACE_TIMEOUT)
            outcomes[index] = outcome
    except queue_module.Empty:
        raise AssertionError(f"a racing workstation hung (deadlock?); finished: {sorted(outcomes)}") from None
    finally:
        for p in procs:
            p.join(timeout=RACE_TIMEOUT)
            if p.is_alive():
                p.kill()
    return [outcomes[i] for i in range(len(jobs))]


def assert_no_raw_error(outcomes: list[Outcome]) -> None:
    raw = [o for o in outcomes if o.kind == "raw"]
    assert not raw, "raw errors:\n" + "\n".join(f"{o.error}: {o.message}" for o in raw)
    for o in outcomes:  # what a person reads never names the driver, a constraint or SQL
        for word in ("IntegrityError", "OperationalError", "psycopg", "constraint", "uq_", "pk_", "SQL",
                     "blocked by process", "locked by another program"):
            assert word not in o.message, o.message
