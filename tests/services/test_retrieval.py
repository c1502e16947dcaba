"""Sperm retrieval on a real database: procedures, witnessed receipt, steps, findings, panel."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bench_app.domain.codes import parse_code
from bench_app.domain.enums import Disposition, SampleStatus
from bench_app.domain.errors import AuthenticationFailed, NotFound, ValidationError, WitnessRequired
from bench_app.persistence.models import TissueSample, WitnessRecord
from bench_app.services.audit_service import AuditFilter
from bench_app.services.processing_service import OtherPatientOpen
from tests.services.retrieval_fixtures import eli_witness, make_procedure, receive


def test_create_procedure_and_list_it(services, team, clock):
    couple, cycle, proc = make_procedure(services, team, clock)
    assert proc.procedure_type.value == "micro-TESE" and proc.patient.mrn == "M-200"
    rows = services.retrieval.list_procedures(since=clock.now.date() - timedelta(days=1))
    assert [r.id for r in rows] == [proc.id] and rows[0].outcome == "awaiting samples"
    assert [r.id for r in services.retrieval.procedures_of_patient(couple.male.id)] == [proc.id]


def test_procedure_rules(services, team, clock):
    couple, cycle, _ = make_procedure(services, team, clock)
    with pytest.raises(ValidationError) as err:
        services.retrieval.create_procedure(
            team.embryologist, patient_id=couple.female.id, cycle_id=None, procedure_type="TESX",
            started_at=clock.now + timedelta(hours=2), surgeon=" ", anaesthesia="local", side="left",
            indication="OA", planned_use="freeze")
    assert set(err.value.field_errors) == {"procedure_type", "started_at", "surgeon", "patient_id"}
    other, _, _ = make_procedure(services, team, clock, mrn="M-300")
    with pytest.raises(ValidationError, match="another patient"):
        services.retrieval.create_procedure(
            team.embryologist, patient_id=other.male.id, cycle_id=cycle.id, procedure_type="TESA",
            started_at=clock.now, surgeon="Dr. X", anaesthesia="local", side="left", indication="OA",
            planned_use="freeze")


def test_receiving_samples_is_witnessed_and_numbered(services, team, clock):
    _, _, proc = make_procedure(services, team, clock)
    s1 = receive(services, team, clock, proc, side="left", site="upper pole", tubule_appearance="dilated",
                 wet_weight_mg=12.5, transport_medium="Sperm wash medium", transport_medium_lot="SW-2291")
    s2 = receive(services, team, clock, proc, side="right", site="mid")
    assert (s1.sample_number, s2.sample_number) == (1, 2)
    assert parse_code(s1.code).kind == "S" and s1.code != s2.code
    assert s1.receipt_witnessed_by == "eli" and s1.received_by == "emma"
    assert s1.transport_medium_lot == "Sperm wash medium lot SW-2291"
    assert s1.kind.value == "biopsy" and s1.status == SampleStatus.RECEIVED
    recs = services.witness.records_for("tissue_samples", s1.id)
    assert recs[0].step == "sample_receipt"


def test_receipt_without_a_valid_witness_saves_nothing(services, team, clock):
    _, _, proc = make_procedure(services, team, clock)
    with pytest.raises(WitnessRequired):
        receive(services, team, clock, proc, witness=None)
    with pytest.raises(AuthenticationFailed):
        receive(services, team, clock, proc, witness=eli_witness().__class__(
            username="eli", secret="0000", identifiers=("x",)))
    with services.db.read() as s:
        assert s.execute(select(func.count(TissueSample.id))).scalar_one() == 0
        assert s.execute(select(func.count(WitnessRecord.id))).scalar_one() == 0


def test_receipt_rules(services, team, clock):
    _, _, proc = make_procedure(services, team, clock)
    with pytest.raises(ValidationError) as err:
        receive(services, team, clock, proc, received_at=proc.started_at - timedelta(minutes=1), wet_weight_mg=0.0)
    assert "before the procedure began" in err.value.field_errors["received_at"]
    assert "between 0.1 and 2000 mg" in err.value.field_errors["wet_weight_mg"]
    with pytest.raises(ValidationError, match="product and its lot"):
        receive(services, team, clock, proc, transport_medium="Medium X")


def test_steps_first_one_witnessed_times_in_order(services, team, clock):
    _, _, proc = make_procedure(services, team, clock)
    sample = receive(services, team, clock, proc)
    start = sample.received_at + timedelta(minutes=2)
    clock.advance(hours=1)
    with pytest.raises(WitnessRequired):
        services.processing.add_step(team.embryologist, sample_id=sample.id, kind="mechanical_mincing",
                                     started_at=start)
    with pytest.raises(ValidationError) as err:
        services.processing.add_step(team.embryologist, sample_id=sample.id, kind="enzymatic_digestion",
                                     started_at=start, ended_at=start - timedelta(minutes=1), minutes=0,
                                     temperature_c=90, witness=eli_witness())
    assert set(err.value.field_errors) == {"ended_at", "enzyme", "minutes", "temperature_c"}
    with pytest.raises(ValidationError, match="before the sample was received"):
        services.processing.add_step(team.embryologist, sample_id=sample.id, kind="wash",
                                     started_at=sample.received_at - timedelta(minutes=1), witness=eli_witness())
    info = services.processing.add_step(team.embryologist, sample_id=sample.id, kind="mechanical_mincing",
                                        started_at=start, ended_at=start + timedelta(minutes=5),
                                        witness=eli_witness())
    assert info.status == SampleStatus.PROCESSING and info.steps[0].witnessed_by == "eli"
    info = services.processing.add_step(
        team.embryologist, sample_id=sample.id, kind="enzymatic_digestion", started_at=start + timedelta(minutes=6),
        ended_at=start + timedelta(minutes=36), enzyme="collagenase type IV", enzyme_concentration="1 mg/mL",
        minutes=30, temperature_c=37.0, medium="Collagenase IV", medium_lot="C4-118")
    assert info.steps[1].witnessed_by is None and info.steps[1].medium_lot == "Collagenase IV lot C4-118"


def test_findings_rules_and_the_panel(services, team, clock):
    _, cycle, proc = make_procedure(services, team, clock)
    samples = [receive(services, team, clock, proc) for _ in range(3)]
    t0 = samples[0].received_at + timedelta(minutes=1)
    clock.advance(minutes=30)
    services.processing.add_step(team.embryologist, sample_id=samples[0].id, kind="search", started_at=t0,
                                 witness=eli_witness())
    with pytest.raises(ValidationError, match="positive count"):
        services.processing.record_finding(team.embryologist, sample_id=samples[0].id, assessed_at=t0,
                                           sperm_found=False, count_seen=3)
    with pytest.raises(ValidationError) as err:
        services.processing.record_finding(team.embryologist, sample_id=samples[0].id,
                                           assessed_at=samples[0].received_at - timedelta(minutes=1),
                                           sperm_found=True, count_seen=-1, twitching=2.5)
    assert set(err.value.field_errors) == {"assessed_at", "count_seen", "twitching"}
    services.processing.record_finding(team.embryologist, sample_id=samples[1].id,
                                       assessed_at=t0 + timedelta(minutes=5), sperm_found=False)
    detail = services.retrieval.get_procedure(proc.id)
    assert detail.panel.headline == "No sperm yet: 1 of 3 samples searched" and not detail.sperm_found
    services.processing.record_finding(team.embryologist, sample_id=samples[0].id,
                                       assessed_at=t0 + timedelta(minutes=12), sperm_found=True, count_seen=4,
                                       count_basis="per_droplet", twitching=3, immotile=1,
                                       viability_test="HOS", viability_result="1 of 1 viable")
    detail = services.retrieval.get_procedure(proc.id)
    panel = detail.panel
    assert (panel.samples_received, panel.samples_searched, panel.samples_positive) == (3, 2, 1)
    assert panel.headline.startswith("SPERM FOUND: 1 of 3")
    assert panel.first_sperm_sample == samples[0].code and panel.minutes_to_first_sperm == pytest.approx(12)
    assert (panel.motile_so_far, panel.immotile_so_far) == (3, 1)
    assert detail.sperm_found
    row = services.retrieval.list_procedures(since=clock.now.date())[0]
    assert row.outcome == "sperm found (1/3)"


def test_dispositions_and_contradictions(services, team, clock):
    couple, cycle, proc = make_procedure(services, team, clock)
    s1, s2, s3 = (receive(services, team, clock, proc) for _ in range(3))
    with pytest.raises(ValidationError, match="cycle"):
        services.retrieval.set_disposition(team.embryologist, s1.id, "fresh_icsi")
    info = services.retrieval.set_disposition(team.embryologist, s1.id, "fresh_icsi", cycle_id=cycle.id)
    assert info.disposition == Disposition.FRESH_ICSI and info.disposition_cycle_id == cycle.id
    with pytest.raises(ValidationError, match="say why"):
        services.retrieval.set_disposition(team.embryologist, s1.id, "freeze")
    services.retrieval.set_disposition(team.embryologist, s1.id, "freeze", reason="theatre asked to freeze")
    with pytest.raises(ValidationError, match="histology reference"):
        services.retrieval.set_disposition(team.embryologist, s2.id, "histology")
    services.retrieval.set_disposition(team.embryologist, s2.id, "histology", note="HP-26-0412")
    with pytest.raises(ValidationError, match="why the sample is discarded"):
        services.retrieval.set_disposition(team.embryologist, s3.id, "discarded")
    services.retrieval.set_disposition(team.embryologist, s3.id, "discarded", note="blood clot only")
    with pytest.raises(ValidationError, match="discarded; it cannot be frozen"):
        services.retrieval.set_disposition(team.embryologist, s3.id, "freeze", reason="changed mind")


def test_fresh_use_needs_this_patients_cycle(services, team, clock):
    _, _, proc = make_procedure(services, team, clock)
    _, other_cycle, _ = make_procedure(services, team, clock, mrn="M-999")
    s1 = receive(services, team, clock, proc)
    with pytest.raises(ValidationError, match="not this patient's"):
        services.retrieval.set_disposition(team.embryologist, s1.id, "fresh_icsi", cycle_id=other_cycle.id)


def test_one_patient_at_a_workstation(services, team, clock):
    _, _, proc_a = make_procedure(services, team, clock, mrn="M-A")
    _, _, proc_b = make_procedure(services, team, clock, mrn="M-B")
    a = receive(services, team, clock, proc_a)
    b = receive(services, team, clock, proc_b)
    services.processing.add_step(team.embryologist, sample_id=a.id, kind="mechanical_mincing",
                                 started_at=a.received_at, witness=eli_witness())
    state = services.processing.workstation_state()
    assert state.patient_id == a.patient_id and state.sample_codes == (a.code,)
    with pytest.raises(OtherPatientOpen, match="M-A"):
        services.processing.open_for_processing(team.embryologist, b.id)
    with pytest.raises(OtherPatientOpen):
        services.processing.add_step(team.embryologist, sample_id=b.id, kind="mechanical_mincing",
                                     started_at=b.received_at, witness=eli_witness())
    assert services.retrieval.get_sample(b.id).steps == ()
    services.processing.add_step(team.embryologist, sample_id=b.id, kind="mechanical_mincing",
                                 started_at=b.received_at, witness=eli_witness(),
                                 override_reason="urgent: theatre waiting, A is in the incubator")
    rows = services.audit.page(team.admin, AuditFilter(entity_type="workstation_activity")).rows
    assert any("theatre waiting" in r.reason for r in rows)
    services.processing.release(team.embryologist)
    assert services.processing.workstation_state().patient_id is None
    services.processing.open_for_processing(team.embryologist, b.id)


def test_corrections_to_witnessed_records_need_a_reason(services, team, clock):
    _, _, proc = make_procedure(services, team, clock)
    s1 = receive(services, team, clock, proc, site="upper pole")
    with pytest.raises(ValidationError, match="reason"):
        services.retrieval.correct_sample(team.embryologist, s1.id, reason="", site="lower pole")
    fixed = services.retrieval.correct_sample(team.embryologist, s1.id, reason="wrong pole typed", site="lower pole")
    assert fixed.site == "lower pole"
    row = services.audit.page(team.admin, AuditFilter(entity_type="tissue_samples", entity_id=str(s1.id))).rows[0]
    assert row.changes["site"] == ["upper pole", "lower pole"] and row.reason == "wrong pole typed"
    info = services.processing.record_finding(team.embryologist, sample_id=s1.id, assessed_at=s1.received_at,
                                              sperm_found=True, progressive=1)
    with pytest.raises(ValidationError, match="positive count"):
        services.processing.correct_finding(team.embryologist, info.findings[0].id, reason="misread",
                                            sperm_found=False)
    info = services.processing.correct_finding(team.embryologist, info.findings[0].id, reason="misread",
                                               progressive=0, non_progressive=1)
    assert info.findings[0].non_progressive == 1


def test_unknown_procedure(services, team):
    with pytest.raises(NotFound):
        services.retrieval.get_procedure(404)


def test_a_total_that_contradicts_its_motility_classes_saves_nothing(services, team, clock):
    _, _, proc = make_procedure(services, team, clock)
    sample = receive(services, team, clock, proc)
    clock.advance(minutes=10)
    with pytest.raises(ValidationError) as err:
        services.processing.record_finding(team.embryologist, sample_id=sample.id, assessed_at=clock.now,
                                           sperm_found=True, count_seen=5, count_basis="total", progressive=2,
                                           non_progressive=3, twitching=4, immotile=3)
    assert set(err.value.field_errors) == {"count_seen"}
    assert services.retrieval.get_sample(sample.id).findings == ()
    saved = services.processing.record_finding(team.embryologist, sample_id=sample.id, assessed_at=clock.now,
                                               sperm_found=True, count_seen=5, count_basis="total", twitching=4,
                                               immotile=1)
    (finding,) = saved.findings
    # A correction is held to the same rule, with the stored basis.
    with pytest.raises(ValidationError, match="add up to 6"):
        services.processing.correct_finding(team.embryologist, finding.id, reason="recount", immotile=2)
    with pytest.raises(ValidationError, match="add up to 5"):
        services.processing.correct_finding(team.embryologist, finding.id, reason="recount", count_seen=7)
    services.processing.correct_finding(team.embryologist, finding.id, reason="per droplet, not total",
                                        count_seen=7, count_basis="per_droplet")
