"""Chain of custody in Reports: a sample, a device (scan its code) or a patient (MRN), on screen and issued.

The screen shows ``custody.report()`` as it stands now. "Preview…" makes the PDF marked
as a preview (no number, no fingerprint). "Issue report…" numbers the report, stores its
SHA-256 fingerprint and opens the issued PDF, whose footer carries that fingerprint: the
copy that leaves the lab and can later be verified.
"""

from __future__ import annotations

from bench_app.domain.codes import looks_like_code
from bench_app.domain.errors import BenchError, ValidationError
from bench_app.i18n import _, ngettext
from bench_app.services.custody_dto import CustodyReport, IssuedDocument
from ui.common.area_focus import mark_search
from ui.common.bidi import isolate, isolated
from ui.common.dialog_host import open_dialog
from ui.common.form import error_label, set_message
from ui.common.headings import heading, muted
from ui.common.table_section import TableSectionWidget
from ui.common.witness_panel import ScanLineEdit
from ui.printing.file_choice import FileChooser, QtFileChooser
from ui.printing.print_preview_dialog import PrintPreviewDialog
from ui.qt import QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, Qt, QVBoxLayout, QWidget
from ui.reports.report_table_models import (
    CustodyEventTableModel, CustodyItemTableModel, SignatureLineTableModel,
)
from ui.common.wrapping_table import wrapping
from ui.shell.bench_context import BenchContext


def subject_title(kind: str) -> str:
    """'Sample', 'Device' (the report's subject kind as stored) in the language shown."""
    return {"sample": _("Sample"), "device": _("Device")}.get(kind, kind.capitalize())


def subject_of(text: str) -> dict[str, str]:
    """``{"code": ...}`` for a sample or device code, else ``{"mrn": ...}``."""
    text = text.strip()
    return {"code": text} if looks_like_code(text) else {"mrn": text}


