"""Consent changes reach the stored devices (issue 14): renewal and extension move their expiry, audited with
the consent as the reason; a withdrawal puts them on the supervisor's review list and discards nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bench_app.domain.enums import ConsentUse, DeviceStatus
from bench_app.domain.errors import PermissionDenied, ValidationError
from bench_app.persistence.models import AuditEvent, CryoDevice, DiscardEvent
from tests.services.cryo_fixtures import canes_of, freeze_ejaculate, patient, small_tank, today


@pytest.fixture
def stored(services, team, clock):
    tank = small_tank(services, team, canisters=1, canes=2, positions=5)
    canes = canes_of(services, tank.id)
    man, _, consent = patient(services, team, clock, expiry_days=30)
    other, _, _ = patient(services, team, clock, mrn="M-200", family="Kaya", given="Emre", expiry_days=30)
    frozen = freeze_ejaculate(services, team.embryologist, man.id, [(canes[0].id, 1), (canes[0].id, 2)])
    theirs = freeze_ejaculate(services, team.embryologist, other.id, [(canes[1].id, 1)])
    return man, consent, frozen.devices, theirs.devices


def expiries(services, patient_id):
    return [d.storage_expiry for d in services.cryo.patient_devices(patient_id)]


def test_a_renewed_consent_moves_the_expiry_of_that_patients_stored_devices(services, team, clock, stored):
    man, consent, devices, theirs = stored
    assert expiries(services, man.id) == [consent.storage_expiry] * 2
    later = today(clock) + timedelta(days=3650)
    renewed = services.patients.record_consent(team.embryologist, patient_id=man.id,
                                               permitted_uses=[ConsentUse.STORAGE], signed_on=today(clock),
                                               storage_expiry=later)
    assert expiries(services, man.id) == [later, later]
    assert [d.storage_expiry for d in services.cryo.patient_devices(theirs[0].patient_id)] == \
        [today(clock) + timedelta(days=30)]                     # another patient's devices are untouched
    with services.db.read() as s:
        reasons = s.execute(select(AuditEvent.reason).where(AuditEvent.entity_type == "cryo_devices",
                                                            AuditEvent.action == "update")).scalars().all()
    assert reasons == [f"storage consent renewed: consent signed {renewed.signed_on.isoformat()} to storage until {later.isoformat()}"] * 2


def test_an_extended_consent_moves_the_expiry_and_needs_a_later_date_and_a_reason(services, team, clock, stored):
    man, consent, _, _ = stored
    with pytest.raises(ValidationError) as err:
        services.patients.extend_storage(team.embryologist, consent.id, storage_expiry=consent.storage_expiry,
                                         reason="")
    assert set(err.value.field_errors) == {"reason", "storage_expiry"}
    assert expiries(services, man.id) == [consent.storage_expiry] * 2
    later = consent.storage_expiry + timedelta(days=365)
    services.patients.extend_storage(team.embryologist, consent.id, storage_expiry=later,
                                     reason="extension form signed 2026-11-19")
    assert expiries(services, man.id) == [later, later]


def test_a_withdrawn_consent_puts_the_devices_on_the_supervisors_list_and_discards_nothing(
        services, team, clock, stored):
    man, consent, devices, theirs = stored
    services.patients.withdraw_consent(team.embryologist, consent.id, withdrawn_on=today(clock),
                                       reason="letter from the patient")
    reviews = services.cryo.device_reviews()
    assert [r.device_code for r in reviews] == [d.code for d in devices]
    assert reviews[0].reason == (f"Consent signed {consent.signed_on.isoformat()} to storage withdrawn on {today(clock).isoformat()}: "
                                 "letter from the patient")
    assert reviews[0].position == "Tank A / Canister 1 / Cane 1 / Position 1"
    with services.db.read() as s:
        assert set(s.execute(select(CryoDevice.status)).scalars()) == {DeviceStatus.STORED.value}
        assert s.execute(select(DiscardEvent.id)).first() is None
    with pytest.raises(ValidationError, match="withdrawn on"):
        services.patients.withdraw_consent(team.embryologist, consent.id, withdrawn_on=today(clock), reason="again")
    with pytest.raises(PermissionDenied):
        services.cryo.close_device_review(team.embryologist, reviews[0].id, outcome="discard requested")
    with pytest.raises(ValidationError):
        services.cryo.close_device_review(team.supervisor, reviews[0].id, outcome=" ")
    closed = services.cryo.close_device_review(team.supervisor, reviews[0].id,
                                               outcome="patient called: discard requested")
    assert (closed.closed_by, closed.outcome) == ("sam", "patient called: discard requested")
    assert [r.device_code for r in services.cryo.device_reviews()] == [devices[1].code]
