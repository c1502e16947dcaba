"""What of PyInstaller's collected binaries goes into the bundle: only what the app can reach.

PyInstaller collects, besides the Python extension modules and the Qt libraries and plugins
that PySide6 ships, every shared library those need that it finds on the build machine, and
then what those need, and so on. Which libraries that is depends on what else the build
machine has: with GTK installed, Qt's GTK platform-theme plugin drags in GTK, GDK, ATK,
Cairo, Pango and a dozen X extension libraries, which a lab PC without them cannot load and
``build_deb`` cannot name a package for. Dropping such a plugin by name is not enough: the
libraries it pulled in stay behind unless each is named too, and the list changes with the
build machine.

So the bundle is cut down to a closure instead. The roots are the files the app loads itself
(everything PyInstaller puts in a package folder: PySide6's own Qt libraries and the plugins
the spec keeps; every Python extension module, wherever it sits) and libpython; a shared library PyInstaller
collected from the system (placed at the top of the bundle) stays only if a root, or a library
that stays, needs it (ELF NEEDED, read with objdump, which PyInstaller itself requires). Two
builds, on a minimal machine or one with a desktop, then carry the same files.

Some libraries are never bundled even when reachable: ``SYSTEM_ONLY`` (the CUPS client, which
must match the workstation's CUPS); they come from the system and ``build_deb`` puts their
packages in Depends.
"""

from __future__ import annotations

import re
import subprocess
from typing import Callable, Iterable, Sequence

# The CUPS client library talks to the workstation's own CUPS server; it (with its GnuTLS,
# Avahi and Kerberos) comes from the system, whatever the build machine has.
SYSTEM_ONLY = ("libcups.so.2",)

Entry = Sequence  # a PyInstaller TOC entry: (dest name, source path, kind)
PYTHON_EXTENSION = re.compile(r"\.(cpython-\d+[^./]*|abi3)\.(so|pyd)$")


def elf_needed(path: str) -> list[str]:
    out = subprocess.run(["objdump", "-p", path], capture_output=True, text=True, check=False).stdout
    return re.findall(r"^\s*NEEDED\s+(\S+)", out, re.M)


def _top_level(dest: str) -> bool:
    return "/" not in dest.replace("\\", "/")


def _root(entry: Entry) -> bool:
    """A file the app loads itself: anything in a package folder, libpython, and every Python extension module
    (some, like _cffi_backend, sit at the top of the bundle too)."""
    dest = entry[0]
    return (not _top_level(dest) or dest.startswith("libpython") or (len(entry) > 2 and entry[2] == "EXTENSION")
            or PYTHON_EXTENSION.search(dest) is not None)


def reachable(binaries: Iterable[Entry], needed: Callable[[str], list[str]] = elf_needed) -> list:
    """``binaries`` without the top-level (system) libraries that nothing kept needs, nor ``SYSTEM_ONLY``."""
    binaries = [b for b in binaries if b[0].replace("\\", "/").rsplit("/", 1)[-1] not in SYSTEM_ONLY]
    by_name = {}
    for entry in binaries:
        if _top_level(entry[0]):
            by_name.setdefault(entry[0], entry)
    roots = [b for b in binaries if _root(b)]
    keep = {id(b) for b in roots}
    todo = list(roots)
    while todo:
        entry = todo.pop()
        for name in needed(entry[1]):
            dep = by_name.get(name)
            if dep is not None and id(dep) not in keep:
                keep.add(id(dep))
                todo.append(dep)
    return [b for b in binaries if id(b) in keep]
