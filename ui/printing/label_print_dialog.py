"""Printing labels: which codes, on which stock, how many, and why again if printed before.

The codes come preselected from where the work happens (a received sample, the devices
just frozen, an ICSI dish); more can be scanned in. A code printed before makes the
print a reprint: the reason field appears with when and by whom it was printed, and the
service refuses the print without a reason. PDF output goes on to the print preview;
ZPL goes straight to a Zebra printer at HOST:PORT; the service records the print only
once the printer took it, so a send that fails records nothing and is simply tried again.
"""

from __future__ import annotations

from bench_app.i18n import _, isolated
from typing import Sequence

from bench_app.domain.clock import format_local
from bench_app.domain.errors import BenchError, ValidationError
from bench_app.label_printers import LabelPrinter, printer_for_address, printer_for_stock
from bench_app.services.labels_service import MAX_COPIES, LabelTarget, PrintedLabels
from ui.common.bidi import isolate
from ui.common.form import ErrorForm
from ui.common.headings import muted
from ui.common.service_dialog import ServiceDialog
from ui.common.witness_panel import ScanLineEdit
from ui.printing.workstation_printers import workstation_label_printers
from ui.qt import (
    QComboBox, QHBoxLayout, QLineEdit, QListWidget, QListWidgetItem, QPushButton, QRadioButton, QSpinBox, Qt,
    QVBoxLayout, QWidget,
)
from ui.shell.bench_context import BenchContext

TARGET_ROLE = Qt.ItemDataRole.UserRole + 1
_last_address = ""   # the label printer used last in this session (a workstation's printer rarely changes)


def target_text(t: LabelTarget) -> str:
    d = t.data
    parts = [isolated(_("{name} · MRN {mrn}"), name=isolate(d.patient_name), mrn=d.mrn), d.detail, d.date_text]
    if t.prints:
        parts.append(isolated(_("printed {count}× before"), count=len(t.prints)))
    return f"{t.code}    " + " · ".join(p for p in parts if p)


def reprint_note(targets: Sequence[LabelTarget]) -> str:
    """One short line (a wrapped note would be cut in the form): who printed it last, and when."""
    last = max((t.prints[-1] for t in targets), key=lambda p: p.printed_at)
    when, who = format_local(last.printed_at), last.printed_by
    if len(targets) == 1:
        return isolated(_("{code} was printed before (last on {time} by {name})."), code=targets[0].code, time=when,
                                                                                  name=who)
    return isolated(_("{count} of these were printed before (the last on {time} by {name})."),
        count=len(targets), time=when, name=who)


