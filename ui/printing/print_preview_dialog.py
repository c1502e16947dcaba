"""Print preview for any PDF the app makes: pages on screen, zoom, Print… and Save as PDF….

The dialog takes the PDF bytes (a worksheet, a custody report, labels) and never asks a
service for anything: what it shows is exactly what prints and what is saved. Print…
opens the system's print dialog (window-modal, ``open()``), then renders the pages onto
the chosen printer (``pdf_printing.print_pdf``); Save as PDF… writes the bytes unchanged,
so a saved custody report still verifies. ``on_output`` hears when the document was
really printed or saved (labels are recorded as printed then, not when previewed).

A report that is *issued* (a chain-of-custody report, a worksheet) is given as a preview
plus ``issue``: a call into its service that signs and numbers it, hands the signed bytes
to the dialog to print or save, and records the issue only if that succeeded. Print…
and Save as PDF… then print or save exactly those signed bytes; a cancelled print or
save dialog, a printer that fails or a file that cannot be written records nothing.

A label printer IT declared in the config prints at its declared resolution; labels
(``relayout``) are laid out again for the resolution they are printed at when it is not
the one the preview was made for, so their barcodes are on that printer's dot grid.
"""

from __future__ import annotations

from bench_app.i18n import _, _l, isolated, ngettext
from pathlib import Path
from typing import Any, Callable, Sequence

from bench_app.label_printers import LabelPrinter

from bench_app.domain.errors import BenchError
from ui.common.form import error_label, set_message
from ui.common.headings import heading, muted
from ui.common.screen_fit import fit_to_screen
from ui.printing.file_choice import PDF_FILTER, FileChooser, QtFileChooser
from ui.printing.pdf_printing import PrintFailed, load_pdf, print_on
from ui.printing.workstation_printers import workstation_label_printers
from ui.qt import (
    QComboBox, QDialog, QDialogButtonBox, QGuiApplication, QHBoxLayout, QLabel, QPdfView, QPrintDialog, QPrinter,
    QPrinterInfo,
    QPushButton, QSize, Qt, QVBoxLayout, QWidget,
)

FIT_WIDTH, WHOLE_PAGE = _l("Fit width"), _l("Whole page")
ZOOM_STEPS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0)
SMALL_PAGE_PT = 300       # a label: shown whole, not stretched to the window's width
INFO_STYLE = "color: #1e6b32;"
ERROR_STYLE = "color: #b3261e;"