class CustodyReportView(QWidget):
    def __init__(self, context: BenchContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.active_dialog = None
        self.file_chooser: FileChooser = QtFileChooser()
        self.report: CustodyReport | None = None
        self.subject: dict[str, str] = {}
        self.issued: IssuedDocument | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 10, 0, 0)
        layout.setSpacing(6)
        bar = QHBoxLayout()
        bar.setSpacing(6)
        bar.addWidget(QLabel(_("Sample or device code, or patient MRN:"), self))
        self.search = ScanLineEdit(self)
        mark_search(self.search)
        self.search.setObjectName("custodySubject")
        self.search.setPlaceholderText(_("Scan a tube or straw, or type an MRN"))
        self.search.setMinimumWidth(260)
        self.show_button = QPushButton(_("Show"), self)
        bar.addWidget(self.search)
        bar.addWidget(self.show_button)
        bar.addStretch(1)
        self.preview_button = QPushButton(_("Pre&view…"), self)
        self.preview_button.setToolTip(_("The report as a PDF marked PREVIEW: not numbered, not fingerprinted"))
        self.issue_button = QPushButton(_("&Issue report…"), self)
        self.issue_button.setToolTip(_("Number the report, store its SHA-256 fingerprint, then print or save it"))
        bar.addWidget(self.preview_button)
        bar.addWidget(self.issue_button)
        layout.addLayout(bar)
        self.error = error_label(self)
        self.error.setObjectName("custodyError")
        layout.addWidget(self.error)
        self.issued_line = QLabel(self)
        self.issued_line.setObjectName("custodyIssued")
        self.issued_line.setWordWrap(True)
        self.issued_line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.issued_line.setStyleSheet("color: #1e6b32;")
        self.issued_line.hide()
        layout.addWidget(self.issued_line)

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget(scroll)
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 8, 0)
        self.title = heading("", body, level=2)
        self.title.setObjectName("custodyTitle")
        self.facts = muted("", body)
        column.addWidget(self.title)
        column.addWidget(self.facts)
        self.items = TableSectionWidget(_("Material and where it is now"), CustodyItemTableModel(self),
                                        empty_text=_("No sample or device."),
                                        stretch_column=CustodyItemTableModel.Column.DETAIL, parent=body)
        self.events = TableSectionWidget(_("Events, in time order"), CustodyEventTableModel(self),
                                         empty_text=_("No event recorded."), max_rows=16,
                                         stretch_column=CustodyEventTableModel.Column.DESCRIPTION, parent=body)
        self.signature_lines = TableSectionWidget(_("Signatures"), SignatureLineTableModel(self),
                                                  empty_text=_("No signature."),
                                                  stretch_column=SignatureLineTableModel.Column.RECORD, parent=body)
        for section in (self.items, self.events, self.signature_lines):
            column.addWidget(section)
        E, I = CustodyEventTableModel.Column, CustodyItemTableModel.Column
        self._refit_events = wrapping(self.events, {E.AT: 130, E.EVENT: 120, E.PERFORMER: 140, E.WITNESS: 140,
                                                    E.LOCATION: 170, E.LOTS: 150})
        self._refit_items = wrapping(self.items, {I.CODE: 130, I.KIND: 120, I.STATUS: 160, I.POSITION: 300},
                                     max_height=300)
        self._refit_signatures = wrapping(self.signature_lines, {})  # the record signed, whole
        column.addStretch(1)
        scroll.setWidget(body)
        layout.addWidget(scroll, 1)
        self.placeholder = muted(_("Scan a tube, straw or vial, or type a patient's MRN, and press Enter."), self)
        layout.addWidget(self.placeholder)

        self.search.scanned.connect(self.show_subject)
        self.show_button.clicked.connect(lambda: self.show_subject(self.search.text()))
        self.preview_button.clicked.connect(self.preview)
        self.issue_button.clicked.connect(self.issue)
        self._body = scroll
        self._show(None)

    def _show(self, report: CustodyReport | None) -> None:
        self.report = report
        self._body.setVisible(report is not None)
        self.placeholder.setVisible(report is None)
        for button in (self.preview_button, self.issue_button):
            button.setEnabled(report is not None)
        if report is None:
            return
        who = isolated(_("{name} · MRN {mrn} · born {born}"), name=report.patient_name, mrn=report.patient_mrn,
                       born=report.patient_dob)
        if report.subject_kind == "patient":
            self.title.setText(_("Patient {who}: all samples and devices").format(who=who))
        else:
            self.title.setText(_("{kind} {code} — {who}").format(kind=subject_title(report.subject_kind),
                                                                 code=isolate(report.subject), who=who))
        items, events, signatures = len(report.items), len(report.events), len(report.signatures)
        self.facts.setText(_("{items}, {events}, {signatures}, as of {time}.").format(
            items=ngettext("{count} sample or device", "{count} samples and devices", items).format(count=items),
            events=ngettext("{count} event", "{count} events", events).format(count=events),
            signatures=ngettext("{count} signature", "{count} signatures", signatures).format(count=signatures),
            time=isolate(report.issued_at[:16])))
        self.events.model.show_subject = len(report.items) > 1
        self.items.set_rows(report.items)
        self._refit_items()
        self.events.set_rows(report.events)
        self._refit_events()
        self.signature_lines.set_rows(report.signatures)
        self._refit_signatures()

    def show_subject(self, text: str) -> bool:
        set_message(self.error, "")
        self.issued_line.hide()
        if not text.strip():
            set_message(self.error, _("Scan or type a sample or device code, or a patient's MRN."))
            return False
        subject = subject_of(text)
        try:
            report = self.context.services.custody.report(**subject, actor=self.context.actor)
        except BenchError as exc:
            message = " ".join(exc.field_errors.values()) if isinstance(exc, ValidationError) else str(exc)
            set_message(self.error, message)
            return False
        self.subject = subject
        self._show(report)
        self.search.selectAll()
        return True

    def refresh(self) -> None:
        if self.subject:
            self._show(self.context.services.custody.report(**self.subject, actor=self.context.actor))

    def preview(self) -> None:
        content = self.context.services.custody.preview_pdf(**self.subject, actor=self.context.actor)
        open_dialog(self, PrintPreviewDialog(
            content, title=isolated(_("Chain-of-custody preview: {subject}"), subject=self.report.subject),
            filename=f"custody-preview-{self.report.subject.replace(' ', '-')}.pdf",
            details=_("A preview is not numbered and carries no fingerprint, so it can never be verified. "
                      "Issue the report for a copy that leaves the lab."),
            file_chooser=self.file_chooser, parent=self))

    def issue(self) -> PrintPreviewDialog | None:
        """The report to issue: shown as a preview; printing or saving it issues, signs and records it."""
        subject, actor = dict(self.subject), self.context.actor
        try:
            content = self.context.services.custody.preview_pdf(**subject, actor=actor)
        except BenchError as exc:
            set_message(self.error, str(exc))
            return None
        dialog = PrintPreviewDialog(
            content, title=isolated(_("Chain-of-custody report: {subject}"), subject=self.report.subject),
            filename=f"custody-{self.report.subject.replace(' ', '-')}.pdf",
            details=_("Print… or Save as PDF… issues the report: it is numbered, fingerprinted and signed by the "
                      "lab, and recorded once it is printed or saved. Closing this window issues nothing."),
            file_chooser=self.file_chooser, parent=self,
            issue=lambda deliver: self.context.services.custody.issue(actor, **subject, deliver=deliver),
            on_issued=self._issued)
        open_dialog(self, dialog)
        return dialog

    def _issued(self, doc) -> None:
        self.issued = doc
        self.issued_line.setText(_("Issued as report no. {number}. Fingerprint (SHA-256), stored and printed in "
                                   "every page's footer: {fingerprint}").format(number=doc.report_no,
                                                                                fingerprint=isolate(doc.fingerprint)))
        self.issued_line.show()
