"""Qt's libraries and the font configuration loaded in a background thread while Python starts (Linux).

Before the sign-in window can be drawn, the program links Qt's three libraries (relocating a few
hundred thousand symbols) and fontconfig reads the system's font configuration and caches: about a
tenth of the work to the first frame, all of it in C, none of it needing the interpreter. Started
first thing in a desktop start, a thread does that while the main thread sets up the log, reads the
command line and the config file and imports the app's first modules; when the main thread imports
PySide6, the libraries are already linked (the dynamic loader finds them by name) and fontconfig's
configuration is already current. It loads exactly the files PySide6 itself links (its own Qt/lib
folder, in the source tree and in the bundle alike), so no second copy of Qt can enter the process,
and any failure only means the main thread does the same work itself, as it would without this.
"""

from __future__ import annotations

import sys

QT_LIBRARIES = ("libQt6Core.so.6", "libQt6Gui.so.6", "libQt6Widgets.so.6")


def preload_in_background() -> None:
    """Start the thread (Linux only; elsewhere nothing happens)."""
    if not sys.platform.startswith("linux"):
        return
    import threading

    threading.Thread(target=_preload, name="bench-qt-preload", daemon=True).start()


def _preload() -> None:
    import ctypes
    import os
    from importlib.util import find_spec

    try:
        spec = find_spec("PySide6")
        if spec is None or not spec.submodule_search_locations:
            return
        folder = os.path.join(list(spec.submodule_search_locations)[0], "Qt", "lib")
        for name in QT_LIBRARIES:
            path = os.path.join(folder, name)
            if not os.path.exists(path):
                return  # another layout: leave it to PySide6
            ctypes.CDLL(path)
        ctypes.CDLL("libfontconfig.so.1").FcInit()  # the one libQt6Gui links (found by its name, already loaded)
    except (OSError, AttributeError, ValueError):
        return
