"""The app's words in the user's language: one gettext catalogue per language, core and screens alike.

Why gettext catalogues through Babel rather than Qt Linguist: the core (services, domain, reports)
must stay Qt-free and its messages (a field's validation, a printed document's fixed words) are
translated like the screens', so one mechanism serves both; ``.po`` files are what translators and
their tools (Poedit, Weblate) read; Babel extracts them (``pybabel extract``, babel.cfg) and gives
CLDR's plural rules and the locale's dates and numbers. The catalogues are
``resources/locale/<lang>/LC_MESSAGES/bench.po``, compiled to ``.mo`` by ``make`` (never committed).
Qt's own dialogs (file, print, message-box buttons) take Qt's shipped ``qtbase_<lang>.qm``:
ui/common/i18n.py installs both.

English is the source text. Messages name their values (``"{count} samples received"``), so a
translation may put them in its own order, and counted messages go through ``ngettext`` with the
language's plural rules ("1 sample", never "1 samples"). Module-level constants take ``lazy_gettext``
(alias ``_l``): their words are looked up when shown, in the language active then.

The active language is one per process (a desktop app, one person at a time): ``set_language``
at start (the workstation's ``[ui] language``, else the lab's ``lab_language``, else English) and
again at sign-in (the user's own choice). ``using_language`` sets it for a block (a test, a report).
Importing this module costs the sign-in window nothing measurable: only the standard library's
gettext is read at start, Babel only when a date or number is first formatted.
"""

from __future__ import annotations

import functools

import gettext as _gettext
import re
import threading
from contextlib import contextmanager
from datetime import date, datetime, time
from typing import Any, Iterator

from bench_app.resources_path import resources_dir

DOMAIN = "bench"
SOURCE_LANGUAGE = "en"
# The languages with a complete catalogue (English is the source), in the order a list shows them.
LANGUAGES: dict[str, str] = {"en": "English", "tr": "Türkçe", "ar": "العربية", "es": "Español"}
RIGHT_TO_LEFT = frozenset({"ar", "fa", "he", "ur", "ps", "yi", "dv", "ckb"})

_lock = threading.Lock()
_language = SOURCE_LANGUAGE
_translations: _gettext.NullTranslations = _gettext.NullTranslations()
_cache: dict[str, _gettext.NullTranslations] = {}


def locale_dir():
    """``resources/locale``: the catalogues (.po, and the .mo that ``make`` compiles beside them)."""
    return resources_dir() / "locale"


def primary(code: str | None) -> str:
    """'tr_TR.UTF-8', 'tr-TR' or 'TR' -> 'tr'; '' for nothing."""
    return (code or "").replace("-", "_").split("_")[0].split(".")[0].strip().lower()


def supported(code: str | None) -> str | None:
    """The catalogue language for ``code`` (its primary subtag), or None when Bench has none for it."""
    lang = primary(code)
    return lang if lang in LANGUAGES else None


def choose_language(*candidates: str | None) -> str:
    """The first candidate Bench has a catalogue for, most specific first (user, workstation, lab); else English."""
    for candidate in candidates:
        lang = supported(candidate)
        if lang:
            return lang
    return SOURCE_LANGUAGE


def _load(lang: str) -> _gettext.NullTranslations:
    if lang == SOURCE_LANGUAGE:
        return _gettext.NullTranslations()
    found = _cache.get(lang)
    if found is None:
        try:
            found = _gettext.translation(DOMAIN, str(locale_dir()), languages=[lang])
        except OSError:  # no compiled catalogue (a source tree before `make`): English, not a crash
            found = _gettext.NullTranslations()
        _cache[lang] = found
    return found


def set_language(code: str | None) -> str:
    """Make ``code``'s catalogue the active one (unknown or None: English); returns the language set."""
    global _language, _translations
    lang = supported(code) or SOURCE_LANGUAGE
    translations = _load(lang)
    with _lock:
        _language, _translations = lang, translations
    return lang


