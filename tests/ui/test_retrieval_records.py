"""Retrieval records through the real widgets: findings, enzymatic steps, dispositions, corrections, the list."""

from __future__ import annotations

from datetime import timedelta

from bench_app.domain.enums import Disposition
from tests.services.retrieval_fixtures import eli_witness, make_procedure, receive
from tests.ui.conftest import click, plain, type_into
from tests.ui.retrieval_helpers import (  # noqa: F401  (retrieval is a fixture)
    accepted, choose, couple_with_cycle, retrieval, set_count, shown_errors,
)
from ui.qt import Qt


def open_with_sample(services, team, clock, retrieval, **kw):
    couple, cycle, proc = make_procedure(services, team, clock, **kw)
    sample = receive(services, team, clock, proc)
    clock.advance(minutes=15)
    retrieval.show_procedure(proc.id)
    return couple, cycle, proc, sample, retrieval.procedure_view


def test_no_sperm_with_a_count_is_refused_next_to_the_answer(qtbot, services, team, clock, retrieval):
    *_, sample, view = open_with_sample(services, team, clock, retrieval)
    click(qtbot, view.finding_button)
    dialog = view.active_dialog
    click(qtbot, dialog.ok_button)
    assert dialog.error_text("sperm_found") == "Say whether sperm were found: press Y or N."
    qtbot.keyClick(dialog.sperm_found, Qt.Key.Key_N)
    set_count(qtbot, dialog.count_seen, 3)
    set_count(qtbot, dialog.immotile, 2)
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible()
    assert dialog.error_text("sperm_found") == ("'No sperm' cannot go with a positive count: set sperm found, "
                                                "or clear the counts.")
    assert services.retrieval.get_sample(sample.id).findings == ()

    set_count(qtbot, dialog.count_seen, 0)  # back to "not counted" is below 0; 0 counts as nothing seen
    set_count(qtbot, dialog.immotile, 0)
    click(qtbot, dialog.ok_button)
    assert accepted(dialog), shown_errors(dialog)
    (finding,) = services.retrieval.get_sample(sample.id).findings
    assert not finding.sperm_found and finding.assessor == "emma"
    assert view.panel.headline.text() == "No sperm yet: 1 of 1 samples searched"
    assert not view.panel.found


def test_counts_and_viability_errors_land_on_their_rows(qtbot, services, team, clock, retrieval):
    *_, sample, view = open_with_sample(services, team, clock, retrieval)
    click(qtbot, view.finding_button)
    dialog = view.active_dialog
    qtbot.keyClick(dialog.sperm_found, Qt.Key.Key_Y)
    choose(qtbot, dialog.viability_test, "H")
    type_into(qtbot, dialog.assessed_at, (sample.received_at - timedelta(hours=1)).astimezone().strftime("%H:%M"))
    click(qtbot, dialog.ok_button)
    assert dialog.error_text("assessed_at") == "A finding cannot be made before the sample arrived."
    assert dialog.error_text("viability_result") == "Give the viability test's result."
    type_into(qtbot, dialog.assessed_at, "now")
    type_into(qtbot, dialog.viability_result, "2 of 2 viable")
    click(qtbot, dialog.ok_button)
    assert accepted(dialog), shown_errors(dialog)
    (finding,) = services.retrieval.get_sample(sample.id).findings
    assert finding.viability_test.value == "HOS" and finding.viability_result == "2 of 2 viable"


