"""Instructions from the accepted password to the main window's first paint of Today (issue 22), with callgrind.

    .venv/bin/python bench/sign_in_instructions.py --db .bench/large.db [--out-dir DIR] [--profile]

Wall time on a shared machine moves with the load; the instructions a path executes do not. This starts Bench as
``make bench``'s ``password_to_window`` does (``bench-app`` with no arguments, the database named in a workstation
config file), under ``valgrind --tool=callgrind`` with instrumentation off. The password is typed once the core has
loaded behind the sign-in window (as after two seconds of typing on a real machine: under valgrind the load takes
far longer than two seconds), and the count runs from the click on Sign in (the password check, Today's reads in
their thread, the main window built, shown and painted) to the end of the event-loop pass that painted it, the
point ``make bench`` calls usable. It prints the total, the GUI thread's share, and writes the callgrind file for
``callgrind_annotate``. ``--profile`` runs the same path without valgrind under cProfile instead (the Python side).

Needs valgrind and a C compiler (the client requests are a tiny C library built on the fly).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.child_app import START_APP_WRAPPED  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

TOGGLE_C = r"""
#include <valgrind/callgrind.h>
void bench_start(void) { CALLGRIND_ZERO_STATS; CALLGRIND_START_INSTRUMENTATION; }
void bench_stop(void) { CALLGRIND_STOP_INSTRUMENTATION; CALLGRIND_DUMP_STATS_AT("password_to_window"); }
"""

# As bench/bench_app.py's SIGN_IN_CHILD: two functions of ui.app wrapped as it is imported, nothing else changed.
CHILD = r"""
import ctypes, importlib.machinery, os, sys, time
toggle_lib, profile_out = sys.argv[1], sys.argv[2]
os.environ["QT_QPA_PLATFORM"] = "offscreen"
toggle = ctypes.CDLL(toggle_lib) if toggle_lib else None
profiler = None

def begin():
    global profiler
    if toggle is not None:
        toggle.bench_start()
    if profile_out:
        import cProfile
        profiler = cProfile.Profile(); profiler.enable()

def end():
    if toggle is not None:
        toggle.bench_stop()
    if profiler is not None:
        profiler.disable(); profiler.dump_stats(profile_out)

def wrap(app):
    from ui.qt import QApplication, QTimer
    exec_dialog, create = app.SignInDialog.exec, app.create_main_window

    def exec_(dialog):
        def ready():  # the core loaded and warmed behind the window, as after two seconds of typing
            loader = getattr(dialog.services, "_loader", None)
            if not dialog.isVisible() or loader is None or not loader.done.is_set():
                QTimer.singleShot(50, ready); return
            dialog.username.setText("sam"); dialog.password.setText("bench-demo-1")
            QApplication.processEvents()
            QTimer.singleShot(200, click)  # settle: the loader's last signals, the fields repainted
        def click():
            begin(); dialog.ok_button.click()
        QTimer.singleShot(0, ready)
        return exec_dialog(dialog)

    def create_main_window(services, actor, **kw):
        window = create(services, actor, **kw)
        def done():
            QApplication.processEvents()
            end()
            sys.stdout.flush(); os._exit(0)
        QTimer.singleShot(0, done)  # run_gui shows it, then its event loop calls this
        return window
    app.SignInDialog.exec, app.create_main_window = exec_, create_main_window

""" + START_APP_WRAPPED


def build_toggle(folder: Path) -> Path:
    source, library = folder / "toggle.c", folder / "libbenchtoggle.so"
    source.write_text(TOGGLE_C)
    subprocess.run(["cc", "-O1", "-shared", "-fPIC", "-o", str(library), str(source)], check=True)
    return library


def environment(db: Path, folder: Path) -> dict:
    config = folder / "config.toml"  # as IT writes it on a workstation: the database and the lab
    config.write_text(f'[database]\nlocation = "{db.resolve()}"\n[lab]\nname = "Bench benchmark"\n', encoding="utf-8")
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "BENCH_DB")} | {
        "PYTHONPATH": str(ROOT), "BENCH_CONFIG": str(config), "BENCH_LOG_DIR": str(folder / "log"),
        "XDG_CONFIG_HOME": str(folder / "user-config"), "QT_QPA_PLATFORM": "offscreen"}


def totals(callgrind_file: Path) -> int:
    found = {}
    for line in callgrind_file.read_text(errors="replace").splitlines():
        if line.startswith(("totals:", "summary:")):
            found[line.split(":")[0]] = int(line.split()[1])
    return found.get("totals", found.get("summary", 0))  # "summary" stays 0 in a dump of a thread


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True, help="a SQLite database (make .bench/large.db builds the twenty-year one)")
    ap.add_argument("--out-dir", default=".bench/callgrind", help="where the callgrind files go")
    ap.add_argument("--profile", action="store_true", help="cProfile the same path instead (no valgrind)")
    args = ap.parse_args()
    out = Path(args.out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="bench-cg-"))
    env = environment(Path(args.db), folder)
    # One plain run first, not counted: writes the bytecode caches, as an installed bundle carries them compiled.
    subprocess.run([sys.executable, "-c", CHILD, "", ""], env=env, cwd=folder, check=True, timeout=600)
    if args.profile:
        stats = out / "password_to_window.prof"
        subprocess.run([sys.executable, "-c", CHILD, "", str(stats)], env=env, cwd=folder, check=True, timeout=600)
        import pstats

        pstats.Stats(str(stats)).sort_stats("cumulative").print_stats(40)
        print(f"cProfile of the path: {stats}")
        return 0
    library = build_toggle(folder)
    for old in out.glob("callgrind.out.*"):
        old.unlink()
    subprocess.run(["valgrind", "--tool=callgrind", "--instr-atstart=no", "--separate-threads=yes",
                    f"--callgrind-out-file={out}/callgrind.out.%p", sys.executable, "-c", CHILD, str(library), ""],
                   env=env, cwd=folder, check=True, timeout=1800, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    # With --separate-threads each thread has its own file: the GUI thread's is dumped at the mark (".1-01"), the
    # others' (the password hash's lanes, Today's reads) when the process ends, instrumentation stopped since the mark.
    counts = {}
    for path in sorted(out.glob("callgrind.out.*")):
        head = path.read_text(errors="replace")[:4000]
        thread = re.search(r"^thread: (\d+)", head, re.M)
        if thread:
            counts[(int(thread.group(1)), path.name)] = totals(path)
    counts = {k: v for k, v in counts.items() if v}
    total = sum(counts.values())
    print(f"password_to_window on {args.db}: {total:,} instructions in all threads")
    for (thread, name), count in sorted(counts.items()):
        what = "the GUI thread" if thread == 1 else "another thread (the password hash's lanes, Today's reads)"
        print(f"  thread {thread} ({what}): {count:,}  {name}")
    print(f"callgrind files in {out} (callgrind_annotate FILE | head -60)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
