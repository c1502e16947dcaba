"""Discarding stored devices on a real database: a consent check, a second supervisor's signature with a witness,
no approving one's own request, rejection with a reason."""

import pytest
from sqlalchemy import select

from bench_app.domain.enums import DeviceStatus
from bench_app.domain.errors import AuthenticationFailed, NotFound, PermissionDenied, ValidationError
from bench_app.domain.storage import DiscardStatus
from bench_app.persistence.models import Signature
from tests.conftest import PASSWORD
from tests.services.cryo_fixtures import DISCARD_WITNESS, count, eli_witness, freeze_ejaculate, lab, occupancy  # noqa: F401


def test_discard_needs_a_consent_check_and_a_supervisors_signature(services, team, clock, lab):
    tank, canes, man, _, _ = lab
    d1, d2 = freeze_ejaculate(services, team.embryologist, man.id, [(canes[0].id, 1), (canes[0].id, 2)]).devices
    with pytest.raises(ValidationError) as err:
        services.cryo.request_discard(team.embryologist, device_ids=[d1.id], reason="", consent_checked=False)
    assert set(err.value.field_errors) == {"reason", "consent_checked"}
    req = services.cryo.request_discard(team.embryologist, device_ids=[d1.id, d2.id],
                                        reason="storage consent expired; patient informed", consent_checked=True)
    assert req.status == DiscardStatus.REQUESTED and req.requested_by == "Emma Embryologist"
    assert [x.id for x in services.cryo.pending_discard_requests()] == [req.id]
    assert services.cryo.get_device(d1.id).pending_discard_id == req.id
    with pytest.raises(ValidationError, match="already awaits"):
        services.cryo.request_discard(team.embryologist2, device_ids=[d1.id], reason="x", consent_checked=True)
    with pytest.raises(PermissionDenied, match="supervisor or admin"):
        services.cryo.approve_discard(team.embryologist2, req.id, password=PASSWORD, witness=DISCARD_WITNESS)
    with pytest.raises(AuthenticationFailed):
        services.cryo.approve_discard(team.supervisor, req.id, password="wrong", witness=DISCARD_WITNESS)
    assert services.cryo.get_discard(req.id).status == DiscardStatus.REQUESTED and count(services, Signature) == 0
    clock.advance(hours=2)
    done = services.cryo.approve_discard(team.supervisor, req.id, password=PASSWORD, witness=DISCARD_WITNESS)
    assert done.status == DiscardStatus.APPROVED and done.signed_by == "Sam Supervisor"
    assert done.signature_meaning == "approved" and done.signed_at == clock.now and done.decided_at == clock.now
    assert all(d.status == DeviceStatus.DISCARDED and d.location_id is None for d in done.devices)
    assert tank.id in done.touched_locations and occupancy(services, canes[0].id) == ["0/5"]
    with services.db.read() as s:
        sig = s.execute(select(Signature)).scalar_one()
        assert (sig.entity_type, sig.entity_id, sig.signer_id) == ("discard_events", str(req.id), team.supervisor.id)
        assert len(sig.content_hash) == 64
    with pytest.raises(ValidationError, match="already approved"):
        services.cryo.approve_discard(team.admin, req.id, password="admin-pass-1", witness=DISCARD_WITNESS)
    freeze_ejaculate(services, team.embryologist, man.id, [(canes[0].id, 1)])   # the position is free again


def test_the_requester_cannot_approve_their_own_discard_and_a_request_can_be_rejected(services, team, clock, lab):
    _, canes, man, cycle, _ = lab
    (d,) = freeze_ejaculate(services, team.embryologist, man.id, [(canes[0].id, 1)]).devices
    req = services.cryo.request_discard(team.supervisor, device_ids=[d.id], reason="duplicate", consent_checked=True)
    with pytest.raises(PermissionDenied, match="second person"):
        services.cryo.approve_discard(team.supervisor, req.id, password=PASSWORD, witness=DISCARD_WITNESS)
    with pytest.raises(ValidationError, match="awaits approval"):
        services.cryo.thaw(team.embryologist, device_ids=[d.id], cycle_id=cycle.id, witness=eli_witness(),
                           sperm_found=True)
    with pytest.raises(ValidationError, match="why"):
        services.cryo.reject_discard(team.admin, req.id, reason="")
    rejected = services.cryo.reject_discard(team.admin, req.id, reason="patient wants to keep it")
    assert rejected.status == DiscardStatus.REJECTED and rejected.decided_by == "Ada Admin"
    assert rejected.signed_by is None and services.cryo.get_device(d.id).stored
    assert services.cryo.get_device(d.id).pending_discard_id is None
    with pytest.raises(NotFound):
        services.cryo.approve_discard(team.supervisor, 999, password=PASSWORD, witness=DISCARD_WITNESS)
