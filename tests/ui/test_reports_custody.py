"""Reports › Chain of custody and Verify a report: a scanned device's story, issuing with a fingerprint,
verifying the saved copy and refusing an altered one."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bench_app.persistence.models import IssuedReport
from tests.reports.pdf_reading import pages_text
from tests.reports.world import build_world
from tests.services.test_custody import _with_overlay
from tests.ui.conftest import click, plain, type_into
from tests.ui.printing_helpers import AnsweringFileChooser, print_preview_to_file
from ui.printing.print_preview_dialog import PrintPreviewDialog
from ui.qt import Qt


@pytest.fixture
def world(services, team, clock):
    w = build_world(services, team, clock)
    services.labels.print_labels(team.embryologist, [w.freeze.devices[0].code])
    return w


@pytest.fixture
def reports(open_window, team):
    return open_window(team.supervisor, idle_timeout_ms=600_000).show_area("reports")


def scan(qtbot, field, text: str) -> None:
    type_into(qtbot, field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)      # a scanner ends with Enter


def column(model, col: int) -> list[str]:
    return [model.index(r, col).data() for r in range(model.rowCount())]


def test_a_scanned_device_shows_its_events_and_issuing_stores_the_fingerprint(
        qtbot, services, reports, world, tmp_path):
    device = world.freeze.devices[0]
    view = reports.show_custody()
    assert not view.issue_button.isEnabled() and view.placeholder.isVisibleTo(view)
    scan(qtbot, view.search, device.code.lower())
    assert view.report is not None and device.code in view.title.text()
    assert "MRN M-4471" in plain(view.title.text())
    events = view.events.model
    kinds = column(events, events.Column.EVENT)
    for needed in ("received", "frozen", "placed", "label printed"):
        assert needed in kinds
    items = dict(zip(column(view.items.model, 0), column(view.items.model, 2)))
    assert items[device.code] == "stored" and world.samples[1].code in items      # the device and its source

    view.file_chooser = AnsweringFileChooser(tmp_path / "no-such-folder" / "issued.pdf")
    click(qtbot, view.issue_button)
    preview = view.active_dialog
    assert isinstance(preview, PrintPreviewDialog) and preview.page_count >= 1
    click(qtbot, preview.save_button)               # the folder is missing: nothing is written, nothing issued
    assert "Nothing was issued" in preview.message.text() and view.issued is None
    with services.db.read() as s:
        assert s.execute(select(IssuedReport)).scalars().all() == []
    preview.file_chooser = AnsweringFileChooser(tmp_path / "issued.pdf")
    click(qtbot, preview.save_button)
    issued = view.issued
    assert issued.fingerprint in view.issued_line.text() and "Issued as report no." in preview.message.text()
    with services.db.read() as s:
        row = s.execute(select(IssuedReport)).scalar_one()
        assert (row.id, row.sha256) == (issued.report_no, issued.fingerprint)
    assert all(issued.fingerprint in page.replace(" ", "").replace("\n", "") for page in pages_text(issued.content))
    assert (tmp_path / "issued.pdf").read_bytes() == issued.content

    verify = reports.show_verify()
    verify.file_chooser = AnsweringFileChooser(tmp_path / "issued.pdf")
    click(qtbot, verify.choose_button)
    assert verify.verification.ok and verify.verdict.text().startswith("VERIFIED")
    assert verify.box.isVisibleTo(verify) and verify.verification.fingerprint == issued.fingerprint

    (tmp_path / "altered.pdf").write_bytes(_with_overlay(issued.content, "Witness: nobody"))
    verify.file_chooser = AnsweringFileChooser(tmp_path / "altered.pdf")
    click(qtbot, verify.choose_button)
    assert not verify.verification.ok
    assert verify.verdict.text().startswith("NOT VERIFIED") and "altered" in verify.verdict.text()
    verify.verify_file(str(tmp_path / "missing.pdf"))
    assert "Could not read" in verify.error.text() and not verify.box.isVisibleTo(verify)


def test_a_patient_by_mrn_a_preview_and_subjects_that_are_not_reports(qtbot, reports, world):
    view = reports.show_custody()
    scan(qtbot, view.search, "m-4471")
    assert view.report.subject_kind == "patient"
    assert set(column(view.items.model, 0)) >= {s.code for s in world.samples}
    assert "used for ICSI" in column(view.events.model, view.events.model.Column.EVENT)
    click(qtbot, view.preview_button)
    preview = view.active_dialog
    assert "PREVIEW" in " ".join(pages_text(preview.content)).upper() and "never be verified" in preview.details.text()
    preview.reject()
    scan(qtbot, view.search, world.oocyte_codes[0])
    assert "oocyte" in view.error.text() and view.report.subject_kind == "patient"   # the last report stays
    scan(qtbot, view.search, "NOBODY-1")
    assert "no patient with the MRN NOBODY-1" in view.error.text()


def test_labels_tab_shows_prints_and_reprints_with_a_reason(qtbot, services, reports, world, tmp_path):
    code = world.freeze.devices[0].code
    view = reports.show_labels()
    scan(qtbot, view.search, code)
    assert view.history.model.rowCount() == 1 and "printed 1× before" in view.title.text()
    click(qtbot, view.print_button)
    dialog = view.active_dialog
    type_into(qtbot, dialog.reprint_reason, "frosted over")
    click(qtbot, dialog.ok_button)
    assert isinstance(view.active_dialog, PrintPreviewDialog)
    assert view.history.model.rowCount() == 1                       # previewed, not yet printed
    print_preview_to_file(view.active_dialog, tmp_path)
    assert view.history.model.rowCount() == 2
    assert view.history.model.index(1, view.history.model.Column.REASON).data() == "frosted over"
