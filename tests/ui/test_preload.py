"""The desktop start links Qt's libraries in a background thread (ui.preload): the very files PySide6 links."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the preload is for Linux")

CHILD = r"""
import sys
from ui.preload import QT_LIBRARIES, _preload
_preload()
def mapped():
    return {line.split()[-1] for line in open("/proc/self/maps") if ".so" in line}
before = mapped()
import PySide6.QtWidgets
after = mapped()
for name in QT_LIBRARIES + ("libfontconfig.so.1",):
    print(name, sorted(p for p in before if p.endswith("/" + name) or "/" + name + "." in p),
          sorted(p for p in after if p.endswith("/" + name) or "/" + name + "." in p), sep="|")
import PySide6
print("pyside6|" + PySide6.__path__[0])
"""


def test_the_preload_links_the_same_qt_files_that_pyside6_then_uses():
    out = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, check=True,
                         env={"PATH": "/usr/bin:/bin", "PYTHONPATH": ":".join(sys.path)}).stdout
    rows = dict(line.split("|", 1) for line in out.splitlines())
    folder = rows.pop("pyside6")
    for name, paths in rows.items():
        before, after = (eval(part) for part in paths.split("|"))  # noqa: S307 - lists printed by the child
        assert before, f"{name} was not loaded by the preload"
        assert before == after, f"{name}: PySide6 loaded another copy ({after})"
        if name.startswith("libQt6"):  # PySide6's own copy (the test's venv may be a link to another folder)
            assert all(os.path.realpath(p).startswith(os.path.realpath(folder)) for p in after), (name, after)


def test_a_start_that_is_not_the_desktop_does_not_preload(monkeypatch, tmp_path, capsys):
    import ui.preload

    started = []
    monkeypatch.setattr(ui.preload, "preload_in_background", lambda: started.append(True))
    import ui.launcher

    monkeypatch.setenv("BENCH_LOG_DIR", str(tmp_path / "log"))
    monkeypatch.setattr(sys, "argv", ["bench-app", "--db", str(tmp_path / "lab.db"), "config", "show"])
    with pytest.raises(SystemExit):
        ui.launcher.main()
    monkeypatch.setattr(sys, "argv", ["bench-app", "--version"])   # nor does asking for the version
    with pytest.raises(SystemExit):
        ui.launcher.main()
    assert started == []
    assert ui.launcher._command(["--db", "lab.db"]) == "gui" and ui.launcher._command(["-h"]) == "help"
