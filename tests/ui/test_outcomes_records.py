"""Work-up, treatment before retrieval and cycle outcome through the real widgets of a couple's record."""

from __future__ import annotations

from datetime import date

import pytest

from bench_app.domain.outcomes import Answer, HistoryAnswer, Karyotype, PregnancyTest, TreatmentKind, YMicrodeletion
from tests.ui.conftest import click, type_into
from ui.qt import QDialog


@pytest.fixture
def couple_view(qtbot, services, team, open_window):
    window = open_window(team.embryologist, idle_timeout_ms=600_000)
    patients_view = window.show_area("patients")
    couple = services.patients.register_couple(team.embryologist, male={
        "mrn": "M-300", "family_name": "Haddad", "given_names": "Karim", "date_of_birth": date(1983, 2, 1)},
        female={"mrn": "F-300", "family_name": "Haddad", "given_names": "Rania", "date_of_birth": date(1988, 3, 2)})
    services.patients.record_diagnosis(team.embryologist, patient_id=couple.male.id, azoospermia_type="NOA",
                                       etiology="Klinefelter 47,XXY", diagnosed_on=date(2026, 9, 1))
    services.patients.create_cycle(team.embryologist, couple_id=couple.id, cycle_type="icsi",
                                   start_date=date(2026, 10, 1))
    patients_view.show_couple(couple.id)
    return patients_view.couple_view


def choose(combo, value) -> None:
    combo.setCurrentIndex(combo.findData(value))


