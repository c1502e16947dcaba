"""Where the keyboard lands in an area: its first field (Ctrl+1…N) and its search (Ctrl+F).

An area may say it itself with ``focus_first_field()`` / ``focus_search()``; otherwise the
first input in layout order takes the focus, and the search is the visible field marked
with ``mark_search``. Layout order is reading order in either direction, so this holds
for a right-to-left layout unchanged.
"""

from __future__ import annotations

from ui.common.focus_order import layout_order
from ui.qt import QAbstractItemView, QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit, QWidget

SEARCH_PROPERTY = "areaSearch"
_FIELDS = (QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit, QAbstractItemView)


def mark_search(field: QLineEdit) -> QLineEdit:
    """Make ``field`` the one Ctrl+F reaches while it is on screen."""
    field.setProperty(SEARCH_PROPERTY, True)
    return field


def _usable(widget: QWidget) -> bool:
    return widget.isVisible() and widget.isEnabled()


def focus_first_field(page: QWidget) -> QWidget | None:
    own = getattr(page, "focus_first_field", None)
    if callable(own):
        return own()
    stops = [w for w in layout_order(page) if _usable(w)]
    target = next((w for w in stops if isinstance(w, _FIELDS)), stops[0] if stops else None)
    if target is not None:
        target.setFocus()
    return target


def focus_search(page: QWidget) -> QWidget | None:
    own = getattr(page, "focus_search", None)
    if callable(own):
        return own()
    for widget in page.findChildren(QLineEdit):
        if widget.property(SEARCH_PROPERTY) and _usable(widget):
            widget.setFocus()
            widget.selectAll()
            return widget
    return None
