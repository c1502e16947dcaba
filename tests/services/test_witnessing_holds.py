"""Witnessing that holds (issue 14): discard witnessed, overrides in custody, incidents reviewed and printed,
continuous witnessing by PIN alone within one procedure."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bench_app.domain.errors import AuthenticationFailed, PermissionDenied, ValidationError, WitnessMismatch
from bench_app.domain.incidents import IncidentState
from bench_app.persistence.models import AuditEvent, DiscardEvent, Incident, WitnessRecord
from bench_app.services.incidents_service import IncidentFilter, states
from bench_app.services.witness_service import WitnessInput
from tests.conftest import PASSWORD
from tests.reports.pdf_reading import pages_text
from tests.services import cryo_fixtures as cf
from tests.services.retrieval_fixtures import eli_witness, make_procedure, receive


def stored_device(services, team, clock):
    man, cycle, _ = cf.patient(services, team, clock)
    tank = cf.small_tank(services, team)
    positions = [(p.location_id, p.slot) for p in services.storage.propose_positions(1, tank_id=tank.id)]
    return man, cf.freeze_ejaculate(services, team.embryologist, man.id, positions).devices[0]


def test_a_discard_is_performed_with_a_witness_whose_record_it_keeps(services, team, clock):
    _man, device = stored_device(services, team, clock)
    req = services.cryo.request_discard(team.embryologist, device_ids=[device.id], reason="consent expired",
                                        consent_checked=True)
    with pytest.raises(Exception, match="second person must witness"):
        services.cryo.approve_discard(team.supervisor, req.id, password=PASSWORD, witness=None)
    with pytest.raises(ValidationError, match="different person"):
        services.cryo.approve_discard(team.supervisor, req.id, password=PASSWORD, witness=WitnessInput(
            username="sam", secret="1111", identifiers=("MRN",)))
    assert services.cryo.get_discard(req.id).status.value == "requested"
    done = services.cryo.approve_discard(team.supervisor, req.id, password=PASSWORD,
                                         witness=cf.eli_witness("MRN M-100", device.code))
    assert done.witnessed_by == "Eli Embryologist" and done.status.value == "approved"
    with services.db.read() as s:
        de = s.get(DiscardEvent, req.id)
        rec = s.get(WitnessRecord, de.witness_record_id)
        assert (rec.step, rec.entity_type, rec.entity_id, rec.witness_id, rec.performer_id) == (
            "discard", "discard_events", str(req.id), team.embryologist2.id, team.supervisor.id)
    report = services.custody.report(code=device.code, actor=team.supervisor)
    discarded = next(e for e in report.events if e.event == "discarded")
    assert discarded.witness == "Eli Embryologist"


def test_an_overridden_mismatch_shows_in_the_custody_report(services, team, clock):
    _, _, proc = make_procedure(services, team, clock)
    sample = receive(services, team, clock, proc, witness=WitnessInput(
        username="eli", secret="3333", identifiers=("MRN M-200", "tube label"), matched=False,
        override_username="sam", override_secret="1111", override_reason="tube relabelled in theatre, MRN read twice"))
    report = services.custody.report(code=sample.code, actor=team.supervisor)
    received = next(e for e in report.events if e.event == "received")
    assert received.witness == ("Eli Embryologist (mismatch overridden by Sam Supervisor: "
                                "tube relabelled in theatre, MRN read twice)")
    assert any(g.printed_name == "Sam Supervisor" and g.meaning == "override approved" for g in report.signatures)
    text = " ".join(" ".join(pages_text(services.custody.issue(team.supervisor, code=sample.code, deliver=lambda doc: None).content)).split())
    assert "override approved" in text and "Sam Supervisor" in text, text


def test_incidents_are_listed_acknowledged_resolved_filtered_and_printed(services, team, clock):
    _, _, proc = make_procedure(services, team, clock)
    with pytest.raises(WitnessMismatch):
        receive(services, team, clock, proc, witness=WitnessInput(username="eli", secret="3333",
                                                                  identifiers=("MRN M-200",), matched=False))
    clock.advance(days=1)
    with pytest.raises(AuthenticationFailed) as refused:
        receive(services, team, clock, proc, witness=WitnessInput(username="eli", secret="0000",
                                                                  identifiers=("MRN M-200",)))
    assert refused.value.incident_id is not None
    with services.db.write() as s:  # a kind written elsewhere (e.g. a voided code) is listed all the same
        s.add(Incident(occurred_at=clock.now, kind="label_code_voided", description="D-XXXXXX-X voided: misprint",
                       entity_type="", entity_id="", resolution=""))
    rows = services.incidents.list_incidents()
    assert [r.kind_label for r in rows] == ["label code voided", "witness refused", "witness mismatch"]
    assert all(r.state == IncidentState.OPEN for r in rows)
    mismatch, refused_row = rows[2], rows[1]
    assert "Wrong PIN" in refused_row.description and refused_row.reported_by == "Emma Embryologist"

    with pytest.raises(PermissionDenied):
        services.incidents.acknowledge(team.embryologist, mismatch.id)
    acked = services.incidents.acknowledge(team.supervisor, mismatch.id)
    assert acked.state == IncidentState.ACKNOWLEDGED and acked.acknowledged_by == "Sam Supervisor"
    with pytest.raises(ValidationError, match="already acknowledged"):
        services.incidents.acknowledge(team.supervisor, mismatch.id)
    with pytest.raises(ValidationError, match="how the incident was resolved"):
        services.incidents.resolve(team.supervisor, mismatch.id, resolution="  ")
    done = services.incidents.resolve(team.supervisor, mismatch.id,
                                      resolution="Tube label reprinted from the record; surgeon informed.")
    assert done.state == IncidentState.RESOLVED and done.resolved_by == "Sam Supervisor"
    with services.db.read() as s:
        row = s.get(Incident, mismatch.id)
        assert row.resolved_at == clock.now and row.resolution.startswith("Tube label reprinted")
        assert row.acknowledged_by == team.supervisor.id
        audit = s.execute(select(AuditEvent).where(AuditEvent.entity_type == "incidents",
                                                   AuditEvent.entity_id == str(mismatch.id),
                                                   AuditEvent.action == "update")).scalars().all()
        assert len(audit) == 2 and audit[-1].reason.startswith("Tube label reprinted")

    today = clock.now.astimezone().date()
    assert [r.id for r in services.incidents.list_incidents(IncidentFilter(since=today))] == \
        [rows[0].id, refused_row.id]
    assert [r.id for r in services.incidents.list_incidents(IncidentFilter(until=today - timedelta(days=1)))] == \
        [mismatch.id]
    assert [r.id for r in services.incidents.list_incidents(IncidentFilter(kinds=frozenset({"witness_refused"})))] \
        == [refused_row.id]
    assert [r.id for r in services.incidents.list_incidents(IncidentFilter(states=states("open")))] == \
        [rows[0].id, refused_row.id]
    assert [r.id for r in services.incidents.list_incidents(IncidentFilter(states=states("resolved")))] == \
        [mismatch.id]

    doc = services.incidents.pdf(team.supervisor)
    text = " ".join(" ".join(pages_text(doc.content)).split())
    assert doc.page_count == 1 and "Incidents" in text and "Tube label reprinted from the record" in text
    assert "witness refused" in text and "label code voided" in text and "Page 1 of 1" in text, text


def test_a_witness_continues_with_the_pin_alone_within_one_procedure(services, team, clock):
    services.settings.set(team.admin, "continuous_witness_minutes", 15)
    _, _, proc = make_procedure(services, team, clock)
    scope = f"retrieval_procedures:{proc.id}"
    pin_only = WitnessInput(username="", secret="3333", identifiers=("MRN M-200", "tube label"), scope=scope)
    with pytest.raises(ValidationError, match="continuous period has ended"):
        receive(services, team, clock, proc, witness=pin_only)
    first = receive(services, team, clock, proc, witness=WitnessInput(
        username="eli", secret="3333", identifiers=("MRN M-200", "tube label"), scope=scope))
    c = services.witness.continuous_for(team.embryologist, scope)
    assert c.full_name == "Eli Embryologist" and c.until > clock.now
    clock.advance(minutes=4)
    second = receive(services, team, clock, proc, witness=pin_only)
    with pytest.raises(AuthenticationFailed):  # the PIN still has to be the witness's
        receive(services, team, clock, proc, witness=WitnessInput(username="", secret="2222",
                                                                  identifiers=("MRN",), scope=scope))
    assert second.receipt_witnessed_by == "eli"
    with services.db.read() as s:
        records = s.execute(select(WitnessRecord).where(WitnessRecord.entity_type == "tissue_samples")
                            .order_by(WitnessRecord.id)).scalars().all()
    assert [(r.entity_id, r.witness_id) for r in records] == [(str(first.id), team.embryologist2.id),
                                                             (str(second.id), team.embryologist2.id)]
    assert records[0].notes == "" and records[1].notes.startswith("confirmed with the PIN alone")
    # another performer, another procedure, the app's lock or the expiry each end the period
    assert services.witness.continuous_for(team.supervisor, scope) is None
    assert services.witness.continuous_for(team.embryologist, scope) is None
    receive(services, team, clock, proc, witness=WitnessInput(username="eli", secret="3333",
                                                              identifiers=("MRN",), scope=scope))
    assert services.witness.continuous_for(team.embryologist, "retrieval_procedures:999") is None
    assert services.witness.continuous_for(team.embryologist, scope) is None
    receive(services, team, clock, proc, witness=WitnessInput(username="eli", secret="3333",
                                                              identifiers=("MRN",), scope=scope))
    services.witness.end_continuous()
    assert services.witness.continuous_for(team.embryologist, scope) is None
    receive(services, team, clock, proc, witness=WitnessInput(username="eli", secret="3333",
                                                              identifiers=("MRN",), scope=scope))
    clock.advance(minutes=16)
    with pytest.raises(ValidationError, match="continuous period has ended"):
        receive(services, team, clock, proc, witness=pin_only)


def test_no_continuous_witnessing_when_the_lab_sets_it_to_zero(services, team, clock):
    services.settings.set(team.admin, "continuous_witness_minutes", 0)
    _, _, proc = make_procedure(services, team, clock)
    scope = f"retrieval_procedures:{proc.id}"
    receive(services, team, clock, proc, witness=WitnessInput(username="eli", secret="3333",
                                                              identifiers=("MRN",), scope=scope))
    assert services.witness.continuous_for(team.embryologist, scope) is None
