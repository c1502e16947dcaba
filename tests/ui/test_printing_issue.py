"""Issuing from the print preview: a cancelled print, a printer that fails, a cancelled or failed save record
nothing; a print or save that happened records the signed bytes it delivered."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import func, select

from bench_app.persistence.models import AuditEvent, IssuedReport
from tests.reports.world import build_world
from tests.ui.conftest import OFFSCREEN_NOISE
from tests.ui.printing_helpers import AnsweringFileChooser
from tests.ui.test_printing_preview import pdf_printer
from ui.printing.issuing import worksheet_issuer
from ui.printing.print_preview_dialog import PrintPreviewDialog


class Context:  # what worksheet_issuer reads from the app's context
    def __init__(self, services, actor):
        self.services, self.actor = services, actor


class SilentChooser:
    """A save dialog the person cancels: the callback is never called."""

    def save_path(self, *args) -> None:
        pass


@pytest.fixture
def dialog(qtbot, services, team, clock):
    build_world(services, team, clock)
    day = clock.now.astimezone().date()
    doc = services.worksheet.pdf(team.supervisor, day)
    d = PrintPreviewDialog(doc.content, title=doc.title, filename=doc.filename, file_chooser=SilentChooser(),
                           issue=worksheet_issuer(Context(services, team.supervisor), day))
    qtbot.addWidget(d)
    return d


def _records(services) -> list:
    with services.db.read() as s:
        return [s.execute(select(func.count()).select_from(IssuedReport)).scalar_one(),
                s.execute(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "print"))
                .scalar_one()]


@pytest.mark.qt_log_ignore(r"QPainter::begin\(\): Returned false", OFFSCREEN_NOISE)
def test_cancelled_and_failed_prints_and_saves_issue_nothing(qtbot, services, dialog, tmp_path):
    print_dialog = dialog.print_document()
    print_dialog.reject()                                                 # the print dialog cancelled
    dialog.save_as_pdf()                                                  # the save dialog cancelled
    assert dialog.print_to(pdf_printer(tmp_path / "missing" / "out.pdf")) == 0      # the printer fails
    assert "Nothing was issued" in dialog.message.text()
    (tmp_path / "folder.pdf").mkdir()
    dialog.save_to(str(tmp_path / "folder.pdf"))                          # a folder given as the file
    dialog.file_chooser = AnsweringFileChooser(tmp_path / "nowhere" / "sheet.pdf")
    dialog.save_as_pdf()                                                  # a missing folder
    assert _records(services) == [0, 0] and dialog.issued == []


def test_a_print_or_save_that_happened_is_issued_with_the_bytes_delivered(qtbot, services, dialog, tmp_path):
    dialog.file_chooser = AnsweringFileChooser(tmp_path / "sheet.pdf")
    dialog.save_as_pdf()
    saved = (tmp_path / "sheet.pdf").read_bytes()
    assert _records(services) == [1, 1] and dialog.issued[0].content == saved
    with services.db.read() as s:
        assert s.execute(select(IssuedReport.pdf_sha256)).scalar_one() == hashlib.sha256(saved).hexdigest()
    assert services.custody.verify(saved).ok
    assert dialog.print_to(pdf_printer(tmp_path / "printed.pdf")) >= 1
    assert _records(services) == [2, 2]
