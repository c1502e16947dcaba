"""The catalogues: the template matches the sources, and Turkish, Arabic and Spanish are complete.

"Complete" means: every message of the template is translated, nothing is fuzzy (a guess waiting for
review) or obsolete (a message the sources no longer have), every plural has all of the language's
forms, and a translation names the same placeholders as its English ({count}, {code}, ...), so
nothing is dropped or invented. The domain's words are checked against the glossary.
"""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "resources" / "locale"
LANGUAGES = ("tr", "ar", "es")
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "lazy_pgettext": ((1, "c"), 2)}


def _key(message) -> tuple:
    return (message.context, message.id if isinstance(message.id, str) else tuple(message.id))


def _catalogue(path: Path, locale: str | None = None):
    with open(path, "rb") as fh:
        return read_po(fh, locale=locale)


def _placeholders(text: str) -> set[str]:
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.fixture(scope="module")
def template():
    return _catalogue(LOCALE / "bench.pot")


def test_the_template_holds_exactly_the_messages_of_the_sources(template):
    with open(ROOT / "babel.cfg", encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    extracted = set()
    for _filename, _lineno, message, _comments, context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS):
        extracted.add((context, message if isinstance(message, str) else tuple(message)))
    in_template = {_key(m) for m in template if m.id}
    assert extracted - in_template == set(), "new messages: run `make messages` and translate them"
    assert in_template - extracted == set(), "messages no longer in the sources: run `make messages`"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_catalogue_is_complete_and_current(template, lang):
    catalogue = _catalogue(LOCALE / lang / "LC_MESSAGES" / "bench.po", lang)
    assert not catalogue.fuzzy, "the header is marked fuzzy"
    assert {_key(m) for m in catalogue if m.id} == {_key(m) for m in template if m.id}
    assert not catalogue.obsolete, f"obsolete entries: {list(catalogue.obsolete)[:5]}"
    forms = get_plural(lang).num_plurals
    for message in (m for m in catalogue if m.id):
        assert "fuzzy" not in message.flags, message.id
        if isinstance(message.id, str):
            assert message.string, f"untranslated: {message.id!r}"
            assert _placeholders(message.string) == _placeholders(message.id), message.id
        else:
            assert len(message.string) == forms and all(message.string), f"plural forms missing: {message.id!r}"
            allowed = _placeholders(message.id[0]) | _placeholders(message.id[1])
            for form in message.string:  # a form may leave the number out ("one device"), never add a name
                assert _placeholders(form) <= allowed, (message.id, form)
    problems = [(m.id, errors) for m, errors in catalogue.check() if errors]
    assert not problems


# The glossary's words (the shared GLOSSARY.md, resources/locale/GLOSSARY-project.md): a message that says the English word says the language's.
GLOSSARY = {
    "tr": {"witness": ("tanık", "tanığ"), "sample": ("örnek", "örneğ"), "consent": ("onam",), "oocyte": ("oosit",),
           "thaw": ("çözdür",), "discard": ("imha",)},
    "es": {"witness": ("testigo", "atestigu"), "sample": ("muestra",), "consent": ("consentimiento",),
           "oocyte": ("ovocito",), "thaw": ("descongel",), "discard": ("descart",)},
    "ar": {"witness": ("شاهد", "إشهاد", "الشهود", "يشهد", "شهد", "مشهود"), "sample": ("عيّن",),
           "consent": ("موافق",), "oocyte": ("بويض",), "discard": ("إتلاف", "أُتلف")},
}
# Phrases with a glossary term of their own: "oocyte retrieval" is OPU (punción folicular), not "oocyte".
OWN_TERMS = ("oocyte retrieval",)
# Where the English word means something else: unsaved entries are discarded, not material.
NOT_THE_TERM = {"Discard them", "Go back and save them under your name, or discard them before",
                "Close this form and discard what you typed?"}


def _folded(text: str) -> str:
    return text.replace("İ", "i").lower()  # Turkish capital dotted I lower-cases to i + a combining dot


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_glossary_terms_are_used_consistently(lang):
    catalogue = _catalogue(LOCALE / lang / "LC_MESSAGES" / "bench.po", lang)
    missing = []
    for message in (m for m in catalogue if m.id and isinstance(m.id, str)):
        if any(phrase in message.id for phrase in NOT_THE_TERM):
            continue
        words = f" {message.id.lower()}"
        for phrase in OWN_TERMS:
            words = words.replace(phrase, "")
        for english, translations in GLOSSARY[lang].items():
            if f" {english}" in words and not any(t in _folded(message.string) for t in translations):
                missing.append((english, message.id, message.string))
    assert not missing, "\n".join(f"{e}: {i!r} -> {s!r}" for e, i, s in missing)
