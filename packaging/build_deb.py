"""Build ``bench-app_<version>_<arch>.deb`` from the PyInstaller folder, with dpkg-deb alone.

    python packaging/build_deb.py [--bundle dist/bench-app] [--out dist] [--maintainer "Name <mail>"]

What the package installs:

    /opt/bench-app/                          the one-folder bundle (bench-app and _internal/)
    /usr/bin/bench-app                       a relative symlink to it, so the same tree also
                                             runs unpacked anywhere (make package-test)
    /usr/share/applications/bench-app.desktop
    /usr/share/icons/hicolor/{scalable,256x256}/apps/bench-app.{svg,png}
    /usr/share/doc/bench-app/                copyright, README.md for IT, config.toml.example, server/setup-roles.sql
    /usr/lib/systemd/system/bench-app-backup.{service,timer}   the nightly checked backup

Maintainer scripts (packaging/deb/postinst, prerm, postrm) only create the ``bench`` group
and the ``bench-backup`` system user the backup runs as, and enable (or, on removal,
disable) the backup timer; the desktop menu and icon caches watch their folders through dpkg
triggers. Nothing under /etc is shipped (IT writes /etc/bench-app/config.toml), so an
upgrade never stops to ask about a changed file, and no data is ever in the package:
removing or upgrading it leaves every database, backup and log where it is.

With ``SOURCE_DATE_EPOCH`` set (``make package`` sets it to the last commit's time) the .deb is
reproducible: the same commit gives the same bytes.

``Depends`` is worked out from the bundle itself: every shared library some file in it
needs (ELF NEEDED, read with readelf) and that the bundle does not carry must come from
the system, and ``SYSTEM_LIBRARIES`` names the Debian package of each. A library missing
from that table stops the build with its name, rather than making a package that fails
on a clean workstation. The libc version is the highest GLIBC_ symbol version used.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
NAME = "bench-app"
DEFAULT_MAINTAINER = "Bench maintainers <bench@localhost>"

_LIBC = ("libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1", "libutil.so.1",
         "libresolv.so.2", "libanl.so.1", "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1")
SYSTEM_LIBRARIES: dict[str, str] = {
    **{lib: "libc6" for lib in _LIBC},
    "libGL.so.1": "libgl1", "libGLX.so.0": "libglx0", "libGLdispatch.so.0": "libglvnd0",
    "libEGL.so.1": "libegl1", "libOpenGL.so.0": "libopengl0",
    "libdrm.so.2": "libdrm2", "libgbm.so.1": "libgbm1",
    "libX11.so.6": "libx11-6", "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb.so.1": "libxcb1", "libxcb-cursor.so.0": "libxcb-cursor0", "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb-icccm.so.4": "libxcb-icccm4", "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1", "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0", "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0", "libxcb-shm.so.0": "libxcb-shm0", "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1", "libxcb-xfixes.so.0": "libxcb-xfixes0", "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-xinput.so.0": "libxcb-xinput0", "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxkbcommon.so.0": "libxkbcommon0", "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libwayland-client.so.0": "libwayland-client0", "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
    "libfontconfig.so.1": "libfontconfig1", "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3", "libglib-2.0.so.0": "libglib2.0-0", "libgthread-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0", "libgio-2.0.so.0": "libglib2.0-0",
    "libz.so.1": "zlib1g", "libstdc++.so.6": "libstdc++6", "libgcc_s.so.1": "libgcc-s1",
    "libcups.so.2": "libcups2",  # never bundled (packaging/bundle_filter.py): the workstation's CUPS client
}
# xz at level 1: about 72 MB in some 40 s on two cores; level 6 saves 7 MB but takes five times
# as long. Every dpkg reads xz (zstd would need dpkg 1.21.18 or newer).
COMPRESSION = ("-Zxz", "-z1")
# Qt finds fonts through fontconfig; with none installed every letter is a box.
RECOMMENDS = "fonts-dejavu-core"
DESCRIPTION = """\
andrology and embryology lab assistant
 Bench logs the work of the andrology and embryology lab as it happens:
 testicular sperm retrievals, freeze and thaw events with tank positions,
 and ICSI per oocyte. Critical steps are double-witnessed, and every change
 goes into an append-only, hash-chained audit trail.
 .
 This package is a self-contained bundle (its own Python and Qt) under
 /opt/bench-app. Data stays in SQLite, by default in each user's data folder."""


def debian_version(version: str) -> str:
    """PEP 440 to Debian: pre-releases and dev builds sort before the release (``~``)."""
    return re.sub(r"\.?(a|b|rc|dev)(\d*)", r"~\1\2", version)


def architecture() -> str:
    return subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                          check=True).stdout.strip()


def elf_files(folder: Path):
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with open(path, "rb") as fh:
                if fh.read(4) == b"\x7fELF":
                    yield path


def _readelf(*args: str) -> str:
    return subprocess.run(["readelf", "--wide", *args], capture_output=True, text=True, check=False).stdout


