"""The built .deb, unpacked into a temporary root and run there as a lab workstation would run it.

`make package-test` builds the package and sets BENCH_DEB; without it these checks are
skipped (plain `make test` does not build the bundle). The program runs with an empty
environment (``env -i``: a minimal PATH, a temporary HOME, no project Python, no venv),
so it must carry everything it needs: its own Python, Qt, the migrations and resources.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

import bench_app

DEB = os.environ.get("BENCH_DEB")
if not DEB:
    pytest.skip("the installed-package checks run in 'make package-test' (BENCH_DEB names the .deb)",
                allow_module_level=True)

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "packaging"))
import build_deb  # noqa: E402

ADMIN_PASSWORD = "lab-admin-pass-1"
LAB_NAME = "Andrología Test Lab"


@dataclass
class Installed:
    root: Path
    home: Path
    system_config: Path
    database: Path

    @property
    def program(self) -> Path:
        return self.root / "usr" / "bin" / "bench-app"

    @property
    def bundle(self) -> Path:
        return self.root / "opt" / "bench-app"

    def run(self, *args: str, stdin: str = "", timeout: float = 300) -> subprocess.CompletedProcess:
        env = {"PATH": "/usr/bin:/bin", "HOME": str(self.home), "LANG": "C.UTF-8",
               "BENCH_CONFIG": str(self.system_config)}
        done = subprocess.run(["env", "-i", *(f"{k}={v}" for k, v in env.items()), str(self.program), *args],
                              input=stdin, capture_output=True, text=True, encoding="utf-8", timeout=timeout,
                              cwd=self.home)
        assert "Traceback" not in done.stderr, done.stderr
        return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    base = tmp_path_factory.mktemp("installed")
    root, home = base / "root", base / "home"
    home.mkdir()
    subprocess.run(["dpkg-deb", "-x", DEB, str(root)], check=True)
    config = base / "etc" / "config.toml"
    config.parent.mkdir()
    database = base / "lab" / "bench.db"
    config.write_text(f'[database]\nlocation = "{database}"\n[lab]\nname = "{LAB_NAME}"\n'
                      '[label_printer]\naddress = "127.0.0.1:9100"\n', encoding="utf-8")
    return Installed(root, home, config, database)


@pytest.fixture(scope="module")
def lab(installed) -> Installed:
    """init (lab name from the config) and a small demo, through the installed program."""
    done = installed.run("init", "--admin", "admin", "--full-name", "Ada Admin", "--password-stdin",
                         stdin=f"{ADMIN_PASSWORD}\n{ADMIN_PASSWORD}\n")
    assert done.returncode == 0, done.stderr
    assert f"Set the lab name to '{LAB_NAME}'" in done.stdout
    done = installed.run("demo", "--couples", "2", "--seed", "7", "--as", "admin", "--password-stdin",
                         stdin=f"{ADMIN_PASSWORD}\n")
    assert done.returncode == 0, done.stderr
    assert "Added 2 couples" in done.stdout
    return installed


def test_the_package_lays_out_the_program_menu_entry_icon_and_docs(installed):
    assert (installed.bundle / "bench-app").is_file() and os.access(installed.bundle / "bench-app", os.X_OK)
    assert os.readlink(installed.program) == "../../opt/bench-app/bench-app"
    share = installed.root / "usr" / "share"
    assert "Exec=bench-app" in (share / "applications" / "bench-app.desktop").read_text()
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / "bench-app.svg").is_file()
    assert (share / "icons" / "hicolor" / "256x256" / "apps" / "bench-app.png").is_file()
    internal = installed.bundle / "_internal"
    assert (internal / "bench_app" / "persistence" / "migrations" / "env.py").is_file()
    assert (internal / "bench_app" / "persistence" / "migrations" / "script.py.mako").is_file()
    assert list((internal / "bench_app" / "persistence" / "migrations" / "versions").glob("0001_*.py"))
    assert (internal / "resources" / "icons" / "bench-app.png").is_file()
    assert list((internal / "resources" / "fonts").glob("*.ttf"))
    for lang in ("en", "tr"):  # the user guide F1 opens, offline: pages and their screenshots
        guide = internal / "resources" / "guide" / lang
        assert (guide / "index.html").is_file() and (guide / "cryo.html").is_file()
        assert (guide / "images" / "today_busy_day.png").is_file()
    version = subprocess.run(["dpkg-deb", "--field", DEB, "Version"], capture_output=True, text=True).stdout.strip()
    assert version == build_deb.debian_version(bench_app.__version__)


def test_no_unused_qt_module_rides_along(installed):
    names = {p.name for p in (installed.bundle / "_internal").rglob("*")}
    for unwanted in ("QtQml", "QtQuick", "QtWebEngine", "Qt3D", "QtMultimedia", "QtDesigner", "libqgtk3"):
        assert not [n for n in names if unwanted in n], unwanted
    for wanted in ("libQt6Widgets.so.6", "libqxcb.so", "libqwayland.so", "libqoffscreen.so",
                   "libQt6Charts.so.6", "libQt6OpenGLWidgets.so.6"):  # the Outcomes area's charts
        assert wanted in names


def test_every_library_left_to_the_system_is_in_the_packages_depends(installed):
    missing, glibc = build_deb.system_needs(installed.bundle)
    assert missing <= set(build_deb.SYSTEM_LIBRARIES), missing - set(build_deb.SYSTEM_LIBRARIES)
    depends = subprocess.run(["dpkg-deb", "--field", DEB, "Depends"], capture_output=True, text=True).stdout
    for lib in missing:
        assert build_deb.SYSTEM_LIBRARIES[lib] in depends, lib
    assert f"libc6 (>= {glibc})" in depends


def test_version(installed):
    started = time.monotonic()
    done = installed.run("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"bench-app {bench_app.__version__}"
    print(f"--version took {time.monotonic() - started:.2f} s")


def test_config_show_reports_the_system_file(installed):
    done = installed.run("config", "show")
    assert done.returncode == 0, done.stderr
    database = next(line for line in done.stdout.splitlines() if line.startswith("database"))
    assert str(installed.database) in database and str(installed.system_config) in database
    assert "127.0.0.1:9100" in done.stdout


def test_the_worksheet_pdf_is_printed(lab):
    from pypdf import PdfReader

    pdf = lab.home / "worksheet.pdf"
    done = lab.run("report", "worksheet", "--date", date.today().isoformat(), "-o", str(pdf), "--as", "admin",
                   "--password-stdin", stdin=f"{ADMIN_PASSWORD}\n")
    assert done.returncode == 0, done.stderr
    reader = PdfReader(pdf)
    text = "".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) >= 1 and LAB_NAME in text


def test_the_main_window_opens_offscreen_and_closes(lab):
    started = time.monotonic()
    done = lab.run("gui", "--smoke-test", "--as", "admin", "--password-stdin", stdin=f"{ADMIN_PASSWORD}\n")
    assert done.returncode == 0, done.stderr
    assert re.search(r"main window opened for admin with \d+ areas", done.stdout), done.stdout
    print(f"smoke test took {time.monotonic() - started:.2f} s: {done.stdout.strip()}")


def test_the_audit_trail_verifies_and_the_log_file_is_written(lab):
    done = lab.run("verify")
    assert done.returncode == 0 and done.stdout.startswith("OK:"), done.stdout + done.stderr
    log = lab.home / ".local" / "state" / "bench-app" / "log" / "bench.log"
    text = log.read_text(encoding="utf-8")
    assert "(installed bundle)" in text and "init: database" in text and ADMIN_PASSWORD not in text
    assert not list(lab.bundle.rglob("__pycache__"))  # even run as root, nothing is written into the program


def test_the_installed_program_works_on_a_postgresql_url_out_of_the_box(installed, pg_server):
    """The driver is in the bundle: init, demo and verify on a PostgreSQL server, with no extra step."""
    url = pg_server.create_database()  # empty: the installed program creates the schema
    try:
        done = installed.run("--db", url, "init", "--admin", "admin", "--full-name", "Ada Admin", "--password-stdin",
                             stdin=f"{ADMIN_PASSWORD}\n{ADMIN_PASSWORD}\n")
        assert done.returncode == 0, done.stderr
        demo = installed.run("--db", url, "demo", "--couples", "2", "--seed", "3", "--as", "admin",
                             "--password-stdin", stdin=f"{ADMIN_PASSWORD}\n")
        assert demo.returncode == 0 and "Added 2 couples" in demo.stdout, demo.stderr
        verified = installed.run("--db", url, "verify")
        assert verified.returncode == 0, verified.stderr
        password = url.split("@")[0].rsplit(":", 1)[1]
        assert password not in done.stdout + done.stderr + verified.stdout + verified.stderr
    finally:
        pg_server.drop_database(url)


def test_the_test_label_sends_an_arabic_name_as_dots(installed, tmp_path):
    """pypdfium2 rides along: the installed program renders a non-Latin name into ZPL dots (^GF)."""
    out = tmp_path / "test.zpl"
    done = installed.run("test-label", "-o", str(out))
    assert done.returncode == 0, done.stderr
    zpl = out.read_text(encoding="ascii")
    assert "^PW400" in zpl and "^LL200" in zpl and "^GFA," in zpl and "^FDTEST-203^FS" in zpl
