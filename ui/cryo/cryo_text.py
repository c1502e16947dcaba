"""Words and small readers shared by the cryo screens: enum captions, counts, device lines.

Captions live here once so the cane view, the search results, the history and every
dialog say "Straw", "Vitrification" and "Thawed" the same way.
"""

from __future__ import annotations

from bench_app.i18n import _, isolated
from bench_app.domain.enums import DeviceStatus, DeviceType, FreezeMethod, FreezeSourceKind, LocationKind
from bench_app.domain.errors import ValidationError
from bench_app.domain.storage import DeviceEventKind
from bench_app.domain.value_labels import COLOUR_LABELS, LABELS
from bench_app.services.storage_dto import DeviceInfo
from ui.qt import QColor, QComboBox, QListWidget, QSize, QSizePolicy

# Display names of the stored values: one table in the core (domain/value_labels.py) for every screen.
METHOD_TEXT = LABELS[FreezeMethod]
DEVICE_TYPE_TEXT = LABELS[DeviceType]
SOURCE_TEXT = LABELS[FreezeSourceKind]
STATUS_TEXT = LABELS[DeviceStatus]
EVENT_TEXT = LABELS[DeviceEventKind]
# The kinds a person adds to a tank (a position is a slot, never added by name).
KIND_TEXT = {kind: text for kind, text in LABELS[LocationKind].items() if kind != LocationKind.POSITION}
COLOURS = tuple(COLOUR_LABELS)  # stored in English; the combo shows colour_label

MUTED = QColor("#80868b")
EXPIRED = QColor("#b3261e")
WARNING = QColor("#8a5300")


def status_text(device: DeviceInfo) -> str:
    text = device.status.label
    if device.pending_discard_id is not None:
        text += " " + isolated(_("(discard #{number} pending)"), number=device.pending_discard_id)
    return text


def fill_combo(combo: QComboBox, captions: dict) -> QComboBox:
    for value, caption in captions.items():
        combo.addItem(str(caption), value.value if hasattr(value, "value") else value)
    return combo


def select_data(combo: QComboBox, value) -> None:
    index = combo.findData(value.value if hasattr(value, "value") else value)
    if index >= 0:
        combo.setCurrentIndex(index)


def read_count(text: str, key: str, *, required: bool = False) -> int | None:
    """A typed whole number, ``None`` when left empty; a field error keyed ``key`` otherwise."""
    text = text.strip()
    if not text:
        if required:
            raise ValidationError.single(key, _("Give a number."))
        return None
    if not text.isdigit():
        raise ValidationError.single(key, isolated(_("'{text}' is not a whole number."), text=text))
    return int(text)


def tri_state(combo: QComboBox) -> bool | None:
    """The value of a yes / no / not-said combo whose items carry True, False or None."""
    return combo.currentData()


def yes_no_combo(combo: QComboBox, yes: str, no: str, unset: str = "—") -> QComboBox:
    combo.addItem(unset, None)
    combo.addItem(yes, True)
    combo.addItem(no, False)
    return combo


class CompactListWidget(QListWidget):
    """A list exactly ``rows`` lines tall whose size hint says so, so a form row fits it snugly."""

    def __init__(self, rows: int, parent=None):
        super().__init__(parent)
        self.setFixedHeight(self._height(rows))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def _height(self, rows: int) -> int:
        return rows * (self.fontMetrics().height() + 4) + 2 * self.frameWidth() + 6

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.height())