def system_needs(bundle: Path) -> tuple[set[str], str | None]:
    """Libraries the bundle needs but does not carry, and the highest GLIBC_x.y it uses."""
    carried = {p.name for p in bundle.rglob("*") if p.is_file()}
    needed: set[str] = set()
    glibc: tuple[int, ...] = ()
    for path in elf_files(bundle):
        needed.update(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", _readelf("--dynamic", str(path))))
        for found in re.findall(r"GLIBC_(\d+(?:\.\d+)+)", _readelf("--version-info", str(path))):
            glibc = max(glibc, tuple(int(n) for n in found.split(".")))
    return needed - carried, ".".join(map(str, glibc)) or None


def depends(bundle: Path) -> str:
    missing, glibc = system_needs(bundle)
    unknown = sorted(lib for lib in missing if lib not in SYSTEM_LIBRARIES)
    if unknown:
        raise SystemExit(f"build_deb: the bundle needs {', '.join(unknown)} from the system, and "
                         "packaging/build_deb.py does not know which Debian package gives it: add it to "
                         "SYSTEM_LIBRARIES (or bundle it).")
    packages = sorted({SYSTEM_LIBRARIES[lib] for lib in missing} | {"libc6", "adduser"})  # adduser: postinst
    return ", ".join(f"libc6 (>= {glibc})" if p == "libc6" and glibc else p for p in packages)


SYSTEMD_UNITS = ("bench-app-backup.service", "bench-app-backup.timer")
MAINTAINER_SCRIPTS = ("postinst", "prerm", "postrm")


def control(version: str, arch: str, installed_kib: int, depends_line: str, maintainer: str) -> str:
    return (f"Package: {NAME}\nVersion: {debian_version(version)}\nArchitecture: {arch}\n"
            f"Maintainer: {maintainer}\nInstalled-Size: {installed_kib}\nDepends: {depends_line}\n"
            f"Recommends: {RECOMMENDS}\nSection: science\nPriority: optional\n"
            f"Description: {DESCRIPTION}\n")


def stage(bundle: Path, root: Path) -> None:
    """Lay the package's files out under ``root`` (everything but DEBIAN/)."""
    opt = root / "opt" / NAME
    shutil.copytree(bundle, opt, symlinks=True)
    (root / "usr" / "bin").mkdir(parents=True)
    os.symlink(f"../../opt/{NAME}/{NAME}", root / "usr" / "bin" / NAME)
    share = root / "usr" / "share"
    _install(HERE / "deb" / f"{NAME}.desktop", share / "applications" / f"{NAME}.desktop")
    icons = ROOT / "resources" / "icons"
    _install(icons / f"{NAME}.svg", share / "icons" / "hicolor" / "scalable" / "apps" / f"{NAME}.svg")
    _install(icons / f"{NAME}.png", share / "icons" / "hicolor" / "256x256" / "apps" / f"{NAME}.png")
    doc = share / "doc" / NAME
    _install(HERE / "deb" / "copyright", doc / "copyright")
    _install(HERE / "deb" / "config.toml.example", doc / "config.toml.example")
    _install(HERE / "README.md", doc / "README.md")
    _install(HERE / "server" / "setup-roles.sql", doc / "server" / "setup-roles.sql")  # IT runs it with psql
    for unit in SYSTEMD_UNITS:
        _install(HERE / "deb" / "systemd" / unit, root / "usr" / "lib" / "systemd" / "system" / unit)
    for path in root.rglob("*"):  # dpkg-deb --root-owner-group makes everything root's
        if path.is_symlink():
            continue
        executable = path.is_dir() or os.access(path, os.X_OK)
        path.chmod(0o755 if executable else 0o644)


def _same_times(root: Path) -> None:
    """With SOURCE_DATE_EPOCH (reproducible builds) every file, folder and link gets that time, so two builds of
    one commit give the same .deb byte for byte; dpkg-deb also uses it for the archive's own dates and sorts
    the files by name."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return
    stamp = int(epoch)
    for path in sorted(root.rglob("*"), reverse=True):  # children before their folders
        os.utime(path, (stamp, stamp), follow_symlinks=False)
    os.utime(root, (stamp, stamp))


def _install(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def build_deb(bundle: Path, out_dir: Path, *, version: str | None = None, arch: str | None = None,
              maintainer: str = DEFAULT_MAINTAINER) -> Path:
    if not (bundle / NAME).is_file():
        raise SystemExit(f"build_deb: no {NAME} program in {bundle}; run PyInstaller first (make package).")
    if version is None:
        sys.path.insert(0, str(ROOT))
        import bench_app
        version = bench_app.__version__
    arch = arch or architecture()
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{NAME}_{debian_version(version)}_{arch}.deb"
    with tempfile.TemporaryDirectory(prefix="bench-deb-") as tmp:
        root = Path(tmp) / "root"
        stage(bundle, root)
        size_kib = sum(p.stat().st_size for p in root.rglob("*") if p.is_file() and not p.is_symlink()) // 1024
        (root / "DEBIAN").mkdir()
        (root / "DEBIAN" / "control").write_text(control(version, arch, size_kib, depends(bundle), maintainer))
        for script in MAINTAINER_SCRIPTS:
            _install(HERE / "deb" / script, root / "DEBIAN" / script)
            (root / "DEBIAN" / script).chmod(0o755)
        _same_times(root)
        subprocess.run(["dpkg-deb", "--root-owner-group", *COMPRESSION, "--build", str(root), str(target)],
                       check=True, stdout=subprocess.DEVNULL)
    return target


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Build the Bench .deb from the PyInstaller folder.")
    p.add_argument("--bundle", type=Path, default=ROOT / "dist" / NAME)
    p.add_argument("--out", type=Path, default=ROOT / "dist")
    p.add_argument("--maintainer", default=os.environ.get("DEB_MAINTAINER", DEFAULT_MAINTAINER))
    args = p.parse_args(argv)
    target = build_deb(args.bundle, args.out, maintainer=args.maintainer)
    print(f"Built {target} ({target.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
