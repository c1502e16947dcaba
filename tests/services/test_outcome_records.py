"""Work-up, treatment before retrieval, cycle outcome and the derived attempt, through the services."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from sqlalchemy import func, select

from bench_app.domain.errors import ValidationError
from bench_app.domain.outcomes import Answer, Histology, HistoryAnswer, Karyotype, PregnancyTest, YMicrodeletion
from bench_app.persistence.models import CycleOutcome, MaleWorkup
from bench_app.services.audit_service import AuditFilter
from tests.services.outcomes_fixtures import couple_with_cycle, retrieval
from tests.services.retrieval_fixtures import eli_witness


@pytest.fixture
def man(services, team, clock):
    clock.now = datetime(2025, 6, 1, 12, tzinfo=timezone.utc)
    couple, diagnosis, cycle = couple_with_cycle(services, team.embryologist, "W-1", date(2025, 3, 1),
                                                 etiology="Klinefelter 47,XXY")
    return couple, diagnosis, cycle


def _count(services, model) -> int:
    with services.db.read() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


def test_workup_keeps_not_tested_apart_and_derives_te2(services, team, man):
    _, diagnosis, _ = man
    rec = services.outcome_records
    w = rec.record_workup(team.embryologist, diagnosis_id=diagnosis.id, hormones_on=date(2025, 2, 1),
                          fsh_iu_l="28,5", lh_iu_l=14.0, testosterone_nmol_l=15.0, estradiol_pmol_l=110.0,
                          karyotype="47,XXY", cryptorchidism="no")
    assert w.fsh_iu_l == 28.5 and w.karyotype == Karyotype.XXY
    assert w.te2_ratio == pytest.approx(15 * 28.842 / (110 / 3.671))
    # Never tested is stored as such, not as normal.
    assert (w.y_microdeletion, w.histology, w.varicocele) == (YMicrodeletion.NOT_TESTED, Histology.NOT_TESTED,
                                                             HistoryAnswer.UNKNOWN)
    assert w.volume_left_ml is None
    with pytest.raises(ValidationError, match="already"):
        rec.record_workup(team.embryologist, diagnosis_id=diagnosis.id)
    with pytest.raises(ValidationError) as both:
        rec.correct_workup(team.embryologist, w.id, reason="", y_microdeletion="AZFc", fsh_iu_l=300)
    assert set(both.value.field_errors) == {"reason", "fsh_iu_l"}  # one save shows every mistake
    fixed = rec.correct_workup(team.embryologist, w.id, reason="genetics report arrived", y_microdeletion="AZFc",
                               volumes_on=date(2025, 2, 1), volume_left_ml=4, volume_right_ml=5)
    assert fixed.y_microdeletion == YMicrodeletion.AZFC and fixed.fsh_iu_l == 28.5
    row = services.audit.page(team.admin, AuditFilter(entity_type="male_workups")).rows[0]
    assert row.changes["y_microdeletion"] == ["not_tested", "AZFc"] and row.reason == "genetics report arrived"
    assert rec.workup_of_diagnosis(diagnosis.id) == fixed


def test_a_bad_workup_leaves_nothing(services, team, man):
    _, diagnosis, _ = man
    with pytest.raises(ValidationError) as exc:
        services.outcome_records.record_workup(team.embryologist, diagnosis_id=diagnosis.id, fsh_iu_l=-1,
                                               karyotype="45,X")
    assert set(exc.value.field_errors) == {"fsh_iu_l", "karyotype", "hormones_on"}
    assert _count(services, MaleWorkup) == 0


def test_treatments_are_dated_events(services, team, man):
    couple, _, _ = man
    rec = services.outcome_records
    hcg = rec.add_treatment(team.embryologist, patient_id=couple.male.id, treatment="hCG/FSH",
                            started_on=date(2024, 10, 1), ended_on=date(2025, 1, 15))
    rec.add_treatment(team.embryologist, patient_id=couple.male.id, treatment="other", started_on=date(2025, 2, 1),
                      detail="anastrozole trial")
    with pytest.raises(ValidationError, match="other treatment"):
        rec.add_treatment(team.embryologist, patient_id=couple.male.id, treatment="other", started_on=date(2025, 2, 1))
    with pytest.raises(ValidationError, match="diagnosis"):
        rec.add_treatment(team.embryologist, patient_id=couple.female.id, treatment="clomiphene",
                          started_on=date(2025, 2, 1))
    rec.correct_treatment(team.embryologist, hcg.id, reason="dates from the referral letter",
                          started_on=date(2024, 9, 20))
    assert [t.started_on for t in rec.treatments_of_patient(couple.male.id)] == [date(2024, 9, 20), date(2025, 2, 1)]
    rec.remove_treatment(team.supervisor, hcg.id, reason="entered for the wrong man")
    assert len(rec.treatments_of_patient(couple.male.id)) == 1
    deleted = services.audit.page(team.admin, AuditFilter(entity_type="pre_retrieval_treatments")).rows[0]
    assert deleted.action == "delete" and deleted.reason == "entered for the wrong man"


def test_cycle_outcome_is_recorded_later_and_corrected_with_a_reason(services, team, man):
    _, _, cycle = man
    rec = services.outcome_records
    o = rec.record_outcome(team.embryologist, cycle_id=cycle.id, transfer="yes", transfer_on=date(2025, 3, 6),
                           pregnancy_test="positive", pregnancy_test_on=date(2025, 3, 17))
    assert (o.transfer, o.pregnancy_test, o.clinical_pregnancy) == (Answer.YES, PregnancyTest.POSITIVE,
                                                                    Answer.UNKNOWN)
    with pytest.raises(ValidationError, match="correct it"):
        rec.record_outcome(team.embryologist, cycle_id=cycle.id)
    with pytest.raises(ValidationError) as exc:
        rec.correct_outcome(team.embryologist, o.id, reason="scan", clinical_pregnancy="yes")
    assert exc.value.field_errors == {"clinical_pregnancy_on": "Give the date of the scan showing a sac."}
    later = rec.correct_outcome(team.embryologist, o.id, reason="scan at 7 weeks", clinical_pregnancy="yes",
                                clinical_pregnancy_on=date(2025, 4, 7))
    assert later.clinical_pregnancy == Answer.YES and rec.outcome_of_cycle(cycle.id) == later
    row = services.audit.page(team.admin, AuditFilter(entity_type="cycle_outcomes")).rows[0]
    assert row.changes["clinical_pregnancy"] == ["unknown", "yes"] and row.reason == "scan at 7 weeks"


def test_outcome_only_for_icsi_cycles_and_nothing_left_by_a_bad_one(services, team, man):
    couple, _, _ = man
    banking = services.patients.create_cycle(team.embryologist, couple_id=couple.id, cycle_type="sperm_banking",
                                             start_date=date(2025, 3, 1))
    with pytest.raises(ValidationError, match="ICSI cycle"):
        services.outcome_records.record_outcome(team.embryologist, cycle_id=banking.id, transfer="no")
    assert _count(services, CycleOutcome) == 0


def test_attempt_is_derived_from_his_history(services, team, man):
    couple, _, _ = man
    w = eli_witness()
    first, _ = retrieval(services, team.embryologist, w, couple.male.id, None,
                         datetime(2024, 5, 1, 8, tzinfo=timezone.utc), [False])
    second, _ = retrieval(services, team.embryologist, w, couple.male.id, None,
                          datetime(2024, 11, 1, 8, tzinfo=timezone.utc), [False, True])
    third, _ = retrieval(services, team.embryologist, w, couple.male.id, None,
                         datetime(2025, 4, 1, 8, tzinfo=timezone.utc), [True])
    rec = services.outcome_records
    assert rec.attempt_of_procedure(first.id).label == "first"
    a2 = rec.attempt_of_procedure(second.id)
    assert (a2.number, a2.earlier_positive, a2.label) == (2, False, "repeat after no sperm")
    a3 = rec.attempt_of_procedure(third.id)
    assert (a3.number, a3.earlier, a3.earlier_positive, a3.label) == (3, 2, True, "repeat after sperm found")
