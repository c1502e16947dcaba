"""Several workstations writing at the same moment, as separate processes, on each backend.

One test per race of issue 17's table (and the one-patient-per-workstation rule): each round
starts four processes at one barrier. Whatever the interleaving, exactly the writes the rules
allow succeed, the others are refused with the sentence SQLite gives, no raw driver error
reaches a person, nothing is lost or booked twice, and the audit chain still verifies.
A few rounds each keep the whole file within seconds per backend.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bench_app.domain.enums import LotKind
from bench_app.persistence.engine import open_database
from bench_app.persistence.migrate import HEAD_REVISION, current_revision
from bench_app.persistence.models import CryoDevice, Injection, MaterialLot, Oocyte, WorkstationActivity
from bench_app.persistence.models.icsi import FertilizationCheck
from bench_app.services.codes_service import allocate_codes
from bench_app.services.processing_service import OtherPatientOpen
from bench_app.services.registry import open_services
from tests.races import Job, assert_no_raw_error, race, services_for
from tests.services import cryo_fixtures as cf
from tests.services.retrieval_fixtures import eli_witness, make_procedure, receive

ROUNDS = 3
WORKERS = 4


def count(services, stmt) -> int:
    with services.db.read() as s:
        return s.execute(stmt).scalar_one()


def assert_chain_verifies(services) -> None:
    report = services.audit.verify()
    assert report.ok, report.problems


def oks(outcomes):
    return [o for o in outcomes if o.ok]


def refusals(outcomes):
    return [o for o in outcomes if o.kind == "refused"]


@pytest.fixture
def opu(services, team, clock):
    """A couple with a positive fresh sample, and an OPU of 14 COCs (oocytes graded per test)."""
    couple, cycle, proc = make_procedure(services, team, clock)
    sample = receive(services, team, clock, proc)
    services.processing.record_finding(team.embryologist, sample_id=sample.id, assessed_at=sample.received_at,
                                       sperm_found=True, twitching=5)
    retrieval = services.icsi.record_opu(team.embryologist, cycle_id=cycle.id,
                                         retrieved_at=clock.now - timedelta(hours=3), cocs_retrieved=14)
    return retrieval, sample


def icsi_session(services, team, retrieval, sample):
    return services.icsi.start_session(team.embryologist, retrieval_id=retrieval.id, source_kind="fresh_sample",
                                       source_sample_id=sample.id,
                                       witness=eli_witness("MRN M-200", sample.code, "dish ICSI-1"))


def test_freezing_into_the_same_position_books_it_once(services, team, clock, db_url):
    tank = cf.small_tank(services, team, canisters=1, canes=1, positions=ROUNDS)
    (cane,) = cf.canes_of(services, tank.id)
    men = [cf.patient(services, team, clock, mrn=f"M-{i}", with_cycle=False)[0] for i in range(WORKERS)]
    for slot in range(1, ROUNDS + 1):
        outcomes = race(db_url, [Job(lambda sv, m=m, slot=slot: cf.freeze_ejaculate(
            sv, team.embryologist, m.id, [(cane.id, slot)]).id, f"cryo-{i}") for i, m in enumerate(men)],
            clock=clock, parent_services=services)
        assert_no_raw_error(outcomes)
        assert len(oks(outcomes)) == 1, outcomes
        for o in refusals(outcomes):  # the winner's device seen when the loser checked, or the constraint's refusal
            assert "is occupied by" in o.message or "was just taken" in o.message, o.message
        assert count(services, select(func.count()).select_from(CryoDevice).where(
            CryoDevice.location_id == cane.id, CryoDevice.slot == slot)) == 1
    assert_chain_verifies(services)


def test_injecting_the_same_oocyte_records_one_injection(services, team, clock, db_url, opu):
    retrieval, sample = opu
    rows = services.icsi.set_maturities(team.embryologist, retrieval_id=retrieval.id, maturities=["MII"] * ROUNDS)
    sess = icsi_session(services, team, retrieval, sample)
    for row in rows:
        outcomes = race(db_url, [Job(lambda sv, oid=row.id: sv.icsi.inject(
            team.embryologist, session_id=sess.id, oocyte_id=oid, sperm_motility="twitching").injected,
            f"icsi-{i}") for i in range(WORKERS)], clock=clock, parent_services=services)
        assert_no_raw_error(outcomes)
        assert len(oks(outcomes)) == 1, outcomes
        assert {o.message for o in refusals(outcomes)} == {f"Oocyte {row.number} was already injected."}
        assert count(services, select(func.count()).select_from(Injection).where(Injection.oocyte_id == row.id)) == 1
    assert_chain_verifies(services)


def test_checking_the_same_oocyte_records_one_check(services, team, clock, db_url, opu):
    retrieval, sample = opu
    rows = services.icsi.set_maturities(team.embryologist, retrieval_id=retrieval.id, maturities=["MII"] * ROUNDS)
    sess = icsi_session(services, team, retrieval, sample)
    for row in rows:
        services.icsi.inject(team.embryologist, session_id=sess.id, oocyte_id=row.id, sperm_motility="twitching")
    clock.advance(hours=17)  # the racing workstations start with the clock as it is now
    for row in rows:
        results = ["2PN", "1PN", "3PN+", "0PN"]
        outcomes = race(db_url, [Job(lambda sv, oid=row.id, r=r: sv.icsi.record_check(
            team.embryologist2, oocyte_id=oid, checked_at=clock.now, result=r).result.value,
            f"check-{i}") for i, r in enumerate(results)], clock=clock, parent_services=services)
        assert_no_raw_error(outcomes)
        assert len(oks(outcomes)) == 1, outcomes
        assert {o.message for o in refusals(outcomes)} == {f"Oocyte {row.number} was already checked."}
        with services.db.read() as s:
            stored = s.execute(select(FertilizationCheck.result).where(FertilizationCheck.oocyte_id == row.id)).all()
        assert [r for (r,) in stored] == [oks(outcomes)[0].value]  # the winner's result, no other
    assert_chain_verifies(services)


def test_four_first_gradings_keep_one_and_ask_the_others_why(services, team, clock, db_url):
    grades = ["MII", "MI", "GV", "degenerated"]
    for n in range(ROUNDS):
        _, cycle, _ = make_procedure(services, team, clock, mrn=f"M-3{n}")
        retrieval = services.icsi.record_opu(team.embryologist, cycle_id=cycle.id,
                                             retrieved_at=clock.now - timedelta(hours=2), cocs_retrieved=3)
        outcomes = race(db_url, [Job(lambda sv, g=g: sv.icsi.set_maturities(
            team.embryologist, retrieval_id=retrieval.id, maturities=[g])[0].maturity.value, f"grading-{i}")
            for i, g in enumerate(grades)], clock=clock, parent_services=services)
        assert_no_raw_error(outcomes)
        assert len(oks(outcomes)) == 1, outcomes  # a second grading is a correction, which needs a reason
        winner = oks(outcomes)[0].value
        for o in refusals(outcomes):
            assert o.message == f"Oocyte 1 was recorded {winner}: say why it changes.", o.message
        with services.db.read() as s:
            assert s.execute(select(Oocyte.maturity).where(Oocyte.retrieval_id == retrieval.id)).scalars().all() \
                == [winner]  # no lost update: the stored grade is the one that was accepted
    assert_chain_verifies(services)


def test_injecting_and_regrading_to_gv_never_both_succeed(services, team, clock, db_url, opu):
    retrieval, sample = opu
    rows = services.icsi.set_maturities(team.embryologist, retrieval_id=retrieval.id, maturities=["MII"] * ROUNDS)
    sess = icsi_session(services, team, retrieval, sample)
    for row in rows:
        to_gv = ["MII"] * ROUNDS
        to_gv[row.number - 1] = "GV"

        def inject(sv, oid=row.id):
            return sv.icsi.inject(team.embryologist, session_id=sess.id, oocyte_id=oid,
                                  sperm_motility="twitching").injected

        def regrade(sv, grid=tuple(to_gv)):
            return sv.icsi.set_maturities(team.supervisor, retrieval_id=retrieval.id, maturities=list(grid),
                                          reason="germinal vesicle seen on second look")[0].code

        outcomes = race(db_url, [Job(inject, "icsi-1"), Job(regrade, "office-1"), Job(inject, "icsi-2"),
                                 Job(regrade, "office-2")], clock=clock, parent_services=services)
        assert_no_raw_error(outcomes)
        with services.db.read() as s:
            maturity = s.execute(select(Oocyte.maturity).where(Oocyte.id == row.id)).scalar_one()
            injections = s.execute(select(func.count()).select_from(Injection)
                                   .where(Injection.oocyte_id == row.id)).scalar_one()
        assert (maturity, injections) in {("MII", 1), ("GV", 0)}, (maturity, injections, outcomes)
        for o in refusals(outcomes):
            assert o.message in {f"Oocyte {row.number} was already injected.",
                                 f"Oocyte {row.number} was injected: its maturity can no longer change."} \
                or "only MII" in o.message, o.message
    assert_chain_verifies(services)


def test_moving_and_freezing_into_one_cane_both_succeed_without_deadlock(services, team, clock, db_url):
    tank = cf.small_tank(services, team, canisters=1, canes=2, positions=4 * ROUNDS)
    cane_a, cane_b = cf.canes_of(services, tank.id)
    man, _, _ = cf.patient(services, team, clock, with_cycle=False)
    stored = cf.freeze_ejaculate(services, team.embryologist, man.id,
                                 [(cane_a.id, slot) for slot in range(1, 2 * ROUNDS + 1)])
    device_ids = [d.id for d in stored.devices]
    for n in range(ROUNDS):
        base = 4 * n

        def move(sv, dev=device_ids[2 * n], slot=base + 1):
            return sv.cryo.move_devices(team.embryologist, device_ids=[dev], positions=[(cane_b.id, slot)],
                                        reason="consolidating canes", witness=cf.eli_witness()).moves[0].to_path

        def move2(sv, dev=device_ids[2 * n + 1], slot=base + 2):
            return move(sv, dev, slot)

        def freeze(sv, slot=base + 3):
            return cf.freeze_ejaculate(sv, team.embryologist, man.id, [(cane_b.id, slot)]).id

        def freeze2(sv, slot=base + 4):
            return freeze(sv, slot)

        outcomes = race(db_url, [Job(move, "cryo-1"), Job(freeze, "cryo-2"), Job(move2, "cryo-3"),
                                 Job(freeze2, "cryo-4")], clock=clock, parent_services=services)
        assert_no_raw_error(outcomes)
        assert all(o.ok for o in outcomes), outcomes
    assert count(services, select(func.count()).select_from(CryoDevice).where(
        CryoDevice.location_id == cane_b.id)) == 4 * ROUNDS
    assert_chain_verifies(services)
    from tests.cli.conftest import run_cli

    verified = run_cli("verify", db=db_url)  # the command IT runs says the same
    assert verified.returncode == 0, verified.stderr


def test_two_benches_first_use_of_a_new_lot_registers_it_once(services, team, clock, db_url):
    for n in range(ROUNDS):
        outcomes = race(db_url, [Job(lambda sv, n=n: sv.lots.register(
            team.embryologist, kind=LotKind.MEDIUM, product="Sperm wash medium", lot_number=f"SW-{n}").id,
            f"bench-{i}") for i in range(WORKERS)], clock=clock, parent_services=services)
        assert_no_raw_error(outcomes)
        assert all(o.ok for o in outcomes), outcomes
        assert len({o.value for o in outcomes}) == 1  # every bench got the same lot
        assert count(services, select(func.count()).select_from(MaterialLot).where(
            MaterialLot.lot_number == f"SW-{n}")) == 1
    assert_chain_verifies(services)


def test_the_first_codes_on_a_new_database_are_all_given_and_never_twice(services, team, clock, db_url):
    for kind in ("D", "S", "O")[:ROUNDS]:
        def allocate(sv, kind=kind):
            with sv.db.write() as s:
                return allocate_codes(s, kind, 3)

        outcomes = race(db_url, [Job(allocate, f"bench-{i}") for i in range(WORKERS)], clock=clock,
                        parent_services=services)
        assert_no_raw_error(outcomes)
        assert all(o.ok for o in outcomes), outcomes
        codes = [c for o in outcomes for c in o.value]
        assert len(set(codes)) == 3 * WORKERS  # none lost to a failed first allocation, none given twice


def _migrated_to(url: str, revision: str) -> None:
    from alembic import command

    from bench_app.persistence.migrate import alembic_config

    db = open_database(url)
    try:
        with db.engine.begin() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
    finally:
        db.dispose()


@pytest.mark.parametrize("start_from", ["empty", "0001"])
def test_three_workstations_starting_together_on_an_empty_or_older_database(request, backend, tmp_path, clock,
                                                                          start_from):
    """One creates or upgrades the schema; the others wait for it and open the result."""
    for n in range(2):
        if backend == "sqlite":
            url = f"sqlite:///{tmp_path / f'lab-{n}.db'}"
        else:
            server = request.getfixturevalue("pg_server")
            url = server.create_database()  # empty: no template
            request.addfinalizer(lambda url=url: server.drop_database(url))
        if start_from != "empty":
            _migrated_to(url, start_from)

        def start(_, url=url):  # opening is the race here: create or upgrade the schema
            opened = open_services(url, clock=clock)
            try:
                return opened.users.count_users()
            finally:
                opened.close()

        outcomes = race(url, [Job(start, f"ws-{i}", prepare=lambda url, ws: None) for i in range(3)], clock=clock)
        assert_no_raw_error(outcomes)
        assert all(o.ok for o in outcomes), outcomes
        db = open_database(url)
        try:
            assert current_revision(db.engine) == HEAD_REVISION
        finally:
            db.dispose()


def test_one_patient_per_workstation_holds_with_several_pcs_writing(services, team, clock, db_url):
    samples = []
    for mrn in ("M-500", "M-600"):
        _, _, proc = make_procedure(services, team, clock, mrn=mrn)
        samples.append(receive(services, team, clock, proc))
    a, b = samples
    for _ in range(ROUNDS):
        jobs = [Job(lambda sv, sid=sid: sv.processing.open_for_processing(team.embryologist, sid), ws)
                for ws, sid in (("andrology-1", a.id), ("andrology-1", b.id), ("andrology-2", b.id),
                                ("andrology-2", a.id))]
        outcomes = race(db_url, jobs, clock=clock, parent_services=services)
        assert_no_raw_error(outcomes)
        for ws, pair in (("andrology-1", outcomes[:2]), ("andrology-2", outcomes[2:])):
            assert len(oks(pair)) == 1, (ws, pair)  # each PC took one patient; the other was refused
            assert [o.error for o in refusals(pair)] == [OtherPatientOpen.__name__]
            with services.db.read() as s:
                open_patients = set(s.execute(select(WorkstationActivity.patient_id).where(
                    WorkstationActivity.workstation == ws, WorkstationActivity.ended_at.is_(None))).scalars())
            assert len(open_patients) == 1, (ws, open_patients)
        for ws in ("andrology-1", "andrology-2"):
            sv = services_for(db_url, ws, clock)
            sv.processing.release(team.embryologist)
            sv.close()
    assert_chain_verifies(services)


def test_a_workstation_names_itself_from_the_config(tmp_path, monkeypatch, db_url):
    config = tmp_path / "config.toml"
    config.write_text('[workstation]\nname = "cryo-room-2"\n', encoding="utf-8")
    monkeypatch.setenv("BENCH_CONFIG", str(config))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "no-user-config"))
    sv = open_services(db_url)
    try:
        assert sv.ctx.workstation == "cryo-room-2"
    finally:
        sv.close()


def test_scanning_at_once_on_one_audit_records_each_device_once_and_the_chain_holds(services, team, clock, db_url):
    """A scan's checks read the audit chain's head with them (one round trip fewer): scans committing one after
    another from several workstations still chain in order, and one device scanned twice on a cane is refused."""
    from bench_app.domain.inventory import FindingKind
    from bench_app.persistence.models import InventoryFinding
    from tests.services.inventory_fixtures import audit_lab, emma_witness

    lab = audit_lab(services, team, clock)
    audit = services.inventory.open_audit(team.supervisor, tank_id=lab.tank.id, witness=emma_witness())
    cane = lab.canes[0].id
    services.inventory.take_out_cane(team.supervisor, audit.id, cane)
    same = lab.a_devices[0].code
    outcomes = race(db_url, [Job(lambda sv: sv.inventory.register_scan(team.supervisor, audit.id, cane, same).kind,
                                 f"scan-{i}") for i in range(WORKERS)], clock=clock, parent_services=services)
    assert_no_raw_error(outcomes)
    assert len(oks(outcomes)) == 1, outcomes
    assert {o.message for o in refusals(outcomes)} == {f"{same} was already scanned on this cane."}
    others = [d.code for d in lab.a_devices[1:]] + [d.code for d in lab.b_devices]
    outcomes = race(db_url, [Job(lambda sv, code=code: sv.inventory.register_scan(team.supervisor, audit.id, cane,
                                                                                   code).kind, f"scan-{code}")
                             for code in others], clock=clock, parent_services=services)
    assert_no_raw_error(outcomes)
    assert len(oks(outcomes)) == len(others), outcomes
    assert count(services, select(func.count()).select_from(InventoryFinding).where(
        InventoryFinding.audit_id == audit.id, InventoryFinding.discrepancy == FindingKind.FOUND.value)) == 3
    assert_chain_verifies(services)