class PrintPreviewDialog(QDialog):
    def __init__(self, content: bytes, *, title: str, filename: str, details: str = "",
                 file_chooser: FileChooser | None = None, on_output: Callable[[], str] | None = None,
                 parent: QWidget | None = None,
                 issue: Callable[[Callable[[Any], None]], Any] | None = None,
                 on_issued: Callable[[Any], None] | None = None,
                 relayout: Callable[[float], bytes] | None = None, printers: Sequence[LabelPrinter] | None = None,
                 queue: str = ""):
        """``on_output`` runs when the document is printed or saved to a file (e.g. records a label
        print) and returns the new details line; the preview alone records nothing. ``issue`` makes
        the signed, numbered copy of a report and records it once it was printed or saved."""
        super().__init__(parent)
        self.content = content
        self.on_output = on_output
        self.issue = issue
        self.on_issued = on_issued
        self.issued: list[Any] = []   # what was issued from this dialog, in order
        self.relayout = relayout
        self.printers = workstation_label_printers() if printers is None else tuple(printers)
        self.filename = filename
        self.file_chooser = file_chooser or QtFileChooser()
        self.active_dialog: QDialog | None = None
        self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.printer.setDocName(title)
        if queue and queue in QPrinterInfo.availablePrinterNames():   # the label printer declared for the stock
            self.printer.setPrinterName(queue)
        self.setWindowTitle(isolated(_("Print preview — {title}"), title=title))
        self.setModal(True)
        fit_to_screen(self, QSize(900, 760))
        self.document = load_pdf(content, self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(8)
        self.title = heading(title, self, level=2)
        self.title.setObjectName("previewTitle")
        layout.addWidget(self.title)
        self.details = muted(details, self)
        self.details.setObjectName("previewDetails")
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setVisible(bool(details))
        layout.addWidget(self.details)

        bar = QHBoxLayout()
        bar.setSpacing(6)
        self.page_label = QLabel(self)
        self.page_label.setObjectName("previewPages")
        self.zoom_out_button = QPushButton("−", self)
        self.zoom_out_button.setToolTip(_("Zoom out (Ctrl+-)"))
        self.zoom_out_button.setShortcut("Ctrl+-")
        self.zoom = QComboBox(self)
        self.zoom.addItems([str(FIT_WIDTH), str(WHOLE_PAGE)] + [f"{round(z * 100)}%" for z in ZOOM_STEPS])
        self.zoom_in_button = QPushButton("+", self)
        self.zoom_in_button.setToolTip(_("Zoom in (Ctrl++)"))
        self.zoom_in_button.setShortcut("Ctrl++")
        for button in (self.zoom_out_button, self.zoom_in_button):
            button.setFixedWidth(button.fontMetrics().horizontalAdvance("+") + 28)
        self.save_button = QPushButton(_("&Save as PDF…"), self)
        self.print_button = QPushButton(_("&Print…"), self)
        self.print_button.setDefault(True)
        bar.addWidget(self.page_label)
        bar.addSpacing(16)
        bar.addWidget(QLabel(_("Zoom:"), self))
        bar.addWidget(self.zoom_out_button)
        bar.addWidget(self.zoom)
        bar.addWidget(self.zoom_in_button)
        bar.addStretch(1)
        bar.addWidget(self.save_button)
        bar.addWidget(self.print_button)
        layout.addLayout(bar)

        self.view = QPdfView(self)
        self.view.setObjectName("previewPdf")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setDocument(self.document)
        self.view.setPageSpacing(12)
        # Always there: "fit width" on a page that nearly fits would otherwise show the scroll bar, narrow the
        # page, hide the bar, widen the page, ... for ever (a blank, busy preview).
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        layout.addWidget(self.view, 1)
        self.message = error_label(self)
        self.message.setObjectName("previewMessage")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.zoom.currentTextChanged.connect(self._zoom_chosen)
        self.zoom_in_button.clicked.connect(lambda: self._step_zoom(+1))
        self.zoom_out_button.clicked.connect(lambda: self._step_zoom(-1))
        self.save_button.clicked.connect(self.save_as_pdf)
        self.print_button.clicked.connect(self.print_document)
        self.view.pageNavigator().currentPageChanged.connect(lambda _page: self._show_page())
        small = self.page_count and self.document.pagePointSize(0).width() < SMALL_PAGE_PT
        self.zoom.setCurrentText(str(WHOLE_PAGE if small else FIT_WIDTH))
        self._zoom_chosen(self.zoom.currentText())
        self._show_page()
        if not self.page_count:
            self.say(_("This document could not be shown: it has no readable pages."), error=True)
            self.print_button.setEnabled(False)

    # --- what is shown ---------------------------------------------------------------------

    @property
    def page_count(self) -> int:
        return max(self.document.pageCount(), 0)

    def current_page(self) -> int:
        return self.view.pageNavigator().currentPage() + 1

    def _show_page(self) -> None:
        n = self.page_count
        self.page_label.setText(isolated(_("Page {number} of {count}"), number=min(self.current_page(), n), count=n) if n
                                else _("No pages"))

    def _zoom_chosen(self, text: str) -> None:
        if text == FIT_WIDTH:
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        elif text == WHOLE_PAGE:
            self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        else:
            self.view.setZoomMode(QPdfView.ZoomMode.Custom)
            self.view.setZoomFactor(int(text.rstrip("%")) / 100)

    def _step_zoom(self, direction: int) -> None:
        now = self.view.zoomFactor()
        steps = [z for z in ZOOM_STEPS if (z > now + 1e-3 if direction > 0 else z < now - 1e-3)]
        if steps:
            self.zoom.setCurrentText(f"{round((steps[0] if direction > 0 else steps[-1]) * 100)}%")

    def say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else INFO_STYLE)
        set_message(self.message, text)

    # --- saving and printing ---------------------------------------------------------------

    def save_as_pdf(self) -> None:
        self.file_chooser.save_path(self, _("Save as PDF"), self.filename, str(PDF_FILTER), self.save_to)

    def save_to(self, path: str) -> None:
        target = Path(path)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        try:
            if self.issue is None:
                target.write_bytes(self.content)
            else:
                doc = self._issue(lambda signed: target.write_bytes(signed.content))
        except OSError as exc:
            text = (_("Could not save {file}: {error}. Nothing was issued.") if self.issue else
                    _("Could not save {file}: {error}."))
            self.say(text.format(file=target, error=exc.strerror or exc), error=True)
            return
        except BenchError as exc:
            self.say(str(exc), error=True)
            return
        self._output()
        self.say(isolated(_("Saved as {file}."), file=target) if self.issue is None else
                 isolated(_("Issued as report no. {number}, signed, and saved as {file}."), number=doc.report_no,
                                                                                       file=target))

    def print_document(self) -> QPrintDialog:
        """The system's print dialog; printing starts when it is accepted."""
        dialog = QPrintDialog(self.printer, self)
        dialog.setWindowTitle(_("Print"))
        dialog.setMinMax(1, max(self.page_count, 1))
        dialog.finished.connect(lambda result: self._print_chosen(result, dialog))
        self.active_dialog = dialog
        QDialog.open(dialog)  # QPrintDialog.open() wants a receiver; the plain window-modal open is QDialog's
        return dialog

    def _print_chosen(self, result: int, dialog: QPrintDialog) -> None:
        dialog.deleteLater()
        if result == QDialog.DialogCode.Accepted:
            self.print_to(self.printer)

    def print_to(self, printer: QPrinter) -> int:
        first, last = 1, 0
        if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
            first, last = printer.fromPage(), printer.toPage()
        elif printer.printRange() == QPrinter.PrintRange.CurrentPage:
            first = last = self.current_page()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)   # about half a second a page
        done: list[int] = []
        doc = None
        try:
            if self.issue is None:
                done.append(print_on(self.document, printer, printers=self.printers, relayout=self.relayout,
                                     first=first, last=last))
            else:
                def deliver(signed) -> None:
                    done.append(print_on(load_pdf(signed.content, self), printer, printers=self.printers,
                                         first=first, last=last))
                doc = self._issue(deliver)
        except (PrintFailed, BenchError) as exc:
            self.say(f"{exc}" + (" " + _("Nothing was issued.") if self.issue else ""), error=True)
            return 0
        finally:
            QGuiApplication.restoreOverrideCursor()
        pages = done[0]
        to_file = printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName()
        where = printer.outputFileName() if to_file else (printer.printerName() or _("the printer"))
        if pages:
            self._output()
        if doc is not None:
            text = ngettext("Issued as report no. {number}, signed; printed {count} page to {where}.",
                            "Issued as report no. {number}, signed; printed {count} pages to {where}.", pages)
        else:
            text = ngettext("Printed {count} page to {where}.", "Printed {count} pages to {where}.", pages)
        self.say(text.format(number=doc.report_no if doc is not None else "", count=pages, where=where))
        return pages

    def _output(self) -> None:
        if self.on_output is None:
            return
        try:
            details = self.on_output()
        except BenchError as exc:
            self.say(str(exc), error=True)
            return
        self.details.setText(details)
        self.details.setVisible(bool(details))

    def _issue(self, deliver: Callable[[Any], None]) -> Any:
        doc = self.issue(deliver)
        self.issued.append(doc)
        if self.on_issued is not None:
            self.on_issued(doc)
        return doc
