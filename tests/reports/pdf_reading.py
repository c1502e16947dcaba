"""Reading documents back as a person or a scanner would: text, pages, and decoded barcodes."""

from __future__ import annotations

import io
import unicodedata

import pypdfium2
import zxingcpp
from pypdf import PdfReader


def pages_text(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def page_count(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def render(data: bytes, page: int = 0, dpi: int = 300):
    """One page as a PIL image at ``dpi`` (labels at their real size: 300 dpi, as a cryo printer)."""
    pdf = pypdfium2.PdfDocument(data)
    try:
        return pdf[page].render(scale=dpi / 72).to_pil().convert("L")
    finally:
        pdf.close()


def decode(data: bytes, page: int = 0, dpi: int = 300) -> list[tuple[str, str]]:
    """(format, text) of every barcode found on the rendered page."""
    found = zxingcpp.read_barcodes(render(data, page, dpi))
    return sorted((r.format.name, r.text) for r in found)


def logical(text: str) -> str:
    """Undo the presentation forms of shaped Arabic (for comparing extracted text to a name)."""
    return unicodedata.normalize("NFKC", text)


def shaped_arabic(text: str) -> bool:
    """Whether Arabic in ``text`` is in its joined presentation forms, as shaping leaves it."""
    return any("\ufb50" <= ch <= "\ufdff" or "\ufe70" <= ch <= "\ufefc" for ch in text)
