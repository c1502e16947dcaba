"""A small ZPL rasteriser for tests: the label as a Zebra would print it, dot by dot.

It knows the commands Bench's ZPL uses for geometry: ^PW and ^LL (the label), ^FO (a
field's top left), ^BY/^BC (Code 128), ^BX (DataMatrix), ^GF (a graphic) and ^FH/^FD/^FS.
Printer-font text (^A0) is not drawn: fonts are the printer's, and the tests look at
barcodes and graphics. Symbols are encoded with zxing-cpp, an encoder independent of the
one Bench draws its PDF barcodes with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import zxingcpp
from PIL import Image, ImageDraw

_COMMAND = re.compile(r"[\^~]([A-Z@][A-Z0-9@]?)([^\^~]*)")
_TWO_LETTER = {"XA", "XZ", "CI", "PW", "LL", "LH", "PO", "PR", "FO", "FB", "FH", "FD", "FS", "BY", "BC", "BX",
               "GF", "PQ", "MD", "SD"}


@dataclass
class ZplLabel:
    width: int = 0
    height: int = 0
    image: Image.Image | None = None
    graphics: list[tuple[int, int, int, int]] = field(default_factory=list)     # (x, y, w, h) of each ^GF
    barcodes: list[tuple[str, str, int, int, int]] = field(default_factory=list)  # (kind, data, x, y, module)
    texts: list[str] = field(default_factory=list)


def _unescape(data: str) -> str:
    """^FH field data: \\XX is the byte XX."""
    out = bytearray()
    i = 0
    while i < len(data):
        if data[i] == "\\" and re.fullmatch(r"[0-9A-Fa-f]{2}", data[i + 1:i + 3]):
            out.append(int(data[i + 1:i + 3], 16))
            i += 3
        else:
            out.extend(data[i].encode("utf-8"))
            i += 1
    return out.decode("utf-8")


def rasterise(zpl: str) -> list[ZplLabel]:
    """Every ^XA..^XZ format as a label with its drawn barcodes and graphics."""
    labels: list[ZplLabel] = []
    label = ZplLabel()
    draw = None
    fo = (0, 0)
    module, pending, data, hex_escape = 2, None, None, False
    for m in _COMMAND.finditer(zpl):
        name, args = m.group(1), m.group(2)
        if name not in _TWO_LETTER and name[0] == "A":     # ^A0N,... (a font): no two-letter command
            pending = pending or ("text",)
            continue
        a = args.strip().split(",") if args.strip() else []
        if name == "XA":
            label, fo, pending, data, hex_escape = ZplLabel(), (0, 0), None, None, False
        elif name == "PW":
            label.width = int(a[0])
        elif name == "LL":
            label.height = int(a[0])
        elif name == "FO":
            if label.image is None:
                label.image = Image.new("L", (label.width, label.height), 255)
                draw = ImageDraw.Draw(label.image)
            fo = (int(a[0]), int(a[1]))
        elif name == "BY":
            module = int(a[0])
        elif name == "BC":
            pending = ("code128", int(a[1]))
        elif name == "BX":
            pending = ("datamatrix", int(a[1]))
        elif name == "FH":
            hex_escape = True
        elif name == "FD":
            data = _unescape(args) if hex_escape else args
        elif name == "GF":
            total, per_row, hexdata = int(a[1]), int(a[3]), a[4]
            rows = total // per_row
            for r in range(rows):
                bits = bin(int(hexdata[r * per_row * 2:(r + 1) * per_row * 2], 16))[2:].zfill(per_row * 8)
                for c, bit in enumerate(bits):
                    if bit == "1":
                        label.image.putpixel((fo[0] + c, fo[1] + r), 0)
            label.graphics.append((fo[0], fo[1], per_row * 8, rows))
        elif name == "FS":
            if pending and pending[0] == "code128":
                _code128(draw, data, fo, module, pending[1])
                label.barcodes.append(("code128", data, fo[0], fo[1], module))
            elif pending and pending[0] == "datamatrix":
                _datamatrix(draw, data, fo, pending[1])
                label.barcodes.append(("datamatrix", data, fo[0], fo[1], pending[1]))
            elif pending and pending[0] == "text":
                label.texts.append(data or "")
            pending, data, hex_escape = None, None, False
        elif name == "XZ":
            labels.append(label)
    return labels


def _bits(value: str, fmt) -> list[list[bool]]:
    kwargs = {"force_square": True} if fmt == zxingcpp.BarcodeFormat.DataMatrix else {}
    image = zxingcpp.create_barcode(value, fmt, **kwargs).to_image(scale=1, add_quiet_zones=False)
    view = memoryview(image)
    return [[view[r, c] < 128 for c in range(view.shape[1])] for r in range(view.shape[0])]


def _code128(draw, value: str, fo, module: int, height: int) -> None:
    for c, dark in enumerate(_bits(value, zxingcpp.BarcodeFormat.Code128)[0]):
        if dark:
            draw.rectangle((fo[0] + c * module, fo[1], fo[0] + (c + 1) * module - 1, fo[1] + height - 1), fill=0)


def _datamatrix(draw, value: str, fo, module: int) -> None:
    for r, row in enumerate(_bits(value, zxingcpp.BarcodeFormat.DataMatrix)):
        for c, dark in enumerate(row):
            if dark:
                x, y = fo[0] + c * module, fo[1] + r * module
                draw.rectangle((x, y, x + module - 1, y + module - 1), fill=0)


_REPEAT = {**{chr(ord("G") + i): i + 1 for i in range(19)}, **{chr(ord("g") + i): 20 * (i + 1) for i in range(20)}}


def download_graphics(zpl: bytes) -> list[Image.Image]:
    """Every ``~DG`` graphic (as CUPS's Zebra driver sends each page) as a grey image, in ZPL's compressed hex."""
    text = zpl.decode("latin-1")
    out = []
    for m in re.finditer(r"~DG[^,]*,(\d+),(\d+),([^~^]*)", text):
        total, per_row, data = int(m.group(1)), int(m.group(2)), m.group(3)
        rows: list[str] = []
        row, count = "", 0
        width = per_row * 2
        for ch in data:
            if ch in _REPEAT:
                count += _REPEAT[ch]
            elif ch in "0123456789ABCDEFabcdef":
                row += ch.upper() * (count or 1)
                count = 0
            elif ch == ",":
                row = row.ljust(width, "0")
            elif ch == "!":
                row = row.ljust(width, "F")
            elif ch == ":":
                rows.append(rows[-1] if rows else "0" * width)
            if len(row) >= width:
                rows.append(row[:width])
                row = ""
        height = total // per_row
        rows = (rows + ["0" * width] * height)[:height]
        image = Image.new("L", (per_row * 8, height), 255)
        for y, hexrow in enumerate(rows):
            bits = bin(int(hexrow, 16))[2:].zfill(per_row * 8)
            for x, bit in enumerate(bits):
                if bit == "1":
                    image.putpixel((x, y), 0)
        out.append(image)
    return out
