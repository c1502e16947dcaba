"""Text in any script for labels and reports: shaping, right-to-left order, font runs, fitting.

Arabic letters take a different form at the start, middle and end of a word, and a
right-to-left line is laid out from the right. ``arabic_reshaper`` picks each letter's
joined form (and the lam-alef ligatures) and ``python-bidi`` (the Unicode
Bidirectional Algorithm) puts the line in visual order, so mixed lines such as
"عمر الخطيب · MRN 4471" come out right. (ReportLab's own right-to-left layout needs
``rlbidi``, which is not published on PyPI; this pair is.) Arabic runs print in Noto
Sans Arabic, everything else in DejaVu Sans, so Turkish, Greek and Cyrillic letters
are real glyphs, never boxes.

Every width here is measured with the same fonts the PDF embeds, which is how labels
and table cells shrink their text to fit and never overflow.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from arabic_reshaper import ArabicReshaper
from bidi import get_display
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth

from bench_app.i18n import is_right_to_left
from bench_app.reports.fonts import arabic_font, latin_font, register_fonts

ELLIPSIS = "\u2026"
_ARABIC_RANGES = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc"
_RTL = re.compile(f"[\u0590-\u05ff{_ARABIC_RANGES}]")
_ARABIC = re.compile(f"[{_ARABIC_RANGES}]")
# An Arabic run keeps the spaces between its words; anything else is a Latin-font run.
_SEGMENT = re.compile(f"[{_ARABIC_RANGES}]+(?:\\s+[{_ARABIC_RANGES}]+)*|[^{_ARABIC_RANGES}]+")
_MIRROR = {"(": ")", ")": "(", "[": "]", "]": "[", "{": "}", "}": "{", "<": ">", ">": "<", "«": "»", "»": "«"}
# Directional isolates (FSI, LRI, RLI, PDI: bench_app.i18n.isolate) and embeddings/marks: they steer the
# order and are never drawn.
_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_LEVEL = re.compile(r"Level\(\s*(\d+),?\s*\)")
# Vowel marks typed in a name are kept: they are part of how the name is written.
_RESHAPER = ArabicReshaper(configuration={"delete_harakat": False, "support_ligatures": True})


@dataclass(frozen=True)
class Run:
    """A stretch of a line in visual order that prints in one font."""

    text: str
    font: str


@dataclass(frozen=True)
class Fitted:
    """A line fitted to a width: possibly smaller, possibly cut with an ellipsis."""

    text: str          # the logical text that is printed (with '…' if it was cut)
    size: float
    width: float
    truncated: bool


def has_arabic(text: str) -> bool:
    return bool(_ARABIC.search(text))


def has_rtl(text: str) -> bool:
    return bool(_RTL.search(text))


def visual(text: str, rtl: bool | None = None) -> str:
    """The line in the order it is drawn, left to right, with Arabic letters joined.

    A line's base direction is the document's: left to right in English, Turkish and Spanish, so
    "الخطيب، عمر (MRN 4471)" keeps the MRN after the name; right to left when the document's language is
    written so (``rtl``; by default the active language's), so an Arabic sentence starts at the right and a
    Latin name or an MRN inside it keeps its place in the sentence. A line with no right-to-left letter
    prints as it is in either direction.
    """
    return _visual(text, is_right_to_left() if rtl is None else rtl)


@lru_cache(maxsize=8192)
def _visual(text: str, rtl: bool) -> str:
    if not has_rtl(text):
        return _CONTROLS.sub("", text)
    return _CONTROLS.sub("", _reorder(_RESHAPER.reshape(text), 1 if rtl else 0))


def _reorder(text: str, base: int = 0) -> str:
    """Visual order from the embedding levels python-bidi resolves (rules L1, L2 and L4).

    python-bidi's ``get_display`` reorders but does not mirror brackets in right-to-left
    runs, so "عمر (علي)" would print with its brackets backwards. Its debug output
    carries the resolved level of each UTF-8 byte; from those levels the line is
    reversed run by run and the brackets of odd (right-to-left) levels are mirrored.
    """
    direction = "R" if base else "L"
    encoded = text.encode("utf-8")
    try:
        byte_levels = [int(v) for v in _LEVEL.findall(str(get_display(text, base_dir=direction, debug=True)))]
    except Exception:
        byte_levels = []
    if len(byte_levels) < len(encoded):  # a python-bidi without that output: its own order, unmirrored
        return get_display(text, base_dir=direction)
    levels, offset = [], 0
    for ch in text:
        levels.append(byte_levels[offset])
        offset += len(ch.encode("utf-8"))
    for i in range(len(text) - 1, -1, -1):  # L1: trailing white space takes the paragraph's level
        if not text[i].isspace():
            break
        levels[i] = base
    seq = [(_MIRROR.get(ch, ch) if level % 2 else ch, level) for ch, level in zip(text, levels)]
    odd = [level for level in levels if level % 2]
    for floor in range(max(levels), (min(odd) if odd else max(levels) + 1) - 1, -1):
        i = 0
        while i < len(seq):
            if seq[i][1] < floor:
                i += 1
                continue
            j = i
            while j < len(seq) and seq[j][1] >= floor:
                j += 1
            seq[i:j] = seq[i:j][::-1]
            i = j
    return "".join(ch for ch, _ in seq)


def runs(text: str, bold: bool = False, rtl: bool | None = None) -> tuple[Run, ...]:
    """The line's runs in drawing order, each in its font (``rtl`` as for ``visual``)."""
    return _runs(text, bold, is_right_to_left() if rtl is None else rtl)


@lru_cache(maxsize=8192)
def _runs(text: str, bold: bool, rtl: bool) -> tuple[Run, ...]:
    register_fonts()
    shown = _visual(text, rtl)
    latin = latin_font(bold)
    if not _ARABIC.search(shown):
        return (Run(shown, latin),)
    arabic = arabic_font(bold)
    return tuple(Run(m.group(0), arabic if _ARABIC.match(m.group(0)) else latin)
                 for m in _SEGMENT.finditer(shown))


@lru_cache(maxsize=16384)
def _unit_width(text: str, bold: bool) -> float:
    return sum(stringWidth(r.text, r.font, 1.0) for r in _runs(text, bold, False))  # the order changes no width


@lru_cache(maxsize=4096)
def line_extent(text: str, bold: bool = False) -> tuple[float, float]:
    """(ascent, descent) of the fonts ``text`` prints in, as fractions of the size (descent positive)."""
    faces = [pdfmetrics.getFont(r.font).face for r in _runs(text, bold, False)] or [pdfmetrics.getFont(latin_font(bold)).face]
    return max(f.ascent for f in faces) / 1000, max(-f.descent for f in faces) / 1000


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in points of ``text`` drawn at ``size``."""
    return _unit_width(text, bold) * size


def fit(text: str, max_width: float, size: float, min_size: float | None = None, bold: bool = False) -> Fitted:
    """Shrink ``text`` (down to ``min_size``) until it fits ``max_width``; past that, cut it with '…'."""
    min_size = size if min_size is None else min(min_size, size)
    unit = _unit_width(text, bold)
    if unit * size <= max_width:
        return Fitted(text, size, unit * size, False)
    if unit * min_size <= max_width:
        fitted = max(min_size, math.floor(max_width / unit * 10) / 10)
        return Fitted(text, fitted, unit * fitted, False)
    lo, hi = 0, len(text)
    while lo < hi:  # the longest prefix that fits with its ellipsis
        mid = (lo + hi + 1) // 2
        if _unit_width(text[:mid].rstrip() + ELLIPSIS, bold) * min_size <= max_width:
            lo = mid
        else:
            hi = mid - 1
    cut = text[:lo].rstrip() + ELLIPSIS if lo else ""
    return Fitted(cut, min_size, _unit_width(cut, bold) * min_size, True)


def wrap(text: str, max_width: float, size: float, bold: bool = False) -> list[str]:
    """Greedy word wrap in logical order; a word wider than a line is broken between letters."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}" if current else word
            if text_width(candidate, size, bold) <= max_width:
                current = candidate
                continue
            if current:
                lines.append(current)
            while text_width(word, size, bold) > max_width and len(word) > 1:
                n = len(word) - 1
                while n > 1 and text_width(word[:n], size, bold) > max_width:
                    n -= 1
                lines.append(word[:n])
                word = word[n:]
            current = word
        lines.append(current)
    return lines or [""]


def draw_text(canvas, x: float, y: float, text: str, size: float, bold: bool = False, align: str = "left",
              rtl: bool | None = None) -> float:
    """Draw one line with its baseline at ``y``; ``align`` is left, right (x is the right edge) or centre.

    ``rtl``: the line's base direction (``visual``); by default the active language's."""
    width = text_width(text, size, bold)
    if align == "right":
        x -= width
    elif align == "centre":
        x -= width / 2
    for run in runs(text, bold, rtl):
        canvas.setFont(run.font, size)
        canvas.drawString(x, y, run.text)
        x += stringWidth(run.text, run.font, size)
    return width
