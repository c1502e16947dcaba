"""Are two builds of Bench the same? Compares two .deb files, or two unpacked bundle folders.

    python packaging/compare_builds.py FIRST SECOND

Prints nothing and exits 0 when they are byte for byte the same. Otherwise it says what differs, as
a reproducible build needs it said: files only in one of them, then each file in both whose
content, mode or link target differs (for a .deb also the package's control data and each
member's time, owner and order in the archive), and exits 1. ``.ci/run`` builds the package on a
minimal machine and again with desktop libraries installed and compares the two with this.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path


def _tree(root: Path) -> dict[str, tuple]:
    """Relative path -> (kind, mode, content hash or link target) of everything under ``root``."""
    out: dict[str, tuple] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            st = path.lstat()
            if path.is_symlink():
                out[rel] = ("link", oct(st.st_mode & 0o7777), os.readlink(path))
            elif path.is_dir():
                out[rel] = ("dir", oct(st.st_mode & 0o7777), "")
            else:
                out[rel] = ("file", oct(st.st_mode & 0o7777), hashlib.sha256(path.read_bytes()).hexdigest())
    return out


def _deb_members(deb: Path, part: str) -> list[tuple]:
    """(name, time, owner, mode) of each member of the .deb's control or data archive, in archive order."""
    listing = subprocess.run(["dpkg-deb", "--ctrl-tarfile" if part == "control" else "--fsys-tarfile", str(deb)],
                             capture_output=True, check=True).stdout
    with tempfile.TemporaryFile() as fh:
        fh.write(listing)
        fh.seek(0)
        with tarfile.open(fileobj=fh) as tar:
            return [(m.name, m.mtime, f"{m.uname or m.uid}:{m.gname or m.gid}", oct(m.mode)) for m in tar]


def differences(first: Path, second: Path) -> list[str]:
    said: list[str] = []
    if first.is_file() and second.is_file() and first.read_bytes() == second.read_bytes():
        return said
    with tempfile.TemporaryDirectory() as tmp:
        roots = []
        for n, given in enumerate((first, second)):
            if given.is_dir():
                roots.append(given)
                continue
            root = Path(tmp) / str(n)
            subprocess.run(["dpkg-deb", "-R", str(given), str(root)], check=True)
            roots.append(root)
        a, b = _tree(roots[0]), _tree(roots[1])
        said += [f"only in {first}: {p}" for p in sorted(a.keys() - b.keys())]
        said += [f"only in {second}: {p}" for p in sorted(b.keys() - a.keys())]
        said += [f"differs: {p} ({' '.join(map(str, a[p]))} / {' '.join(map(str, b[p]))})"
                 for p in sorted(a.keys() & b.keys()) if a[p] != b[p]]
        if first.is_file() and second.is_file():
            for part in ("control", "data"):
                ma, mb = _deb_members(first, part), _deb_members(second, part)
                if [m[0] for m in ma] != [m[0] for m in mb] and sorted(ma) == sorted(mb):
                    said.append(f"the {part} archive lists the same members in another order")
                said += [f"{part} member {x[0]}: time, owner or mode {x[1:]} / {y[1:]}"
                         for x, y in zip(sorted(ma), sorted(mb)) if x[0] == y[0] and x != y]
            if not said:
                said.append("the files are the same but the .deb files are not (the ar or compression layer)")
    return said


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    said = differences(Path(argv[0]), Path(argv[1]))
    for line in said:
        print(line)
    return 1 if said else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
