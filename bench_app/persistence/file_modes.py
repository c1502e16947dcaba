"""Files and folders that hold patient data (or the lab's keys): readable only by those who should.

A new database, the log folder and its files, and any other such file are created owner-only
(files 0600, folders 0700). On a shared workstation where several people's accounts run Bench,
IT names a group in the config file (``[files] group = "bench"``) and they are created 0660 / 0770
with that group instead. SQLite creates the database's ``-wal`` and ``-shm`` files with the
database file's own permissions, so creating the database file first (``create_private_file``)
covers them too. ``readable_by_others`` is the check made at every start.

Windows keeps access in ACLs, not mode bits: there these functions create the file or folder and
leave its access to the folder it is in (the per-user data folder is private to its user).
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path
from typing import NamedTuple

log = logging.getLogger("bench.files")
POSIX = os.name == "posix"


class FileAccess(NamedTuple):
    """Who may read the lab's private files: the owner alone, or the owner and one group.

    (A NamedTuple, not a dataclass: the log file is set up with it before the sign-in window.)"""

    group: str | None = None

    @property
    def file_mode(self) -> int:
        return 0o660 if self.group else 0o600

    @property
    def dir_mode(self) -> int:
        return 0o770 if self.group else 0o700

    @classmethod
    def from_config(cls) -> "FileAccess":
        """The group IT set for this workstation (config ``files.group``), if any."""
        from bench_app.config import load_config

        return cls(load_config().get("files.group"))


OWNER_ONLY = FileAccess()


def make_private_dir(path: Path, access: FileAccess = OWNER_ONLY) -> Path:
    """Create ``path`` (and missing parents) so that only the owner (or the group) can enter it.

    A folder that already exists keeps its mode: it may be a shared folder IT set up.
    """
    path = Path(path)
    if path.is_dir():
        return path
    path.mkdir(parents=True, exist_ok=True, mode=access.dir_mode)
    _apply(path, access.dir_mode, access)
    return path


def create_private_file(path: Path, access: FileAccess = OWNER_ONLY) -> Path:
    """Create ``path`` empty with the private mode if it does not exist yet; an existing file is left as it is."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), access.file_mode)
    except FileExistsError:
        return path
    os.close(fd)
    _apply(path, access.file_mode, access)
    return path


def open_private(path: Path, mode: str = "w", access: FileAccess = OWNER_ONLY, **kwargs):
    """``open(path, mode)`` for a file that is created private if it is new (e.g. a log or a key)."""
    create_private_file(path, access)
    return open(path, mode, **kwargs)


def readable_by_others(path: Path) -> bool:
    """Can any account outside the owner (and its group) read ``path``? False where mode bits mean nothing."""
    if not POSIX:
        return False
    try:
        return bool(Path(path).stat().st_mode & stat.S_IROTH)
    except OSError:
        return False


def access_warning(path: Path) -> str | None:
    """The start-up warning for a database file anyone on this computer can read, or None."""
    if not readable_by_others(path):
        return None
    mode = stat.S_IMODE(Path(path).stat().st_mode)
    return (f"The database file {path} can be read by every account on this computer (mode {mode:o}). "
            f"It holds patient data: make it readable by its owner only (chmod 600), or by the lab's "
            f"group (chmod 660, and set [files] group in the config file).")


def _apply(path: Path, mode: int, access: FileAccess) -> None:
    if not POSIX:
        return
    if access.group:
        try:
            import grp

            os.chown(path, -1, grp.getgrnam(access.group).gr_gid)
        except (KeyError, PermissionError) as exc:
            log.warning("cannot give %s to group %s (%s); it stays owner-only", path, access.group, exc)
            mode &= 0o700
    os.chmod(path, mode)  # mkdir and open leave out what the umask says; set exactly what is meant