def test_record_then_correct_a_workup(qtbot, services, couple_view):
    assert couple_view.workup_line.text() == "Work-up: not recorded."
    click(qtbot, couple_view.workup_button)
    dialog = couple_view.active_dialog
    type_into(qtbot, dialog.fields["fsh_iu_l"], "31")
    type_into(qtbot, dialog.fields["testosterone_nmol_l"], "9,5")
    type_into(qtbot, dialog.fields["estradiol_pmol_l"], "150")
    assert dialog.te2.text().startswith("6.7") and "below 10" in dialog.te2.text()
    choose(dialog.karyotype, "47,XXY")
    click(qtbot, dialog.ok_button)
    # The blood test's date is missing: said under its field, nothing stored.
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "date of the blood test" in dialog._forms[0].error_text("hormones_on")
    diagnosis = couple_view.detail.diagnoses[0]
    assert services.outcome_records.workup_of_diagnosis(diagnosis.id) is None
    type_into(qtbot, dialog.hormones_on, "2026-08-20")
    click(qtbot, dialog.ok_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    stored = services.outcome_records.workup_of_diagnosis(diagnosis.id)
    assert (stored.fsh_iu_l, stored.testosterone_nmol_l, stored.karyotype) == (31.0, 9.5, Karyotype.XXY)
    assert stored.lh_iu_l is None and stored.y_microdeletion == YMicrodeletion.NOT_TESTED
    assert stored.varicocele == HistoryAnswer.UNKNOWN
    assert "karyotype 47,XXY" in couple_view.workup_line.text() and "LH not tested" in couple_view.workup_line.text()

    click(qtbot, couple_view.workup_button)
    dialog = couple_view.active_dialog
    assert dialog.reason.isVisibleTo(dialog) and dialog.fields["fsh_iu_l"].text() == "31"
    choose(dialog.azf, "none")
    click(qtbot, dialog.ok_button)
    assert "why" in dialog._forms[-1].error_text("reason")
    type_into(qtbot, dialog.reason, "genetics report received")
    click(qtbot, dialog.ok_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert services.outcome_records.workup_of_diagnosis(diagnosis.id).y_microdeletion == YMicrodeletion.NONE


def test_add_correct_and_remove_a_treatment(qtbot, services, couple_view):
    section = couple_view.treatments
    assert section.isVisibleTo(couple_view) and not section.correct_button.isEnabled()
    click(qtbot, section.add_button)
    dialog = section.active_dialog
    choose(dialog.treatment, "aromatase_inhibitor")
    type_into(qtbot, dialog.started_on, "2026-05-01")
    type_into(qtbot, dialog.detail, "anastrozole 1 mg daily")
    click(qtbot, dialog.ok_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    man = couple_view.detail.couple.male
    (stored,) = services.outcome_records.treatments_of_patient(man.id)
    assert (stored.treatment, stored.started_on, stored.detail) == (
        TreatmentKind.AROMATASE_INHIBITOR, date(2026, 5, 1), "anastrozole 1 mg daily")
    assert section.model.rowCount() == 1

    section.table.selectRow(0)
    click(qtbot, section.correct_button)
    dialog = section.active_dialog
    type_into(qtbot, dialog.ended_on, "2026-08-01")
    type_into(qtbot, dialog.reason, "end date from the urologist")
    click(qtbot, dialog.ok_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert services.outcome_records.treatments_of_patient(man.id)[0].ended_on == date(2026, 8, 1)

    section.table.selectRow(0)
    click(qtbot, section.remove_button)
    dialog = section.active_dialog
    type_into(qtbot, dialog.reason, "entered twice")
    click(qtbot, dialog.ok_button)
    assert services.outcome_records.treatments_of_patient(man.id) == []
    assert section.model.rowCount() == 0


def test_record_a_cycle_outcome_step_by_step(qtbot, services, couple_view):
    click(qtbot, couple_view.outcome_button)
    dialog = couple_view.active_dialog
    choose(dialog.choices["transfer"], "yes")
    choose(dialog.choices["pregnancy_test"], "positive")
    type_into(qtbot, dialog.dates["pregnancy_test"], "2026-10-20")
    click(qtbot, dialog.ok_button)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog._forms[0].error_text("transfer") == "Give the date of the embryo transfer."
    type_into(qtbot, dialog.dates["transfer"], "2026-10-06")
    click(qtbot, dialog.ok_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    cycle = couple_view.detail.cycles[0]
    stored = services.outcome_records.outcome_of_cycle(cycle.id)
    assert (stored.transfer, stored.transfer_on, stored.pregnancy_test) == (
        Answer.YES, date(2026, 10, 6), PregnancyTest.POSITIVE)

    click(qtbot, couple_view.outcome_button)
    dialog = couple_view.active_dialog
    assert dialog.choices["pregnancy_test"].currentData() == "positive"
    choose(dialog.choices["clinical_pregnancy"], "yes")
    type_into(qtbot, dialog.dates["clinical_pregnancy"], "2026-11-10")
    type_into(qtbot, dialog.reason, "scan at 7 weeks")
    click(qtbot, dialog.ok_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert services.outcome_records.outcome_of_cycle(cycle.id).clinical_pregnancy == Answer.YES


def test_the_procedure_view_says_which_attempt_it_is(qtbot, services, team, clock, open_window):
    from datetime import datetime, timezone

    from tests.services.outcomes_fixtures import retrieval
    from tests.services.retrieval_fixtures import eli_witness

    couple = services.patients.register_couple(team.embryologist, male={
        "mrn": "M-400", "family_name": "Rossi", "given_names": "Luca", "date_of_birth": date(1980, 2, 1)})
    services.patients.record_diagnosis(team.embryologist, patient_id=couple.male.id, azoospermia_type="NOA",
                                       etiology="idiopathic")
    first, _ = retrieval(services, team.embryologist, eli_witness(), couple.male.id, None,
                         datetime(2026, 3, 2, 8, tzinfo=timezone.utc), [False, False])
    second, _ = retrieval(services, team.embryologist, eli_witness(), couple.male.id, None,
                          datetime(2026, 9, 2, 8, tzinfo=timezone.utc), [True])
    window = open_window(team.embryologist, idle_timeout_ms=600_000)
    area = window.show_area("retrieval")
    area.show_procedure(first.id)
    assert "first\u00a0retrieval" in area.procedure_view.facts.text()
    area.show_procedure(second.id)
    assert "2nd\u00a0retrieval,\u00a0no\u00a0sperm\u00a0found\u00a0before" in area.procedure_view.facts.text()
