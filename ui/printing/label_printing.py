"""One call for every "Print label" button: the label dialog, then the preview of the PDF.

``print_labels(owner, context, codes)`` opens the LabelPrintDialog with the codes
preselected; when it prints a PDF, the preview opens next (as ``owner.active_dialog``,
so tests can drive both). ``on_printed`` hears of every recorded print, PDF or ZPL.
"""

from __future__ import annotations

from typing import Callable, Sequence

from bench_app.label_printers import printer_for_stock
from bench_app.services.labels_service import PrintedLabels
from ui.common.dialog_host import open_dialog
from ui.printing.file_choice import FileChooser
from ui.printing.label_print_dialog import LabelPrintDialog
from ui.printing.print_preview_dialog import PrintPreviewDialog
from ui.qt import QWidget
from ui.shell.bench_context import BenchContext


def printed_summary(printed: PrintedLabels) -> str:
    n = len(printed.codes)
    text = (f"Recorded as printed: {n} label{'s' if n != 1 else ''} ({', '.join(printed.codes[:4])}"
            f"{', …' if n > 4 else ''}) on {printed.stock.title}.")
    if printed.reprints:
        text += f" Reprint of {', '.join(printed.reprints)}."
    if printed.warnings:
        text += " " + " ".join(printed.warnings)
    return text


def labels_filename(printed: PrintedLabels) -> str:
    first = printed.codes[0] if printed.codes else "labels"
    more = f"-and-{len(printed.codes) - 1}-more" if len(printed.codes) > 1 else ""
    return f"labels-{first}{more}{printed.suffix}"


def print_labels(owner: QWidget, context: BenchContext, codes: Sequence[str], *,
                 on_printed: Callable[[PrintedLabels], None] | None = None,
                 file_chooser: FileChooser | None = None) -> LabelPrintDialog:
    dialog = LabelPrintDialog(context, codes, owner)

    def printed(result: PrintedLabels) -> None:
        if on_printed is not None:
            on_printed(result)
        if result.media_type == "application/pdf":
            declared = printer_for_stock(dialog.printers, result.stock.name)
            preview = PrintPreviewDialog(result.content, title=f"Labels {', '.join(result.codes[:3])}"
                                         f"{'…' if len(result.codes) > 3 else ''}",
                                         filename=labels_filename(result), details=printed_summary(result),
                                         file_chooser=file_chooser, parent=owner,
                                         relayout=lambda dpi: context.services.labels.laid_out_for(result, dpi),
                                         printers=dialog.printers, queue=declared.queue if declared else "")
            open_dialog(owner, preview)

    open_dialog(owner, dialog, printed)
    return dialog
