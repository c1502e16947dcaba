"""The per-user folders for config, data and logs, read before the sign-in window.

On Linux (and other Unix but macOS) these are the XDG base directories, worked out here from
the environment as platformdirs does (``$XDG_CONFIG_HOME/bench-app``, ``$XDG_DATA_HOME/bench-app``,
``$XDG_STATE_HOME/bench-app/log``, each with its usual default under the home folder): importing
platformdirs costs the sign-in window about 8 ms. Windows and macOS ask platformdirs itself
(known-folder lookups that are not worth repeating here).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

XDG = sys.platform not in ("win32", "darwin")


def _xdg(variable: str, default: str) -> Path:
    value = os.environ.get(variable, "").strip()
    return Path(value if value else os.path.expanduser(default))


def user_config_dir(app: str) -> Path:
    if XDG:
        return _xdg("XDG_CONFIG_HOME", "~/.config") / app
    import platformdirs

    return Path(platformdirs.user_config_dir(app, appauthor=False))


def user_data_dir(app: str) -> Path:
    if XDG:
        return _xdg("XDG_DATA_HOME", "~/.local/share") / app
    import platformdirs

    return Path(platformdirs.user_data_dir(app, appauthor=False))


def user_log_dir(app: str) -> Path:
    if XDG:
        return _xdg("XDG_STATE_HOME", "~/.local/state") / app / "log"
    import platformdirs

    return Path(platformdirs.user_log_dir(app, appauthor=False))
