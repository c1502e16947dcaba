"""Asking the application to close the main window and start again on its database.

After a restore from the Admin area the database under the open window is another one:
what the views hold, and who is signed in, belong to the old one. The view that did the
restore calls ``request_reopen(window)``; ``ui.app.run_gui`` sees ``take_reopen_request()``
once the window has closed and shows the sign-in again on the (same, now restored) database.
"""

from __future__ import annotations

from ui.qt import QWidget

_requested = False


def request_reopen(window: QWidget) -> None:
    global _requested
    _requested = True
    window.close()


def take_reopen_request() -> bool:
    """True once after a request; the flag is cleared so the next close really ends the app."""
    global _requested
    requested, _requested = _requested, False
    return requested
