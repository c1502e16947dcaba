"""Opening dialogs without blocking: window-modal ``open()`` and a callback on success.

Views never call ``exec()``: a nested event loop would freeze tests and scanners alike.
The dialog last opened by a widget is kept as ``active_dialog`` so a test can drive it.
"""

from __future__ import annotations

from typing import Any, Callable

from ui.qt import QDialog, QWidget


def open_dialog(owner: QWidget, dialog: QDialog,
                on_accepted: Callable[[Any], None] | None = None) -> QDialog:
    previous = getattr(owner, "active_dialog", None)
    if previous is not None and previous is not dialog:
        previous.deleteLater()
    owner.active_dialog = dialog
    if on_accepted is not None:
        dialog.accepted.connect(lambda: on_accepted(getattr(dialog, "result_value", None)))
    dialog.open()
    return dialog
