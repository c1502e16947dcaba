"""The nightly backup's systemd units and Windows scheduled task, checked statically (CI has no systemd)."""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench_app.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
UNITS = PACKAGING / "deb" / "systemd"
sys.path.insert(0, str(PACKAGING))
import build_deb  # noqa: E402


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=True, interpolation=None, delimiters=("=",))
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string((UNITS / name).read_text(encoding="utf-8"))
    return parser


def test_the_service_runs_the_scheduled_backup_as_the_backup_user_of_the_bench_group():
    service = unit("bench-app-backup.service")
    s = service["Service"]
    assert s["Type"] == "oneshot"
    assert (s["User"], s["Group"]) == ("bench-backup", "bench")
    assert s["Environment"] == "BENCH_CONFIG=/etc/bench-app/config.toml"
    program, *args = s["ExecStart"].split()
    assert program == "/usr/bin/bench-app"  # the link build_deb installs
    parsed = build_parser().parse_args(args)  # the command line the timer runs is a valid one
    assert parsed.command == "backup" and parsed.scheduled and parsed.output is None
    assert "remote-fs.target" in service["Unit"]["After"]  # a network share is mounted first
    assert s["UMask"] == "0007"  # backups are not for every user of the machine


def test_the_timer_is_nightly_catches_up_and_is_enabled_by_the_package():
    timer = unit("bench-app-backup.timer")
    t = timer["Timer"]
    assert re.fullmatch(r"\*-\*-\* 0[0-5]:\d\d", t["OnCalendar"])  # every night, before the day's work
    assert t["Persistent"] == "yes"
    assert timer["Install"]["WantedBy"] == "timers.target"
    postinst = (PACKAGING / "deb" / "postinst").read_text(encoding="utf-8")
    assert "systemctl enable --now bench-app-backup.timer" in postinst
    assert "addgroup --system bench" in postinst and "--ingroup bench" in postinst and "bench-backup" in postinst
    assert "disable --now bench-app-backup.timer" in (PACKAGING / "deb" / "prerm").read_text(encoding="utf-8")
    assert set(build_deb.SYSTEMD_UNITS) == {p.name for p in UNITS.iterdir()}


@pytest.mark.parametrize("script", ["postinst", "prerm", "postrm"])
def test_the_maintainer_scripts_are_valid_posix_shell(script):
    path = PACKAGING / "deb" / script
    assert path.read_text(encoding="utf-8").startswith("#!/bin/sh\n")
    assert subprocess.run(["sh", "-n", str(path)]).returncode == 0


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="needs systemd-analyze")
def test_systemd_analyze_finds_nothing_wrong_with_the_units(tmp_path):
    for name in build_deb.SYSTEMD_UNITS:
        shutil.copyfile(UNITS / name, tmp_path / name)
    done = subprocess.run(["systemd-analyze", "verify", "--man=no", *(str(tmp_path / n) for n in
                          build_deb.SYSTEMD_UNITS)], capture_output=True, text=True)
    # /usr/bin/bench-app is absent on a build machine; anything else it says is a fault of the units
    problems = [line for line in done.stderr.splitlines() if line.strip() and "bench-app" not in line.split(":")[-1]
                and "Command /usr/bin/bench-app" not in line]
    assert not problems, done.stderr


def test_the_windows_installer_schedules_the_same_nightly_backup():
    iss = (PACKAGING / "windows" / "bench-app.iss").read_text(encoding="utf-8")
    task = [line for line in iss.splitlines() if "schtasks" in line and "/Create" in line]
    assert task, "no [Run] entry creating the scheduled task"
    line = task[0]
    assert '/TN ""Bench nightly backup""' in line and "/SC DAILY" in line and "/ST 02:30" in line
    assert r'{app}\bench-app.exe' in line and "backup --scheduled" in line
    assert "/RU" in line and "/F" in line
    assert any("schtasks" in l and "/Delete" in l for l in iss.splitlines())  # removed on uninstall
    readme = (PACKAGING / "README.md").read_text(encoding="utf-8")
    for text in ("schtasks /Query /TN \"Bench nightly backup\"", "systemctl list-timers bench-app-backup.timer",
                 "journalctl -u bench-app-backup.service", "bench-app restore --check"):
        assert text in readme, text
