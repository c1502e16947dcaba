"""Verify a report: pick a chain-of-custody PDF and hear whether this system issued it, unaltered.

The file is read here and handed to ``custody.verify``; the verdict is one sentence a
person can act on, green or red, with the report's number, subject, issuer and
fingerprint when the file names them.
"""

from __future__ import annotations

from pathlib import Path

from bench_app.domain.clock import format_local
from bench_app.i18n import _
from bench_app.services.custody_dto import CONTENT_ONLY, SIGNED_DIFFERENT, Verification
from ui.common.form import error_label, set_message
from ui.common.headings import muted
from ui.printing.file_choice import PDF_FILTER, FileChooser, QtFileChooser
from ui.qt import QFormLayout, QFrame, QHBoxLayout, QLabel, QPushButton, Qt, QVBoxLayout, QWidget
from ui.shell.bench_context import BenchContext

OK_STYLE = "QFrame#verdictBox { background: #e6f4ea; border: 1px solid #1e6b32; border-radius: 4px; }"
BAD_STYLE = "QFrame#verdictBox { background: #fce8e6; border: 1px solid #b3261e; border-radius: 4px; }"
# A weaker verdict (the lab's signature or the text holds, the bytes differ): not verified, but not a forgery either.
WEAK_STYLE = "QFrame#verdictBox { background: #fef7e0; border: 1px solid #8a5a00; border-radius: 4px; }"
MAX_BYTES = 50 * 1024 * 1024


class VerifyReportView(QWidget):
    def __init__(self, context: BenchContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.file_chooser: FileChooser = QtFileChooser()
        self.verification: Verification | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 10, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(muted(_("A report that comes back to the lab (from a clinic, a court, a patient's file) can "
                                 "be checked here: it is verified only if it is byte for byte a file this system "
                                 "issued, with the lab's signature intact. A copy whose signature or text still "
                                 "matches but whose bytes differ is not verified, and says why."), self))
        bar = QHBoxLayout()
        self.choose_button = QPushButton(_("&Choose a PDF file…"), self)
        bar.addWidget(self.choose_button)
        self.file_label = QLabel(self)
        self.file_label.setObjectName("verifyFile")
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bar.addWidget(self.file_label, 1)
        layout.addLayout(bar)
        self.error = error_label(self)
        layout.addWidget(self.error)

        self.box = QFrame(self)
        self.box.setObjectName("verdictBox")
        box_layout = QVBoxLayout(self.box)
        box_layout.setContentsMargins(14, 12, 14, 12)
        self.verdict = QLabel(self.box)
        self.verdict.setObjectName("verdict")
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.verdict.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.verdict.setFont(font)
        box_layout.addWidget(self.verdict)
        self.facts = QFormLayout()
        self.facts.setHorizontalSpacing(14)
        box_layout.addLayout(self.facts)
        self.box.hide()
        layout.addWidget(self.box)
        layout.addStretch(1)
        self.choose_button.clicked.connect(self.choose_file)

    def choose_file(self) -> None:
        self.file_chooser.open_path(self, _("Verify a report"), str(PDF_FILTER), self.verify_file)

    def verify_file(self, path: str) -> Verification | None:
        file = Path(path)
        set_message(self.error, "")
        self.file_label.setText(str(file))
        try:
            if file.stat().st_size > MAX_BYTES:
                raise OSError(0, _("the file is larger than any report this system issues"))
            data = file.read_bytes()
        except OSError as exc:
            self.box.hide()
            set_message(self.error, _("Could not read {path}: {problem}.").format(path=file, problem=exc.strerror or exc))
            return None
        self.show_verification(self.context.services.custody.verify(data))
        return self.verification

    def show_verification(self, result: Verification) -> None:
        self.verification = result
        weak = result.level in (SIGNED_DIFFERENT, CONTENT_ONLY)
        self.box.setStyleSheet(OK_STYLE if result.ok else WEAK_STYLE if weak else BAD_STYLE)
        self.verdict.setStyleSheet("color: #1e6b32;" if result.ok else "color: #8a5a00;" if weak else "color: #b3261e;")
        self.verdict.setText(result.verdict)
        while self.facts.rowCount():
            self.facts.removeRow(0)
        rows = [(_("Report no."), str(result.report_no) if result.report_no else ""), (_("Subject"), result.subject),
                (_("Issued"), format_local(result.issued_at)), (_("Issued by"), result.issued_by),
                (_("Fingerprint (SHA-256)"), result.fingerprint)]
        if result.ok:
            rows.append((_("Copy"), _("byte for byte the issued file") if result.exact_copy else
                         _("same content as issued (the file was saved again by another program)")))
        for caption, value in rows:
            if value:
                label = QLabel(value, self.box)
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                label.setWordWrap(True)
                self.facts.addRow(_("{caption}:").format(caption=caption), label)
        self.box.show()
