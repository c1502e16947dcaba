"""Reports › Incidents through the real widgets: filter, acknowledge, resolve, print (issue 14)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bench_app.domain.errors import AuthenticationFailed, WitnessMismatch
from bench_app.persistence.models import Incident
from bench_app.services.witness_service import WitnessInput
from tests.reports.pdf_reading import pages_text
from tests.services.retrieval_fixtures import make_procedure, receive
from tests.ui.conftest import click, type_into
from tests.ui.printing_helpers import AnsweringFileChooser
from tests.ui.retrieval_helpers import accepted, shown_errors
from ui.printing.print_preview_dialog import PrintPreviewDialog
from ui.reports.incident_table_model import IncidentTableModel
from ui.reports.resolve_incident_dialog import ResolveIncidentDialog


@pytest.fixture
def incidents(services, team, clock):
    """A mismatch two days ago, a refused witness today, and a kind recorded by another part of Bench."""
    couple, _, proc = make_procedure(services, team, clock)
    clock.advance(days=-2)
    with pytest.raises(WitnessMismatch):
        services.witness.witness_step(team.embryologist, "container_transfer", WitnessInput(
            username="eli", secret="3333", identifiers=("MRN M-200",), matched=False),
            entity_type="patients", entity_id=couple.male.id)
    clock.advance(days=2)
    with pytest.raises(AuthenticationFailed):
        receive(services, team, clock, proc, witness=WitnessInput(username="eli", secret="9876",
                                                                  identifiers=("MRN M-200",)))
    with services.db.write() as s:
        s.add(Incident(occurred_at=clock.now, kind="code_voided", description="D-7K3M9Q-X voided: label misprinted",
                       entity_type="cryo_devices", entity_id="", resolution=""))
    return proc


def view_of(window):
    return window.show_area("reports").show_incidents()


def texts(view, column):
    return [view.proxy.index(r, column).data() for r in range(view.proxy.rowCount())]


def test_the_supervisor_acknowledges_resolves_filters_and_prints(qtbot, services, team, clock, open_window,
                                                                 incidents):
    view = view_of(open_window(team.supervisor, idle_timeout_ms=600_000))
    view.refresh()
    kinds = IncidentTableModel.Column.KIND
    assert texts(view, kinds) == ["code voided", "witness refused", "witness mismatch"]
    assert "3 incidents" in view.caption.text() and "3 open" in view.caption.text()

    view.select(services.incidents.list_incidents()[-1].id)  # the mismatch
    assert view.acknowledge_button.isEnabled()
    click(qtbot, view.acknowledge_button)
    mismatch = services.incidents.list_incidents()[-1]
    assert mismatch.state.value == "acknowledged" and mismatch.acknowledged_by == "Sam Supervisor"
    assert texts(view, IncidentTableModel.Column.STATE)[-1] == "Acknowledged"  # the state as the screen names it
    assert not view.acknowledge_button.isEnabled() and view.resolve_button.isEnabled()

    click(qtbot, view.resolve_button)
    dialog = view.active_dialog
    assert isinstance(dialog, ResolveIncidentDialog)
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible() and dialog.error_text("resolution") == "Say how the incident was resolved."
    dialog.resolution.setFocus()
    qtbot.keyClicks(dialog.resolution, "Tube relabelled from the record with the witness; theatre informed.")
    click(qtbot, dialog.ok_button)
    assert accepted(dialog), shown_errors(dialog)
    with services.db.read() as s:
        row = s.get(Incident, mismatch.id)
        assert row.resolution.startswith("Tube relabelled") and row.resolved_at == clock.now
        assert row.resolved_by == team.supervisor.id
    # the default filter shows what still needs a supervisor: the resolved one has left the list
    assert texts(view, kinds) == ["code voided", "witness refused"]

    view.state.setCurrentIndex(view.state.findText("Resolved"))
    assert texts(view, kinds) == ["witness mismatch"]
    view.state.setCurrentIndex(view.state.findText("Any state"))
    view.kind.setCurrentIndex(view.kind.findData("code_voided"))
    assert texts(view, kinds) == ["code voided"]
    view.kind.setCurrentIndex(0)
    type_into(qtbot, view.since, (clock.now.astimezone().date() - timedelta(days=1)).isoformat())
    view.refresh()
    assert texts(view, kinds) == ["code voided", "witness refused"]

    view.file_chooser = AnsweringFileChooser("incidents")
    click(qtbot, view.preview_button)
    preview = view.active_dialog
    assert isinstance(preview, PrintPreviewDialog) and preview.page_count == 1
    text = " ".join(" ".join(pages_text(preview.content)).split())
    assert "code voided" in text and "witness refused" in text and "witness mismatch" not in text
    with services.db.read() as s:
        from bench_app.persistence.models import AuditEvent
        printed = s.execute(select(AuditEvent).where(AuditEvent.entity_type == "incidents",
                                                     AuditEvent.action == "print")).scalar_one()
    assert printed.user_id == team.supervisor.id


def test_an_embryologist_sees_the_list_but_cannot_review(qtbot, team, open_window, incidents):
    view = view_of(open_window(team.embryologist, idle_timeout_ms=600_000))
    view.refresh()
    assert view.model.rowCount() == 3
    assert view.acknowledge_button.isHidden() and view.resolve_button.isHidden()
    assert "Only a supervisor" in view.detail.text()