def test_enzymatic_digestion_asks_for_enzyme_and_defaults_to_37(qtbot, services, team, clock, retrieval):
    *_, sample, view = open_with_sample(services, team, clock, retrieval)
    services.processing.add_step(team.embryologist, sample_id=sample.id, kind="mechanical_mincing",
                                 started_at=sample.received_at, witness=eli_witness())
    view.refresh()
    click(qtbot, view.step_button)
    dialog = view.active_dialog
    assert dialog.kind.currentData() == "needle_dissection"  # what usually follows mincing
    assert not dialog.enzyme.isVisibleTo(dialog)
    choose(qtbot, dialog.kind, "E")
    assert dialog.enzyme.isVisibleTo(dialog) and dialog.temperature.value() == 37.0
    type_into(qtbot, dialog.concentration, "1 mg/mL")
    type_into(qtbot, dialog.medium.product, "Collagenase IV")
    type_into(qtbot, dialog.medium.lot, "C4-118")
    type_into(qtbot, dialog.ended_at, "08:00")
    click(qtbot, dialog.ok_button)
    assert dialog.error_text("ended_at") == "A step cannot end before it starts."
    type_into(qtbot, dialog.ended_at, "")
    click(qtbot, dialog.ok_button)
    assert accepted(dialog), shown_errors(dialog)
    step = services.retrieval.get_sample(sample.id).steps[-1]
    assert (step.kind.value, step.enzyme, step.enzyme_concentration, step.minutes, step.temperature_c) == (
        "enzymatic_digestion", "collagenase type IV", "1 mg/mL", 30, 37.0)
    assert step.medium_lot == "Collagenase IV lot C4-118" and step.ended_at is None
    assert view.steps_model.rowCount() == 2


def test_dispositions_fresh_then_changed_with_a_reason_and_contradictions_refused(
        qtbot, services, team, clock, retrieval):
    _, cycle, proc, sample, view = open_with_sample(services, team, clock, retrieval)
    click(qtbot, view.disposition_button)
    dialog = view.active_dialog
    assert not dialog.reason.isVisibleTo(dialog)
    choose(qtbot, dialog.disposition, "F")
    assert dialog.cycle.isVisibleTo(dialog) and dialog.cycle.currentData() == cycle.id
    click(qtbot, dialog.ok_button)
    assert accepted(dialog), shown_errors(dialog)
    assert services.retrieval.get_sample(sample.id).disposition == Disposition.FRESH_ICSI

    click(qtbot, view.disposition_button)
    dialog = view.active_dialog
    assert dialog.reason.isVisibleTo(dialog)
    choose(qtbot, dialog.disposition, "D")
    assert dialog.note.isVisibleTo(dialog) and not dialog.cycle.isVisibleTo(dialog)
    type_into(qtbot, dialog.note, "blood clot only")
    click(qtbot, dialog.ok_button)
    assert dialog.error_text("reason") == ("The sample is already marked used fresh for ICSI: "
                                           "say why this changes.")
    type_into(qtbot, dialog.reason, "no sperm after all")
    click(qtbot, dialog.ok_button)
    assert accepted(dialog), shown_errors(dialog)
    assert view.samples_model.index(0, view.samples_model.Column.DISPOSITION).data() == "Discarded: blood clot only"

    click(qtbot, view.disposition_button)
    dialog = view.active_dialog
    choose(qtbot, dialog.disposition, "T")
    type_into(qtbot, dialog.reason, "changed mind")
    click(qtbot, dialog.ok_button)
    assert dialog.error_text("disposition") == "This sample was discarded; it cannot be frozen."
    assert services.retrieval.get_sample(sample.id).disposition == Disposition.DISCARDED


def test_correct_a_sample_with_a_reason(qtbot, services, team, clock, retrieval):
    *_, sample, view = open_with_sample(services, team, clock, retrieval)
    click(qtbot, view.correct_button)
    dialog = view.active_dialog
    type_into(qtbot, dialog.site, "lower pole")
    click(qtbot, dialog.ok_button)
    assert dialog.error_text("reason") == "A witnessed record is corrected only with a reason."
    type_into(qtbot, dialog.reason, "wrong pole typed")
    click(qtbot, dialog.ok_button)
    assert accepted(dialog), shown_errors(dialog)
    assert services.retrieval.get_sample(sample.id).site == "lower pole"


