"""The packaging sources, checked without building the bundle: spec, .deb layout, desktop entry, Windows script."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import bench_app

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
sys.path.insert(0, str(PACKAGING))
import build_deb  # noqa: E402

needs_dpkg = pytest.mark.skipif(not (shutil.which("dpkg-deb") and shutil.which("readelf")),
                                reason="needs dpkg-deb and readelf (dpkg, binutils)")


def spec_constant(name: str):
    tree = ast.parse((PACKAGING / "bench-app.spec").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise LookupError(name)


def test_every_qt_module_the_ui_imports_is_kept_by_the_spec():
    kept, unused = spec_constant("QT_KEPT"), set(spec_constant("QT_UNUSED"))
    imported = set()
    for path in (ROOT / "ui").rglob("*.py"):
        imported.update(re.findall(r"PySide6\.(Qt\w+)", path.read_text(encoding="utf-8")))
    assert imported, "ui/ imports no PySide6 module?"
    assert imported <= kept, f"add {sorted(imported - kept)} to QT_KEPT in packaging/bench-app.spec"
    assert not imported & unused
    assert {"QtWebEngineCore", "QtQml", "QtQuick", "QtMultimedia", "Qt3DCore"} <= unused


@pytest.mark.parametrize("pep440, debian", [("0.1.0", "0.1.0"), ("1.2.0rc1", "1.2.0~rc1"),
                                            ("2.0.0b3", "2.0.0~b3"), ("2.0.0.dev4", "2.0.0~dev4")])
def test_versions_become_debian_versions_that_sort_right(pep440, debian):
    assert build_deb.debian_version(pep440) == debian


def fake_bundle(folder: Path) -> Path:
    bundle = folder / "bench-app"
    (bundle / "_internal" / "resources").mkdir(parents=True)
    shutil.copyfile("/bin/true", bundle / "bench-app")  # any small ELF program that needs only libc
    (bundle / "bench-app").chmod(0o755)
    (bundle / "_internal" / "resources" / "note.txt").write_text("resource")
    return bundle


@needs_dpkg
def test_the_deb_installs_the_folder_a_command_a_menu_entry_and_an_icon(tmp_path):
    deb = build_deb.build_deb(fake_bundle(tmp_path), tmp_path / "out", version="1.2.0rc1",
                              maintainer="Lab IT <it@example.org>")
    assert deb.name == f"bench-app_1.2.0~rc1_{build_deb.architecture()}.deb"
    info = subprocess.run(["dpkg-deb", "--field", str(deb)], capture_output=True, text=True, check=True).stdout
    fields = dict(re.findall(r"^([\w-]+): (.*)$", info, re.M))
    assert fields["Package"] == "bench-app" and fields["Version"] == "1.2.0~rc1"
    assert fields["Maintainer"] == "Lab IT <it@example.org>"
    assert re.fullmatch(r"adduser, libc6 \(>= 2\.\d+\)", fields["Depends"])  # adduser: postinst
    listing = subprocess.run(["dpkg-deb", "--contents", str(deb)], capture_output=True, text=True,
                             check=True).stdout
    entries = {line.split()[5]: line for line in listing.splitlines()}
    assert entries["./opt/bench-app/bench-app"].startswith("-rwxr-xr-x root/root")
    assert entries["./opt/bench-app/_internal/resources/note.txt"].startswith("-rw-r--r-- root/root")
    assert "./usr/bin/bench-app -> ../../opt/bench-app/bench-app" in listing
    for path in ("./usr/share/applications/bench-app.desktop", "./usr/share/icons/hicolor/scalable/apps/bench-app.svg",
                 "./usr/share/icons/hicolor/256x256/apps/bench-app.png", "./usr/share/doc/bench-app/copyright",
                 "./usr/share/doc/bench-app/config.toml.example", "./usr/share/doc/bench-app/README.md",
                 "./usr/share/doc/bench-app/server/setup-roles.sql",
                 "./usr/lib/systemd/system/bench-app-backup.service",
                 "./usr/lib/systemd/system/bench-app-backup.timer"):
        assert path in entries
    assert not any(p.startswith("./etc/") for p in entries)  # IT's config is never overwritten
    control = tmp_path / "control"
    subprocess.run(["dpkg-deb", "--control", str(deb), str(control)], check=True)
    for script in build_deb.MAINTAINER_SCRIPTS:
        assert (control / script).stat().st_mode & 0o777 == 0o755, script
    # Unpacked anywhere, the command on the PATH reaches the program through its relative link.
    root = tmp_path / "root"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    assert subprocess.run([str(root / "usr" / "bin" / "bench-app")]).returncode == 0


@needs_dpkg
def test_a_library_nobody_provides_stops_the_build_by_name(tmp_path, monkeypatch):
    monkeypatch.setattr(build_deb, "system_needs", lambda bundle: ({"libc.so.6", "libgtk-3.so.0"}, "2.34"))
    with pytest.raises(SystemExit, match="libgtk-3.so.0"):
        build_deb.build_deb(fake_bundle(tmp_path), tmp_path / "out", version="1.0")
    assert not list((tmp_path / "out").glob("*.deb"))


def test_the_desktop_entry_starts_bench_with_its_icon():
    text = (PACKAGING / "deb" / "bench-app.desktop").read_text(encoding="utf-8")
    entry = dict(line.split("=", 1) for line in text.splitlines()[1:] if "=" in line)
    assert text.startswith("[Desktop Entry]\n")
    assert (entry["Type"], entry["Name"], entry["Exec"], entry["Icon"]) == ("Application", "Bench", "bench-app",
                                                                          "bench-app")
    assert entry["Terminal"] == "false" and entry["Categories"].endswith(";")
    assert (ROOT / "resources" / "icons" / "bench-app.svg").is_file()
    assert (ROOT / "resources" / "icons" / "bench-app.png").read_bytes().startswith(b"\x89PNG")
    if shutil.which("desktop-file-validate"):
        subprocess.run(["desktop-file-validate", str(PACKAGING / "deb" / "bench-app.desktop")], check=True)


def test_the_windows_installer_script_matches_the_spec_and_the_readme():
    iss = (PACKAGING / "windows" / "bench-app.iss").read_text(encoding="utf-8")
    readme = (PACKAGING / "README.md").read_text(encoding="utf-8")
    spec = (PACKAGING / "bench-app.spec").read_text(encoding="utf-8")
    assert '_exe("bench-app", console=True)' in spec and '_exe("Bench", console=False)' in spec
    assert r'Source: "..\..\dist\bench-app\*"' in iss  # the folder the spec makes
    assert r"{app}\Bench.exe" in iss and "PrivilegesRequired=admin" in iss
    assert "{commonappdata}\\Bench" in iss  # where bench_app.config looks on Windows
    assert "#define AppVersion" in iss or "#ifndef AppVersion" in iss
    for switch in ("/VERYSILENT", "/SUPPRESSMSGBOXES", "/DIR=", "/NORESTART"):
        assert switch in readme
    assert bench_app.__version__  # the version iscc is given (/DAppVersion=...) comes from the package


def installer_files(iss: str) -> list[dict[str, str]]:
    """The [Files] entries of the Inno Setup script, each as its quoted parameters (Source, DestDir, ...)."""
    section = iss.split("[Files]\n", 1)[1].split("\n[", 1)[0]
    return [dict(re.findall(r'(\w+): "([^"]*)"', line)) for line in section.splitlines()
            if line.startswith("Source:")]


def test_both_packages_install_the_server_roles_script_where_the_readme_says(tmp_path):
    script = PACKAGING / "server" / "setup-roles.sql"
    root = tmp_path / "root"
    build_deb.stage(fake_bundle(tmp_path), root)  # the .deb's files, laid out without dpkg-deb
    assert (root / "usr" / "share" / "doc" / "bench-app" / "server" / "setup-roles.sql").read_bytes() == \
        script.read_bytes()
    files = installer_files((PACKAGING / "windows" / "bench-app.iss").read_text(encoding="utf-8"))
    roles = [entry for entry in files if entry["Source"].endswith("setup-roles.sql")]
    assert [(entry["Source"], entry["DestDir"]) for entry in roles] == [(r"..\server\setup-roles.sql", r"{app}\server")]
    for entry in files:  # every source but the built folder is in the repository, relative to the script
        if not entry["Source"].startswith(r"..\..\dist"):
            assert (PACKAGING / "windows" / entry["Source"].replace("\\", "/")).resolve().is_file(), entry["Source"]
    readme = (PACKAGING / "README.md").read_text(encoding="utf-8")
    assert "/usr/share/doc/bench-app/server/setup-roles.sql" in readme
    assert r"C:\Program Files\Bench\server\setup-roles.sql" in readme


@needs_dpkg
def test_with_source_date_epoch_two_builds_give_the_same_deb(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")
    first = build_deb.build_deb(fake_bundle(tmp_path / "a"), tmp_path / "one", version="1.0")
    bundle = fake_bundle(tmp_path / "b")
    (bundle / "_internal" / "resources" / "note.txt").touch()  # a later checkout: other file times
    second = build_deb.build_deb(bundle, tmp_path / "two", version="1.0")
    assert first.read_bytes() == second.read_bytes()
    listing = subprocess.run(["dpkg-deb", "--contents", str(first)], capture_output=True, text=True,
                             check=True).stdout
    assert all(" 2025-12-01 " in line for line in listing.splitlines())


@needs_dpkg
def test_two_builds_are_compared_file_by_file_and_every_difference_is_named(tmp_path, monkeypatch):
    import compare_builds

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")
    first = build_deb.build_deb(fake_bundle(tmp_path / "a"), tmp_path / "one", version="1.0")
    same = build_deb.build_deb(fake_bundle(tmp_path / "b"), tmp_path / "two", version="1.0")
    assert compare_builds.differences(first, same) == []
    assert compare_builds.main([str(first), str(same)]) == 0
    other = fake_bundle(tmp_path / "c")
    (other / "_internal" / "resources" / "note.txt").write_text("another resource")
    (other / "_internal" / "resources" / "extra.txt").write_text("only here")
    changed = build_deb.build_deb(other, tmp_path / "three", version="1.0")
    said = compare_builds.differences(first, changed)
    assert f"only in {changed}: opt/bench-app/_internal/resources/extra.txt" in said
    assert any(line.startswith("differs: opt/bench-app/_internal/resources/note.txt") for line in said)
    assert compare_builds.differences(tmp_path / "a" / "bench-app", other) != []  # unpacked folders too


def test_the_bundle_carries_the_user_guide_and_the_readme_says_where():
    """F1 opens resources/guide/<lang>/<page>.html: the spec ships resources/ and refuses to build without the guide."""
    spec = (PACKAGING / "bench-app.spec").read_text(encoding="utf-8")
    assert 'datas.append((str(ROOT / "resources"), "resources"))' in spec
    assert spec_constant("GUIDE_DIR") == "resources/guide"
    languages = spec_constant("GUIDE_LANGUAGES")
    assert {"en", "tr"} <= set(languages)
    assert "the user guide is not built (run `make guide`)" in spec
    from ui.shell.guide_viewer import guide_dir  # where the app looks, relative to resources/
    assert guide_dir().relative_to(ROOT).as_posix() == spec_constant("GUIDE_DIR")
    for lang in languages:
        assert (ROOT / "docs" / "guide" / lang / "index.md").is_file()
        assert any((ROOT / spec_constant("GUIDE_DIR") / lang / "images").glob("*.png")), "screenshots committed"
    readme = (PACKAGING / "README.md").read_text(encoding="utf-8")
    assert "/opt/bench-app/_internal/resources/guide/" in readme
    assert "make guide" in (ROOT / "Makefile").read_text(encoding="utf-8")
