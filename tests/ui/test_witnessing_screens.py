"""Witnessing through the real widgets (issue 14): a supervisor's override in the witness panel,
a continuing witness's PIN alone within one procedure, and the transport medium remembered."""

from __future__ import annotations

from sqlalchemy import select

from bench_app.persistence.models import Incident, TissueSample, WitnessRecord
from tests.services.retrieval_fixtures import make_procedure
from tests.ui.conftest import click, type_into
from tests.ui.retrieval_helpers import accepted, choose, shown_errors, witness


def procedure_window(open_window, services, team, clock):
    _, _, proc = make_procedure(services, team, clock)
    window = open_window(team.embryologist, idle_timeout_ms=600_000)
    retrieval = window.show_area("retrieval")
    retrieval.show_procedure(proc.id)
    return window, retrieval.procedure_view, proc


def receive_dialog(qtbot, view):
    click(qtbot, view.receive_button)
    dialog = view.active_dialog
    choose(qtbot, dialog.tubules, "d")
    return dialog


def test_a_supervisor_overrides_a_mismatch_in_the_witness_panel(qtbot, services, team, clock, open_window):
    _window, view, proc = procedure_window(open_window, services, team, clock)
    dialog = receive_dialog(qtbot, view)
    panel = dialog.witness_panel
    assert not panel.override_username.isVisibleTo(dialog)  # asked only once a mismatch is reported
    witness(qtbot, panel, tick=False)
    click(qtbot, panel.mismatch)
    assert panel.override_username.isVisibleTo(dialog) and panel.override_reason.isVisibleTo(dialog)
    type_into(qtbot, panel.override_username, "sam")
    type_into(qtbot, panel.override_secret, "not-sams")
    type_into(qtbot, panel.override_reason, "tube relabelled in theatre; MRN read against the record")
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible() and dialog.error_text("override_secret").startswith("Wrong PIN or password for 'sam'")
    assert panel.override_secret.text() == ""
    with services.db.read() as s:
        assert s.execute(select(TissueSample)).first() is None
    type_into(qtbot, panel.override_username, "eli")
    type_into(qtbot, panel.override_secret, "3333")
    click(qtbot, dialog.ok_button)
    assert "Only a supervisor can override" in dialog.error_text("override")
    type_into(qtbot, panel.override_username, "sam")
    type_into(qtbot, panel.override_secret, "1111")
    click(qtbot, dialog.ok_button)
    assert accepted(dialog), shown_errors(dialog)
    (sample,) = services.retrieval.get_procedure(proc.id).samples
    records = services.witness.records_for("tissue_samples", sample.id)
    assert [(r.result.value, r.override_by, r.override_reason) for r in records] == [
        ("overridden", "sam", "tube relabelled in theatre; MRN read against the record")]
    with services.db.read() as s:
        kinds = sorted(i.kind for i in s.execute(select(Incident)).scalars())
    # each report of the mismatch is kept, also those whose override was refused
    assert kinds == ["witness_mismatch", "witness_mismatch", "witness_mismatch", "witness_override"]


def test_the_witness_continues_with_the_pin_alone_until_the_lock(qtbot, services, team, clock, open_window):
    window, view, proc = procedure_window(open_window, services, team, clock)
    dialog = receive_dialog(qtbot, view)
    assert not dialog.witness_panel.continuing_text.isVisibleTo(dialog)
    type_into(qtbot, dialog.medium.product, "Sperm wash medium")
    type_into(qtbot, dialog.medium.lot, "SW-2291")
    witness(qtbot, dialog.witness_panel)
    click(qtbot, dialog.ok_button)
    assert accepted(dialog), shown_errors(dialog)

    clock.advance(minutes=5)
    dialog = receive_dialog(qtbot, view)
    panel = dialog.witness_panel
    assert dialog.medium.values() == ("Sperm wash medium", "SW-2291")  # the same medium for the next biopsy
    assert panel.continuing_text.isVisibleTo(dialog) and not panel.username.isVisibleTo(dialog)
    assert "Eli Embryologist" in panel.continuing_text.text()
    assert panel.form.caption("witness_secret").text() == "PIN of Eli Embryologist"
    type_into(qtbot, panel.secret, "3333")
    for box, _ in panel.boxes:
        box.setChecked(True)
    click(qtbot, dialog.ok_button)
    assert accepted(dialog), shown_errors(dialog)
    samples = services.retrieval.get_procedure(proc.id).samples
    assert [s.transport_medium_lot for s in samples] == ["Sperm wash medium lot SW-2291"] * 2
    with services.db.read() as s:
        records = s.execute(select(WitnessRecord).order_by(WitnessRecord.id)).scalars().all()
    assert [(r.entity_id, r.witness_id) for r in records] == [(str(samples[0].id), team.embryologist2.id),
                                                             (str(samples[1].id), team.embryologist2.id)]
    assert records[1].notes.startswith("confirmed with the PIN alone")

    # the lock ends the period: after it, the witness signs in with name and PIN again
    window.lock(idle=True)
    window._unlocked(team.embryologist)
    dialog = receive_dialog(qtbot, view)
    assert dialog.witness_panel.continuing is None and dialog.witness_panel.username.isVisibleTo(dialog)
    dialog.reject()

    # "Another witness" also brings back the user name
    services.witness.witness_step  # noqa: B018  (the period is started again by a full sign-in below)
    dialog = receive_dialog(qtbot, view)
    witness(qtbot, dialog.witness_panel)
    click(qtbot, dialog.ok_button)
    assert accepted(dialog), shown_errors(dialog)
    dialog = receive_dialog(qtbot, view)
    assert dialog.witness_panel.continuing is not None
    click(qtbot, dialog.witness_panel.another_button)
    assert dialog.witness_panel.continuing is None and dialog.witness_panel.username.isVisibleTo(dialog)
    assert dialog.witness_panel.form.caption("witness_secret").text() == "PIN or password"
