"""Benchmark on PostgreSQL (issue 18): the figures of bench/bench_app.py for the same databases copied to a server.

    .venv/bin/python bench/bench_pg.py --large .bench/large.db --small .bench/small.db \
        [--sqlite-results bench-results.json] [--url-large URL --url-small URL] [--runs 9]

A private, durable PostgreSQL 15 server is started for the run (tests/pg_server.py, with fsync
and synchronous commit on, as a lab's server runs) and both SQLite databases are copied into it
by the lab's own move (bench_app.services.move_service, as ``bench-app move-to`` does: COPY table
by table, sequences, row counts checked, tables analysed; only the audit chain's recomputation is
left out), unless ``--url-large``/``--url-small`` name databases already loaded. Each figure is
measured as bench_app.py measures it, and judged against its target and against SQLite's figure
from the same ``make bench`` (bench-results.json): at most 2x SQLite's or SQLite's + 5 ms,
whichever is larger. Then eight workstations write at once on the large database (bench/load.py's
processes) and the ICSI saves' p95 must be at most 50 ms.
Prints "PostgreSQL: skipped (why)" and exits 0 where no server can be started.
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


def allowed_ms(sqlite_ms: float | None, target: float | None) -> float | None:
    """The PostgreSQL figure's limit: its target, and at most max(2 x SQLite, SQLite + 5 ms)."""
    limits = [t for t in (target,) if t is not None]
    if sqlite_ms is not None:
        limits.append(max(2 * sqlite_ms, sqlite_ms + 5))
    return min(limits) if limits else None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--large", required=True)
    ap.add_argument("--small", required=True)
    ap.add_argument("--url-large")
    ap.add_argument("--url-small")
    ap.add_argument("--sqlite-results", default="bench-results.json")
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--load-writes", type=int, default=LOAD_WRITES)
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
        ensure_lab_certificate("Bench benchmark laboratory")
        picks = b.pick(f"sqlite:///{Path(args.small).resolve()}")
        results = []
        for scale in ("small", "large"):
            rows, _ = b.measure(urls[scale], scale, args.runs, picks)
            results += rows
        for scale in ("small", "large"):
            b.sign_in_ms(urls[scale], 0, 1)  # not counted: writes the bytecode caches
            typed = b.sign_in_ms(urls[scale], 2000, max(3, args.runs // 2))
            results.append({"name": "password_to_window", "scale": scale, "median_ms": typed["accept_to_window"],
                            "target_ms": 400})
        from bench.load import percentile, run_load

        load = run_load(urls["large"], workstations=LOAD_WORKSTATIONS, writes=args.load_writes, label="load",
                        verify_chain=False)
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
    saves = [w.ms for w in load.writes if w.kind == "icsi_save" and w.outcome == "ok"]
    p95 = percentile(saves, 95)
    ok = p95 <= LOAD_P95_TARGET_MS and not load.failures
    missed += not ok
    print(f"save_oocyte_result with {LOAD_WORKSTATIONS} workstations writing ({len(load.writes)} writes): "
          f"p50 {percentile(saves, 50):.1f} ms, p95 {p95:.1f} ms, max {max(saves, default=0):.1f} ms "
          f"(target p95 {LOAD_P95_TARGET_MS:.0f} ms), {len(load.failures)} failed  {'ok' if ok else 'MISSED'}")
    Path(args.output).write_text(json.dumps({"metrics": results, "load_icsi_save_ms": {
        "p50": percentile(saves, 50), "p95": p95, "max": max(saves, default=0), "failed": len(load.failures)}},
        indent=2, default=str))
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
