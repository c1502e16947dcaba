"""The last safety net: an error nobody caught is shown in words instead of vanishing.

A BenchError (the database went away, a record was removed meanwhile) is something a
person can act on, so its sentence is shown as it is. Anything else is a bug: the person
is told calmly that what was saved stays saved (every service call is its own
transaction, so only the unfinished action is lost) and where the log file is; the
traceback goes into that log (bench_app.logs), or to stderr when there is no log file.
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

from bench_app.domain.errors import BenchError
from bench_app.i18n import _, isolated
from bench_app.logs import describe_log
from ui.qt import QApplication, Qt

if TYPE_CHECKING:  # installed before the sign-in window, which is shown without it
    from ui.qt import QMessageBox

log = logging.getLogger("bench.ui")


def message_for(exc: BaseException) -> tuple[str, str]:
    if isinstance(exc, BenchError):
        return _("Bench could not do that"), str(exc)
    return (_("Something went wrong"),
            isolated(_("Bench hit an unexpected problem and did not finish the last action.\n\n"
                     "Everything saved before it is kept. You can carry on; if the same action fails again, "
                     "tell your administrator what you were doing.\n\n"
                     "{where_the_log_is}\n\n({kind}: {problem})"), where_the_log_is=describe_log(), kind=type(exc).__name__,
                                                                problem=exc))


def report_exception(exc_type, exc, tb) -> QMessageBox | None:
    if issubclass(exc_type, (KeyboardInterrupt, SystemExit)):
        sys.__excepthook__(exc_type, exc, tb)
        return None
    if not isinstance(exc, BenchError):
        log.error("Unexpected error in the app", exc_info=(exc_type, exc, tb))
    title, text = message_for(exc)
    from ui.qt import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok,
                      QApplication.activeWindow())
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # the log path can be copied
    box.open()  # never a nested event loop from inside an error
    return box


def install() -> None:
    sys.excepthook = report_exception
