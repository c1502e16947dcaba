"""Printing a PDF on a named printer queue with no dialog: the test label, and printing from the command line.

The same path as the print preview's Print… (``pdf_printing.print_on``): the declared
resolution of a label printer's queue, labels laid out on its dot grid, lossless pages
of their own size in portrait.
"""

from __future__ import annotations

from typing import Callable, Sequence

from bench_app.label_printers import LabelPrinter
from ui.printing.pdf_printing import PrintFailed, load_pdf, print_on
from ui.printing.workstation_printers import workstation_label_printers
from ui.qt import QGuiApplication, QPrinter, QPrinterInfo


def print_to_queue(content: bytes, queue: str, *, title: str = "Bench", printers: Sequence[LabelPrinter] | None = None,
                   relayout: Callable[[float], bytes] | None = None) -> int:
    """Print every page of the PDF ``content`` on ``queue``; the number of pages printed."""
    app = QGuiApplication.instance() or QGuiApplication(["bench-app"])  # noqa: F841 (QtPdf and printing need one)
    if queue not in QPrinterInfo.availablePrinterNames():
        known = ", ".join(QPrinterInfo.availablePrinterNames()) or "none"
        raise PrintFailed(f"There is no printer queue '{queue}' on this computer (queues: {known}).")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPrinterName(queue)
    printer.setDocName(title)
    document = load_pdf(content)
    try:
        return print_on(document, printer, relayout=relayout,
                        printers=workstation_label_printers() if printers is None else printers)
    finally:
        document.deleteLater()
