"""The frozen program's first module: the same entry point as the `bench-app` console script.

PyInstaller starts a script, not a console-script entry point, so this file stands in for
``bench-app = "ui.launcher:main"`` in pyproject.toml.
"""

import sys

# Alembic loads the migrations from .py files in the installed folder; a run as root (sudo
# bench-app init) must not leave __pycache__ folders there that the package manager does not own.
sys.dont_write_bytecode = True

from ui.launcher import main  # noqa: E402

if __name__ == "__main__":
    main()
