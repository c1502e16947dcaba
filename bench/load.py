"""Load test (issue 18, `make load`): 8 workstations as separate processes, 500 mixed writes each.

    .venv/bin/python bench/load.py [--workstations 8] [--writes 500] [--backends sqlite,postgresql]
                                   [--url URL] [--pause-ms 0] [-o bench-load.json]

Each workstation is its own process with its own services, engine and signed-in users, as a bench
PC is (bench/load_workstation.py says what it writes). On SQLite the eight share one database
file; on PostgreSQL a private server is started for the run (as the tests do, tests/pg_server.py,
but durable: fsync and synchronous commit on, as a lab's server runs), or ``--url`` names a
database to load (it must be migrated; the load test adds its own users and tank).

Afterwards it checks, from the database (bench/load_checks.py): nothing lost, nothing
double-booked, the audit chain verifies; and prints per kind of write p50/p95/max latency and
the fairness between workstations. It exits 1 when an invariant fails or a write failed
(a lock wait or timeout a person would see as an error counts as a failure).

Witness PINs and passwords are hashed with argon2's cheapest profile in this run (as in the
tests): on a lab's PCs each workstation hashes on its own processor, where here eight
processes share the machine's, and the figures are about the database.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("BENCH_FAST_HASHING", "1")
os.environ.setdefault("BENCH_LOG_DIR", os.path.join(tempfile.gettempdir(), f"bench-load-logs-{os.getpid()}"))

from bench.load_checks import Invariants, baseline, check, summary  # noqa: E402
from bench.load_workstation import KINDS, Write, WorkstationResult, prepare, run_workstation  # noqa: E402


@dataclass
class LoadRun:
    label: str
    workstations: list[WorkstationResult]
    invariants: Invariants
    wall_s: float

    @property
    def writes(self) -> list[Write]:
        return [w for ws in self.workstations for w in ws.writes]

    @property
    def failures(self) -> list[Write]:
        return [w for w in self.writes if w.outcome == "failed"]

    @property
    def ok(self) -> bool:
        return self.invariants.ok and not self.failures and not any(ws.error for ws in self.workstations)


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank percentile (p in 0..100); 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(p / 100 * len(ordered) + 0.5)) - 1))]


@contextlib.contextmanager
def cheapest_hashing():
    """argon2's cheapest profile for the users the load test adds, whoever imported the hashing first.

    BENCH_FAST_HASHING (set above) chooses it only for a process that had not imported the services
    yet; bench/bench_pg.py measures the sign-in with the real profile first, then runs the load, whose
    users (their PINs verified at every witnessed write) would otherwise carry the real profile's cost,
    64 MiB and four lanes per check, eight processes at once on this machine's two cores. A hash
    carries its own parameters: users an earlier run added keep theirs.
    """
    from argon2 import PasswordHasher, profiles

    from bench_app.services import passwords

    before = passwords._hasher
    passwords._hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)
    try:
        yield
    finally:
        passwords._hasher = before


def run_load(url: str, *, workstations: int = 8, writes: int = 500, seed: int = 7, label: str = "",
             verify_chain: bool = True, pause_ms: float = 0) -> LoadRun:
    """Start the workstations on ``url`` at one moment; their results and the invariants checked afterwards."""
    with cheapest_hashing():  # the parent adds the users; the workstations are forked from it
        return _run_load(url, workstations=workstations, writes=writes, seed=seed, label=label,
                         verify_chain=verify_chain, pause_ms=pause_ms)


def _run_load(url: str, *, workstations: int, writes: int, seed: int, label: str, verify_chain: bool,
              pause_ms: float) -> LoadRun:
    run = f"{os.getpid()}{int(time.time()) % 100000}"
    plan = prepare(url, workstations, run=run, positions_needed=workstations * writes // 5)
    ctx = multiprocessing.get_context("fork")  # each child opens its own engine after the fork
    ready, go = ctx.Barrier(workstations + 1), ctx.Barrier(workstations + 1)
    results = ctx.Queue()

    class _Both:  # the child waits at both: ready (set up), then go (the parent has read the baseline)
        @staticmethod
        def wait(timeout=None):
            ready.wait(timeout=timeout)
            go.wait(timeout=timeout)

        @staticmethod
        def abort():
            ready.abort()
            go.abort()

    procs = [ctx.Process(target=run_workstation, args=(i, plan, writes, seed, _Both, results, pause_ms), daemon=True)
             for i in range(workstations)]
    for p in procs:
        p.start()
    got: list[WorkstationResult] = []
    try:
        ready.wait(timeout=900)
        before = baseline(url)
        go.wait(timeout=60)
        started = time.perf_counter()
    except Exception:  # noqa: BLE001 - a workstation failed to set up: its error says why
        started = time.perf_counter()
        before = {}
    while len(got) < workstations:
        got.append(results.get(timeout=3600))
    wall = time.perf_counter() - started
    for p in procs:
        p.join(timeout=60)
    got.sort(key=lambda r: r.index)
    setup_errors = [r.error for r in got if r.error]
    if setup_errors and not before:  # the first cause, not the others' broken barrier
        setup_errors.sort(key=lambda e: "BrokenBarrierError" in e)
        raise SystemExit("A workstation could not start:\n" + setup_errors[0])
    keys = [w.key for r in got for w in r.writes if w.outcome == "ok"]
    return LoadRun(label, got, check(url, keys, before, verify_chain=verify_chain), wall)


def report(run: LoadRun) -> list[str]:
    """The printed figures: per kind, per workstation, fairness, failures, invariants."""
    writes = run.writes
    done = [w for w in writes if w.outcome == "ok"]
    lines = [f"{run.label}: {len(run.workstations)} workstations, {len(done)} writes done in {run.wall_s:.1f} s "
             f"({len(done) / run.wall_s if run.wall_s else 0:.0f} writes/s)",
             f"{'write':<20} {'done':>5} {'taken':>5} {'failed':>6} {'skipped':>7} {'p50 ms':>7} {'p95 ms':>7} "
             f"{'max ms':>7}"]
    for kind in (*KINDS, "all"):
        mine = [w for w in writes if kind == "all" or w.kind == kind]
        ms = [w.ms for w in mine if w.outcome == "ok"]
        n = Counter(w.outcome for w in mine)
        lines.append(f"{kind:<20} {n['ok']:>5} {n['taken']:>5} {n['failed']:>6} {n['skipped']:>7} "
                     f"{percentile(ms, 50):>7.1f} {percentile(ms, 95):>7.1f} {max(ms, default=0):>7.1f}")
    lines.append(f"{'workstation':<12} {'done':>5} {'failed':>6} {'p50 ms':>7} {'p95 ms':>7} {'writes/s':>8}")
    rates, p95s, counts = [], [], []
    for ws in run.workstations:
        ms = [w.ms for w in ws.writes if w.outcome == "ok"]
        rate = len(ms) / ws.wall_s if ws.wall_s else 0.0
        rates.append(rate)
        p95s.append(percentile(ms, 95))
        counts.append(len(ms))
        lines.append(f"ws{ws.index:<10} {len(ms):>5} {sum(w.outcome == 'failed' for w in ws.writes):>6} "
                     f"{percentile(ms, 50):>7.1f} {percentile(ms, 95):>7.1f} {rate:>8.1f}"
                     + (f"  ERROR {ws.error.strip().splitlines()[-1]}" if ws.error else ""))
    lines.append(f"fairness (min/max): writes done {min(counts) / max(counts) if max(counts) else 0:.2f}, "
                 f"writes/s {min(rates) / max(rates) if max(rates) else 0:.2f}, "
                 f"p95 {min(p95s) / max(p95s) if max(p95s) else 0:.2f}")
    retries = sum(ws.setup_retries for ws in run.workstations)
    if retries:
        lines.append(f"setup (not timed): {retries} writes tried again after waiting out the lock timeout")
    failures = Counter(w.message.splitlines()[0][:160] for w in run.failures)
    lines.append(f"failures a person would see: {len(run.failures)}"
                 + "".join(f"\n  {n} x {m}" for m, n in failures.most_common(8)))
    lines += summary(run.invariants)
    lines.append("verdict: " + ("ok" if run.ok else "FAILED"))
    return lines


def as_json(run: LoadRun) -> dict:
    return {"label": run.label, "wall_s": run.wall_s, "ok": run.ok,
            "kinds": {k: {"p50_ms": percentile([w.ms for w in run.writes if w.kind == k and w.outcome == "ok"], 50),
                          "p95_ms": percentile([w.ms for w in run.writes if w.kind == k and w.outcome == "ok"], 95),
                          "max_ms": max([w.ms for w in run.writes if w.kind == k and w.outcome == "ok"], default=0),
                          "done": sum(w.kind == k and w.outcome == "ok" for w in run.writes)} for k in KINDS},
            "failures": [w.message for w in run.failures][:50],
            "invariants": {**asdict(run.invariants), "lost": run.invariants.lost}}


def private_postgresql():
    """A durable private server (tests/pg_server.py) and a migrated database on it."""
    from bench_app.persistence.engine import open_database
    from bench_app.persistence.migrate import upgrade_to_head
    from tests.pg_server import PostgresServer

    server = PostgresServer.start(durable=True)
    url = server.create_database("bench_load")
    db = open_database(url)
    upgrade_to_head(db.engine)
    db.dispose()
    return server, url


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workstations", type=int, default=8)
    ap.add_argument("--writes", type=int, default=500, help="writes per workstation (rounds of ten)")
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--url", help="load this database instead (migrated; SQLite or PostgreSQL)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--pause-ms", type=float, default=0,
                    help="a workstation's mean pause before each write, random (exponential); 0: back to back; "
                         "750: the busy bench's pace at which make bench judges the ICSI saves' p95")
    ap.add_argument("-o", "--output", default="bench-load.json")
    args = ap.parse_args()
    runs: list[LoadRun] = []
    targets = [("given database", args.url)] if args.url else [(b.strip(), None) for b in args.backends.split(",")]
    for backend, url in targets:
        server = None
        with tempfile.TemporaryDirectory(prefix="bench-load-") as folder:
            if url is None and backend == "sqlite":
                url = f"sqlite:///{Path(folder) / 'load.db'}"
            elif url is None and backend == "postgresql":
                from tests.pg_server import PostgresUnavailable
                try:
                    server, url = private_postgresql()
                except PostgresUnavailable as exc:
                    print(f"PostgreSQL: skipped ({exc})")
                    continue
            try:
                label = {"sqlite": "SQLite (one shared file)", "postgresql": "PostgreSQL 15 (private, durable)"}.get(
                    backend, backend)
                run = run_load(url, workstations=args.workstations, writes=args.writes, seed=args.seed,
                               label=label + (f", a pause of {args.pause_ms:g} ms on average between writes"
                                              if args.pause_ms else ", writing back to back"),
                               pause_ms=args.pause_ms)
            finally:
                if server is not None:
                    server.stop()
        runs.append(run)
        print("\n".join(report(run)), "\n", flush=True)
    Path(args.output).write_text(json.dumps([as_json(r) for r in runs], indent=2, default=str))
    print(f"wrote {args.output}")
    return 0 if runs and all(r.ok for r in runs) else 1


if __name__ == "__main__":
    raise SystemExit(main())
