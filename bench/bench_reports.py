"""Benchmark: a busy day's worksheet and one label (not part of the test suite).

    .venv/bin/python bench/bench_reports.py [--procedures 12] [--opus 16] [--oocytes 15] [--runs 7]

A fresh temporary database gets a day of work through the services (retrievals with
their witnessed samples) plus bulk-inserted ICSI rows (the ICSI service is separate):
by default 12 sperm retrievals of 6 samples, 16 OPUs of 15 oocytes each with
injections and fertilization checks due, and stored devices near expiry. It prints
the median of several runs; the targets are a worksheet under 0.5 s and a label
under 0.1 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("BENCH_FAST_HASHING", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_app.domain.enums import Role  # noqa: E402
from bench_app.services.registry import open_services  # noqa: E402
from tests.conftest import ADMIN_PASSWORD, PASSWORD, FakeClock, Team  # noqa: E402
from tests.reports.world import ARABIC, CYRILLIC, GREEK, TURKISH, couple, icsi_rows, retrieval_with_samples  # noqa: E402
from tests.services.cryo_fixtures import freeze_kwargs, small_tank  # noqa: E402


def team_of(sv) -> Team:
    sv.users.create_first_admin(username="admin", full_name="Ada Admin", password=ADMIN_PASSWORD)
    admin = sv.users.sign_in("admin", ADMIN_PASSWORD)
    for username, name, role, pin in (("sam", "Sam Supervisor", Role.SUPERVISOR, "1111"),
                                      ("emma", "Emma Embryologist", Role.EMBRYOLOGIST, "2222"),
                                      ("eli", "Eli Embryologist", Role.EMBRYOLOGIST, "3333")):
        sv.users.add_user(admin, username=username, full_name=name, role=role, password=PASSWORD, pin=pin)
    return Team(admin, *(sv.users.sign_in(u, PASSWORD) for u in ("sam", "emma", "eli")))


def median_seconds(work, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--procedures", type=int, default=12)
    ap.add_argument("--samples", type=int, default=6)
    ap.add_argument("--opus", type=int, default=16)
    ap.add_argument("--oocytes", type=int, default=15)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    names = (ARABIC, TURKISH, GREEK, CYRILLIC)
    with tempfile.TemporaryDirectory() as folder:
        clock = FakeClock()
        sv = open_services(f"sqlite:///{folder}/bench.db", clock=clock, workstation="bench")
        team = team_of(sv)
        small_tank(sv, team, canisters=2, canes=10, positions=10)
        setup = time.perf_counter()
        first_sample = None
        for n in range(max(args.procedures, args.opus)):
            c, cycle = couple(sv, team, clock, f"B-{n:03d}", names[n % 4], names[(n + 1) % 4], expiry_days=30 + n)
            sample_id = None
            if n < args.procedures:
                _, samples = retrieval_with_samples(sv, team, clock, c.male.id, cycle.id, n=args.samples)
                sample_id = samples[0].id
                first_sample = first_sample or samples[0].code
                positions = [p.key for p in sv.storage.propose_positions(2)]
                sv.cryo.freeze(team.embryologist, **freeze_kwargs(source_kind="tissue_sample",
                                                                  sample_ids=[samples[1].id], positions=positions))
            if n < args.opus:
                icsi_rows(sv, team, cycle_id=cycle.id, sample_id=sample_id, oocytes=args.oocytes, checked=0,
                          retrieved_at=clock.now - timedelta(hours=2 if n % 2 else 20, minutes=n))
        day = clock.now.astimezone().date()
        sheet = sv.worksheet.day(day)
        print(f"set up in {time.perf_counter() - setup:.1f} s: {len(sheet.samples)} sample rows, "
              f"{len(sheet.oocytes)} oocyte rows, {len(sheet.fert_checks)} fertilization checks, "
              f"{len(sheet.expiring)} devices near expiry, {len(sheet.pending_witness)} pending witness rows")
        sv.worksheet.pdf(team.supervisor, day)                       # fonts registered, caches warm
        sv.labels.print_labels(team.embryologist, [first_sample], reprint_reason="bench")
        doc = sv.worksheet.pdf(team.supervisor, day)
        build = median_seconds(lambda: sv.worksheet.day(day), args.runs)
        whole = median_seconds(lambda: sv.worksheet.pdf(team.supervisor, day), args.runs)
        label = median_seconds(lambda: sv.labels.print_labels(team.embryologist, [first_sample],
                                                             reprint_reason="bench"), args.runs)
        from bench_app.reports.worksheet import WorksheetReport
        render = median_seconds(lambda: WorksheetReport().build(sheet), args.runs)
        print(f"worksheet: {doc.page_count} pages; rows from the database {build * 1000:.0f} ms, "
              f"PDF rendering {render * 1000:.0f} ms, whole print {whole * 1000:.0f} ms (target < 500 ms)")
        print(f"label: one tube label printed and recorded {label * 1000:.1f} ms (target < 100 ms)")
        sv.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
