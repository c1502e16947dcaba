"""The log file: one rotating file per user, set up once when the program starts.

``bench.log`` in the per-user log folder (Linux ``~/.local/state/bench-app/log/``,
Windows ``%LOCALAPPDATA%\\bench-app\\Logs\\``; ``BENCH_LOG_DIR`` names another folder),
at most 1 MB, with the five files before it kept as ``bench.log.1`` ... ``bench.log.5``.
It holds each start (version, command, database), database upgrades and their backups,
and the full traceback of every unexpected error, which the person only sees as a calm
message naming this file. Passwords, PINs and patient details are never logged.

If the folder cannot be written (a read-only home, a full disk) Bench runs without a log
file rather than not at all; errors then go to standard error.

This is set up before the sign-in window is shown, so it imports little: the rotation is
done here on ``logging.FileHandler`` (``logging.handlers`` would bring sockets and pickling
along), and the start line names the system without ``platform.platform()`` (which runs
subprocesses' machinery).
"""

from __future__ import annotations

import logging
import os
import platform
import sys
from pathlib import Path

import bench_app
from bench_app import user_dirs
from bench_app.domain.errors import BenchError
from bench_app.domain.redaction import ScrubbingFilter, redact
from bench_app.persistence.file_modes import OWNER_ONLY, FileAccess, create_private_file, make_private_dir

APP_NAME = "bench-app"
LOG_DIR_ENV = "BENCH_LOG_DIR"
LOG_FILE_NAME = "bench.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"

_log_file: Path | None = None


def log_dir() -> Path:
    override = os.environ.get(LOG_DIR_ENV)
    if override:
        return Path(override).expanduser()
    return user_dirs.user_log_dir(APP_NAME)


def log_file() -> Path | None:
    """The file this process logs to, or None when logging to a file is not set up."""
    return _log_file


def setup_logging(program: str) -> Path | None:
    """Log to the rotating file from now on (once per process); return its path, or None."""
    global _log_file
    if _log_file is not None:
        return _log_file
    path = log_dir() / LOG_FILE_NAME
    try:
        access = _file_access()
        make_private_dir(path.parent, access)
        handler = PrivateRotatingFileHandler(path, access, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT,
                                             encoding="utf-8")
    except OSError as exc:
        print(f"bench-app: warning: cannot write the log file {path} ({exc.strerror or exc}); "
              "running without one.", file=sys.stderr)
        return None
    handler.setFormatter(RedactingFormatter(FORMAT))
    handler.addFilter(ScrubbingFilter())  # a database URL's password never reaches the file
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)
    logging.getLogger("alembic").setLevel(logging.WARNING)  # its plugin chatter; upgrades log themselves
    logging.captureWarnings(True)
    _log_file = path
    frozen = " (installed bundle)" if getattr(sys, "frozen", False) else ""
    logging.getLogger("bench").info("Bench %s %s started%s; Python %s on %s", bench_app.__version__, program,
                                    frozen, platform.python_version(), _system())
    return path


class PrivateRotatingFileHandler(logging.FileHandler):
    """A log file that rotates at ``maxBytes`` (``bench.log`` -> ``bench.log.1`` ... ``.{backupCount}``),
    as logging.handlers.RotatingFileHandler does, each file created private."""

    def __init__(self, filename, access: FileAccess, *, maxBytes: int, backupCount: int,  # noqa: N803
                 encoding: str | None = None):
        self.access = access
        self.maxBytes = maxBytes
        self.backupCount = backupCount
        super().__init__(filename, mode="a", encoding=encoding)

    def _open(self):
        create_private_file(Path(self.baseFilename), self.access)
        return super()._open()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self._full(record):
                self.doRollover()
            super().emit(record)
        except Exception:  # noqa: BLE001 - as logging's own handlers: a log line never stops the program
            self.handleError(record)

    def _full(self, record: logging.LogRecord) -> bool:
        if self.stream is None:
            self.stream = self._open()
        if self.maxBytes <= 0:
            return False
        self.stream.seek(0, 2)
        return self.stream.tell() + len(f"{self.format(record)}{self.terminator}") >= self.maxBytes \
            and os.path.isfile(self.baseFilename)

    def doRollover(self) -> None:  # noqa: N802 (the name logging.handlers gives it)
        if self.stream is not None:
            self.stream.close()
            self.stream = None
        if self.backupCount > 0:
            for n in range(self.backupCount - 1, 0, -1):
                older = f"{self.baseFilename}.{n}"
                if os.path.exists(older):
                    os.replace(older, f"{self.baseFilename}.{n + 1}")
            os.replace(self.baseFilename, f"{self.baseFilename}.1")
        self.stream = self._open()


class RedactingFormatter(logging.Formatter):
    """Every line, tracebacks included, with a database URL's password replaced by ***."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def _file_access() -> FileAccess:
    try:
        return FileAccess.from_config()
    except BenchError:  # a broken config file is reported by the command itself
        return OWNER_ONLY


def describe_log() -> str:
    """Where to find the details, in words for a message box or an error line."""
    if _log_file is None:
        return "The details were written to the program's error output."
    return f"The details are in the log file {_log_file}."


def _system() -> str:
    """e.g. "Linux 6.1.0-18-amd64 x86_64": what platform.platform() says, without its subprocess import."""
    return " ".join(part for part in (platform.system(), platform.release(), platform.machine()) if part)
