"""Stored values on screen in the person's language, while the database keeps the English codes."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from bench_app.domain.enums import Disposition, ProcessingStepKind
from tests.services.retrieval_fixtures import make_procedure, receive
from tests.ui.conftest import click
from tests.ui.retrieval_helpers import accepted, choose, shown_errors, witness
from ui.common.i18n import install_language


@pytest.fixture
def turkish(qtbot):
    install_language("tr")
    yield
    install_language("en")


def stored(db_url: str, sql: str, **params):
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql), params).scalar_one()
    finally:
        engine.dispose()


def test_a_turkish_screen_shows_names_and_stores_english_codes(qtbot, turkish, services, team, clock, open_window,
                                                                 db_url):
    couple, cycle, proc = make_procedure(services, team, clock)
    sample = receive(services, team, clock, proc)
    clock.advance(minutes=15)
    window = open_window(team.embryologist, idle_timeout_ms=600_000)
    retrieval = window.show_area("retrieval")

    listing = retrieval.list_view
    listing.refresh()
    assert listing.model.index(0, listing.model.Column.TYPE).data() == "mikro-TESE"

    retrieval.show_procedure(proc.id)
    view = retrieval.procedure_view
    samples = view.samples_model
    assert samples.index(0, samples.Column.DISPOSITION).data() == "Beklemede"
    assert samples.index(0, samples.Column.STATUS).data() == "Teslim alındı"

    # The first step, witnessed: the combo says it in Turkish and carries the code.
    view.samples.selectRow(0)
    click(qtbot, view.step_button)
    step = view.active_dialog
    assert step.kind.currentText() == "Mekanik parçalama" and step.kind.currentData() == "mechanical_mincing"
    witness(qtbot, step.witness_panel)
    click(qtbot, step.ok_button)
    assert accepted(step), shown_errors(step)
    assert view.steps_model.index(0, view.steps_model.Column.STEP).data() == "Mekanik parçalama"

    # The disposition, chosen by its Turkish initial as a person at the keyboard does.
    click(qtbot, view.disposition_button)
    dialog = view.active_dialog
    assert [dialog.disposition.itemText(i) for i in range(dialog.disposition.count())] == [
        "Taze ICSI için", "Dondurulacak", "Histoloji", "İmha edildi"]
    choose(qtbot, dialog.disposition, "D")
    assert dialog.disposition.currentData() == "freeze"
    click(qtbot, dialog.ok_button)
    assert accepted(dialog), shown_errors(dialog)
    assert samples.index(0, samples.Column.DISPOSITION).data() == "Dondurulacak"

    # Read back from the database: the English codes, whatever the screen's language.
    assert stored(db_url, "SELECT disposition FROM tissue_samples WHERE id = :id", id=sample.id) == "freeze"
    assert stored(db_url, "SELECT kind FROM processing_steps WHERE sample_id = :id", id=sample.id) == (
        "mechanical_mincing")
    assert stored(db_url, "SELECT procedure_type FROM retrieval_procedures WHERE id = :id", id=proc.id) == (
        "micro-TESE")
    again = services.retrieval.get_sample(sample.id)
    assert again.disposition == Disposition.FREEZE
    assert [s.kind for s in again.steps] == [ProcessingStepKind.MECHANICAL_MINCING]
