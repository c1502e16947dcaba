"""Compiled catalogues for a test run started without `make` (pytest straight after `pip install`).

`make test` builds them (`make catalogues`); this does the same, only where a .mo is missing or
older than its .po, so a test never silently runs in English because nothing was compiled.
"""

from __future__ import annotations

from pathlib import Path

LOCALE = Path(__file__).resolve().parents[2] / "resources" / "locale"


def ensure_compiled() -> None:
    for po in LOCALE.glob("*/LC_MESSAGES/bench.po"):
        mo = po.with_suffix(".mo")
        if mo.is_file() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with open(po, "rb") as fh:
            catalogue = read_po(fh, locale=po.parent.parent.name)
        with open(mo, "wb") as fh:
            write_mo(fh, catalogue)
