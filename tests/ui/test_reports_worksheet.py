"""Reports › Daily worksheet: the day's counts, preview of the printed sheet, and the supervisor's sign-off."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD
from tests.reports.pdf_reading import pages_text
from tests.reports.world import build_world
from tests.ui.conftest import click, plain, type_into
from tests.ui.printing_helpers import AnsweringFileChooser
from ui.common.placeholder_view import PlaceholderView
from ui.printing.print_preview_dialog import PrintPreviewDialog
from ui.reports.reports_view import ReportsView
from ui.reports.sign_off_dialog import SignOffDialog
from ui.qt import Qt


@pytest.fixture
def world(services, team, clock):
    return build_world(services, team, clock)


def worksheet_of(window):
    reports = window.show_area("reports")
    assert isinstance(reports, ReportsView) and not isinstance(reports, PlaceholderView)
    return reports.show_worksheet()


def test_the_supervisor_signs_the_day_off_and_the_signature_shows(qtbot, services, team, open_window, world):
    view = worksheet_of(open_window(team.supervisor, idle_timeout_ms=600_000))
    assert view.title.text().startswith("Today, 20 November 2026")
    summary = view.summary.text()
    assert "2 samples from 1 retrieval" in summary and "4 oocytes, 3 injected" in summary
    assert view.signatures.empty.isVisibleTo(view) and view.sign_button.isEnabled()

    click(qtbot, view.sign_button)
    dialog = view.active_dialog
    assert isinstance(dialog, SignOffDialog) and dialog.isVisible()
    # the ICSI session recorded without its witness is listed, and it needs a reason of its own
    key = f"ICSI source match: {services.worksheet.day(view.day).pending_witness[0].subject}"
    assert key.startswith("ICSI source match: ICSI started ") and "#" not in key
    assert list(dialog.reasons) == [key]
    type_into(qtbot, dialog.password, PASSWORD)
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible() and services.worksheet.day(view.day).signatures == ()
    assert dialog.error_text("open_items").startswith("1 step still waits for a witness")
    assert dialog.error_text(f"reason:{key}") == "Give the reason this open item is signed off."
    type_into(qtbot, dialog.reasons[key], "session imported from the old system; witness on the paper sheet")
    type_into(qtbot, dialog.password, "not-my-password")
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible() and dialog.error_text("password") and dialog.password.text() == ""
    assert not dialog.error_text(f"reason:{key}")
    assert services.worksheet.day(view.day).signatures == ()
    type_into(qtbot, dialog.password, PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    with services.db.read() as s:
        from sqlalchemy import select

        from bench_app.persistence.models import AuditEvent
        sign = s.execute(select(AuditEvent).where(AuditEvent.action == "sign")).scalar_one()
    assert f"{key.split(': ', 1)[1]} without witness: session imported from the old system" in sign.reason
    assert '"signed_while_waiting_for_witness"' in sign.changes

    (signature,) = services.worksheet.day(view.day).signatures
    assert signature.printed_name == "Sam Supervisor" and signature.meaning == "reviewed"
    table = view.signatures.model
    assert table.rowCount() == 1 and not view.signatures.empty.isVisibleTo(view)
    assert [table.index(0, c).data() for c in (0, 2, 3)] == ["Sam Supervisor", "reviewed", "match what was signed"]
    assert plain(view.message.text()) == "Signed off by Sam Supervisor (meaning \u201creviewed\u201d)."

    view.file_chooser = AnsweringFileChooser(view.day.isoformat())
    click(qtbot, view.preview_button)
    preview = view.active_dialog
    assert isinstance(preview, PrintPreviewDialog) and preview.page_count >= 1
    text = " ".join(pages_text(preview.content))
    assert "Signed off (reviewed) by Sam Supervisor" in text and "matches these records" in text


def test_an_embryologist_cannot_sign_and_days_move(qtbot, team, open_window, world):
    view = worksheet_of(open_window(team.embryologist, idle_timeout_ms=600_000))
    assert not view.sign_button.isEnabled() and "Only a supervisor" in view.sign_button.toolTip()
    click(qtbot, view.next_button)
    assert view.date.text() == "2026-11-21" and "4 oocytes" not in view.summary.text()
    type_into(qtbot, view.date, "20.11.2026")
    qtbot.keyClick(view.date, Qt.Key.Key_Return)
    assert view.day.isoformat() == "2026-11-20" and "4 oocytes, 3 injected" in view.summary.text()
    type_into(qtbot, view.date, "2026-13-01")
    qtbot.keyClick(view.date, Qt.Key.Key_Return)
    assert "not a real calendar date" in view.date_error.text()


def test_reopening_reports_reads_the_day_again_only_when_it_may_have_changed(qtbot, services, team, open_window,
                                                                            world, monkeypatch):
    from bench_app.domain.record_changes import RecordChanges

    window = open_window(team.supervisor, idle_timeout_ms=600_000)
    window.change_watcher.stop()  # the test says what changed
    view = worksheet_of(window)
    reads = []
    day = services.worksheet.day
    monkeypatch.setattr(services.worksheet, "day", lambda *a, **k: reads.append(1) or day(*a, **k))

    def reopen(changed=()) -> int:
        """Today (which reads its own day), then Reports again: how many times the worksheet read the day."""
        window.show_area("today")
        if changed:
            window.context.records_changed(RecordChanges.of(changed))  # saved while Reports was hidden
        reads.clear()
        window.show_area("reports")
        qtbot.wait(5)  # the change feed's re-read, if any, comes after the area's own on opening
        return len(reads)

    assert reopen() == 0  # nothing saved since: the same sheet
    assert reopen(["incidents", "label_prints"]) == 0  # nothing the sheet shows
    assert reopen(["injections"]) == 1  # read once, not twice
    assert "4 oocytes, 3 injected" in view.summary.text()
    reads.clear()
    window.context.records_changed(RecordChanges.of(["signatures"]))  # saved while it is shown: read at once
    assert reads == [1]
    view._read_at -= 61  # a minute on: the checks' states may have moved
    assert reopen() == 1
    reads.clear()
    click(qtbot, view.next_button)  # another day is read, as before
    assert reads == [1]
