"""``bench-app config show``: each setting's value and where it came from, then the files read.

bench_app.cli runs it before the database is resolved, so a broken config file can be looked at too.
"""

from __future__ import annotations

import sys

import bench_app
from bench_app.cli_common import place_of
from bench_app.config import LABEL_PRINTER_SECTIONS, load_config
from bench_app.persistence.location import resolve_database


def add_parsers(sub, *, db_opt, signed, printer) -> None:
    config = sub.add_parser("config", help="the configuration files and what they set")
    cs = config.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    cs.add_parser("show", parents=[db_opt], help="print the effective settings and where each came from")


def cmd_config(args) -> int:
    """Each setting's value and source, then the files: what IT checks after configuring."""
    from bench_app.logs import log_dir
    from bench_app.persistence.location import default_data_dir

    config = load_config()
    url, source = resolve_database(getattr(args, "db", None), config)
    rows = [("SETTING", "VALUE", "FROM"), ("database", place_of(url), source)]
    for key in ("lab.name", "label_printer.address", "label_printer.stock"):
        rows.append((key, config.get(key) or "(not set)", config.source(key)))
    for key in config.settings:   # the rest of the label printers' declarations, when set
        if key.split(".")[0] in LABEL_PRINTER_SECTIONS and key not in ("label_printer.address", "label_printer.stock") \
                and config.get(key):
            rows.append((key, config.get(key), config.source(key)))
    rows.append(("code prefixes", "S sample, D device, O oocyte", "fixed (part of the check character)"))
    rows.append(("", "", ""))
    rows.append(("FILE", "PATH", "STATUS"))
    for f in config.files:
        status = "read" if f.found else "not found"
        rows.append((f"{f.kind} config", str(f.path), status))
    rows.append(("log folder", str(log_dir()), ""))
    rows.append(("data folder", str(default_data_dir()), "default database folder"))
    widths = [max(len(r[i]) for r in rows) for i in range(2)]
    print(f"Bench {bench_app.__version__}: the database is --db, else $BENCH_DB, else the user config, "
          f"else the system config, else the data folder.")
    for r in rows:
        print(f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]}".rstrip())
    for f in config.files:
        for key in f.unknown:
            print(f"warning: {f.path}: unknown key '{key}' is ignored", file=sys.stderr)
    if config.get("lab.name"):
        print("The lab name is given to a new database; after that the database's own setting is used.")
    return 0


COMMANDS: dict = {}  # config show needs no database: bench_app.cli.main runs cmd_config itself
