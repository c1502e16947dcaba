"""Moving a single-PC lab onto the server (`bench-app move-to`): a demo SQLite database copied into PostgreSQL.

Each test moves a copy of one small demo database (made once per module) into a database of the
session's private PostgreSQL server, and checks the target on its own terms: the same rows in
every table, the same audit hashes, a chain that verifies there, sequences that continue, and a
target left untouched whenever the move is refused or fails.
"""

from __future__ import annotations

import hashlib
import shutil
from datetime import date

import pytest
from sqlalchemy import create_engine, func, select, text

from bench_app.cli import main
from bench_app.domain.enums import Role, Sex
from bench_app.persistence.base import Base
from bench_app.persistence.engine import open_database
from bench_app.persistence.migrate import HEAD_REVISION, alembic_config, current_revision
from bench_app.persistence.models import AuditEvent
from bench_app.services.codes_service import allocate_codes
from bench_app.services.demo import run_demo
from bench_app.services.demo.people import DEMO_ADMIN
from bench_app.services.move_service import MoveRefused, move_to_postgresql
from bench_app.services.registry import open_services
from tests.conftest import BACKENDS, PG_TEMPLATE

ADMIN, PASSWORD = DEMO_ADMIN.username, DEMO_ADMIN.password


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("move") / "lab.db"
    db = open_database(f"sqlite:///{path}")
    from bench_app.persistence.migrate import upgrade_to_head
    upgrade_to_head(db.engine)
    run_demo(db, couples=6, seed=11)
    db.dispose()
    return path


@pytest.fixture
def server(pg_server):
    if "postgresql" not in BACKENDS:
        pytest.skip("PostgreSQL is not among BENCH_TEST_BACKENDS")
    return pg_server


@pytest.fixture
def source(demo_file, tmp_path):
    path = tmp_path / "lab.db"
    shutil.copy(demo_file, path)
    return path


@pytest.fixture
def empty_target(server, request):
    url = server.create_database()
    request.addfinalizer(lambda: server.drop_database(url))
    return url


def counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                    for t in Base.metadata.sorted_tables}
    finally:
        engine.dispose()


def tables_in(url: str) -> list[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return sorted(conn.execute(text("SELECT table_name FROM information_schema.tables "
                                            "WHERE table_schema = 'public'")).scalars())
    finally:
        engine.dispose()


def rows_of(url: str, table: str, order: str = "id") -> list[tuple]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(select(Base.metadata.tables[table]).order_by(text(order)))]
    finally:
        engine.dispose()


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("use_copy", [True, False], ids=["copy", "executemany"])
def test_a_moved_lab_has_every_row_and_its_audit_chain_verifies_on_the_server(source, empty_target, use_copy):
    before = sha256(source)
    result = move_to_postgresql(f"sqlite:///{source}", empty_target, by="cli:it", batch_rows=97, use_copy=use_copy)

    src, dst = counts(f"sqlite:///{source}"), counts(empty_target)
    assert src["audit_events"] > 500 and src["oocytes"] > 0 and src["cryo_devices"] > 0
    assert {**dst, "audit_events": dst["audit_events"] - 1} == src  # plus the one event recording the move
    assert {t.name: t.rows for t in result.tables} == src
    assert result.method == ("COPY" if use_copy else "executemany") and result.schema_created
    # the values hashed, and every other value, byte for byte: texts, UTC times, floats, booleans
    for table in ("audit_events", "male_workups", "oocytes", "users", "cryo_devices", "storage_locations"):
        moved = rows_of(empty_target, table)
        assert moved[: len(rows_of(f"sqlite:///{source}", table))] == rows_of(f"sqlite:///{source}", table), table
    services = open_services(empty_target, workstation="server-ws")
    try:
        report = services.audit.verify()
        assert report.ok, report.problems
        assert report.events_checked == src["audit_events"] + 1 == result.audit_events + 1
        with services.db.read() as s:
            last = s.execute(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).scalar_one()
        assert last.action == "restore" and last.username == "cli:it" and "lab.db" in last.reason
        assert before in last.changes  # the SHA-256 of the file the records came from
    finally:
        services.close()
    assert sha256(source) == before  # the single-PC file is only read
    assert current_revision(create_engine(empty_target)) == HEAD_REVISION


