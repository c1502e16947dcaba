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
    [files]
    group = "bench"                      # shared workstation: this group may read the database and logs

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


def _group(value: str) -> str:
    value = _text(value)
    if not all(ch.isalnum() or ch in "._-" for ch in value):
        raise ValueError("must be a group name (letters, digits, dots, dashes, underscores)")
    return value


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
    Key("files.group", "group that may read the database and log files on a shared workstation", _group),
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
        if not isinstance(value, str):
            raise ConfigError(f"In {path}, {name} must be text in quotes, not {value!r}.")
        try:
            value = key.check(value)
        except ValueError as exc:
            raise ConfigError(f"In {path}, {name} ({key.description}) {exc}; it is {value!r}.") from None
        if name == "database.location":
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
