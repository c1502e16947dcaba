"""Stored values shown in the active language: every member has a display name, each one translated."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from bench_app.domain import enums, value_labels
from bench_app.domain.enums import (
    AzoospermiaType, Disposition, Etiology, FertilizationResult, Maturity, ProcedureType, ProcessingStepKind,
)
from bench_app.domain.value_labels import (
    COLOUR_LABELS, CUSTODY_EVENTS, LABELS, SOURCE_CLASS_LABELS, TECHNIQUE_LABELS, event_label, label, label_of,
)
from bench_app.i18n import LazyString, using_language
from tests.i18n.compiled import ensure_compiled

LOCALE = Path(__file__).resolve().parents[2] / "resources" / "locale"
VOCABULARIES = [c for _, c in inspect.getmembers(enums, inspect.isclass)
                if issubclass(c, enums.StrEnum) and c is not enums.StrEnum]
# Words a lab writes the same in the language (checked by hand, so the test still catches a forgotten one).
SAME_AS_ENGLISH = {"es": {"micro-TESE", "Varicocele", "General", "Local", "Manual", "n/a", "No"}, "tr": {"Tank", "Goblet"}, "ar": set()}


@pytest.fixture(scope="module", autouse=True)
def _catalogues():
    ensure_compiled()


def _catalogue(lang: str) -> dict[tuple[str | None, str], str]:
    from babel.messages.pofile import read_po

    with open(LOCALE / lang / "LC_MESSAGES" / "bench.po", "rb") as fh:
        cat = read_po(fh, locale=lang)
    return {(m.context, m.id): m.string for m in cat if m.id and isinstance(m.id, str)}


def _messages():
    tables = [*LABELS.values(), TECHNIQUE_LABELS, CUSTODY_EVENTS, SOURCE_CLASS_LABELS, COLOUR_LABELS]
    return [text for table in tables for text in table.values() if isinstance(text, LazyString)]


def test_every_member_of_every_vocabulary_has_a_display_name():
    assert set(VOCABULARIES) <= set(LABELS)
    for kind, table in LABELS.items():
        missing = [m for m in kind if m not in table]
        assert not missing, f"{kind.__name__} has no display name for {missing}"


@pytest.mark.parametrize("lang", ["tr", "ar", "es"])
def test_every_descriptive_name_is_in_the_catalogue_and_translated(lang):
    catalogue = _catalogue(lang)
    untranslated = [(m.context, m.message) for m in _messages() if not catalogue.get((m.context, m.message))]
    assert not untranslated
    with using_language(lang):
        same = [m.message for m in _messages() if str(m) == m.message and m.message not in SAME_AS_ENGLISH[lang]]
    assert not same, f"{lang} shows these in English: {same}"


def test_turkish_labels_differ_from_english_and_abbreviations_stay():
    with using_language("tr"):
        assert ProcessingStepKind.MECHANICAL_MINCING.label == "Mekanik parçalama"
        assert Disposition.FREEZE.label != "To be frozen"
        assert AzoospermiaType.OBSTRUCTIVE.label.endswith("(OA)") and "Obstructive" not in AzoospermiaType.OBSTRUCTIVE.label
        assert ProcedureType.TESE.label == "TESE" and ProcedureType.MICRO_TESE.label == "mikro-TESE"
        assert Maturity.MII.label == "MII" and FertilizationResult.PN2.label == "2PN"
        assert Etiology.CBAVD.label == "CBAVD"
        assert event_label("discard requested") != "discard requested"
        assert event_label("sign_in") != "Signed in"
    assert Disposition.FRESH_ICSI.label == "Fresh for ICSI"


def test_the_stored_code_never_changes_with_the_language():
    with using_language("ar"):
        assert Disposition.FRESH_ICSI.value == "fresh_icsi" == str(Disposition.FRESH_ICSI)
        assert Disposition.FRESH_ICSI.english == "fresh icsi"
        assert value_labels.english(ProcessingStepKind.RBC_LYSIS) == "red cell lysis"


def test_a_code_read_as_text_finds_its_name_and_free_text_stays():
    with using_language("es"):
        assert label_of(Disposition, "fresh_icsi") == label_of(Disposition, "fresh icsi") == label(Disposition.FRESH_ICSI)
        assert label_of(Etiology, "typed by a person") == "typed by a person"
        assert label_of(Etiology, None) == ""
        assert event_label("something new") == "something new"
