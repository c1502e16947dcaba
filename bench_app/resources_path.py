"""Where the app's bundled resources (fonts, label templates) are found at run time.

One function, so the frozen build can point elsewhere: ``$BENCH_RESOURCES`` wins;
otherwise ``resources/`` beside the package, as in the source tree and an editable
install. A PyInstaller build ships ``resources/`` and sets ``BENCH_RESOURCES`` (or
unpacks next to the package, which the default already finds).
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "BENCH_RESOURCES"


def resources_dir() -> Path:
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override)
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    """The path of one bundled resource, e.g. ``resource("fonts", "DejaVuSans.ttf")``."""
    path = resources_dir().joinpath(*parts)
    if not path.is_file():
        raise FileNotFoundError(f"Bench resource {'/'.join(parts)} is missing from {resources_dir()} "
                                f"(set {ENV_VAR} to the folder that holds it).")
    return path
