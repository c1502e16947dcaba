"""Steps in an impossible time order are refused next to their time field, and nothing is saved (issue 14)."""

from datetime import timedelta

import pytest

from bench_app.domain.errors import ValidationError
from bench_app.persistence.models import FreezeEvent, IcsiSession, ThawEvent
from tests.services import cryo_fixtures as cf
from tests.services.retrieval_fixtures import eli_witness


def test_a_freeze_before_its_sample_was_received_is_refused(services, team, clock):
    man, _, _ = cf.patient(services, team, clock)
    (sample,) = cf.samples(services, team, clock, man)
    tank = cf.small_tank(services, team)
    positions = [(p.location_id, p.slot) for p in services.storage.propose_positions(1, tank_id=tank.id)]
    with pytest.raises(ValidationError) as err:
        services.cryo.freeze(team.embryologist, **cf.freeze_kwargs(
            source_kind="tissue_sample", sample_ids=[sample.id], positions=positions,
            frozen_at=sample.received_at - timedelta(minutes=5)))
    assert set(err.value.field_errors) == {"frozen_at"}
    assert f"sample {sample.code} was received" in err.value.field_errors["frozen_at"]
    assert cf.count(services, FreezeEvent) == 0


def test_a_thaw_before_the_freeze_and_an_icsi_before_the_thaw_are_refused(services, team, clock):
    man, cycle, _ = cf.patient(services, team, clock)
    tank = cf.small_tank(services, team)
    positions = [(p.location_id, p.slot) for p in services.storage.propose_positions(1, tank_id=tank.id)]
    fz = cf.freeze_ejaculate(services, team.embryologist, man.id, positions)
    clock.advance(hours=2)
    with pytest.raises(ValidationError) as err:
        services.cryo.thaw(team.embryologist, device_ids=[fz.devices[0].id], cycle_id=cycle.id,
                           witness=cf.eli_witness(), sperm_found=True, twitching=3,
                           thawed_at=fz.frozen_at - timedelta(hours=1))
    assert set(err.value.field_errors) == {"thawed_at"}
    assert f"{fz.devices[0].code} was frozen" in err.value.field_errors["thawed_at"]
    assert cf.count(services, ThawEvent) == 0
    thaw = services.cryo.thaw(team.embryologist, device_ids=[fz.devices[0].id], cycle_id=cycle.id,
                              witness=cf.eli_witness(), sperm_found=True, twitching=3)
    opu = services.icsi.record_opu(team.embryologist, cycle_id=cycle.id,
                                   retrieved_at=clock.now - timedelta(hours=3), cocs_retrieved=3)
    with pytest.raises(ValidationError) as err:
        services.icsi.start_session(team.embryologist, retrieval_id=opu.id, source_kind="thaw_event",
                                    source_thaw_event_id=thaw.id, witness=eli_witness("x"),
                                    started_at=clock.now - timedelta(hours=1))
    assert err.value.field_errors["started_at"].startswith("ICSI with this thawed sperm cannot be before the thaw")
    assert cf.count(services, IcsiSession) == 0
