"""The `bench-app` console entry point: the CLI decides what to do, the GUI is one of its verbs.

Qt is imported only when the GUI really starts, so `bench-app init` or `bench-app backup`
work on a server without a display.
"""

from __future__ import annotations


def run_gui(url: str) -> int:
    """Start the desktop application on the database at ``url``; return the exit code."""
    from ui.app import run_gui as run_app

    return run_app(url)


def main():
    from bench_app.cli import main as cli_main

    raise SystemExit(cli_main(gui_runner=run_gui))
