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
    [lab]
    name = "Andrology Laboratory, City Hospital"
    [label_printer]
    address = "10.0.0.7:9100"            # a network label printer taking ZPL (HOST:PORT)
    stock = "thermal-50x25"              # the label stock loaded in it
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
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import platformdirs

from bench_app.domain.errors import BenchError
from bench_app.domain.labels import STOCKS

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
    if value not in STOCKS:
        raise ValueError(f"must be one of {', '.join(STOCKS)}")
    return value


def _text(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value.strip()


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


@dataclass(frozen=True)
class Key:
    name: str  # "section.key", as written in the file
    description: str
    check: Callable[[str], str] = _text


KEYS: dict[str, Key] = {k.name: k for k in (
    Key("database.location", "database file or SQLAlchemy URL"),
    Key("lab.name", "lab name given to a new database"),
    Key("label_printer.address", "network label printer, HOST:PORT", _address),
    Key("label_printer.stock", "label stock loaded in that printer", _stock),
    Key("backup.folder", "folder the scheduled backups go to (a network share is typical)", _folder),
    Key("backup.keep_daily", "how many daily backups rotation keeps", _count),
    Key("backup.keep_weekly", "how many weekly backups rotation keeps", _count),
    Key("backup.keep_monthly", "how many monthly backups rotation keeps", _count),
    Key("backup.warn_after_hours", "Today warns when the last good backup is older than this", _hours),
)}


@dataclass(frozen=True)
class ConfigFile:
    path: Path
    kind: str  # "system" or "user"
    found: bool
    values: dict[str, str] = field(default_factory=dict)
    unknown: tuple[str, ...] = ()


@dataclass(frozen=True)
class Setting:
    key: str
    value: str | None
    source: str  # a file's path, or DEFAULT


@dataclass(frozen=True)
class Config:
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
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / FILE_NAME


def read_config_file(path: Path, kind: str) -> ConfigFile:
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        return ConfigFile(path, kind, found=False)
    except IsADirectoryError:
        raise ConfigError(f"The {kind} config file {path} is a folder, not a file.") from None
    except PermissionError:
        raise ConfigError(f"The {kind} config file {path} cannot be read (permission denied).") from None
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
        if isinstance(value, int) and not isinstance(value, bool) and key.check in (_count, _hours):
            value = str(value)  # counts and hours may be written bare: keep_daily = 14
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
