"""Machine and user configuration: TOML files that IT writes once, read at every start.

Two files, both optional, the user's winning over the machine's key by key:

- the system file, for every user of the workstation: ``/etc/bench-app/config.toml`` on
  Linux (and other Unix), ``%PROGRAMDATA%\\Bench\\config.toml`` on Windows; the
  environment variable ``BENCH_CONFIG`` names another file instead (tests, trials);
- the user file, ``config.toml`` in the per-user config folder (Linux
  ``~/.config/bench-app/``, Windows ``%LOCALAPPDATA%\\bench-app\\``).

What they can say (every key is declared once in ``KEYS``)::

    [database]
    location = "/srv/bench/bench.db"     # a file, or a SQLAlchemy URL
    lock_timeout = "5"                  # seconds a change waits behind another workstation's
    statement_timeout = "30"            # seconds a PostgreSQL statement may run
    change_poll_seconds = "1.5"         # how often screens look for what other workstations saved
    [workstation]
    name = "andrology-bench-1"          # unique per PC; default: the host name
    [lab]
    name = "Andrology Laboratory, City Hospital"
    [ui]
    language = "tr"                      # this workstation's language: en, tr, ar or es (default: the lab's
                                         # language setting, else English); a user's own choice wins
    [label_printer]                      # the tube/dish label printer of this workstation
    queue = "Zebra_GK420t"               # its printer (queue) name, when printed through the system's driver
    address = "10.0.0.7:9100"            # and/or its network address for raw ZPL (HOST:PORT)
    stock = "thermal-50x25"              # the label stock loaded in it
    dpi = 203                            # its print head's resolution: 203, 300 or 600 dots per inch
    darkness = 15                        # optional, ZPL only: 0-30 (~SD)
    speed = 4                            # optional, ZPL only: inches per second (^PR)
    [cryo_label_printer]                 # the same keys for a second printer with the cryo labels
    [files]
    group = "bench"                      # shared workstation: this group may read the database and logs
    [backup]                             # the scheduled backup (bench-app backup --scheduled)
    folder = "/mnt/lab-share/bench"      # where backups go; rotation keeps the newest of
    keep_daily = 14                      # each day, ISO week and month, this many of each
    keep_weekly = 8
    keep_monthly = 12
    warn_after_hours = 36                # Today warns when the last good backup is older

A relative ``database.location`` is taken relative to the folder of the file that says it.
The lab name only seeds a new database (``bench-app init`` and the first-run dialog):
once the database holds a lab name, that one is printed, and an admin changes it in the
app, where the change is audited. Sample, device and oocyte codes always start with the
fixed letters S, D and O: the letter takes part in the check character, so it is not
configurable. Unknown keys are reported by ``bench-app config show`` and otherwise
ignored, so an older Bench reads a newer file; a file that is not valid TOML stops the
program with the file's name and the line at fault.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Mapping, NamedTuple

from bench_app import user_dirs
from bench_app.domain.errors import BenchError

APP_NAME = "bench-app"
CONFIG_ENV = "BENCH_CONFIG"
FILE_NAME = "config.toml"
DEFAULT = "default"


class ConfigError(BenchError):
    """A configuration file cannot be read or says something impossible."""


def _address(value: str) -> str:
    host, _, port = value.strip().rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError("must be HOST:PORT, e.g. 10.0.0.7:9100")
    return value.strip()


def _stock(value: str) -> str:
    from bench_app.domain.labels import STOCKS  # here: the sign-in window is shown before label stocks are needed

    if value not in STOCKS:
        raise ValueError(f"must be one of {', '.join(STOCKS)}")
    return value


def _seconds(value: str) -> str:
    try:
        seconds = float(value.strip())
    except ValueError:
        raise ValueError("must be a number of seconds, e.g. \"5\"") from None
    if not 0.5 <= seconds <= 600:
        raise ValueError("must be from 0.5 to 600 seconds")
    return f"{seconds:g}"


def _text(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value.strip()


def _language(value: str) -> str:
    from bench_app.i18n import LANGUAGES, supported  # here: only when a file sets it

    found = supported(value)
    if found is None:
        raise ValueError(f"must be one of {', '.join(LANGUAGES)}")
    return found


def _group(value: str) -> str:
    value = _text(value)
    if not all(ch.isalnum() or ch in "._-" for ch in value):
        raise ValueError("must be a group name (letters, digits, dots, dashes, underscores)")
    return value


def _folder(value: str) -> str:
    return str(Path(_text(value)).expanduser())


def _count(value: str) -> str:
    if not value.strip().isdigit() or not 0 <= int(value) <= 1000:
        raise ValueError("must be a whole number from 0 to 1000, in quotes")
    return str(int(value))


def _hours(value: str) -> str:
    if not value.strip().isdigit() or not 1 <= int(value) <= 24 * 366:
        raise ValueError("must be a whole number of hours (at least 1), in quotes")
    return str(int(value))


# NamedTuples rather than dataclasses: this module is read before the sign-in window, and
# importing dataclasses (with inspect) would cost that window about 10 ms.
class Key(NamedTuple):
    name: str  # "section.key", as written in the file
    description: str
    check: Callable[[str], str] = _text


def _number(low: int, high: int) -> Callable[[str], str]:
    def check(value: str) -> str:
        if not value.strip().isdigit() or not low <= int(value) <= high:
            raise ValueError(f"must be a whole number from {low} to {high}")
        return str(int(value))
    return check


def _dpi(value: str) -> str:
    if value.strip() not in {"152", "203", "300", "600"}:
        raise ValueError("must be the print head's resolution: 152, 203, 300 or 600")
    return value.strip()


LABEL_PRINTER_SECTIONS = ("label_printer", "cryo_label_printer")
NUMBER_KEYS = {"dpi", "darkness", "speed"}     # may be written without quotes


def _printer_keys(section: str) -> tuple[Key, ...]:
    return (
        Key(f"{section}.queue", "the label printer's system printer (queue) name"),
        Key(f"{section}.address", "network label printer, HOST:PORT", _address),
        Key(f"{section}.stock", "label stock loaded in that printer", _stock),
        Key(f"{section}.dpi", "its print head's resolution in dots per inch", _dpi),
        Key(f"{section}.darkness", "ZPL darkness, 0-30", _number(0, 30)),
        Key(f"{section}.speed", "ZPL print speed, inches per second", _number(1, 14)),
    )


KEYS: dict[str, Key] = {k.name: k for k in (
    Key("database.location", "database file or SQLAlchemy URL"),
    Key("database.lock_timeout", "seconds a change waits for another workstation's change (default 5)", _seconds),
    Key("database.statement_timeout", "seconds a PostgreSQL statement may run (default 30)", _seconds),
    Key("database.change_poll_seconds", "how often screens look for records saved elsewhere (default 1.5)", _seconds),
    Key("workstation.name", "this workstation's name in records (default: the computer's host name)"),
    Key("lab.name", "lab name given to a new database"),
    Key("ui.language", "this workstation's language (en, tr, ar, es); default: the lab's language, else English",
        _language),
    *(key for section in LABEL_PRINTER_SECTIONS for key in _printer_keys(section)),
    Key("files.group", "group that may read the database and log files on a shared workstation", _group),
    Key("backup.folder", "folder the scheduled backups go to (a network share is typical)", _folder),
    Key("backup.keep_daily", "how many daily backups rotation keeps", _count),
    Key("backup.keep_weekly", "how many weekly backups rotation keeps", _count),
    Key("backup.keep_monthly", "how many monthly backups rotation keeps", _count),
    Key("backup.warn_after_hours", "Today warns when the last good backup is older than this", _hours),
)}


class ConfigFile(NamedTuple):
    path: Path
    kind: str  # "system" or "user"
    found: bool
    values: Mapping[str, str] = MappingProxyType({})
    unknown: tuple[str, ...] = ()


class Setting(NamedTuple):
    key: str
    value: str | None
    source: str  # a file's path, or DEFAULT


class Config(NamedTuple):
    files: tuple[ConfigFile, ...]  # system first, then user
    settings: dict[str, Setting]

    def get(self, key: str) -> str | None:
        return self.settings[key].value

    def source(self, key: str) -> str:
        return self.settings[key].source


def system_config_path() -> Path:
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override).expanduser()
    if sys.platform == "win32":
        return Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")) / "Bench" / FILE_NAME
    return Path("/etc") / APP_NAME / FILE_NAME


def user_config_path() -> Path:
    return user_dirs.user_config_dir(APP_NAME) / FILE_NAME


def read_config_file(path: Path, kind: str) -> ConfigFile:
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except FileNotFoundError:
        return ConfigFile(path, kind, found=False)
    except IsADirectoryError:
        raise ConfigError(f"The {kind} config file {path} is a folder, not a file.") from None
    except PermissionError:
        raise ConfigError(f"The {kind} config file {path} cannot be read (permission denied).") from None
    import tomllib  # only when there is a file to read (about 8 ms before the sign-in window)

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"The {kind} config file {path} is not UTF-8 text.") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"The {kind} config file {path} is not valid TOML: {exc}.") from None
    values: dict[str, str] = {}
    unknown: list[str] = []
    for name, value in _flatten(data):
        key = KEYS.get(name)
        if key is None:
            unknown.append(name)
            continue
        if isinstance(value, int) and not isinstance(value, bool) and (
                name.rpartition(".")[2] in NUMBER_KEYS or key.check in (_count, _hours)):
            value = str(value)  # numbers may be written bare: dpi = 203, keep_daily = 14
        if not isinstance(value, str):
            raise ConfigError(f"In {path}, {name} must be text in quotes, not {value!r}.")
        try:
            value = key.check(value)
        except ValueError as exc:
            raise ConfigError(f"In {path}, {name} ({key.description}) {exc}; it is {value!r}.") from None
        if name in ("database.location", "backup.folder"):
            value = _located(value, path.parent)
        values[name] = value
    return ConfigFile(path, kind, found=True, values=values, unknown=tuple(unknown))


def load_config(system_path: Path | None = None, user_path: Path | None = None) -> Config:
    """The effective configuration: each key from the user file, else the system file, else unset."""
    files = (read_config_file(system_path or system_config_path(), "system"),
             read_config_file(user_path or user_config_path(), "user"))
    settings = {name: Setting(name, None, DEFAULT) for name in KEYS}
    for f in files:  # later files win
        for name, value in f.values.items():
            settings[name] = Setting(name, value, str(f.path))
    return Config(files, settings)


def _flatten(data: dict[str, Any], prefix: str = ""):
    for name, value in data.items():
        if isinstance(value, dict):
            yield from _flatten(value, f"{prefix}{name}.")
        else:
            yield f"{prefix}{name}", value


def _located(value: str, folder: Path) -> str:
    """A database file relative to its config file's folder; URLs are left as they are."""
    if "://" in value:
        return value
    path = Path(value).expanduser()
    return str(path if path.is_absolute() else folder / path)


def configured_seconds(key: str, default: float) -> float:
    """A timeout from the config files (``database.lock_timeout``, ...), else ``default``."""
    value = load_config().get(key)
    return float(value) if value else default


def configured_workstation() -> str:
    """This workstation's name: ``workstation.name`` from the config, else the host name.

    The one-patient-per-workstation rule is keyed on it, so two PCs must not share one;
    a cloned disk image keeps its host name, which is why IT can set it here.
    """
    import socket

    return load_config().get("workstation.name") or socket.gethostname()
