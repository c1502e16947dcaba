"""Benchmark on PostgreSQL (issue 18): the figures of bench/bench_app.py for the same databases copied to a server.

    .venv/bin/python bench/bench_pg.py --large .bench/large.db --small .bench/small.db \
        [--sqlite-results bench-results.json] [--url-large URL --url-small URL] [--runs 9] \
        [--load-writes 100] [--load-pause-ms 750]

A private, durable PostgreSQL 15 server is started for the run (tests/pg_server.py, with fsync
and synchronous commit on, as a lab's server runs) and both SQLite databases are copied into it
by the lab's own move (bench_app.services.move_service, as ``bench-app move-to`` does: COPY table
by table, sequences, row counts checked, tables analysed; only the audit chain's recomputation is
left out), unless ``--url-large``/``--url-small`` name databases already loaded. Each
figure is measured as bench_app.py measures it, and judged against its target and against
SQLite's figure from the same ``make bench`` (bench-results.json): at most 2x SQLite's or
SQLite's + 5 ms, whichever is larger. Prints "PostgreSQL: skipped (why)" and exits 0 where no
server can be started.

Then eight workstations write at once on the large database (bench/load.py's processes, the
mixed writes of bench/load_workstation.py), twice:

* **At a busy bench's pace (judged)**: the eight start together and each waits a random pause
  before each write, ``--load-pause-ms`` on average (750 ms; exponentially distributed, so
  the writes of the eight arrive as independent people's do, bursts included). That is eight
  saves a second or more across the lab, far busier than people injecting oocytes and
  checking them can be (an ICSI save every second at each of eight benches), yet each
  workstation leaves the processor between writes as a person does. The ICSI saves' p95 is
  judged against the issue's 50 ms.
* **Back to back (stress, printed, not judged)**: no pause at all. On a lab's network each
  workstation has its own processor; here the eight processes, the server and its eight
  backends share the machine's two cores, so every write also waits for the processors
  while its holder keeps the lab-wide write lock, and latency becomes the queue (eight)
  times a hold stretched by the saturated processors. That measures this machine's
  saturation, not a lab; it is kept to show that nothing is lost or refused under it and how
  long the queue gets, not to judge the 50 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench import bench_app as b  # noqa: E402 - the SQLite benchmark's measurements, reused as they are

LOAD_WORKSTATIONS, LOAD_WRITES, LOAD_P95_TARGET_MS = 8, 100, 50.0
# The judged pace, also `make load LOAD_PAUSE_MS=750`'s (bench.load itself is imported after the figures: it turns
# the cheap password hashing on for its workstations, which the sign-in figures must not have).
BUSY_BENCH_PAUSE_MS = 750.0


def settle(urls) -> None:
    """After the copy: the server's checkpoint and the system's writeback of the gigabytes just written, before any
    figure. Measured while the kernel still flushed them, a commit's fsync waited behind that flush (an ICSI save
    took 7-9 ms instead of 6, an issued custody report 10 ms more) and reads competed with it: a lab's server
    measures settled, not in the minutes after a bulk load."""
    import time

    from sqlalchemy import create_engine

    started = time.monotonic()
    for url in urls:
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql("CHECKPOINT")
        finally:
            engine.dispose()
    os.sync()
    print(f"settled: checkpoint and writeback in {time.monotonic() - started:.0f} s")


def allowed_ms(sqlite_ms: float | None, target: float | None) -> float | None:
    """The PostgreSQL figure's limit: its target, and at most max(2 x SQLite, SQLite + 5 ms)."""
    limits = [t for t in (target,) if t is not None]
    if sqlite_ms is not None:
        limits.append(max(2 * sqlite_ms, sqlite_ms + 5))
    return min(limits) if limits else None


def icsi_saves(run) -> tuple[list[float], float]:
    from bench.load import percentile

    saves = [w.ms for w in run.writes if w.kind == "icsi_save" and w.outcome == "ok"]
    return saves, percentile(saves, 95)


def load_line(run) -> str:
    from bench.load import percentile

    saves, p95 = icsi_saves(run)
    done = sum(w.outcome == "ok" for w in run.writes)
    return (f"ICSI saves p50 {percentile(saves, 50):.1f} ms, p95 {p95:.1f} ms, max {max(saves, default=0):.1f} ms; "
            f"{done / run.wall_s if run.wall_s else 0:.1f} writes/s, {len(run.failures)} failed, "
            f"{'nothing lost or booked twice' if run.invariants.ok else 'INVARIANTS FAILED'}")


