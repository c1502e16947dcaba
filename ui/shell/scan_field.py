"""The global Scan field: a barcode scanner types like a keyboard and ends with Enter.

On Enter the text goes to the scan service. A known code or MRN is announced with
``resolved``; a code that fails its check character or names nothing is refused in the
service's words beside the field, with the text selected so the next scan replaces it.
"""

from __future__ import annotations

from bench_app.domain.errors import BenchError
from bench_app.i18n import _, isolated
from bench_app.services.registry import Services
from bench_app.services.scan_service import ScanTarget
from ui.qt import QHBoxLayout, QLabel, QLineEdit, QSizePolicy, Qt, QWidget, Signal

ERROR_STYLE = "color: #b3261e; font-weight: 600;"
INFO_STYLE = "color: #1b5e20;"


class ScanFieldWidget(QWidget):
    resolved = Signal(object)  # ScanTarget

    def __init__(self, services: Services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.setSpacing(10)
        caption = QLabel(_("Scan"), self)
        caption.setStyleSheet("font-weight: 600;")
        layout.addWidget(caption)
        self.field = QLineEdit(self)
        self.field.setObjectName("scanField")
        self.field.setPlaceholderText(_("Scan or type a code / MRN"))
        self.field.setClearButtonEnabled(True)
        self.field.setMinimumWidth(260)
        self.field.setMaximumWidth(340)
        self.field.setToolTip(_("Scan a label or type a sample, device, oocyte or dish code, or a patient's MRN (Ctrl+L)"))
        caption.setBuddy(self.field)
        layout.addWidget(self.field)
        self.message = QLabel(self)
        self.message.setObjectName("scanMessage")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.message.setMinimumWidth(200)
        layout.addWidget(self.message, 1)
        self.field.returnPressed.connect(self.submit)
        self.field.textEdited.connect(lambda _text: self.message.clear())

    def focus_field(self) -> None:
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def submit(self) -> None:
        text = self.field.text().strip()
        if not text:
            return
        try:
            target = self.services.scan.resolve(text)
        except BenchError as exc:
            self.show_error(str(exc))
            return
        self.field.clear()
        self.resolved.emit(target)

    def clear(self) -> None:
        self.field.clear()
        self.message.clear()
        self.message.setToolTip("")

    def show_error(self, text: str) -> None:
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(text)
        self.message.setToolTip(text)
        self.field.setFocus()
        self.field.selectAll()

    def show_info(self, text: str) -> None:
        self.message.setStyleSheet(INFO_STYLE)
        self.message.setText(text)
        self.message.setToolTip(text)


def describe_scan(target: ScanTarget) -> str:
    """What the person scanned, in words, and where Bench takes them."""
    if target.kind == "patient":
        return isolated(_("Opened patient {title}."), title=target.title)
    return (isolated(_("Scanned {title}. The {kind} screens come with a later release; "
                     "showing the patient."), title=target.title, kind=target.kind))
