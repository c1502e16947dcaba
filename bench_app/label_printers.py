"""The label printers IT declared for this workstation, and what each prints at.

A label printer prints in whole dots of its print head (203, 300 or 600 dpi), which the
system cannot tell: Qt reports 1200 dpi for a 203-dpi Zebra queue on CUPS. So IT declares
each one in the config file (``[label_printer]`` and ``[cryo_label_printer]``: its queue
name and/or network address, its resolution, the stock loaded in it) and Bench lays the
labels out on that printer's dot grid, renders them at that resolution for the queue,
and writes ZPL for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from bench_app.config import LABEL_PRINTER_SECTIONS, Config
from bench_app.domain.labels import STOCKS


@dataclass(frozen=True)
class LabelPrinter:
    section: str             # label_printer or cryo_label_printer
    queue: str               # the system's printer name ('' if it is only reached by address)
    address: str             # HOST:PORT for raw ZPL ('' if none)
    stock: str               # the stock loaded in it ('' if not said)
    dpi: int
    darkness: int | None = None
    speed: int | None = None

    @property
    def title(self) -> str:
        where = " and ".join(x for x in (self.queue and f"queue {self.queue}", self.address) if x)
        return f"{where or self.section} ({self.dpi} dpi)"


def declared_printers(config: Config) -> tuple[LabelPrinter, ...]:
    """The label printers the config declares (a section with a queue or an address)."""
    out = []
    for section in LABEL_PRINTER_SECTIONS:
        def get(key: str) -> str:
            return config.get(f"{section}.{key}") or ""
        if not (get("queue") or get("address")):
            continue
        stock = get("stock")
        dpi = int(get("dpi") or (STOCKS[stock].dpi if stock else 203))
        out.append(LabelPrinter(section, get("queue"), get("address"), stock, dpi,
                                int(get("darkness")) if get("darkness") else None,
                                int(get("speed")) if get("speed") else None))
    return tuple(out)


def printer_for_queue(printers: Sequence[LabelPrinter], queue: str) -> LabelPrinter | None:
    return next((p for p in printers if p.queue and p.queue == queue), None)


def printer_for_address(printers: Sequence[LabelPrinter], address: str) -> LabelPrinter | None:
    return next((p for p in printers if p.address and p.address == address.strip()), None)


def printer_for_stock(printers: Sequence[LabelPrinter], stock: str) -> LabelPrinter | None:
    """The printer with ``stock`` loaded; else the only one that says nothing of its stock."""
    found = next((p for p in printers if p.stock == stock), None)
    if found is None:
        unsaid = [p for p in printers if not p.stock]
        found = unsaid[0] if len(unsaid) == 1 else None
    return found
