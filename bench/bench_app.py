"""Benchmark: the figures of issue 8 on the large and the small database (not part of the tests).

    .venv/bin/python bench/bench_app.py --large .bench/large.db --small .bench/small.db [--runs 9]

Each figure is the median of several runs, timed around the service call a screen makes
(or, for start-up, around a whole new process until its main window is shown offscreen).
It prints a table and writes bench-results.json:
{"metrics": [{"name", "scale", "median_ms", "target_ms"}], "rss_mb": peak resident memory}.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import tempfile
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Issued reports are signed: a throw-away lab certificate for the run unless one is named.
os.environ.setdefault("BENCH_SIGNING_DIR", os.path.join(tempfile.gettempdir(), f"bench-bench-signing-{os.getpid()}"))

from sqlalchemy import func, select, text  # noqa: E402

from bench_app.persistence.models import (  # noqa: E402
    CryoDevice, Cycle, IcsiSession, Oocyte, OocyteRetrieval, Patient,
)
from bench_app.services.registry import open_services  # noqa: E402
from bench.child_app import START_APP_WRAPPED  # noqa: E402

TARGETS = {  # milliseconds, on the large database (issue 8)
    "start_to_window": 1500, "search_name_prefix": 20, "search_mrn": 20, "search_code": 20, "open_couple": 50,
    "open_icsi_grid": 50, "save_oocyte_result": 20, "audit_first_page": 50, "tank_tree": 50,
    "custody_report": 200, "worksheet": 500, "tank_tree_fullest": 50, "worksheet_busiest_day": 500,
    # Ours, beyond the issue's: an area opened again (it reads the database afresh) as fast as a couple,
    # and no area's first opening (its widgets built) slower than a custody report.
    "open_area_first": 200, "open_area_again": 50,
    # Issue 15: a custody report issued (rendered, signed with the lab key, recorded) costs the report plus
    # the signature (about 25 ms with an RSA 3072 key), so the same target as the report.
    "custody_report_issued": 200,
    # Issue 21, on the large database's fullest tank: one scanned device registered, a cane's expected
    # list opened, and the signed-audit PDF of the whole tank.
    "audit_scan_device": 50, "audit_cane_expected": 50, "audit_pdf_whole_tank": 5000,
    # Issue 19: every outcomes indicator for one year, for all twenty years, and one year by embryologist.
    "outcomes_one_year": 300, "outcomes_all_years": 1000, "outcomes_by_embryologist": 300,
    # Issue 20: the Outcomes area showing one year (table and both charts drawn) once its figures are read
    # (off the GUI thread, not counted), and the quality report PDF of a year (figures read and rendered).
    "outcomes_area_one_year": 300, "quality_report_one_year": 2000,
}
PASSWORDS = {"admin": "admin-demo-1", "sam": "bench-demo-1", "emma": "bench-demo-1", "eli": "bench-demo-1"}

# A new process: Python, Qt, the app's modules, the database opened, sam signed in (with the real
# password hashing) and the main window shown on Today. The person's typing is all it leaves out.
# Then, not part of the start: each area opened for the first time, and once more after Today.
CHILD = r"""
import os, sys, time
t0 = float(sys.argv[1]); mode = sys.argv[2]
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
phases = {"qt": time.time() - t0}
if mode == "empty":
    w = QMainWindow(); w.resize(1280, 800); w.show()
else:
    from ui.app import create_main_window
    from ui.look import apply_look
    from bench_app.services.registry import open_services
    apply_look(app)
    phases["imports"] = time.time() - t0
    sv = open_services(sys.argv[3])
    phases["database"] = time.time() - t0
    actor = sv.users.sign_in("sam", "bench-demo-1")
    phases["sign_in"] = time.time() - t0
    w = create_main_window(sv, actor); w.resize(1280, 800); w.show()
    from ui.app import keep_start_out_of_collections; keep_start_out_of_collections()  # as the app does