def load_json(run, args) -> dict:
    from bench.load import percentile

    saves, p95 = icsi_saves(run)
    return {"p50": percentile(saves, 50), "p95": p95, "max": max(saves, default=0), "failed": len(run.failures),
            "writes": len(run.writes), "wall_s": run.wall_s, "invariants_ok": run.invariants.ok,
            "pause_ms": args.load_pause_ms if args else 0}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--large", required=True)
    ap.add_argument("--small", required=True)
    ap.add_argument("--url-large")
    ap.add_argument("--url-small")
    ap.add_argument("--sqlite-results", default="bench-results.json")
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--load-writes", type=int, default=LOAD_WRITES, help="writes per workstation in each load run")
    ap.add_argument("--load-pause-ms", type=float, default=BUSY_BENCH_PAUSE_MS,
                    help="a workstation's mean pause before each write in the judged run")
    ap.add_argument("--skip-figures", action="store_true", help="only the two load runs (the figures not measured)")
    ap.add_argument("-o", "--output", default="bench-results-postgresql.json")
    args = ap.parse_args()
    from bench_app.services.move_service import move_to_postgresql
    from bench_app.services.lab_certificate import ensure_lab_certificate
    from tests.pg_server import PostgresServer, PostgresUnavailable

    server = None
    urls = {"large": args.url_large, "small": args.url_small}
    if not all(urls.values()):
        try:
            server = PostgresServer.start(durable=True)
        except PostgresUnavailable as exc:
            print(f"PostgreSQL: skipped ({exc})")
            return 0
    try:
        for scale, path in (("small", args.small), ("large", args.large)):
            if not urls[scale]:
                urls[scale] = server.create_database(f"bench_{scale}")
                moved = move_to_postgresql(f"sqlite:///{Path(path).resolve()}", urls[scale], by="bench",
                                           verify_chain=False)
                print(f"copied {moved.rows:,} rows in {len(moved.tables)} tables to PostgreSQL in "
                      f"{moved.seconds:.0f} s ({moved.rows_per_second:,.0f} rows/s, {moved.method})")
        if server is not None:
            settle(urls.values())
        ensure_lab_certificate("Bench benchmark laboratory")
        results = []
        if not args.skip_figures:
            picks = b.pick(f"sqlite:///{Path(args.small).resolve()}")
            for scale in ("small", "large"):
                rows, _ = b.measure(urls[scale], scale, args.runs, picks)
                results += rows
            for scale in ("small", "large"):
                b.sign_in_ms(urls[scale], 0, 1)  # not counted: writes the bytecode caches
                typed = b.sign_in_ms(urls[scale], 2000, max(3, args.runs // 2))
                results.append({"name": "password_to_window", "scale": scale, "median_ms": typed["accept_to_window"],
                                "target_ms": 400})
        from bench.load import run_load

        paced = run_load(urls["large"], workstations=LOAD_WORKSTATIONS, writes=args.load_writes, label="paced",
                         verify_chain=False, pause_ms=args.load_pause_ms)
        stress = run_load(urls["large"], workstations=LOAD_WORKSTATIONS, writes=args.load_writes,
                          label="back to back", verify_chain=False)
    finally:
        if server is not None:
            server.stop()
    sqlite = {}
    if Path(args.sqlite_results).exists():
        sqlite = {(r["name"], r["scale"]): r["median_ms"]
                  for r in json.loads(Path(args.sqlite_results).read_text())["metrics"]}
    small = {r["name"]: r["median_ms"] for r in results if r["scale"] == "small"}
    print("\nPostgreSQL 15 (private server on this machine, fsync on), the same databases copied from SQLite")
    print(f"{'metric':<22} {'small ms':>9} {'large ms':>9} {'SQLite':>8} {'limit':>7} {'target':>7}  verdict")
    missed = 0
    for r in (r for r in results if r["scale"] == "large"):
        lite = sqlite.get((r["name"], "large"))
        limit = allowed_ms(lite, r["target_ms"])
        ok = limit is None or r["median_ms"] <= limit
        missed += not ok
        base = small.get(r["name"])
        print(f"{r['name']:<22} {base if base else float('nan'):>9.1f} {r['median_ms']:>9.1f} "
              f"{lite if lite is not None else float('nan'):>8.1f} {limit if limit else float('nan'):>7.1f} "
              f"{r['target_ms'] if r['target_ms'] else '-':>7}  {'ok' if ok else 'MISSED'}")
    paced_saves, p95 = icsi_saves(paced)
    ok = p95 <= LOAD_P95_TARGET_MS and not paced.failures and paced.invariants.ok
    missed += not ok
    print(f"save_oocyte_result, {LOAD_WORKSTATIONS} workstations writing at a busy bench's pace (a pause of "
          f"{args.load_pause_ms:g} ms on average before each write; {len(paced.writes)} writes): {load_line(paced)} "
          f"(target p95 {LOAD_P95_TARGET_MS:.0f} ms)  {'ok' if ok else 'MISSED'}")
    print(f"  stress, not judged: the same {LOAD_WORKSTATIONS} writing back to back (no pause; every process on "
          f"this machine's processors at once; {len(stress.writes)} writes): {load_line(stress)}")
    Path(args.output).write_text(json.dumps({"metrics": results, "load_icsi_save_ms": load_json(paced, args),
                                             "stress_icsi_save_ms": load_json(stress, None)},
                                            indent=2, default=str))
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
