"""Backups of a lab server: `bench-app backup` and `restore` on PostgreSQL (pg_dump, pg_restore).

A demo lab moved onto a database of the session's private server is backed up through the
command line, restored into an empty database, checked in a scratch database, and refused where a
restore would replace a lab's records by accident. The password given in the URL must never
appear in what the commands print.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench_app.cli import main
from bench_app.services import pg_backup_service as pg
from bench_app.services.move_service import move_to_postgresql
from bench_app.services.registry import open_services
from tests.services.test_move_to_server import counts, demo_file, server, tables_in  # noqa: F401  (fixtures)


@pytest.fixture
def lab(server, demo_file, request):  # noqa: F811
    url = server.create_database()
    request.addfinalizer(lambda: server.drop_database(url))
    move_to_postgresql(f"sqlite:///{demo_file}", url, by="cli:it")
    return url


@pytest.fixture
def empty(server, request):  # noqa: F811
    url = server.create_database()
    request.addfinalizer(lambda: server.drop_database(url))
    return url


def password_of(url: str) -> str:
    return make_url(url).password


def databases(server) -> set[str]:  # noqa: F811
    engine = create_engine(server.admin_url)
    try:
        with engine.connect() as conn:
            return set(conn.execute(text("SELECT datname FROM pg_database")).scalars())
    finally:
        engine.dispose()


def verify(url: str):
    services = open_services(url, upgrade=False)
    try:
        return services.audit.verify()
    finally:
        services.close()


def test_a_server_backup_restores_into_an_empty_database_with_the_same_records(lab, empty, tmp_path, capsys):
    dump = tmp_path / "lab.dump"
    assert main(["backup", "--db", lab, "-o", str(dump)]) == 0
    out, err = capsys.readouterr()
    assert pg.is_dump(dump) and "pg_dump" in out and "checked" in out
    assert password_of(lab) not in out + err
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]
    before = counts(lab)  # the backup's own BACKUP event came after the dump

    assert main(["restore", "--db", empty, str(dump)]) == 0
    out, err = capsys.readouterr()
    assert "audit chain of" in out and password_of(empty) not in out + err
    restored = counts(empty)
    assert {**restored, "audit_events": restored["audit_events"] - 1} == \
           {**before, "audit_events": before["audit_events"] - 1}  # minus BACKUP there, minus RESTORE here
    report = verify(empty)
    assert report.ok, report.problems
    assert report.events_checked == before["audit_events"]


def test_the_password_reaches_pg_dump_only_in_its_environment(lab, monkeypatch, tmp_path):
    seen = []
    real_run = pg.subprocess.run

    def spy(argv, **kwargs):
        seen.append((argv, kwargs["env"]))
        return real_run(argv, **kwargs)

    monkeypatch.setattr(pg.subprocess, "run", spy)
    assert main(["backup", "--db", lab, "-o", str(tmp_path / "x.dump")]) == 0
    argv, env = seen[0]
    assert Path(argv[0]).name == "pg_dump"
    assert password_of(lab) not in " ".join(argv)
    assert env["PGPASSWORD"] == password_of(lab) and env["PGDATABASE"] == make_url(lab).database


def test_a_restore_over_a_database_with_records_is_refused_unless_replace_is_given(lab, tmp_path, capsys):
    dump = tmp_path / "lab.dump"
    assert main(["backup", "--db", lab, "-o", str(dump)]) == 0
    before = counts(lab)
    capsys.readouterr()
    assert main(["restore", "--db", lab, str(dump)]) == 1
    err = capsys.readouterr().err
    assert "not empty" in err and "--replace" in err and "nothing was changed" in err.lower()
    assert counts(lab) == before

    assert main(["restore", "--db", lab, "--replace", str(dump)]) == 0
    out = capsys.readouterr().out
    kept = [p for p in tmp_path.iterdir() if ".before-restore-" in p.name]
    assert len(kept) == 1 and pg.is_dump(kept[0]) and str(kept[0]) in out
    report = verify(lab)
    assert report.ok, report.problems
    # the contents that were replaced (including the BACKUP event) are in the copy kept aside
    assert "TABLE DATA public audit_events" in pg._run("pg_restore", ["--list", str(kept[0])], "postgresql://",
                                                       what="listing")


def test_restore_check_proves_a_dump_in_a_scratch_database_and_leaves_the_lab_alone(server, lab, tmp_path, capsys):  # noqa: F811
    dump = tmp_path / "lab.dump"
    assert main(["backup", "--db", lab, "-o", str(dump)]) == 0
    before, dbs = counts(lab), databases(server)
    capsys.readouterr()
    assert main(["restore", "--check", "--db", lab, str(dump)]) == 0
    out = capsys.readouterr().out
    assert "scratch database dropped" in out and f"{before['audit_events'] - 1} events verified" in out
    assert counts(lab) == before and databases(server) == dbs


def test_restore_check_of_a_damaged_dump_fails_plainly(lab, tmp_path, capsys):
    dump = tmp_path / "lab.dump"
    assert main(["backup", "--db", lab, "-o", str(dump)]) == 0
    data = bytearray(dump.read_bytes())
    dump.write_bytes(bytes(data[: len(data) // 2]))  # cut in half, as a full disk would leave it
    capsys.readouterr()
    assert main(["restore", "--check", "--db", lab, str(dump)]) == 1
    assert "pg_restore said" in capsys.readouterr().err
    not_a_dump = tmp_path / "notes.dump"
    not_a_dump.write_text("not a backup")
    assert main(["restore", "--db", lab, str(not_a_dump)]) == 1
    assert "not a server backup" in capsys.readouterr().err


def test_restore_check_says_plainly_when_the_role_may_not_create_databases(server, lab, tmp_path, capsys):  # noqa: F811
    dump = tmp_path / "lab.dump"
    assert main(["backup", "--db", lab, "-o", str(dump)]) == 0
    with create_engine(server.admin_url, isolation_level="AUTOCOMMIT").connect() as conn:
        conn.execute(text("DROP ROLE IF EXISTS bench_reader"))
        conn.execute(text("CREATE ROLE bench_reader LOGIN PASSWORD 'reader-pass-9' NOCREATEDB"))
    try:
        reader = make_url(lab).set(username="bench_reader", password="reader-pass-9").render_as_string(
            hide_password=False)
        capsys.readouterr()
        assert main(["restore", "--check", "--db", reader, str(dump)]) == 1
        err = capsys.readouterr().err
        assert "may not create databases (createdb)" in err.lower() and "reader-pass-9" not in err
    finally:
        with create_engine(server.admin_url, isolation_level="AUTOCOMMIT").connect() as conn:
            conn.execute(text("DROP ROLE IF EXISTS bench_reader"))


def test_folder_backups_of_the_server_are_dated_checked_and_rotated(lab, tmp_path, capsys):
    folder = tmp_path / "backups"
    folder.mkdir()
    old = ["bench-20240105-010000Z.dump", "bench-20240105-020000Z.dump", "notes.txt"]
    for name in old:
        (folder / name).write_bytes(b"PGDMP old")
    assert main(["backup", "--db", lab, "--to-folder", str(folder), "--rotate"]) == 0
    out = capsys.readouterr().out
    names = sorted(p.name for p in folder.iterdir())
    new = [n for n in names if n not in old and n != "bench-backup-status.json"]
    assert len(new) == 1 and new[0].startswith("bench-") and new[0].endswith("Z.dump") and pg.is_dump(folder / new[0])
    # of the two from the same old day, rotation keeps that day's newest; files of other names are never touched
    assert "bench-20240105-010000Z.dump" not in names and "bench-20240105-020000Z.dump" in names
    assert "notes.txt" in names and "removed 1 older" in out


def test_the_tools_are_found_or_their_absence_explained(monkeypatch, tmp_path):
    assert pg.find_tool("pg_dump").name.startswith("pg_dump")
    monkeypatch.setenv(pg.BIN_ENV, str(tmp_path))
    with pytest.raises(Exception, match="holds no pg_dump"):
        pg.find_tool("pg_dump")
    (tmp_path / "pg_dump").write_text("")
    assert pg.find_tool("pg_dump") == tmp_path / "pg_dump"


def test_a_folder_backup_of_the_server_leaves_the_status_the_admin_area_reads(lab, tmp_path):
    from bench_app.services.backup_schedule_service import read_status_file

    folder = tmp_path / "nightly"
    folder.mkdir()
    assert main(["backup", "--db", lab, "--to-folder", str(folder)]) == 0
    last, good = read_status_file(folder, strict=True)
    assert last.ok and good == last and last.file.endswith(".dump") and (folder / last.file).is_file()
    assert main(["backup", "--db", lab, "--to-folder", str(tmp_path / "not-there")]) == 1