app.processEvents()
phases["window"] = time.time() - t0
areas = {}
if mode != "empty":
    for key in w.visible_area_keys()[1:]:
        times = []
        for _ in range(2):
            started = time.perf_counter(); w.show_area(key); app.processEvents()
            times.append((time.perf_counter() - started) * 1000)
            w.show_area("today"); app.processEvents()
        areas[key] = times
    from PySide6.QtCore import QThreadPool
    QThreadPool.globalInstance().waitForDone(60_000)  # not counted: the areas' reads end here, not on the next run
import json, resource
print(json.dumps({"phases": phases, "areas": areas,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
sys.stdout.flush()
os._exit(0)  # the figure is taken; tearing Qt down is not part of it
"""


# A person starting Bench (issue 22) as the desktop menu does: `bench-app` with no arguments, the database named
# in the workstation's config file, so the start runs all of it (the log file, the command line, the config, Qt,
# the probe of the database). The sign-in window comes up as soon as Qt is up, the core is imported behind it,
# the password is typed after DELAY ms (2000: as a person does; 0: at once), then the main window on Today.
# "signin" is from the process's start to the sign-in window shown (and painted); "accept_to_window" from the
# click on Sign in (the password check waits for the core if it is still loading) to the main window shown.
# Nothing of the app is changed: two functions of ui.app are wrapped as it is imported, to take the times.
SIGN_IN_CHILD = r"""
import importlib.machinery, os, sys, time
t0 = float(sys.argv[1]); delay = int(sys.argv[2])
os.environ["QT_QPA_PLATFORM"] = "offscreen"
marks = {}

def wrap(app):
    from ui.qt import QApplication, QTimer
    exec_dialog, create = app.SignInDialog.exec, app.create_main_window

    def exec_(dialog):
        def shown():
            if not dialog.isVisible():
                QTimer.singleShot(1, shown); return
            QApplication.processEvents()
            marks["signin"] = time.time() - t0
            def type_and_accept():
                dialog.username.setText("sam"); dialog.password.setText("bench-demo-1")
                marks["accept"] = time.time(); dialog.ok_button.click()
            QTimer.singleShot(delay, type_and_accept)
        QTimer.singleShot(0, shown)
        return exec_dialog(dialog)

    def create_main_window(services, actor, **kw):
        window = create(services, actor, **kw)
        def done():
            QApplication.processEvents()
            marks["accept_to_window"] = time.time() - marks.pop("accept")
            import json
            print(json.dumps(marks)); sys.stdout.flush(); os._exit(0)
        QTimer.singleShot(0, done)  # run_gui shows it, then its event loop calls this
        return window
    app.SignInDialog.exec, app.create_main_window = exec_, create_main_window

""" + START_APP_WRAPPED


def sign_in_ms(url: str, delay_ms: int, runs: int) -> dict:
    """Median ms of the sign-in window (from the process's start), of accept-to-main-window, and of an empty
    window ("empty") started just before each sign-in: on a shared machine the load moves from minute to
    minute, and the ratio is only fair between runs that met the same load."""
    folder = Path(tempfile.mkdtemp(prefix="bench-start-"))
    config = folder / "config.toml"  # as IT writes it on a workstation: the database and the lab
    location = url[len("sqlite:///"):] if url.startswith("sqlite:///") else url  # a file, or a server's URL
    config.write_text(f'[database]\nlocation = "{location}"\n[lab]\nname = "Bench benchmark"\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "BENCH_DB")} | {
        "PYTHONPATH": str(ROOT), "BENCH_CONFIG": str(config), "BENCH_LOG_DIR": str(folder / "log"),
        "XDG_CONFIG_HOME": str(folder / "user-config")}
    got = []
    for _ in range(runs):
        empty = subprocess.run([sys.executable, "-c", CHILD, repr(time.time()), "empty", ""], capture_output=True,
                               text=True, env=env, check=True).stdout
        out = subprocess.run([sys.executable, "-c", SIGN_IN_CHILD, repr(time.time()), str(delay_ms)],
                             capture_output=True, text=True, env=env, check=True, cwd=folder,
                             timeout=300).stdout  # a dialog nobody answers (a wrong database) must not hang the bench
        got.append(json.loads(out.strip().splitlines()[-1])
                   | {"empty": json.loads(empty.strip().splitlines()[-1])["phases"]["window"]})
    return {k: round(statistics.median(g[k] for g in got) * 1000, 1) for k in got[0]}


def median_ms(work, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def start_ms(mode: str, url: str, runs: int) -> tuple[float, float, dict, dict]:
    """Median start time, peak memory, the median time at which each phase ended (ms from start), and
    each area's median first and second opening (ms)."""
    runs_out, areas, rss = [], [], 0.0
    # Modules load from their bytecode caches, as an installed Bench's do (the bundle carries them
    # compiled); a machine that sets PYTHONDONTWRITEBYTECODE would otherwise compile every module
    # at every start. One run first, not counted, writes the caches.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", CHILD, repr(time.time()), mode, url], capture_output=True, env=env,
                   check=True)
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", CHILD, repr(time.time()), mode, url], capture_output=True,
                             text=True, env=env, check=True).stdout
        got = json.loads(out.strip().splitlines()[-1])
        runs_out.append({k: v * 1000 for k, v in got["phases"].items()})
        areas.append(got["areas"])
        rss = max(rss, got["rss_mb"])
    phases = {k: round(statistics.median(r[k] for r in runs_out), 1) for k in runs_out[0]}
    opened = {k: [round(statistics.median(a[k][i] for a in areas), 1) for i in (0, 1)] for k in areas[0]} \
        if areas and areas[0] else {}
    return phases["window"], rss, phases, opened


def tank_tree(sv, tank_id: int):
    """The tanks, then one tank opened as the storage map opens it: its canisters with every canister's
    canes and goblets, in one read (``branch``), so that opening any canister afterwards reads nothing."""
    return sv.storage.tanks(), sv.storage.branch(tank_id)


def busiest_day(s) -> date:
    """The day with the most oocytes retrieved (and so injected, then checked the morning after)."""
    day = s.execute(select(func.date(OocyteRetrieval.retrieved_at), func.count(Oocyte.id))
                    .join(Oocyte, Oocyte.retrieval_id == OocyteRetrieval.id)
                    .group_by(func.date(OocyteRetrieval.retrieved_at))
                    .order_by(func.count(Oocyte.id).desc()).limit(1)).first()[0]
    return date.fromisoformat(str(day))


def fullest_tank(s) -> int:
    return s.execute(select(CryoDevice.tank_id, func.count()).where(CryoDevice.tank_id.is_not(None))
                     .group_by(CryoDevice.tank_id).order_by(func.count().desc()).limit(1)).first()[0]


def tank_audit_metrics(sv, tank_id: int, runs: int) -> dict:
    """An audit of the whole tank as it stands near its end: every cane checked, 1 device in 100 not found.

    Set up in bulk (a person would have scanned each device; that is timed on its own, below): a
    benchmark audit from an earlier run (or the demo's audit under way) on this tank is removed first, then one is opened, every device but each
    hundredth recorded as found, and each cane finished by the service (the missing ones become
    findings). Timed: one more device scanned on a cane, a cane's expected list, the whole-tank PDF.
    """
    from sqlalchemy import delete, insert

    from bench_app.domain.inventory import FindingKind
    from bench_app.persistence.models import (
        InventoryAudit, InventoryFinding, InventoryHolderCheck, InventorySitting,
    )
    from bench_app.services.witness_service import WitnessInput

    sam = sv.users.sign_in("sam", PASSWORDS["sam"])
    with sv.db.write() as s:  # the previous run's benchmark audit, or the demo's audit under way on this tank
        old = s.execute(select(InventoryAudit.id).where(
            InventoryAudit.location_id == tank_id, InventoryAudit.status == "open")).scalars().all()
        for table in (InventoryFinding, InventoryHolderCheck, InventorySitting):
            s.execute(delete(table).where(table.audit_id.in_(old)))
        s.execute(delete(InventoryAudit).where(InventoryAudit.id.in_(old)))
    audit = sv.inventory.open_audit(sam, tank_id=tank_id, note="benchmark",
                                    witness=WitnessInput("eli", PASSWORDS["eli"], ("bench",)))
    holders = [h.id for h in sv.inventory.holders(audit.id) if h.expected]
    spare = holders[: runs + 2]  # canes left to scan in the timed runs
    now = sv.ctx.clock()
    with sv.db.write() as s:
        sitting = s.execute(select(InventorySitting.id).where(InventorySitting.audit_id == audit.id)).scalar_one()
        devices = s.execute(select(CryoDevice.id, CryoDevice.location_id, CryoDevice.slot, CryoDevice.code)
                            .where(CryoDevice.tank_id == tank_id, CryoDevice.status == "stored")
                            .order_by(CryoDevice.id)).all()
        s.execute(insert(InventoryHolderCheck), [dict(audit_id=audit.id, holder_id=h, started_at=now, expected=0)
                                                 for h in holders])
        rows = [dict(audit_id=audit.id, location_id=loc, slot=slot, expected_device_id=did, observed_device_id=did,
                     observed_code=code, discrepancy=FindingKind.FOUND.value, sitting_id=sitting, recorded_at=now,
                     recorded_by=sam.id, note="", reason="") for n, (did, loc, slot, code) in enumerate(devices)
                if n % 100 and loc not in spare]
        if rows:
            s.execute(insert(InventoryFinding), rows)
    for h in holders:
        if h not in spare:
            sv.inventory.finish_cane(sam, audit.id, h)
    if not sv.db.is_sqlite:  # a server's autovacuum analyzes the findings within a minute of such growth, which a
        with sv.db.write() as s:  # real audit's hours of scanning give it; the bulk setup above does not wait
            s.execute(text("ANALYZE inventory_findings, inventory_holder_checks"))
    to_scan = iter([d.code for h in spare for d in sv.inventory.cane_check(audit.id, h).expected])
    holder_of = {code: loc for _, loc, _, code in devices}

    def scan_one():
        code = next(to_scan)
        sv.inventory.register_scan(sam, audit.id, holder_of[code], code)

    def pdf():
        return sv.inventory.report_pdf(sam, audit.id)

    return {"audit_scan_device": scan_one, "audit_cane_expected": lambda: sv.inventory.cane_check(audit.id, spare[0]),
            "audit_pdf_whole_tank": pdf}


def pick(url: str) -> dict:
    """What each figure works on, chosen in the small database. The large one was made from the same
    ordinary demo (the same seed) before its twenty years of history, so the same records are there:
    a figure's growth is the same work with 400 times the rows around it."""
    sv = open_services(url)
    with sv.db.read() as s:
        newest_session = s.execute(select(IcsiSession).order_by(IcsiSession.id.desc()).limit(1)).scalar_one()
        patient = s.execute(select(Patient).order_by(Patient.id.desc()).limit(1)).scalar_one()
        busy = s.execute(select(OocyteRetrieval.cycle_id, func.count(Oocyte.id))
                         .join(Oocyte, Oocyte.retrieval_id == OocyteRetrieval.id)
                         .where(OocyteRetrieval.cycle_id != newest_session.cycle_id)  # that one gets the saves
                         .group_by(OocyteRetrieval.cycle_id).order_by(func.count(Oocyte.id).desc())
                         .limit(1)).first()[0]
        picks = dict(mrn=patient.mrn, prefix=patient.family_key[:3],
                     device=s.execute(select(CryoDevice.code).order_by(CryoDevice.id.desc()).limit(1)).scalar_one(),
                     tank=fullest_tank(s), cycle=busy, couple=s.get(Cycle, busy).couple_id, day=busiest_day(s),
                     session_cycle=newest_session.cycle_id)
    sv.close()
    return picks


def check_same_records(sv, picks: dict) -> None:
    with sv.db.read() as s:
        same = (s.execute(select(Patient.id).where(Patient.mrn == picks["mrn"])).first() is not None
                and s.execute(select(CryoDevice.id).where(CryoDevice.code == picks["device"])).first() is not None
                and s.get(Cycle, picks["cycle"]) is not None and s.get(Cycle, picks["cycle"]).couple_id == picks["couple"])
    if not same:
        raise SystemExit("The large database was not made from the small one's demo: remove .bench/large.db and run "
                         "make bench again (it builds both with the same seed).")


def outcomes_area_metrics(sv, supervisor, first: date, last: date) -> dict:
    """Issue 20: the Outcomes area fed one year's figures (read beforehand, as its worker does) until the
    table and both charts are drawn; and the quality report of the year, read and rendered."""
    from ui.qt import QApplication

    app = QApplication.instance() or QApplication([])
    from ui.outcomes.outcomes_view import OutcomesView
    from ui.outcomes.screen_figures import read_figures
    from ui.shell.bench_context import BenchContext

    view = OutcomesView(BenchContext(sv, supervisor))
    view.resize(1080, 760)
    view.show()
    view.start, view.end = first, last
    figures = read_figures(sv, supervisor, first, last, (), True)

    def show_year():
        view.show_figures(figures)
        view.grab()  # painted: the table's cells and both charts
        app.processEvents()

    return {"outcomes_area_one_year": show_year,
            "quality_report_one_year": lambda: sv.quality_report.pdf(supervisor, start=first, end=last)}


def measure(url: str, scale: str, runs: int, picks: dict) -> tuple[list[dict], float]:
    sv = open_services(url)
    check_same_records(sv, picks)
    actor = sv.users.sign_in("emma", PASSWORDS["emma"])
    admin = sv.users.sign_in("admin", PASSWORDS["admin"])
    prefix, mrn, device, full_tank, busy, couple_id, busy_day = (
        picks[k] for k in ("prefix", "mrn", "device", "tank", "cycle", "couple", "day"))
    with sv.db.read() as s:
        # The demo places today's sessions by the hour it was built at, so the two databases, built minutes
        # apart, may hold today's session on different cycles: then the large one's newest session serves.
        newest = select(IcsiSession).order_by(IcsiSession.id.desc()).limit(1)
        sess = (s.execute(newest.where(IcsiSession.cycle_id == picks["session_cycle"])).scalar_one_or_none()
                or s.execute(newest).scalar_one())
    # Fresh MII oocytes in the newest ICSI dish, so each save is a real injection with its audit row.
    opu = sv.icsi.record_opu(actor, cycle_id=sess.cycle_id, retrieved_at=sv.ctx.clock() - timedelta(hours=5),
                             cocs_retrieved=runs)
    rows = sv.icsi.set_maturities(actor, retrieval_id=opu.id, maturities=["MII"] * runs)
    from bench_app.services.witness_service import WitnessInput
    session = sv.icsi.start_session(actor, retrieval_id=opu.id, source_kind="ejaculate", witness=WitnessInput(
        "eli", PASSWORDS["eli"], ("bench",)))
    pending = iter(rows)
    metrics = {
        "search_name_prefix": lambda: sv.patients.search(prefix),
        "search_mrn": lambda: sv.patients.search(mrn),
        "search_code": lambda: sv.scan.resolve(device),
        "open_couple": lambda: sv.patients.get_couple(couple_id),
        "open_icsi_grid": lambda: sv.icsi.cycle_grid(busy),
        "save_oocyte_result": lambda: sv.icsi.inject(actor, session_id=session.id, oocyte_id=next(pending).id,
                                                     sperm_motility="twitching"),
        "audit_first_page": lambda: sv.audit.page(admin),
        "tank_tree": lambda: tank_tree(sv, full_tank),
        "custody_report": lambda: sv.custody.preview_pdf(code=device),
        "custody_report_issued": lambda: sv.custody.issue(actor, code=device, deliver=lambda doc: None),
        "worksheet": lambda: sv.worksheet.pdf(actor, busy_day),
    }
    if scale == "large":  # the large database's own biggest: twenty years' fullest tank and busiest day
        with sv.db.read() as s:
            own_tank, own_day = fullest_tank(s), busiest_day(s)
        metrics["tank_tree_fullest"] = lambda: tank_tree(sv, own_tank)
        metrics["worksheet_busiest_day"] = lambda: sv.worksheet.pdf(actor, own_day)
        metrics.update(tank_audit_metrics(sv, own_tank, runs))
        # The outcomes of the last whole year, of all years, and the last year per embryologist (issue 19).
        year = date.today().year - 1
        first, last = date(year, 1, 1), date(year, 12, 31)
        metrics["outcomes_one_year"] = lambda: sv.outcomes.report(actor, start=first, end=last)
        metrics["outcomes_all_years"] = lambda: sv.outcomes.report(actor, start=date(year - 25, 1, 1),
                                                                   end=date.today())
        metrics["outcomes_by_embryologist"] = lambda: sv.outcomes.report(actor, start=first, end=last,
                                                                         by=("embryologist",))
        metrics.update(outcomes_area_metrics(sv, sv.users.sign_in("sam", PASSWORDS["sam"]), first, last))
    out = []
    for name, work in metrics.items():
        work()  # warm caches, as a screen opened once before
        out.append({"name": name, "scale": scale, "median_ms": round(median_ms(work, runs - 1), 2),
                    "target_ms": TARGETS[name]})
    sv.close()
    window_ms, window_rss, phases, opened = start_ms("app", url, max(5, runs // 2))
    out.insert(0, {"name": "start_to_window", "scale": scale, "median_ms": round(window_ms, 1),
                   "target_ms": TARGETS["start_to_window"], "phases_ms": phases})
    for name, i in (("open_area_first", 0), ("open_area_again", 1)):  # the slowest area of the main window
        slowest = max(opened, key=lambda k: opened[k][i])
        out.append({"name": name, "scale": scale, "median_ms": opened[slowest][i], "target_ms": TARGETS[name],
                    "area": slowest, "areas_ms": {k: v[i] for k, v in opened.items()}})
    return out, window_rss


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--large", help="the twenty-year database (make bench builds it); without it, small only")
    ap.add_argument("--small", required=True)
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("-o", "--output", default="bench-results.json")
    args = ap.parse_args()
    empty_ms, _, _, _ = start_ms("empty", "", 7)
    results, rss, app_rss = [], 0.0, 0.0
    from bench_app.services.lab_certificate import ensure_lab_certificate

    ensure_lab_certificate("Bench benchmark laboratory")
    picks = pick(f"sqlite:///{Path(args.small).resolve()}")
    scales = [("small", args.small)] + ([("large", args.large)] if args.large else [])
    for scale, path in scales:
        rows, child_rss = measure(f"sqlite:///{Path(path).resolve()}", scale, args.runs, picks)
        results += rows
        rss, app_rss = max(rss, child_rss), max(app_rss, child_rss)
    for scale, path in scales:  # issue 22: the sign-in at once, the main window 400 ms after the password
        url = f"sqlite:///{Path(path).resolve()}"
        sign_in_ms(url, 0, 1)  # not counted: writes the bytecode caches
        typed, at_once = sign_in_ms(url, 2000, max(3, args.runs // 2)), sign_in_ms(url, 0, max(3, args.runs // 2))
        # The window is the same whenever the password comes after it: the mean of both runs' medians.
        signin, empty = [round((typed[k] + at_once[k]) / 2, 1) for k in ("signin", "empty")]
        results += [
            {"name": "sign_in_window", "scale": scale, "median_ms": signin, "empty_window_ms": empty,
             "target_ms": round(1.5 * empty, 1), "ratio_to_empty": round(signin / empty, 2)},
            {"name": "password_to_window", "scale": scale, "median_ms": typed["accept_to_window"],
             "target_ms": 400, "password_after_ms": 2000},
            {"name": "password_at_once_to_window", "scale": scale, "median_ms": at_once["accept_to_window"],
             "target_ms": None, "password_after_ms": 0},
        ]
    from bench.change_feed_bench import change_feed_figures, print_figures  # issue 18: following other benches

    feed_rows, feed_notes = change_feed_figures()
    results += feed_rows
    rss = max(rss, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    results.append({"name": "empty_window_baseline", "scale": "none", "median_ms": round(empty_ms, 1),
                    "target_ms": None})
    small = {r["name"]: r["median_ms"] for r in results if r["scale"] == "small"}
    print(f"{'metric':<22} {'small ms':>9} {'large ms':>9} {'target':>7} {'growth':>7}  verdict")
    for r in (r for r in results if r["scale"] == "large" and r["target_ms"] is not None):  # the others: below
        base = small.get(r["name"])
        growth = r["median_ms"] / base if base else None  # the large database's own biggest: no small twin
        target = r["target_ms"]
        extra = r["name"] == "start_to_window" and r["median_ms"] > 1.5 * empty_ms
        ok = r["median_ms"] <= target and (growth is None or growth <= 2) and not extra
        print(f"{r['name']:<22} {base if base else float('nan'):>9.1f} {r['median_ms']:>9.1f} {target:>7} "
              f"{f'{growth:.2f}x' if growth else '-':>7}  {'ok' if ok else 'MISSED'}"
              + ("  (1.5 x empty window)" if extra and r["median_ms"] <= target else ""))
    print(f"{'empty PySide6 window':<22} {empty_ms:>9.1f}   (start target: <= 1.5 x this = {1.5 * empty_ms:.0f} ms)")
    for r in (r for r in results if r["name"] == "start_to_window"):
        print(f"start on {r['scale']:<5}: " + ", ".join(f"{k} done at {v:.0f} ms" for k, v in r["phases_ms"].items()))
    for r in (r for r in results if r["name"] in ("sign_in_window", "password_to_window",
                                                  "password_at_once_to_window")):
        target = f"target {r['target_ms']:.0f} ms" if r["target_ms"] else "no target"
        ok = "" if r["target_ms"] is None else ("  ok" if r["median_ms"] <= r["target_ms"] else "  MISSED")
        extra = (f" = {r['ratio_to_empty']:.2f} x the empty window started before each ({r['empty_window_ms']:.0f} ms)"
                 if "ratio_to_empty" in r else "")
        print(f"{r['name']} on {r['scale']:<5}: {r['median_ms']:.0f} ms{extra} ({target}){ok}")
    for r in (r for r in results if r["name"].startswith("open_area")):
        print(f"{r['name']} on {r['scale']:<5}: " + ", ".join(f"{k} {v:.0f}" for k, v in r["areas_ms"].items()))
    bench_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {rss:.0f} MB (target 300 MB): the app's process (start, every area opened) "
          f"{app_rss:.0f} MB, the benchmark's own (every service figure above, all years of outcomes "
          f"included) {bench_rss:.0f} MB")
    print_figures(feed_rows, feed_notes)
    Path(args.output).write_text(json.dumps({"metrics": results, "rss_mb": round(rss, 1),
                                                 "app_rss_mb": round(app_rss, 1)}, indent=2))
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