def test_new_procedure_field_errors_and_the_list_range(qtbot, services, team, clock, retrieval):
    couple, _cycle = couple_with_cycle(services, team, clock, diagnosis="")
    services.retrieval.create_procedure(
        team.embryologist, patient_id=couple.male.id, cycle_id=None, procedure_type="TESA",
        started_at=clock.now - timedelta(days=20), surgeon="Dr. Old", anaesthesia="local", side="left",
        indication="OA", planned_use="freeze")
    listing = retrieval.list_view
    listing.refresh()
    assert listing.model.rowCount() == 0  # 20 days ago is outside the last 14 days
    qtbot.keyClick(listing.range, Qt.Key.Key_Down)  # last 14 days -> last 30 days
    assert listing.model.rowCount() == 1 and listing.model.row_at(0).surgeon == "Dr. Old"

    retrieval.new_procedure(couple.male.id)  # opened for a known patient
    dialog = listing.active_dialog
    assert dialog.patient.patient().id == couple.male.id
    assert dialog.indication.currentIndex() == -1  # no diagnosis: chosen by hand
    type_into(qtbot, dialog.started_at, "25:00")
    click(qtbot, dialog.ok_button)
    assert dialog.error_text("started_at") == "'25:00' is not a time of day."
    type_into(qtbot, dialog.started_at, "now")
    click(qtbot, dialog.ok_button)
    assert dialog.error_text("surgeon") == "Name the surgeon."
    assert dialog.error_text("indication") == "Choose OA, NOA or other."
    choose(qtbot, dialog.indication, "O")
    type_into(qtbot, dialog.surgeon, "Dr. New")
    click(qtbot, dialog.ok_button)
    assert accepted(dialog), shown_errors(dialog)
    assert retrieval.current_page() is retrieval.procedure_view
    assert plain(retrieval.procedure_view.title.text()).startswith("ÇELIK, İbrahim")


def test_a_finding_from_the_keyboard_alone(qtbot, services, team, clock, retrieval):
    *_, sample, view = open_with_sample(services, team, clock, retrieval)
    view.finding_button.setFocus()
    qtbot.keyClick(view.finding_button, Qt.Key.Key_Space)
    dialog = view.active_dialog
    assert dialog.focusWidget() is dialog.sperm_found
    qtbot.keyClick(dialog.sperm_found, Qt.Key.Key_Y)
    set_count(qtbot, dialog.count_seen, 1)
    set_count(qtbot, dialog.progressive, 1)
    qtbot.keyClick(dialog.progressive, Qt.Key.Key_Return)  # Enter accepts
    assert accepted(dialog), shown_errors(dialog)
    (finding,) = services.retrieval.get_sample(sample.id).findings
    assert (finding.sperm_found, finding.count_seen, finding.progressive) == (True, 1, 1)
    assert finding.assessed_at == clock.now  # "now" when the dialog opened, seconds included


def test_enter_in_the_patient_search_chooses_and_moves_on(qtbot, services, team, clock, retrieval):
    couple, cycle = couple_with_cycle(services, team, clock)
    click(qtbot, retrieval.list_view.new_button)
    dialog = retrieval.list_view.active_dialog
    type_into(qtbot, dialog.patient.search, "m-200")
    qtbot.keyClick(dialog.patient.search, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.general_error.text() == ""  # not saved half-filled
    assert dialog.patient.patient().id == couple.male.id and dialog.focusWidget() is dialog.cycle


def test_a_total_that_differs_from_its_motility_classes_is_refused_next_to_the_total(
        qtbot, services, team, clock, retrieval):
    *_, sample, view = open_with_sample(services, team, clock, retrieval)
    click(qtbot, view.finding_button)
    dialog = view.active_dialog
    qtbot.keyClick(dialog.sperm_found, Qt.Key.Key_Y)
    set_count(qtbot, dialog.count_seen, 5)
    for box, n in ((dialog.progressive, 2), (dialog.non_progressive, 3), (dialog.twitching, 4),
                   (dialog.immotile, 3)):
        set_count(qtbot, box, n)
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible()
    assert dialog.error_text("count_seen").startswith("5 in total, but the motility classes add up to 12")
    assert services.retrieval.get_sample(sample.id).findings == ()
    set_count(qtbot, dialog.count_seen, 12)
    click(qtbot, dialog.ok_button)
    assert accepted(dialog), shown_errors(dialog)
    (finding,) = services.retrieval.get_sample(sample.id).findings
    assert (finding.count_seen, finding.motile, finding.immotile) == (12, 9, 3)