def test_the_benchmarks_move_leaves_out_only_the_chain_check_and_the_tables_are_analysed(source, empty_target,
                                                                                        monkeypatch):
    """bench/bench_pg.py loads its databases with verify_chain=False: row counts are still checked."""
    from bench_app.services import move_service

    real_copy = move_service._copy_table
    monkeypatch.setattr(move_service, "_copy_table", lambda dst, table, batches: real_copy(dst, table, batches)
                        + (table.name == "oocytes"))  # one row more than the server was given
    with pytest.raises(MoveRefused, match="oocytes has .* rows on the server"):
        move_to_postgresql(f"sqlite:///{source}", empty_target, by="bench", verify_chain=False)
    assert tables_in(empty_target) == []
    monkeypatch.undo()
    said: list[str] = []
    result = move_to_postgresql(f"sqlite:///{source}", empty_target, by="bench", verify_chain=False,
                                progress=said.append)
    assert result.audit_events is None and {t.name: t.rows for t in result.tables} == counts(f"sqlite:///{source}")
    assert "verifying row counts on the server" in said
    assert "analysing the tables for the server's query planner" in said
    engine = create_engine(empty_target)
    try:
        with engine.connect() as conn:  # statistics only ANALYZE writes
            analysed = set(conn.execute(text("SELECT DISTINCT tablename FROM pg_stats "
                                             "WHERE schemaname = 'public'")).scalars())
    finally:
        engine.dispose()
    assert {"audit_events", "oocytes", "patients", "cryo_devices"} <= analysed
    services = open_services(empty_target)
    try:
        assert services.audit.verify().ok  # not recomputed by the move, and whole all the same
    finally:
        services.close()


def test_after_the_move_new_records_get_fresh_ids_and_codes(source, empty_target):
    move_to_postgresql(f"sqlite:///{source}", empty_target, by="cli:it")
    highest = {t: max(r[0] for r in rows_of(empty_target, t)) for t in ("patients", "users", "audit_events")}
    engine = create_engine(f"sqlite:///{source}")
    with engine.connect() as conn:
        old_codes = set(conn.execute(text("SELECT code FROM tissue_samples UNION SELECT code FROM cryo_devices "
                                          "UNION SELECT code FROM oocytes")).scalars())
    engine.dispose()
    services = open_services(empty_target, workstation="server-ws")
    try:
        admin = services.users.sign_in(ADMIN, PASSWORD)
        patient = services.patients.register_patient(admin, mrn="MOVED-1", family_name="Okafor",
                                                     given_names="Chidi", date_of_birth=date(1984, 3, 2),
                                                     sex=Sex.MALE)
        user = services.users.add_user(admin, username="newtech", full_name="Nadia Karim", role=Role.EMBRYOLOGIST,
                                       password="bench-pass-1")
        with services.db.write() as s:
            codes = allocate_codes(s, "S", 3) + allocate_codes(s, "D", 2)
        assert services.audit.verify().ok
    finally:
        services.close()
    assert patient.id == highest["patients"] + 1
    assert user.id == highest["users"] + 1
    assert max(r[0] for r in rows_of(empty_target, "audit_events")) > highest["audit_events"]
    assert not set(codes) & old_codes and len(set(codes)) == 5


def test_a_target_holding_another_programs_table_is_refused_and_nothing_written(source, empty_target):
    engine = create_engine(empty_target)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE inventory_notes (id integer PRIMARY KEY, note text)"))
    engine.dispose()
    with pytest.raises(MoveRefused, match="not empty.*inventory_notes.*nothing was written"):
        move_to_postgresql(f"sqlite:///{source}", empty_target, by="cli:it")
    assert tables_in(empty_target) == ["inventory_notes"]


