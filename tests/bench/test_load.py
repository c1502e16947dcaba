"""The load test's driver at a tiny scale (2 workstations x 10 writes), on each backend, and its checker.

No figures are asserted: the driver must run the real services from separate processes with
nothing failed, and the invariants checker must see a lost write and a double booking when the
database is doctored to hold them (it reads the database, not the workstations' word).
"""

from __future__ import annotations

from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import create_engine, delete, select, update

from bench.load import report, run_load
from bench.load_checks import check
from bench.load_workstation import KINDS, ROUND
from bench_app.persistence.models import CryoDevice
from bench_app.persistence.models.icsi import FertilizationCheck


def acknowledged_keys(run):
    return [w.key for ws in run.workstations for w in ws.writes if w.outcome == "ok"]


def test_two_workstations_write_through_the_services_and_nothing_is_lost(db_url):
    run = run_load(db_url, workstations=2, writes=10, label="tiny")
    assert [ws.error for ws in run.workstations] == ["", ""]
    assert run.failures == []
    done = [w for w in run.writes if w.outcome == "ok"]
    assert len(done) == 20  # one round of ten each, every kind of write in it
    assert {w.kind for w in done} == set(KINDS)
    assert run.invariants.acknowledged == {k: 2 * ROUND.count(k) for k in KINDS}
    assert run.invariants.lost == {k: 0 for k in KINDS}
    assert not any(run.invariants.unacknowledged.values())
    assert run.invariants.double_booked == []
    assert run.invariants.chain_ok and run.invariants.chain_checked > 0
    assert run.ok
    text = "\n".join(report(run))
    assert "verdict: ok" in text and "icsi_save" in text and "fairness" in text


def test_the_checker_finds_a_lost_write_and_a_double_booking(db_url):
    run = run_load(db_url, workstations=2, writes=10, label="tiny")
    keys = acknowledged_keys(run)
    before = {k: 0 for k in KINDS}  # every row then counts as made by the run: only the doctored ones matter
    engine = create_engine(db_url)
    try:
        checked = next(k for k in keys if k[0] == "fertilization_check")
        devices = [d for k in keys if k[0] == "freeze" for d, _ in k[2]]
        with engine.begin() as conn:  # a write the workstation was told succeeded disappears
            conn.execute(delete(FertilizationCheck).where(FertilizationCheck.oocyte_id == checked[1]))
        found = check(db_url, keys, before)
        assert found.lost["fertilization_check"] == 1
        assert sum(found.lost.values()) == 1 and not found.ok

        with engine.begin() as conn:  # the database no longer guards positions, and two devices share one
            with Operations(MigrationContext.configure(conn)).batch_alter_table("cryo_devices") as batch:
                batch.drop_constraint("uq_cryo_devices_location_id_slot", type_="unique")
        with engine.begin() as conn:
            loc, slot = conn.execute(select(CryoDevice.location_id, CryoDevice.slot)
                                     .where(CryoDevice.id == devices[0])).one()
            conn.execute(update(CryoDevice).where(CryoDevice.id == devices[1]).values(location_id=loc, slot=slot))
        found = check(db_url, keys, before)
        assert any(f"2 devices in location {loc} position {slot}" == p for p in found.double_booked), \
            found.double_booked
        assert any(p.startswith(f"device {devices[1]} is at") for p in found.double_booked)
    finally:
        engine.dispose()