def language() -> str:
    """The active language's code ('en', 'tr', 'ar', 'es')."""
    return _language


def is_right_to_left(code: str | None = None) -> bool:
    """Whether ``code`` (default: the active language) is written right to left."""
    return primary(code if code is not None else _language) in RIGHT_TO_LEFT


@contextmanager
def using_language(code: str | None) -> Iterator[str]:
    """The block in ``code``'s language, then the one before it again."""
    before = _language
    try:
        yield set_language(code)
    finally:
        set_language(before)


def gettext(message: str) -> str:
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of ``singular``/``plural`` for ``n`` by the active language's plural rules (Arabic has six)."""
    return _translations.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` where the same English word means different things ('Start' a time, 'Start' a button)."""
    return _translations.pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return _translations.npgettext(context, singular, plural, n)


_ = gettext


class LazyString:
    """A message looked up each time it is used, in the language active then (module-level constants).

    Behaves as text where reports and screens use it: ``str()``, ``format``, ``%``, ``+``, comparison,
    ``len``, hashing by its English source (so it can key a dict the same in every language).
    """

    __slots__ = ("message", "context")

    def __init__(self, message: str, context: str | None = None):
        self.message = message
        self.context = context

    def __str__(self) -> str:
        return pgettext(self.context, self.message) if self.context else gettext(self.message)

    def __repr__(self) -> str:
        return f"lazy_gettext({self.message!r})"

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def format(self, *args: Any, **kwargs: Any) -> str:
        return str(self).format(*args, **kwargs)

    def __mod__(self, other: Any) -> str:
        return str(self) % other

    def __add__(self, other: Any) -> str:
        return str(self) + str(other)

    def __radd__(self, other: Any) -> str:
        return str(other) + str(self)

    def __eq__(self, other: object) -> bool:
        return str(self) == str(other) if isinstance(other, (str, LazyString)) else NotImplemented

    def __hash__(self) -> int:
        return hash(self.message)

    def __len__(self) -> int:
        return len(str(self))

    def __bool__(self) -> bool:
        return bool(self.message)

    def __getattr__(self, name: str) -> Any:  # .upper(), .split(), ...: the translated text's own
        if name in LazyString.__slots__:
            raise AttributeError(name)
        return getattr(str(self), name)


def lazy_gettext(message: str) -> LazyString:
    return LazyString(message)


def lazy_pgettext(context: str, message: str) -> LazyString:
    return LazyString(message, context)


_l = lazy_gettext


# Dates, times and numbers in the active language's form (CLDR through Babel, imported on first use).

def _babel_locale():
    """The current language as Babel's Locale, parsed once per language (Babel parses a name at every call:
    the Outcomes table formats some two hundred numbers each time it is drawn)."""
    return _parsed_locale(_language)


@functools.lru_cache(maxsize=8)
def _parsed_locale(language: str):
    from babel import Locale

    return Locale.parse(language)


def format_date(value: date, format: str = "medium") -> str:
    """'7 Dec 2026' / '7 Ara 2026' / '٠٧‏/١٢‏/٢٠٢٦'...: ``format`` is Babel's ('short', 'medium', 'long', 'full'
    or a CLDR pattern such as 'EEEE d MMMM y')."""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(value, format=format, locale=_babel_locale())


def format_time(value: time | datetime, format: str = "HH:mm") -> str:
    """24-hour time as labs write it (the clock is a lab's, never 'PM'); ``value`` already in local time."""
    from babel.dates import format_time as babel_format_time

    return babel_format_time(value, format=format, locale=_babel_locale())


def format_datetime(value: datetime, format: str = "medium") -> str:
    """Date and time in the locale's form; ``value`` already in local time (bench_app.domain.clock.to_local)."""
    from babel.dates import format_datetime as babel_format_datetime

    if format in ("short", "medium", "long", "full"):
        return f"{format_date(value, format)} {format_time(value)}"
    return babel_format_datetime(value, format=format, locale=_babel_locale())


def format_number(value: int | float, decimals: int | None = None) -> str:
    """1,234.5 / 1.234,5 / ١٬٢٣٤٫٥: the locale's grouping and decimal signs; ``decimals`` fixes the places."""
    from babel.numbers import format_decimal

    if decimals is None:
        return format_decimal(value, locale=_babel_locale())
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=_babel_locale())


def format_percent(value: float, decimals: int = 1) -> str:
    """0.5652 -> '56.5%' / '%56,5' / '56,5 %': the locale's own pattern (where the sign goes), ``decimals`` places."""
    from babel.numbers import format_percent as babel_format_percent

    locale = _babel_locale()
    return babel_format_percent(value, format=_percent_pattern(locale, decimals), locale=locale)


@functools.lru_cache(maxsize=32)
def _percent_pattern(locale, decimals: int) -> str:
    native = locale.percent_formats[None].pattern.split(";")[0]  # '#,##0%', '%#,##0' (tr), '#,##0\xa0%' (es)
    return re.sub(r"0(?=[^0]*$)", "0." + "0" * decimals, native, count=1) if decimals else native


def format_day(value: date) -> str:
    """A day written out for a heading: 'Monday 07 December 2026', 'Pazartesi 7 Aralık 2026', 'lunes, 7 de
    diciembre de 2026'."""
    if _language == SOURCE_LANGUAGE:
        return f"{value:%A %d %B %Y}"  # English as the documents have always printed it
    return format_date(value, "full")


FSI = "\u2068"  # first strong isolate
_RTL_LETTER = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")  # Hebrew, Arabic, Syriac, Thaana...
PDI = "\u2069"  # pop directional isolate


def isolate(text: object) -> str:
    """``text`` (a name, an MRN, a user name, a code, a position, a number range) kept in its own direction
    inside a sentence of the other direction: wrapped in Unicode's first-strong isolate (FSI ... PDI).

    The one helper for the screens (Qt honours the isolates) and the printed documents (reports.text lays the
    line out with them and never draws them). Without it "فاطمة الحسيني (MRN 990002): oocytes 1-4" in a
    right-to-left line runs the MRN's bracket and the range into the Arabic name. The marks are invisible;
    they are for what is shown, never for stored data.

    Only where direction can mix: under a right-to-left language every value is isolated; under a
    left-to-right one only a value with right-to-left letters (an Arabic name), so English, Turkish and
    Spanish text with Latin values stays exactly as it was. Isolating twice is isolating once; an empty
    value stays empty.
    """
    text = "" if text is None else str(text)
    if not text or _isolated_whole(text):
        return text
    if not (is_right_to_left() or _RTL_LETTER.search(text)):
        return text
    return f"{FSI}{text}{PDI}"


def _isolated_whole(text: str) -> bool:
    """Whether ``text`` is one isolate from its first character to its last (so isolating it again adds nothing)."""
    if not text.startswith(FSI) or not text.endswith(PDI):
        return False
    depth = 0
    for i, ch in enumerate(text):
        depth += ch in "\u2066\u2067\u2068"
        depth -= ch == PDI
        if depth == 0:
            return i == len(text) - 1
    return False


def isolated(message: str, /, **values: Any) -> str:
    """``message.format(**values)`` with every textual value isolated (``isolate``); numbers as they are.

    For a sentence, translated or not, that embeds names, MRNs, codes, positions or times:
    ``isolated(_("{name} (MRN {mrn})"), name=p.full_name, mrn=p.mrn)``.
    """
    return message.format(**{k: isolate(v) if isinstance(v, str) else v for k, v in values.items()})


def strip_isolates(text: str) -> str:
    """``text`` without the isolate marks ``isolate`` adds (for comparing what is shown with what is stored)."""
    return text.replace(FSI, "").replace(PDI, "")
