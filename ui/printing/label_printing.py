"""One call for every "Print label" button: the label dialog, then the preview of the PDF.

``print_labels(owner, context, codes)`` opens the LabelPrintDialog with the codes
preselected; when it makes a PDF, the preview opens next (as ``owner.active_dialog``,
so tests can drive both). A PDF of labels is recorded as printed when it is printed or
saved to a file from the preview, once; a preview closed unprinted records nothing. ZPL is
recorded when it is sent. ``on_printed`` hears of every recorded print, PDF or ZPL.
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


def unrecorded_summary(made: PrintedLabels) -> str:
    n = len(made.codes)
    return (f"{n} label{'s' if n != 1 else ''} on {made.stock.title}: recorded as printed when you print "
            f"{'them' if n != 1 else 'it'} or save {'them' if n != 1 else 'it'} to a file.")


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

    actor = context.actor  # who made the labels is who printed them, even if the preview outlives a switch

    def printed(result: PrintedLabels) -> None:
        if result.recorded:
            if on_printed is not None:
                on_printed(result)
            return
        recorded: list[PrintedLabels] = []

        def record() -> str:
            if not recorded:
                recorded.append(context.services.labels.record_print(actor, result))
                if on_printed is not None:
                    on_printed(recorded[0])
            return printed_summary(recorded[0])

        declared = printer_for_stock(dialog.printers, result.stock.name)
        preview = PrintPreviewDialog(result.content, title=f"Labels {', '.join(result.codes[:3])}"
                                     f"{'…' if len(result.codes) > 3 else ''}",
                                     filename=labels_filename(result), details=unrecorded_summary(result),
                                     file_chooser=file_chooser, on_output=record, parent=owner,
                                     relayout=lambda dpi: context.services.labels.laid_out_for(result, dpi),
                                     printers=dialog.printers, queue=declared.queue if declared else "")
        open_dialog(owner, preview)

    open_dialog(owner, dialog, printed)
    return dialog
