"""Names in any script: folding for search, and display forms."""

from __future__ import annotations

import unicodedata


def search_key(text: str) -> str:
    """Case- and accent-folded form for prefix search: 'Öztürk' and 'oztu' meet.

    Turkish dotted/dotless i fold to plain i; Greek accents and final sigma fold too.
    Scripts without case (Arabic) pass through with their marks removed.
    """
    text = text.replace("İ", "I").replace("ı", "i")
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(unicodedata.normalize("NFC", stripped).split())


def full_name(given_names: str, family_name: str) -> str:
    return f"{given_names.strip()} {family_name.strip()}".strip()


def upper_name(text: str) -> str:
    """Capitals as the name's own script writes them: Greek capitals drop their accents."""
    decomposed = unicodedata.normalize("NFD", text.upper())
    out = []
    for ch in decomposed:
        if unicodedata.combining(ch) and out and "\u0370" <= out[-1] <= "\u03ff" and ch in "\u0301\u0300\u0342":
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def listing_name(given_names: str, family_name: str) -> str:
    """FAMILY, Given: how lab lists and labels sort and show a patient."""
    return f"{upper_name(family_name.strip())}, {given_names.strip()}"
