"""Shared by the printing, reports and Today tests: a lab day, a file chooser that answers at once."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from tests.reports.world import CYRILLIC, TURKISH, couple, icsi_rows, retrieval_with_samples


class AnsweringFileChooser:
    """Stands in for the file dialog: every question is answered with ``path`` straight away."""

    def __init__(self, path: Path):
        self.path = path
        self.asked: list[tuple[str, str]] = []

    def save_path(self, parent, caption, suggested_name, name_filter, on_chosen) -> None:
        self.asked.append((caption, suggested_name))
        on_chosen(str(self.path))

    def open_path(self, parent, caption, name_filter, on_chosen) -> None:
        self.asked.append((caption, ""))
        on_chosen(str(self.path))


def busy_day(services, team, clock, couples: int = 4) -> None:
    """More couples with samples and a dozen injected oocytes each: a worksheet of several pages."""
    for n in range(couples):
        names = (TURKISH, CYRILLIC)[n % 2]
        c, cycle = couple(services, team, clock, f"B-{n}", names, names)
        _, samples = retrieval_with_samples(services, team, clock, c.male.id, cycle.id, n=3)
        icsi_rows(services, team, cycle_id=cycle.id, sample_id=samples[0].id,
                  retrieved_at=clock.now - timedelta(hours=2, minutes=n), oocytes=12, checked=0)


def print_preview_to_file(preview, folder: Path) -> Path:
    """Print the labels' preview to a PDF file, as a person pressing Print… would: the print is recorded then."""
    from ui.qt import QPrinter

    path = Path(folder) / f"printed-{id(preview)}.pdf"
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    assert preview.print_to(printer) >= 1
    return path
