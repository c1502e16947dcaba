"""The `bench-app` console entry point: the CLI decides what to do, the GUI is one of its verbs.

Qt is imported only when the GUI really starts, so `bench-app init` or `bench-app backup`
work on a server without a display. The log file is set up first, for every command.
"""

from __future__ import annotations

import re
import sys


def run_gui(url: str, *, smoke_test: tuple[str, str] | None = None) -> int:
    """Start the desktop application on the database at ``url``; return the exit code."""
    from ui.app import run_gui as run_app

    if smoke_test is None:
        return run_app(url)
    return run_app(url, smoke_test=smoke_test)


def _command(argv: list[str]) -> str:
    """The command word only: the rest of the line may name files after patients."""
    words = [a for a in argv if re.fullmatch(r"[a-z][a-z-]*", a)]
    return words[0] if words else "gui"


def main():
    from bench_app.logs import setup_logging

    setup_logging(_command(sys.argv[1:]))
    from bench_app.cli import main as cli_main

    raise SystemExit(cli_main(gui_runner=run_gui))
