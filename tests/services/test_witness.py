"""Witnessing: a different, active, authenticated person; mismatches block and are recorded."""

import pytest
from sqlalchemy import func, select

from bench_app.domain.enums import WitnessMethod, WitnessResult
from bench_app.domain.errors import (
    AccountLocked, AuthenticationFailed, ValidationError, WitnessMismatch, WitnessRequired,
)
from bench_app.persistence.models import Incident, WitnessRecord
from bench_app.services.witness_service import WitnessInput

STEP = "sample_receipt"


def count(services, model):
    with services.db.read() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


def witness(**kw):
    base = dict(username="eli", secret="3333", identifiers=("MRN M-100", "S-TEST"))
    base.update(kw)
    return WitnessInput(**base)


def test_a_valid_witness_is_recorded_with_everything_checked(services, team):
    rec = services.witness.witness_step(team.embryologist, STEP, witness(method=WitnessMethod.SCAN),
                                        entity_type="tissue_samples", entity_id=7)
    assert (rec.performer, rec.witness, rec.result, rec.method) == ("emma", "eli", WitnessResult.MATCH, WitnessMethod.SCAN)
    assert rec.identifiers == ("MRN M-100", "S-TEST")
    assert [r.id for r in services.witness.records_for("tissue_samples", 7)] == [rec.id]


def test_password_also_works_for_a_witness(services, team):
    rec = services.witness.witness_step(team.embryologist, STEP, witness(secret="bench-pass-1"),
                                        entity_type="x", entity_id=1)
    assert rec.witness == "eli"


def test_a_critical_step_needs_a_witness(services, team):
    with pytest.raises(WitnessRequired):
        services.witness.witness_step(team.embryologist, STEP, None, entity_type="x", entity_id=1)
    with pytest.raises(WitnessRequired):
        services.witness.require(STEP, None)
    services.witness.require("not_critical", None)


def test_the_witness_must_be_someone_else(services, team):
    with pytest.raises(ValidationError, match="different person"):
        services.witness.witness_step(team.embryologist, STEP, witness(username="emma", secret="2222"),
                                      entity_type="x", entity_id=1)
    assert count(services, WitnessRecord) == 0


def test_a_wrong_pin_is_refused_and_counted(services, team):
    with pytest.raises(AuthenticationFailed, match="Wrong PIN"):
        services.witness.witness_step(team.embryologist, STEP, witness(secret="0000"), entity_type="x", entity_id=1)
    info = {u.username: u for u in services.users.list_users(team.admin)}["eli"]
    assert info.failed_attempts == 1
    assert count(services, WitnessRecord) == 0
    for _ in range(4):
        with pytest.raises(AuthenticationFailed):
            services.witness.witness_step(team.embryologist, STEP, witness(secret="0000"), entity_type="x", entity_id=1)
    with pytest.raises(AccountLocked):
        services.witness.witness_step(team.embryologist, STEP, witness(), entity_type="x", entity_id=1)


def test_a_disabled_user_cannot_witness(services, team):
    services.users.set_active(team.admin, "eli", False, reason="left")
    with pytest.raises(AuthenticationFailed, match="disabled"):
        services.witness.witness_step(team.embryologist, STEP, witness(), entity_type="x", entity_id=1)


def test_a_mismatch_blocks_the_step_and_records_an_incident(services, team):
    with pytest.raises(WitnessMismatch, match="incident") as err:
        services.witness.witness_step(team.embryologist, STEP, witness(matched=False), entity_type="x", entity_id=1)
    assert err.value.incident_id is not None
    with services.db.read() as s:
        records = s.execute(select(WitnessRecord)).scalars().all()
        incident = s.get(Incident, err.value.incident_id)
    assert [r.result for r in records] == ["mismatch"]
    assert incident.kind == "witness_mismatch" and incident.witness_record_id == records[0].id


def test_an_override_needs_a_supervisor_and_a_reason(services, team):
    with pytest.raises(ValidationError, match="reason"):
        services.witness.witness_step(team.embryologist, STEP,
                                      witness(matched=False, override_username="sam", override_secret="1111"),
                                      entity_type="x", entity_id=1)
    with pytest.raises(ValidationError, match="supervisor"):
        services.witness.witness_step(team.embryologist, STEP,
                                      witness(matched=False, override_username="eli", override_secret="3333",
                                              override_reason="label smudged"), entity_type="x", entity_id=1)
    rec = services.witness.witness_step(team.embryologist, STEP,
                                        witness(matched=False, override_username="sam", override_secret="1111",
                                                override_reason="second label read, MRN confirmed"),
                                        entity_type="x", entity_id=1)
    assert rec.result == WitnessResult.OVERRIDDEN and rec.override_by == "sam"
    # every reported mismatch (also the one whose override by a non-supervisor was refused), and the
    # override that let the step go ahead, are each an incident
    assert sorted(i.kind for i in services.incidents.list_incidents()) == [
        "witness_mismatch", "witness_mismatch", "witness_override"]
    with services.db.read() as s:
        results = sorted(r.result for r in s.execute(select(WitnessRecord)).scalars())
    assert results == ["mismatch", "mismatch", "overridden"]  # what the witness saw, and the step that went ahead


def test_a_step_transaction_cannot_record_an_unverified_witness(services, team):
    from datetime import datetime, timezone

    from bench_app.domain.enums import WitnessMethod as M
    from bench_app.services.witness_service import VerifiedWitness

    forged = VerifiedWitness(STEP, team.embryologist2, team.embryologist, datetime.now(timezone.utc), M.MANUAL,
                             ("x",), WitnessResult.MATCH)
    with pytest.raises(WitnessRequired):
        with services.db.write() as s:
            services.witness.record(s, forged, entity_type="x", entity_id=1)
    assert count(services, WitnessRecord) == 0
