"""The `bench-app` console entry point: the CLI decides what to do, the GUI is one of its verbs.

Qt is imported only when the GUI really starts, so `bench-app init` or `bench-app backup`
work on a server without a display. The log file is set up first, for every command.
"""

from __future__ import annotations

import os
import re
import sys


def run_gui(url: str, *, smoke_test: tuple[str, str] | None = None) -> int:
    """Start the desktop application on the database at ``url``; return the exit code."""
    from ui.app import run_gui as run_app

    if smoke_test is None:
        return run_app(url)
    return run_app(url, smoke_test=smoke_test)


def show_startup_error(title: str, text: str) -> None:
    """An error before the app could start (a broken config file), shown where someone will see it.

    In a terminal the command's one-line error is enough; launched from the desktop menu (or as
    Bench.exe on Windows, which has no console) a message box is the only way to say it.
    """
    if sys.stderr is not None and sys.stderr.isatty():
        return
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return  # no screen to show it on: the log and stderr have it
    from ui.app import show_error
    from ui.qt import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])  # noqa: F841 (a message box needs one)
    show_error(title, text)


def print_to_queue(content: bytes, queue: str, *, title: str = "Bench") -> int:
    """Print a PDF on a printer queue the way the app prints (``bench-app test-label`` on a declared queue)."""
    from bench_app.cli import CliError
    from ui.printing.pdf_printing import PrintFailed
    from ui.printing.queue_printing import print_to_queue as print_pdf_to_queue

    try:
        return print_pdf_to_queue(content, queue, title=title)
    except PrintFailed as exc:
        raise CliError(str(exc)) from None


run_gui.show_error = show_startup_error  # type: ignore[attr-defined]  (bench_app.cli looks for it)
run_gui.print_to_queue = print_to_queue  # type: ignore[attr-defined]


def _command(argv: list[str]) -> str:
    """The command word only: the rest of the line may name files after patients. `--version` and `--help` alone
    are not a desktop start (no Qt preload for them)."""
    words = [a for a in argv if re.fullmatch(r"[a-z][a-z-]*", a)]
    if words:
        return words[0]
    for flag, command in (("--version", "version"), ("--help", "help"), ("-h", "help")):
        if flag in argv:
            return command
    return "gui"


def main():
    command = _command(sys.argv[1:])
    if command == "gui":
        from ui.preload import preload_in_background

        preload_in_background()  # Qt's libraries linked while the log, the command line and the config are read
    from bench_app.logs import setup_logging

    setup_logging(command)
    from bench_app.cli import main as cli_main

    raise SystemExit(cli_main(gui_runner=run_gui))
