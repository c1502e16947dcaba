"""Names in any script: folding for search, display forms, capitals in the name's own language.

Capitals follow the language the name is written in (a patient's ``name_language``,
else the lab's ``lab_language`` setting). Turkish and Azerbaijani write the capital of
i as İ (and of ı as I): an explicit rule here rather than PyICU, because these two are
the only languages whose capitals of Latin letters differ from Unicode's default
(Lithuanian's rule is about dots kept on lower case), PyICU has no wheels for Windows
and needs the system ICU library, and the rule is two lines a test can read.

A name may hold only characters the bundled fonts print (``unprintable``): an emoji or
a rare symbol no bundled font has would print as an empty box on a label, so it is
refused at entry.
"""

from __future__ import annotations

import functools
import unicodedata

from bench_app.i18n import _

# The languages a name can be marked with (BCP 47 primary subtags), for the form's list.
NAME_LANGUAGES: dict[str, str] = {
    "en": "English", "tr": "Turkish", "az": "Azerbaijani", "ar": "Arabic", "de": "German", "el": "Greek",
    "es": "Spanish", "fa": "Persian", "fr": "French", "it": "Italian", "nl": "Dutch", "pl": "Polish",
    "pt": "Portuguese", "ru": "Russian", "uk": "Ukrainian",
}
DOTTED_I_LANGUAGES = ("tr", "az")


def name_language_error(value: str) -> str | None:
    """None if ``value`` is '' (the lab's language) or a known language code, else a message for the field."""
    if value in ("", *NAME_LANGUAGES):
        return None
    return _("Choose the name's language from the list ({languages}), or leave it as the lab's.").format(
        languages=", ".join(NAME_LANGUAGES))


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


def upper_name(text: str, language: str = "") -> str:
    """Capitals as the name's own language writes them: Turkish 'Şahin' is 'ŞAHİN'; Greek capitals drop accents."""
    if language.split("-")[0].lower() in DOTTED_I_LANGUAGES:
        text = text.replace("i", "İ")    # and 'ı'.upper() is already 'I'
    decomposed = unicodedata.normalize("NFD", text.upper())
    out = []
    for ch in decomposed:
        if unicodedata.combining(ch) and out and "\u0370" <= out[-1] <= "\u03ff" and ch in "\u0301\u0300\u0342":
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def listing_name(given_names: str, family_name: str, language: str = "") -> str:
    """FAMILY, Given: how lab lists and labels sort and show a patient (capitals in the name's language)."""
    return f"{upper_name(family_name.strip(), language)}, {given_names.strip()}"


def listing_of(person) -> str:
    """``listing_name`` of anything with given_names, family_name and name_language (a patient, its summary)."""
    return listing_name(person.given_names, person.family_name, getattr(person, "name_language", "") or "")


_ARABIC_RANGES = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFC))


@functools.cache
def _coverage() -> tuple[frozenset[int], frozenset[int]]:
    """Code points of the bundled Latin/Greek/Cyrillic faces (regular and bold both) and of the Arabic faces."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    from bench_app.resources_path import resource

    def cmap(*files: str) -> frozenset[int]:
        sets = [set(TTFontFile(str(resource("fonts", f))).charToGlyph) for f in files]
        return frozenset(set.intersection(*sets))
    return (cmap("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
            cmap("NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"))


def unprintable(text: str) -> str:
    """The characters of ``text`` that no bundled font prints (in the face that prints their script), in order."""
    latin, arabic = _coverage()
    out = []
    for ch in text:
        cp = ord(ch)
        face = arabic if any(lo <= cp <= hi for lo, hi in _ARABIC_RANGES) else latin
        if cp not in face and not ch.isspace() and ch not in out:
            out.append(ch)
    return "".join(out)


def unprintable_error(text: str) -> str | None:
    """A message for the field if ``text`` holds a character the labels and reports cannot print."""
    bad = unprintable(text)
    if not bad:
        return None
    shown = ", ".join(f"{ch} (U+{ord(ch):04X})" for ch in bad[:3])
    return _("This name has characters the labels cannot print: {characters}. Leave them out.").format(characters=shown)