def test_a_target_with_bench_records_is_refused_and_left_as_it_was(source, empty_target):
    move_to_postgresql(f"sqlite:///{source}", empty_target, by="cli:it")
    before = counts(empty_target)
    with pytest.raises(MoveRefused, match="already holds Bench records"):
        move_to_postgresql(f"sqlite:///{source}", empty_target, by="cli:it")
    assert counts(empty_target) == before


def test_a_bench_schema_made_by_upgrade_with_nothing_recorded_counts_as_empty(source, server, request):
    target = server.create_database(template=PG_TEMPLATE)  # migrated, as `bench-app upgrade` leaves it
    request.addfinalizer(lambda: server.drop_database(target))
    result = move_to_postgresql(f"sqlite:///{source}", target, by="cli:it")
    assert not result.schema_created
    assert counts(target)["audit_events"] == counts(f"sqlite:///{source}")["audit_events"] + 1
    services = open_services(target)
    try:
        assert services.audit.verify().ok
    finally:
        services.close()


@pytest.mark.parametrize("stop_after", ["users", "audit_events", "injections"])
def test_a_move_that_fails_midway_leaves_the_target_empty(source, empty_target, stop_after):
    with pytest.raises(MoveRefused, match="nothing was kept"):
        move_to_postgresql(f"sqlite:///{source}", empty_target, by="cli:it", fail_after_table=stop_after)
    assert tables_in(empty_target) == []  # not even the schema
    move_to_postgresql(f"sqlite:///{source}", empty_target, by="cli:it")  # and it can be moved there afterwards
    assert counts(empty_target)["injections"] == counts(f"sqlite:///{source}")["injections"]


def test_a_row_the_server_refuses_undoes_the_whole_move(source, empty_target):
    engine = create_engine(f"sqlite:///{source}")
    with engine.begin() as conn:  # SQLite does not hold a name to its declared length; PostgreSQL does
        conn.execute(text("UPDATE material_lots SET lot_number = :long WHERE id = (SELECT max(id) FROM material_lots)"),
                     {"long": "L" * 500})
    engine.dispose()
    with pytest.raises(MoveRefused, match="failed and was undone"):
        move_to_postgresql(f"sqlite:///{source}", empty_target, by="cli:it")
    assert tables_in(empty_target) == []


def test_an_older_single_pc_database_is_upgraded_on_a_copy_and_the_file_left_alone(source, empty_target):
    cfg = alembic_config()
    engine = create_engine(f"sqlite:///{source}")  # a plain engine: SQLite's foreign keys off, as an old Bench had
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        from alembic import command
        command.downgrade(cfg, "0010")
    engine.dispose()
    before = sha256(source)
    result = move_to_postgresql(f"sqlite:///{source}", empty_target, by="cli:it")
    assert result.upgraded_from == "0010" and result.revision == HEAD_REVISION
    assert sha256(source) == before
    assert current_revision(create_engine(f"sqlite:///{source}")) == "0010"
    services = open_services(empty_target)
    try:
        assert services.audit.verify().ok
    finally:
        services.close()


def test_move_to_on_the_command_line_prints_a_summary_without_the_password(source, empty_target, capsys):
    assert main(["move-to", "--db", str(source), empty_target]) == 0
    out, err = capsys.readouterr()
    password = empty_target.split(":")[2].split("@")[0]
    assert password not in out + err and "***" in out
    assert "audit chain of" in out and "verified on the server" in out and "rows/s" in out
    assert main(["move-to", "--db", str(source), empty_target]) == 1
    assert "already holds Bench records" in capsys.readouterr().err


def test_move_to_refuses_a_target_that_is_not_postgresql(source, tmp_path):
    with pytest.raises(MoveRefused, match="PostgreSQL"):
        move_to_postgresql(f"sqlite:///{source}", f"sqlite:///{tmp_path / 'other.db'}", by="cli:it")
