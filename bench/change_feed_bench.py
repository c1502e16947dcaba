"""What following other workstations costs (issue 18): a poll of the change feed, and a write's NOTIFY.

    .venv/bin/python bench/change_feed_bench.py [--polls 2000] [--writes 200]

Figures, each on a fresh database (the poll does not read more on a bigger one: PostgreSQL's
reads the socket, SQLite's asks ``PRAGMA data_version`` and, only after a commit, the audit
events past the last one seen, by primary key):

- ``poll_idle``: one poll when nothing changed (the screens do this every 1.5 s): wall and CPU ms;
- ``poll_after_write``: one poll that finds one write (another workstation's) and names its tables;
- ``notify_per_write`` (PostgreSQL): the NOTIFY statement's own time inside a write (a patient
  registered, one audit event), and the whole write's median with and without it.

PostgreSQL is a private server started for the run (tests/pg_server.py); where none can start,
its figures are left out with the reason.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import event  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from bench_app.persistence import change_signals  # noqa: E402
from bench_app.services.registry import open_services  # noqa: E402

PASSWORD = "bench-feed-1"


def _timed(work, n: int) -> tuple[float, float]:
    """Median wall ms per call (over batches of 10) and mean CPU ms per call."""
    walls = []
    cpu0 = time.process_time()
    for _ in range(max(1, n // 10)):
        t0 = time.perf_counter()
        for _ in range(10):
            work()
        walls.append((time.perf_counter() - t0) * 100)  # ms per call
    cpu = (time.process_time() - cpu0) * 1000 / (max(1, n // 10) * 10)
    return statistics.median(walls), cpu


def _write_ms(sv, actor, n: int, start: int) -> float:
    """Median ms of one small write: a patient registered (one row, one audit event)."""
    times = []
    for i in range(n):
        t0 = time.perf_counter()
        sv.patients.register_patient(actor, mrn=f"CF-{start + i}", family_name="Feed", given_names="Bench",
                                     date_of_birth=date(1980, 1, 1), sex="male")
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def _notify_cost(sv, actor, writes: int) -> dict:
    """The NOTIFY's own time in each write (its statement, timed where it runs), and writes with and without it.

    The difference of the two write medians also holds the server waking its listening backends, which on a
    busy two-core machine is most of it; the statement's own time is what the writer itself waits for.
    """
    hook = change_signals._notify_on_commit
    inside: list[float] = []

    def timed(session):
        t0 = time.perf_counter()
        hook(session)
        inside.append((time.perf_counter() - t0) * 1000)

    _write_ms(sv, actor, 10, 10_000)  # warm
    with_notify, without = [], []
    event.remove(Session, "before_commit", hook)
    try:
        for block in range(max(1, writes // 10)):  # alternating blocks, so drift falls on both alike
            event.listen(Session, "before_commit", timed)
            with_notify.append(_write_ms(sv, actor, 10, 20_000 + block * 10))
            event.remove(Session, "before_commit", timed)
            without.append(_write_ms(sv, actor, 10, 40_000 + block * 10))
    finally:
        event.listen(Session, "before_commit", hook)
    w, wo = statistics.median(with_notify), statistics.median(without)
    return {"name": "change_feed_notify_per_write", "scale": "postgresql",
            "median_ms": round(statistics.median(inside), 4), "target_ms": 1,
            "write_with_notify_ms": round(w, 3), "write_without_ms": round(wo, 3)}


def measure(url: str, backend: str, polls: int, writes: int) -> list[dict]:
    here = open_services(url, workstation="bench-feed-1")
    there = open_services(url, workstation="bench-feed-2", upgrade=False)
    try:
        here.users.create_first_admin(username="admin", full_name="Ada Admin", password=PASSWORD)
        admin = there.users.sign_in("admin", PASSWORD)
        feed = here.changes
        feed.start()
        feed.poll()
        idle_wall, idle_cpu = _timed(feed.poll, polls)
        after = []
        cpu0, n = time.process_time(), max(20, writes // 4)
        for i in range(n):
            there.patients.register_patient(admin, mrn=f"CW-{i}", family_name="Feed", given_names="Bench",
                                            date_of_birth=date(1980, 1, 1), sex="male")
            deadline = time.perf_counter() + 2
            t0 = time.perf_counter()
            while not (changes := feed.poll()) and time.perf_counter() < deadline:
                t0 = time.perf_counter()  # PostgreSQL: the NOTIFY arrives a moment after the commit
            after.append((time.perf_counter() - t0) * 1000)
            assert "patients" in changes.tables, changes
        after_cpu = (time.process_time() - cpu0) * 1000 / n  # includes the write itself: an upper bound
        rows = [
            {"name": "change_feed_poll_idle", "scale": backend, "median_ms": round(idle_wall, 4),
             "cpu_ms": round(idle_cpu, 4), "target_ms": 1, "mechanism": feed.mechanism},
            {"name": "change_feed_poll_after_write", "scale": backend, "median_ms": round(statistics.median(after), 4),
             "target_ms": 5, "mechanism": feed.mechanism},
        ]
        if backend == "postgresql":
            rows.append(_notify_cost(there, admin, writes))
            feed.poll()
        return rows
    finally:
        here.close()
        there.close()


def change_feed_figures(polls: int = 2000, writes: int = 200) -> tuple[list[dict], list[str]]:
    """The figures on SQLite and (when a private server can start) PostgreSQL, and what was left out."""
    out, notes = [], []
    with tempfile.TemporaryDirectory() as tmp:
        out += measure(f"sqlite:///{Path(tmp) / 'feed.db'}", "sqlite", polls, writes)
    try:
        from tests.pg_server import PostgresServer

        server = PostgresServer.start()
    except Exception as exc:  # no server binaries here: say so rather than fail the whole bench
        notes.append(f"PostgreSQL change feed not measured: {exc}")
        return out, notes
    try:
        out += measure(server.create_database("bench_feed"), "postgresql", polls, writes)
    finally:
        server.stop()
    return out, notes


def print_figures(rows: list[dict], notes: list[str]) -> None:
    print("change feed (screens following other workstations):")
    for r in rows:
        extra = f", CPU {r['cpu_ms']:.3f} ms" if "cpu_ms" in r else ""
        if "write_with_notify_ms" in r:
            extra = (f" in the write (a whole write {r['write_with_notify_ms']:.2f} ms with it, "
                     f"{r['write_without_ms']:.2f} without)")
        ok = "ok" if r["median_ms"] <= r["target_ms"] else "MISSED"
        print(f"  {r['name']:<30} {r['scale']:<10} {r['median_ms']:>8.3f} ms{extra}  target {r['target_ms']} ms  {ok}")
    for note in notes:
        print(f"  {note}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--polls", type=int, default=2000)
    ap.add_argument("--writes", type=int, default=200)
    args = ap.parse_args()
    rows, notes = change_feed_figures(args.polls, args.writes)
    print_figures(rows, notes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
