"""Property: every public service method, fed generated bad values, succeeds or gives the app's own error.

A refusal leaves every table's row count as it was, except the rows recording the refusal itself
(tests/services/fuzz_calls.py). Bounded for CI (``ci``: a few examples per method, about half a
minute); ``make fuzz`` runs the ``fuzz`` profile for BENCH_FUZZ_SECONDS (600 by default) and prints
the calls tried and the errors found.
"""

from __future__ import annotations

import os
import random
import time
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench_app.domain.enums import CycleType
from bench_app.services.registry import open_services
from tests.conftest import FakeClock
from tests.services.cryo_fixtures import canes_of, freeze_ejaculate, patient, samples, small_tank
from tests.services.fuzz_calls import FuzzWorld, make_team, service_methods

PROFILES = {
    "ci": dict(max_examples=10),
    "fuzz": dict(max_examples=40),  # per method per round; rounds repeat (in a new order) until the time is up
}
PROFILE = os.environ.get("BENCH_FUZZ_PROFILE", "ci")
COMMON = dict(deadline=None, database=None, suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    os.environ.setdefault("BENCH_FAST_HASHING", "1")
    clock = FakeClock()
    services = open_services(f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'fuzz.db'}", clock=clock,
                             workstation="fuzz-ws")
    actors = make_team(services)

    class _Team:  # the shape the shared fixtures expect
        admin, supervisor, embryologist, embryologist2 = actors

    tank = small_tank(services, _Team, canisters=2, canes=3, positions=5)
    canes = canes_of(services, tank.id)
    man, cycle, _ = patient(services, _Team, clock)
    banking = services.patients.register_couple(actors[2], male=dict(
        mrn="M-777", family_name="Kaya", given_names="Emre", date_of_birth=clock.now.date() - timedelta(days=9000)))
    services.patients.create_cycle(actors[2], couple_id=banking.id, cycle_type=CycleType.SPERM_BANKING,
                                   start_date=clock.now.date())
    tissue = samples(services, _Team, clock, man, n=3)
    frozen = freeze_ejaculate(services, actors[2], man.id, [(canes[0].id, 1), (canes[0].id, 2), (canes[0].id, 3)])
    opu = services.icsi.record_opu(actors[2], cycle_id=cycle.id, retrieved_at=clock.now - timedelta(hours=2),
                                   cocs_retrieved=4)
    services.icsi.set_maturities(actors[2], retrieval_id=opu.id, maturities=["MII", "MII", "MI", None])
    codes = [man.mrn, "M-777", *[t.code for t in tissue], *[d.code for d in frozen.devices], "NOPE-1"]
    fw = FuzzWorld(services=services, clock=clock, actors=actors, ids=list(range(1, 9)), codes=codes)
    yield fw
    services.close()


def run_method(world: FuzzWorld, qual: str, profile: str) -> None:
    strategy = world.call_strategy(qual)

    @settings(**PROFILES[profile], **COMMON)
    @given(st.data())
    def calls(data):
        world.check(qual, data.draw(strategy, label=qual))

    calls()


@pytest.mark.parametrize("qual", service_methods())
def test_every_public_method_succeeds_or_refuses_cleanly(world, qual):
    run_method(world, qual, "ci" if PROFILE == "ci" else PROFILE)


@pytest.mark.skipif("BENCH_FUZZ_SECONDS" not in os.environ, reason="the long run is `make fuzz`")
def test_fuzz_for_a_while(world, capsys):
    """Every method in turn, again and again, until the time is up; prints the figures."""
    deadline = time.monotonic() + float(os.environ["BENCH_FUZZ_SECONDS"])
    rounds, errors = 0, []
    methods = world.methods()
    order = random.Random(os.environ.get("BENCH_FUZZ_SEED"))
    while time.monotonic() < deadline:
        order.shuffle(methods)
        for qual in methods:
            if time.monotonic() >= deadline:
                break
            try:
                run_method(world, qual, "fuzz")
            except Exception as exc:  # keep going (one error or a group of them): the figure is every error found
                found = getattr(exc, "exceptions", None) or [exc]
                errors.extend(f"{qual}: {str(e).splitlines()[0][:300]}" for e in found)
        else:
            rounds += 1
    with capsys.disabled():
        print(f"\nmake fuzz: {world.calls} calls tried ({world.successes} succeeded, {world.refusals} refused "
              f"with the app's own error) over {len(methods)} methods, {rounds} full rounds of "
              f"{PROFILES['fuzz']['max_examples']} examples each and part of one more; "
              f"{len(errors)} errors found")
        for e in errors:
            print("  ", e)
    assert not errors
