"""Where one ICSI save's time goes (issue 18): statements, the lab-wide write lock's hold, database and Python.

    .venv/bin/python bench/write_profile.py --url URL [--saves 40] [--json]

On a copy of the demo database (``make bench``'s small one, SQLite or copied to PostgreSQL), as
bench/bench_app.py measures ``save_oocyte_result``: a fresh OPU of MII oocytes and its ICSI dish
(witnessed), then each oocyte injected through ``IcsiService.inject``. Per save, medians of:

* ``statements``: those the driver ran, and those between the lock taken and the commit (the
  lock's own statement, BEGIN IMMEDIATE or pg_advisory_xact_lock, not counted; on PostgreSQL the
  driver's own BEGIN and the pool's liveness ping are round trips too, the same before and after);
* ``hold_ms``: from the lock taken to the commit done, which every other writer waits for;
* ``db_ms``: time inside the driver's execute and commit calls (the server's work, its fsync and
  the round trips), ``python_ms``: the rest of the call;
* ``cpu_ms``: this process's processor time (``time.process_time``), and on a local PostgreSQL the
  server backends' too (from /proc): counts of work, steadier than wall clock on a shared machine.
And a search (name prefix, MRN) the same way, for the statements and processor time it costs.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from bench_app.persistence.models import IcsiSession, Patient  # noqa: E402
from bench_app.services.registry import open_services  # noqa: E402
from bench_app.services.witness_service import WitnessInput  # noqa: E402

PASSWORDS = {"emma": "bench-demo-1", "eli": "bench-demo-1"}
LOCK_MARKS = ("pg_advisory_xact_lock", "BEGIN IMMEDIATE")


class Probe:
    """Statement counts and times of one engine, per call measured."""

    def __init__(self, engine):
        self.backends: set[int] = set()
        self.reset()
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)
        event.listen(engine, "commit", self._commit)
        event.listen(Session, "after_commit", self._committed)
        if engine.dialect.name == "postgresql":
            event.listen(engine, "connect", self._connect)

    def reset(self):
        self.statements = self.in_lock = 0
        self.db = 0.0
        self.locked_at = self.committed_at = self._commit_started = None

    def _connect(self, dbapi_connection, _record):
        cur = dbapi_connection.cursor()
        cur.execute("SELECT pg_backend_pid()")
        self.backends.add(cur.fetchone()[0])
        cur.close()
        dbapi_connection.commit()

    def _before(self, conn, cursor, statement, params, context, executemany):
        conn.info["probe_t0"] = time.perf_counter()

    def _after(self, conn, cursor, statement, params, context, executemany):
        now = time.perf_counter()
        self.db += now - conn.info.pop("probe_t0", now)
        self.statements += 1
        if any(mark in statement for mark in LOCK_MARKS):
            self.locked_at = now
        elif self.locked_at is not None and self.committed_at is None:
            self.in_lock += 1

    def _commit(self, conn):
        self._commit_started = time.perf_counter()

    def _committed(self, session):
        now = time.perf_counter()
        if self._commit_started is not None:
            self.db += now - self._commit_started
            self._commit_started = None
        if self.locked_at is not None and self.committed_at is None:
            self.committed_at = now

    def server_cpu_ms(self) -> float:
        """Processor time of the server backends this engine opened (a local server only)."""
        total = 0
        for pid in self.backends:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime (clock ticks)
        return total * 1000 / os.sysconf("SC_CLK_TCK")


def measure(probe: Probe, call, n: int) -> dict:
    rows = []
    server0 = probe.server_cpu_ms()
    cpu0 = time.process_time()
    for _ in range(n):
        probe.reset()
        started = time.perf_counter()
        call()
        total = (time.perf_counter() - started) * 1000
        hold = ((probe.committed_at - probe.locked_at) * 1000 if probe.locked_at and probe.committed_at else 0.0)
        rows.append({"total_ms": total, "statements": probe.statements, "in_lock": probe.in_lock, "hold_ms": hold,
                     "db_ms": probe.db * 1000, "python_ms": total - probe.db * 1000})
    out = {k: round(statistics.median(r[k] for r in rows), 3) for k in rows[0]}
    out["cpu_ms"] = round((time.process_time() - cpu0) * 1000 / n, 3)
    out["server_cpu_ms"] = round((probe.server_cpu_ms() - server0) / n, 3) if probe.backends else None
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", required=True)
    ap.add_argument("--saves", type=int, default=40)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    sv = open_services(args.url, upgrade=False)
    probe = Probe(sv.db.engine)
    actor = sv.users.sign_in("emma", PASSWORDS["emma"])
    with sv.db.read() as s:
        sess = s.execute(select(IcsiSession).order_by(IcsiSession.id.desc()).limit(1)).scalar_one()
        patient = s.execute(select(Patient).order_by(Patient.id.desc()).limit(1)).scalar_one()
    n = args.saves + 1
    opu = sv.icsi.record_opu(actor, cycle_id=sess.cycle_id, retrieved_at=sv.ctx.clock() - timedelta(hours=5),
                             cocs_retrieved=n)
    rows = sv.icsi.set_maturities(actor, retrieval_id=opu.id, maturities=["MII"] * n)
    dish = sv.icsi.start_session(actor, retrieval_id=opu.id, source_kind="ejaculate",
                                 witness=WitnessInput("eli", PASSWORDS["eli"], ("bench",)))
    pending = iter(rows)

    def save():
        sv.icsi.inject(actor, session_id=dish.id, oocyte_id=next(pending).id, sperm_motility="twitching")

    save()  # warm: statements compiled and cached, a connection in the pool
    figures = {"save_oocyte_result": measure(probe, save, args.saves)}
    for name, text in (("search_name_prefix", patient.family_key[:3]), ("search_mrn", patient.mrn)):
        sv.patients.search(text)
        figures[name] = measure(probe, lambda text=text: sv.patients.search(text), args.saves)
    sv.close()
    if args.json:
        print(json.dumps(figures))
    else:
        for name, f in figures.items():
            print(f"{name:<20} " + ", ".join(f"{k} {v}" for k, v in f.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
