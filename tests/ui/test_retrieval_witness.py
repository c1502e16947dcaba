"""Witnessed retrieval steps through the real widgets: wrong PIN, mismatch, the other patient's material."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from bench_app.persistence.models import Incident, TissueSample, WitnessRecord
from bench_app.services.audit_service import AuditFilter
from tests.services.retrieval_fixtures import eli_witness, make_procedure, receive
from tests.ui.conftest import click, type_into
from tests.ui.retrieval_helpers import accepted, choose, retrieval, shown_errors, witness  # noqa: F401


def count(services, model) -> int:
    with services.db.read() as s:
        return s.execute(select(func.count(model.id))).scalar_one()


def test_wrong_witness_pin_is_shown_by_the_pin_and_nothing_is_stored(qtbot, services, team, clock, retrieval):
    _, _, proc = make_procedure(services, team, clock)
    retrieval.show_procedure(proc.id)
    view = retrieval.procedure_view
    click(qtbot, view.receive_button)
    dialog = view.active_dialog
    type_into(qtbot, dialog.site, "upper pole")
    choose(qtbot, dialog.tubules, "d")
    witness(qtbot, dialog.witness_panel, pin="0000")
    click(qtbot, dialog.ok_button)

    assert dialog.isVisible()
    assert dialog.error_text("witness_secret") == "Wrong PIN or password for 'eli'. 4 attempts left before the account locks."
    assert dialog.witness_panel.secret.text() == "" and dialog.focusWidget() is dialog.witness_panel.secret
    assert dialog.general_error.text() == ""
    assert dialog.site.currentText() == "upper pole"  # the rest of the input is kept
    assert count(services, TissueSample) == 0 and count(services, WitnessRecord) == 0

    type_into(qtbot, dialog.witness_panel.secret, "3333")
    click(qtbot, dialog.ok_button)
    assert accepted(dialog), shown_errors(dialog)
    assert dialog.error_text("witness_secret") == ""
    assert [s.site for s in services.retrieval.get_procedure(proc.id).samples] == ["upper pole"]


def test_the_witness_must_tick_every_identifier_and_be_someone_else(qtbot, services, team, clock, retrieval):
    _, _, proc = make_procedure(services, team, clock)
    retrieval.show_procedure(proc.id)
    click(qtbot, retrieval.procedure_view.receive_button)
    dialog = retrieval.procedure_view.active_dialog
    choose(qtbot, dialog.tubules, "d")
    witness(qtbot, dialog.witness_panel, username="emma", pin="2222", tick=False)
    click(qtbot, dialog.ok_button)
    assert "Tick each identifier" in dialog.error_text("identifiers")
    witness(qtbot, dialog.witness_panel, username="emma", pin="2222")
    click(qtbot, dialog.ok_button)
    assert dialog.error_text("witness") == ("The witness must be a different person from the one "
                                            "performing the step.")
    assert dialog.error_text("identifiers") == "" and count(services, TissueSample) == 0


def test_a_scan_of_another_label_is_refused_and_a_mismatch_blocks_with_its_incident(
        qtbot, services, team, clock, retrieval):
    _, _, proc = make_procedure(services, team, clock)
    retrieval.show_procedure(proc.id)
    click(qtbot, retrieval.procedure_view.receive_button)
    dialog = retrieval.procedure_view.active_dialog
    choose(qtbot, dialog.tubules, "t")
    panel = dialog.witness_panel
    witness(qtbot, panel, tick=False)
    type_into(qtbot, panel.scan, "M-999")
    click(qtbot, dialog.ok_button)
    assert "not this item's" in dialog.error_text("scan") and count(services, TissueSample) == 0

    click(qtbot, panel.mismatch)
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible()
    with services.db.read() as s:
        incident = s.execute(select(Incident)).scalar_one()
    message = dialog.error_text("mismatch")
    assert message.startswith("Blocked: the witness reported a mismatch, so nothing was saved.")
    assert f"Incident #{incident.id} was recorded." in message
    assert count(services, TissueSample) == 0


def test_another_patients_open_material_warns_and_going_on_records_the_reason(
        qtbot, services, team, clock, retrieval):
    _, _, proc_a = make_procedure(services, team, clock, mrn="M-A")
    a = receive(services, team, clock, proc_a)
    services.processing.add_step(team.embryologist, sample_id=a.id, kind="mechanical_mincing",
                                 started_at=a.received_at, witness=eli_witness())
    _, _, proc_b = make_procedure(services, team, clock, mrn="M-B")
    b = receive(services, team, clock, proc_b)
    clock.advance(minutes=5)
    retrieval.show_procedure(proc_b.id)
    view = retrieval.procedure_view
    assert "another patient" in view.bench_line.text()
    click(qtbot, view.step_button)
    dialog = view.active_dialog
    witness(qtbot, dialog.witness_panel)
    click(qtbot, dialog.ok_button)

    assert dialog.isVisible() and dialog.warning_box.isVisibleTo(dialog)
    assert "(M-A) is open for processing at this workstation" in dialog.warning.text()
    assert services.retrieval.get_sample(b.id).steps == ()
    click(qtbot, dialog.go_on_button)  # without a reason
    assert "Give the reason" in dialog.error_text("override_reason")
    type_into(qtbot, dialog.override_reason, "theatre waiting; M-A sample in the incubator")
    click(qtbot, dialog.go_on_button)
    assert accepted(dialog), shown_errors(dialog)

    (step,) = services.retrieval.get_sample(b.id).steps
    assert step.witnessed_by == "eli"
    rows = services.audit.page(team.admin, AuditFilter(entity_type="workstation_activity")).rows
    assert any("theatre waiting; M-A sample in the incubator" in r.reason for r in rows)


def test_release_bench_clears_the_workstation(qtbot, services, team, clock, retrieval):
    _, _, proc = make_procedure(services, team, clock)
    sample = receive(services, team, clock, proc)
    services.processing.add_step(team.embryologist, sample_id=sample.id, kind="wash",
                                 started_at=sample.received_at + timedelta(minutes=1), witness=eli_witness())
    retrieval.show_procedure(proc.id)
    view = retrieval.procedure_view
    assert view.release_button.isVisibleTo(view) and sample.code in view.bench_line.text()
    click(qtbot, view.release_button)
    assert services.processing.workstation_state().patient_id is None
    assert not view.release_button.isVisibleTo(view)
