"""The frozen program's first module: the same entry point as the `bench-app` console script.

PyInstaller starts a script, not a console-script entry point, so this file stands in for
``bench-app = "ui.launcher:main"`` in pyproject.toml.
"""

from ui.launcher import main

if __name__ == "__main__":
    main()
