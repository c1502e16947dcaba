"""The label printers declared in this workstation's config, for the print dialogs.

A config file that cannot be read does not stop printing: the app then prints at the
resolution each printer reports, as before any printer was declared.
"""

from __future__ import annotations

import logging

from bench_app.config import load_config
from bench_app.domain.errors import BenchError
from bench_app.label_printers import LabelPrinter, declared_printers

log = logging.getLogger(__name__)


def workstation_label_printers() -> tuple[LabelPrinter, ...]:
    try:
        return declared_printers(load_config())
    except BenchError as exc:
        log.warning("label printers not read from the config: %s", exc)
        return ()
