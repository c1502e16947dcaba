"""The issue's UI test: a micro-TESE through the real widgets, from a new procedure to "1 of 3" positive."""

from __future__ import annotations

from bench_app.domain.enums import ProcessingStepKind, SampleStatus, WitnessMethod
from tests.ui.conftest import click, plain, type_into, type_text
from tests.ui.retrieval_helpers import (  # noqa: F401  (retrieval is a fixture)
    accepted, choose, couple_with_cycle, press_enter, retrieval, set_count, shown_errors, witness,
)
from ui.qt import Qt


def receive(qtbot, view, site: str, tubules_key: str, weight: str = "", scan: str = "") -> None:
    click(qtbot, view.receive_button)
    dialog = view.active_dialog
    type_into(qtbot, dialog.site, site)
    choose(qtbot, dialog.tubules, tubules_key)
    if weight:
        type_into(qtbot, dialog.weight, weight)
    if scan:  # the witness scans the MRN barcode on the tube instead of ticking
        witness(qtbot, dialog.witness_panel, tick=False)
        type_into(qtbot, dialog.witness_panel.scan, scan)
        press_enter(qtbot, dialog.witness_panel.scan)
        # the scan ticked every identifier and the witness had signed: the scanner's Enter saves the step
        assert accepted(dialog), shown_errors(dialog)
        return
    witness(qtbot, dialog.witness_panel)
    click(qtbot, dialog.ok_button)
    assert accepted(dialog), shown_errors(dialog)


def test_micro_tese_three_samples_one_positive(qtbot, services, team, clock, retrieval):
    couple, cycle = couple_with_cycle(services, team, clock)
    listing = retrieval.list_view
    click(qtbot, listing.new_button)
    dialog = listing.active_dialog
    type_text(qtbot, dialog.patient.search, "çel")
    qtbot.waitUntil(lambda: dialog.patient.patient() is not None)
    assert dialog.patient.patient().id == couple.male.id  # the woman is not offered
    assert dialog.cycle.currentData() == cycle.id
    assert dialog.indication.currentData() == "NOA"  # from the latest diagnosis
    assert dialog.procedure_type.currentData() == "micro-TESE"
    assert dialog.anaesthesia.currentData() == "general" and dialog.planned_use.currentData() == "fresh_icsi"
    assert dialog.started_at.text().endswith("09:00")  # now, in local time
    type_into(qtbot, dialog.surgeon, "Dr. Aydın")
    type_into(qtbot, dialog.notes, "AZFc; left testis first")
    press_enter(qtbot, dialog.notes)  # Enter accepts
    assert accepted(dialog), shown_errors(dialog)

    view = retrieval.procedure_view
    assert retrieval.current_page() is view
    assert plain(view.title.text()) == "ÇELIK, İbrahim   ·   MRN M-200"
    assert plain(view.panel.headline.text()) == "No samples received yet"

    clock.advance(minutes=20)
    receive(qtbot, view, "upper pole", "d", weight="12,5")
    receive(qtbot, view, "mid pole", "t")
    receive(qtbot, view, "lower pole", "m", scan="m-200")
    assert view.samples_model.rowCount() == 3
    assert view.panel.headline.text() == "Searching: 3 samples received, none searched yet"

    view.samples.selectRow(0)
    clock.advance(minutes=5)
    click(qtbot, view.step_button)
    step = view.active_dialog
    assert step.kind.currentData() == "mechanical_mincing" and step.witness_panel is not None
    witness(qtbot, step.witness_panel)
    click(qtbot, step.ok_button)
    assert accepted(step), shown_errors(step)

    click(qtbot, view.step_button)
    step = view.active_dialog
    assert step.witness_panel is None  # only starting processing is witnessed
    choose(qtbot, step.kind, "s")
    assert step.kind.currentData() == "search"
    click(qtbot, step.ok_button)
    assert accepted(step), shown_errors(step)

    clock.advance(minutes=12)
    click(qtbot, view.finding_button)
    finding = view.active_dialog
    qtbot.keyClick(finding.sperm_found, Qt.Key.Key_Y)
    assert finding.sperm_found.currentData() is True
    set_count(qtbot, finding.count_seen, 4)
    qtbot.keyClick(finding.count_basis, Qt.Key.Key_Down)  # in total -> per droplet
    set_count(qtbot, finding.twitching, 3)
    set_count(qtbot, finding.immotile, 1)
    click(qtbot, finding.ok_button)
    assert accepted(finding), shown_errors(finding)

    # The panel says it at once, large.
    assert view.panel.headline.text() == "SPERM FOUND: 1 of 3 samples positive"
    assert view.panel.figures["positive"].text() == "1" and view.panel.figures["motile"].text() == "3"
    assert view.panel.found
    first_code, seen_at = view.detail.samples[0].code, clock.now.astimezone().strftime("%H:%M")
    assert view.panel.first.text() == (f"First sperm at {seen_at} in sample 1 ({first_code}), "
                                       f"12 min after the search began.")
    assert view.samples_model.index(0, view.samples_model.Column.FINDINGS).data() == (
        "found: 4 per droplet, 3 motile")

    detail = services.retrieval.get_procedure(retrieval.procedure_view.detail.procedure.id)
    assert detail.procedure.surgeon == "Dr. Aydın" and detail.procedure.cycle_id == cycle.id
    assert detail.procedure.notes == "AZFc; left testis first"
    s1, s2, s3 = detail.samples
    assert [(s.site, s.tubule_appearance.value) for s in detail.samples] == [
        ("upper pole", "dilated"), ("mid pole", "thin"), ("lower pole", "mixed")]
    assert s1.wet_weight_mg == 12.5 and s2.wet_weight_mg is None
    assert {s.receipt_witnessed_by for s in detail.samples} == {"eli"} and s1.received_by == "emma"
    receipt = services.witness.records_for("tissue_samples", s3.id)[0]
    assert receipt.method == WitnessMethod.SCAN and "MRN: M-200" in receipt.identifiers
    assert [st.kind for st in s1.steps] == [ProcessingStepKind.MECHANICAL_MINCING, ProcessingStepKind.SEARCH]
    assert s1.steps[0].witnessed_by == "eli" and s1.steps[1].witnessed_by is None
    (f,) = s1.findings
    assert (f.sperm_found, f.count_seen, f.count_basis.value, f.twitching, f.immotile, f.assessor) == (
        True, 4, "per_droplet", 3, 1, "emma")
    assert s1.status == SampleStatus.SEARCHED and s2.findings == ()
    assert (detail.panel.samples_received, detail.panel.samples_positive) == (3, 1)
    assert detail.panel.headline.startswith("SPERM FOUND: 1 of 3")

    click(qtbot, retrieval.back_button)
    listing = retrieval.list_view
    assert listing.model.rowCount() == 1
    assert listing.model.index(0, listing.model.Column.OUTCOME).data() == "sperm found (1/3)"
