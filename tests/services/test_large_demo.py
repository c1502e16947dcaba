"""The large demo's generator, on a small scale: valid rows, a verifiable audit chain, codes that check."""

from sqlalchemy import func, select

from bench_app.domain.codes import parse_code
from bench_app.persistence.models import CryoDevice, FertilizationCheck, Injection, Oocyte, TissueSample, WitnessRecord
from bench_app.services.demo.large import LargeScale, build_large
from bench_app.services.demo.people import demo_people


def test_bulk_history_is_valid_and_verifies(services):
    team = demo_people(services)
    users = {u.username: u.id for u in services.users.list_users(team.admin)}
    counts = build_large(services.db, users=users, scale=LargeScale(couples=60, tanks=1, canisters=2, canes=4,
                                                                    positions=60), chunk=25)
    assert counts["oocytes"] > 300 and counts["tissue_samples"] > 50 and counts["cryo_devices"] > 100
    report = services.audit.verify()
    assert report.ok, report.problems
    with services.db.read() as s:
        codes = s.execute(select(TissueSample.code)).scalars().all() + s.execute(select(CryoDevice.code)).scalars().all()
        assert all(parse_code(c).code == c for c in codes)
        # Only MII oocytes are injected; every injection has one check; witnesses are other people.
        bad = s.execute(select(func.count()).select_from(Injection).join(Oocyte, Oocyte.id == Injection.oocyte_id)
                        .where(Oocyte.maturity != "MII")).scalar_one()
        assert bad == 0
        assert s.execute(select(func.count(FertilizationCheck.id))).scalar_one() == counts["injections"]
        same = s.execute(select(func.count()).select_from(WitnessRecord)
                         .where(WitnessRecord.witness_id == WitnessRecord.performer_id)).scalar_one()
        assert same == 0
    # New codes after the bulk load do not collide with it.
    from bench_app.services.codes_service import allocate_code
    with services.db.write() as s:
        assert allocate_code(s, "S") not in codes
