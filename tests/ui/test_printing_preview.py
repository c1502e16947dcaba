"""The print preview: a worksheet's pages on screen, zoom, Save as PDF and printing to a (PDF) printer."""

from __future__ import annotations

import pytest

from tests.reports.pdf_reading import page_count, pages_text, render
from tests.reports.world import build_world
from tests.ui.conftest import click
from tests.ui.printing_helpers import AnsweringFileChooser, busy_day
from ui.printing.print_preview_dialog import PrintPreviewDialog
from ui.qt import QPrintDialog, QPrinter


@pytest.fixture
def worksheet(services, team, clock):
    build_world(services, team, clock)
    busy_day(services, team, clock)
    return services.worksheet.pdf(team.supervisor, clock.now.astimezone().date())


def preview(qtbot, doc, chooser=None) -> PrintPreviewDialog:
    dialog = PrintPreviewDialog(doc.content, title=doc.title, filename=doc.filename, file_chooser=chooser)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def pdf_printer(path) -> QPrinter:
    # Screen resolution keeps the test quick: the page count is what it checks, not the raster.
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_the_preview_shows_every_page_of_a_worksheet_and_zooms(qtbot, worksheet):
    assert worksheet.page_count >= 2
    dialog = preview(qtbot, worksheet)
    assert dialog.page_count == worksheet.page_count == page_count(worksheet.content)
    assert dialog.page_label.text() == f"Page 1 of {worksheet.page_count}"
    assert dialog.zoom.currentText() == "Fit width" and dialog.windowTitle().endswith(worksheet.title)
    dialog.zoom.setCurrentText("100%")
    click(qtbot, dialog.zoom_in_button)
    assert dialog.zoom.currentText() == "125%" and dialog.view.zoomFactor() == pytest.approx(1.25)
    click(qtbot, dialog.zoom_out_button)
    click(qtbot, dialog.zoom_out_button)
    assert dialog.view.zoomFactor() == pytest.approx(0.75)


def test_save_as_pdf_writes_the_bytes_unchanged(qtbot, worksheet, tmp_path):
    chooser = AnsweringFileChooser(tmp_path / "day")       # no suffix typed: .pdf is added
    dialog = preview(qtbot, worksheet, chooser)
    click(qtbot, dialog.save_button)
    assert chooser.asked == [("Save as PDF", worksheet.filename)]
    assert (tmp_path / "day.pdf").read_bytes() == worksheet.content
    assert dialog.message.text() == f"Saved as {tmp_path / 'day.pdf'}."
    dialog.save_to(str(tmp_path / "no-such-folder" / "x.pdf"))
    assert dialog.message.text().startswith("Could not save")


def test_printing_renders_every_page_onto_the_printer(qtbot, worksheet, tmp_path):
    dialog = preview(qtbot, worksheet)
    printed = tmp_path / "printed.pdf"
    assert dialog.print_to(pdf_printer(printed)) == worksheet.page_count
    assert page_count(printed.read_bytes()) == worksheet.page_count
    assert b"/DCTDecode" not in printed.read_bytes() and b"/FlateDecode" in printed.read_bytes()   # lossless pages
    paper = render(printed.read_bytes(), 0, dpi=30)
    assert paper.getpixel((2, 2)) > 250 and paper.getextrema()[0] < 50     # white paper, black print
    assert dialog.message.text() == f"Printed {worksheet.page_count} pages to {printed}."
    ranged = pdf_printer(tmp_path / "page-2.pdf")
    ranged.setPrintRange(QPrinter.PrintRange.PageRange)
    ranged.setFromTo(2, 2)
    assert dialog.print_to(ranged) == 1 and page_count((tmp_path / "page-2.pdf").read_bytes()) == 1


def test_print_goes_through_the_print_dialog(qtbot, worksheet, tmp_path):
    dialog = preview(qtbot, worksheet)
    out = tmp_path / "through-dialog.pdf"
    dialog.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)   # no real printer in a test
    dialog.printer.setOutputFileName(str(out))
    click(qtbot, dialog.print_button)
    print_dialog = dialog.active_dialog
    assert isinstance(print_dialog, QPrintDialog) and print_dialog.isVisible()
    print_dialog.accept()
    qtbot.waitUntil(lambda: out.exists() and dialog.message.text().startswith("Printed"))
    assert page_count(out.read_bytes()) == worksheet.page_count


def test_a_label_preview_shows_the_whole_label(qtbot, services, team, clock):
    world = build_world(services, team, clock)
    printed = services.labels.print_labels(team.embryologist, [world.freeze.devices[0].code])
    dialog = PrintPreviewDialog(printed.content, title="Label", filename="label.pdf")
    qtbot.addWidget(dialog)
    assert dialog.page_count == 1 and dialog.zoom.currentText() == "Whole page"
    assert world.freeze.devices[0].code in pages_text(printed.content)[0]


def test_an_unreadable_file_is_said_so(qtbot):
    dialog = PrintPreviewDialog(b"not a pdf", title="Broken", filename="broken.pdf")
    qtbot.addWidget(dialog)
    assert dialog.page_count == 0 and not dialog.print_button.isEnabled()
    assert "no readable pages" in dialog.message.text()
