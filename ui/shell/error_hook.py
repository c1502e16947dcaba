"""The last safety net: an error nobody caught is shown in words instead of vanishing.

A BenchError (the database went away, a record was removed meanwhile) is something a
person can act on, so its sentence is shown as it is. Anything else is a bug: the person
is told that what was saved stays saved, and the traceback goes to the log (stderr).
"""

from __future__ import annotations

import sys
import traceback

from bench_app.domain.errors import BenchError
from ui.qt import QApplication, QMessageBox, Qt


def message_for(exc: BaseException) -> tuple[str, str]:
    if isinstance(exc, BenchError):
        return "Bench could not do that", str(exc)
    return ("Unexpected error",
            f"Bench hit an unexpected error and did not finish the last action: {exc!r}.\n\n"
            "Everything saved before it is kept. Please tell your administrator what you were doing.")


def report_exception(exc_type, exc, tb) -> QMessageBox | None:
    if issubclass(exc_type, (KeyboardInterrupt, SystemExit)):
        sys.__excepthook__(exc_type, exc, tb)
        return None
    if not isinstance(exc, BenchError):
        traceback.print_exception(exc_type, exc, tb)
    title, text = message_for(exc)
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok,
                      QApplication.activeWindow())
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()  # never a nested event loop from inside an error
    return box


def install() -> None:
    sys.excepthook = report_exception
