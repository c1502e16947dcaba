"""A message said in place: a red, wrapping label under a field or in a dialog, empty until there is one.

Its own module, apart from the forms (ui.common.form) that use it, because the sign-in window shows one and is
drawn before anything else: importing this makes none of the form's other widget classes.
"""

from __future__ import annotations

from ui.qt import QLabel, QSizePolicy, QWidget, set_by_name

ERROR_STYLE = "color: #b3261e;"


def error_label(parent: QWidget | None = None) -> QLabel:
    """A red, wrapping label that takes no room while empty."""
    label = QLabel(parent)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    set_by_name(label, textInteractionFlags="TextSelectableByMouse")
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    label.hide()
    return label


def set_message(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))
