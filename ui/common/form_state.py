"""What a person has typed into a form: a snapshot to compare, and a signal per edit.

``entries`` reads every input under a widget (texts, choices, numbers, ticks), so a form
can tell whether anything was keyed since it opened without each dialog listing its
fields. ``on_edited`` calls back whenever one of the inputs under a widget changes; an
error shown under a field uses it to disappear as soon as the field is corrected.
"""

from __future__ import annotations

from typing import Callable

from ui.qt import (
    QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit, QWidget,
)


def _inputs(root: QWidget) -> list[QWidget]:
    found = [root] if _value(root) is not _NO_VALUE else []
    for widget in root.findChildren(QWidget):
        parent = widget.parentWidget()
        if isinstance(parent, (QComboBox, QAbstractSpinBox)):
            continue  # the inner line edit of a combo or spin box is read through its owner
        if _value(widget) is not _NO_VALUE:
            found.append(widget)
    return found


_NO_VALUE = object()


def _value(widget: QWidget):
    if isinstance(widget, QComboBox):
        return (widget.currentIndex(), widget.currentText() if widget.isEditable() else None)
    if isinstance(widget, QAbstractSpinBox):
        return widget.text()
    if isinstance(widget, QLineEdit):
        return None if widget.isReadOnly() else widget.text()
    if isinstance(widget, (QPlainTextEdit, QTextEdit)):
        return None if widget.isReadOnly() else widget.toPlainText()
    if isinstance(widget, QAbstractButton) and widget.isCheckable():
        return widget.isChecked()
    return _NO_VALUE


def entries(root: QWidget) -> tuple:
    """The values of every input under ``root``, in a fixed order."""
    return tuple(_value(w) for w in _inputs(root))


def on_edited(root: QWidget, callback: Callable[[], None]) -> None:
    """Call ``callback`` when the person changes any input under ``root`` (``root`` included)."""
    for widget in _inputs(root):
        if isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(lambda *_: callback())
            if widget.isEditable():
                widget.editTextChanged.connect(lambda *_: callback())
        elif isinstance(widget, QAbstractSpinBox):
            widget.editingFinished.connect(callback)
            line = widget.findChild(QLineEdit)
            if line is not None:
                line.textEdited.connect(lambda *_: callback())
        elif isinstance(widget, QLineEdit):
            widget.textEdited.connect(lambda *_: callback())
        elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
            widget.textChanged.connect(callback)
        elif isinstance(widget, QAbstractButton):
            widget.toggled.connect(lambda *_: callback())