class LabelPrintDialog(ServiceDialog):
    def __init__(self, context: BenchContext, codes: Sequence[str], parent: QWidget | None = None,
                 printers: Sequence[LabelPrinter] | None = None):
        super().__init__(_("Print labels"), parent, ok_text=_("Print…"),
                         intro=_("Every label print is recorded. A label printed before is a reprint and needs a "
                                 "reason, which shows in the chain-of-custody report."))
        self.context = context
        self.labels = context.services.labels
        self.printers = workstation_label_printers() if printers is None else tuple(printers)
        self.setMinimumWidth(780)
        self.form = self.add_form(ErrorForm(parent=self))

        codes_box = QWidget(self)
        column = QVBoxLayout(codes_box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        self.code_list = QListWidget(codes_box)
        self.code_list.setObjectName("labelCodes")
        self.code_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.code_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._fit_list(len(codes))   # before the row is added: the row takes the list's height
        column.addWidget(self.code_list)
        add_row = QHBoxLayout()
        self.add_code = ScanLineEdit(codes_box)
        self.add_code.setPlaceholderText(_("Scan or type another sample, device or dish code"))
        self.add_button = QPushButton(_("Add"), codes_box)
        add_row.addWidget(self.add_code, 1)
        add_row.addWidget(self.add_button)
        column.addLayout(add_row)
        self.form.add_row("codes", _("Labels:"), codes_box)

        self.stock = QComboBox(self)
        for stock in self.labels.stocks():
            self.stock.addItem(stock.title, stock.name)
        self.form.add_row("stock", _("Label stock:"), self.stock)
        self.copies = QSpinBox(self)
        self.copies.setRange(1, MAX_COPIES)
        self.copies.setSuffix(" " + _("of each"))
        self.form.add_row("copies", _("Copies:"), self.copies)
        self.start_position = QSpinBox(self)
        self.start_position.setMinimum(1)
        self.start_position.setToolTip(_("On a part-used sheet: the first free label, counted row by row from the top left"))
        self.form.add_row("start_position", _("Start at label:"), self.start_position)

        output = QWidget(self)
        out_column = QVBoxLayout(output)
        out_column.setContentsMargins(0, 0, 0, 0)
        out_column.setSpacing(4)
        self.to_pdf = QRadioButton(_("Preview, then print on any printer or save as PDF"), output)
        self.to_pdf.setChecked(True)
        zpl_row = QHBoxLayout()
        self.to_zpl = QRadioButton(_("Send to a Zebra label printer (ZPL) at"), output)
        self.address = QLineEdit(_last_address, output)
        self.address.setPlaceholderText(_("HOST:PORT, e.g. 10.0.0.7:9100"))
        zpl_row.addWidget(self.to_zpl)
        zpl_row.addWidget(self.address, 1)
        out_column.addWidget(self.to_pdf)
        out_column.addLayout(zpl_row)
        self.printer_note = muted("", output)
        self.printer_note.setObjectName("labelPrinterNote")
        out_column.addWidget(self.printer_note)
        self.form.add_row("send", _("Output:"), output)

        reason_box = QWidget(self)
        reason_column = QVBoxLayout(reason_box)
        reason_column.setContentsMargins(0, 0, 0, 0)
        reason_column.setSpacing(3)
        self.reprint_note = muted("", reason_box)
        self.reprint_note.setObjectName("reprintNote")
        self.reprint_note.setStyleSheet("color: #7a4100;")
        self.reprint_reason = QLineEdit(reason_box)
        self.reprint_reason.setPlaceholderText(_("e.g. label smudged by medium, frosted over"))
        reason_column.addWidget(self.reprint_note)
        reason_column.addWidget(self.reprint_reason)
        self.form.add_row("reprint_reason", _("Reason for reprint:"), reason_box)
        self._reason_box = reason_box

        for code in codes:
            self._add_target(code)
        if self.code_list.count():
            self._select_stock(self.targets()[0].default_stock)
        self._declared_address()
        self.add_button.clicked.connect(lambda: self._add_target(self.add_code.text()))
        self.add_code.scanned.connect(self._add_target)
        self.code_list.itemChanged.connect(lambda _item: self._update())
        self.stock.currentIndexChanged.connect(lambda _i: (self._declared_address(), self._update()))
        self.to_zpl.toggled.connect(lambda _on: self._update())
        self.address.textEdited.connect(lambda _t: (self.to_zpl.setChecked(True), self._update()))
        self._update()

    # --- the form ------------------------------------------------------------------------

    def _add_target(self, code: str) -> None:
        code = code.strip()
        if not code:
            return
        self.form.clear_errors()
        try:
            target = self.labels.target(code)
        except BenchError as exc:
            self.show_errors({"codes": str(exc)} if not isinstance(exc, ValidationError) else
                             {"codes": " ".join(exc.field_errors.values())})
            return
        known = {t.code for t in self.targets(checked_only=False)}
        if target.code not in known:
            item = QListWidgetItem(target_text(target))
            item.setToolTip(target_text(target))
            item.setData(TARGET_ROLE, target)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.code_list.addItem(item)
        self.add_code.clear()
        self._fit_list()
        self._update()

    def _fit_list(self, count: int | None = None) -> None:
        rows = min(max(self.code_list.count() if count is None else count, 1), 6)
        row = self.code_list.sizeHintForRow(0) if self.code_list.count() else self.code_list.fontMetrics().height() + 6
        self.code_list.setFixedHeight(rows * row + 2 * self.code_list.frameWidth() + 4)

    def _select_stock(self, name: str) -> None:
        index = self.stock.findData(name)
        if index >= 0:
            self.stock.setCurrentIndex(index)

    def targets(self, *, checked_only: bool = True) -> list[LabelTarget]:
        out = []
        for i in range(self.code_list.count()):
            item = self.code_list.item(i)
            if not checked_only or item.checkState() == Qt.CheckState.Checked:
                out.append(item.data(TARGET_ROLE))
        return out

    def chosen_stock(self):
        return next(s for s in self.labels.stocks() if s.name == self.stock.currentData())

    def _declared_address(self) -> None:
        """The ZPL address of the printer declared for the chosen stock, unless one was typed in this session."""
        declared = printer_for_stock(self.printers, self.chosen_stock().name)
        if declared is not None and declared.address and not _last_address:
            self.address.setText(declared.address)

    def printer_settings(self, zpl: bool) -> LabelPrinter | None:
        """The declared printer these labels go to: by the address typed for ZPL, else by the stock."""
        if zpl:
            return printer_for_address(self.printers, self.address.text()) or \
                (None if self.address.text().strip() else printer_for_stock(self.printers, self.chosen_stock().name))
        return printer_for_stock(self.printers, self.chosen_stock().name)

    def _update(self) -> None:
        stock = self.chosen_stock()
        self.start_position.setMaximum(stock.per_page)
        self.start_position.setSuffix(" " + isolated(_("of {count} on the sheet"), count=stock.per_page))
        self.form.layout_.setRowVisible(self.start_position.parentWidget(), stock.is_sheet)
        again = [t for t in self.targets() if t.would_be_reprint]
        self.form.layout_.setRowVisible(self._reason_box.parentWidget(), bool(again))
        self.reprint_note.setText(reprint_note(again) if again else "")
        self.address.setEnabled(True)
        declared = self.printer_settings(self.to_zpl.isChecked())
        self.printer_note.setText(
            isolated(_("Laid out for {printer}, this workstation's label printer for this stock."),
                printer=declared.title) if declared else
            isolated(_("No label printer is declared for this stock on this workstation: laid out for {dpi} dpi."),
                dpi=stock.dpi))
        self.ok_button.setText(_("Send to printer") if self.to_zpl.isChecked() else _("Print…"))
        self.adjustSize()

    # --- printing ------------------------------------------------------------------------

    def save(self) -> PrintedLabels:
        global _last_address
        zpl = self.to_zpl.isChecked()
        if zpl and not self.address.text().strip():
            raise ValidationError.single("send", _("Give the label printer as HOST:PORT (e.g. 10.0.0.7:9100)."))
        stock = self.chosen_stock()
        declared = self.printer_settings(zpl)
        printed = self.labels.make_labels(  # a PDF is recorded when printed, ZPL once the printer took it
            self.context.actor, [t.code for t in self.targets()], stock=stock.name, copies=self.copies.value(),
            reprint_reason=self.reprint_reason.text(), zpl=zpl,
            start_position=self.start_position.value() if stock.is_sheet else 1,
            dpi=declared.dpi if declared else None, darkness=declared.darkness if declared else None,
            speed=declared.speed if declared else None)
        if zpl:
            printed = self.labels.record_print(self.context.actor, printed, deliver=self._send)
            _last_address = self.address.text().strip()
        return printed

    def _send(self, printed: PrintedLabels) -> None:
        try:
            self.labels.send_zpl(printed.content, self.address.text())
        except ValidationError as exc:
            message = exc.field_errors.get("send", str(exc))
            raise ValidationError.single("send", f"{message} " + _("Nothing was recorded as printed; check the "
                                                                   "printer and send again.")) from None
