"""The bundle keeps only the system libraries its own files reach (packaging/bundle_filter.py)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))
from bundle_filter import SYSTEM_ONLY, elf_needed, reachable  # noqa: E402

# What a desktop build machine gives PyInstaller: GTK and its X extensions, pulled in by the GTK
# platform-theme plugin, which the spec drops by name (so it is not in this list any more).
GRAPH = {
    "/src/PySide6/QtWidgets.abi3.so": ["libQt6Widgets.so.6", "libpyside6.abi3.so.6.8"],
    "/src/PySide6/Qt/lib/libQt6Widgets.so.6": ["libQt6Gui.so.6", "libc.so.6"],
    "/src/PySide6/Qt/plugins/platforms/libqxcb.so": ["libQt6XcbQpa.so.6", "libxcb.so.1"],
    "/src/PySide6/Qt/plugins/printsupport/libcupsprintersupport.so": ["libcups.so.2"],
    "/src/lib-dynload/_ssl.so": ["libssl.so.3"],
    "/usr/lib/python3/_cffi_backend.cpython-312-x86_64-linux-gnu.so": ["libffi.so.8"],
    "/usr/lib/libffi.so.8": [],
    "/usr/lib/libssl.so.3": ["libcrypto.so.3"],
    "/usr/lib/libcrypto.so.3": [],
    "/usr/lib/libcups.so.2": ["libgnutls.so.30"],
    "/usr/lib/libgnutls.so.30": [],
    "/usr/lib/libgtk-3.so.0": ["libgdk-3.so.0", "libatk-1.0.so.0", "libXi.so.6"],
    "/usr/lib/libgdk-3.so.0": ["libXext.so.6"],
    "/usr/lib/libatk-1.0.so.0": [],
    "/usr/lib/libXi.so.6": ["libXext.so.6"],
    "/usr/lib/libXext.so.6": [],
    "/usr/lib/libpython3.12.so.1.0": ["libm.so.6"],
}


def toc(*sources: str) -> list[tuple[str, str, str]]:
    out = []
    for src in sources:
        dest = src.split("/src/", 1)[1] if "/src/" in src else src.rsplit("/", 1)[1]
        out.append((dest, src, "BINARY"))
    return out


def test_libraries_only_a_dropped_plugin_needed_stay_out():
    binaries = toc(*GRAPH)
    kept = {dest for dest, _src, _kind in reachable(binaries, needed=GRAPH.__getitem__)}
    assert "PySide6/Qt/plugins/platforms/libqxcb.so" in kept and "lib-dynload/_ssl.so" in kept
    assert {"libssl.so.3", "libcrypto.so.3", "libpython3.12.so.1.0"} <= kept
    # an extension module at the top of the bundle is loaded by Python itself: kept, with what it needs
    assert {"_cffi_backend.cpython-312-x86_64-linux-gnu.so", "libffi.so.8"} <= kept
    for name in ("libgtk-3.so.0", "libgdk-3.so.0", "libatk-1.0.so.0", "libXi.so.6", "libXext.so.6"):
        assert name not in kept, name
    # the CUPS client comes from the workstation, and with it what only it needed
    assert "libcups.so.2" in SYSTEM_ONLY and "libcups.so.2" not in kept and "libgnutls.so.30" not in kept


def test_the_same_files_whatever_else_the_build_machine_has():
    minimal = {k: v for k, v in GRAPH.items() if "gtk" not in k and "gdk" not in k and "atk" not in k
               and "libX" not in k}
    on_minimal = reachable(toc(*minimal), needed=GRAPH.__getitem__)
    on_desktop = reachable(toc(*GRAPH), needed=GRAPH.__getitem__)
    assert sorted(on_minimal) == sorted(on_desktop)


@pytest.mark.skipif(not shutil.which("objdump"), reason="needs objdump (binutils)")
def test_needed_libraries_are_read_from_the_elf_file():
    assert "libc.so.6" in elf_needed(shutil.which("objdump"))
