import pytest

from bench_app.domain.names import listing_name, search_key
from bench_app.domain.settings import coerce


@pytest.mark.parametrize("name, key", [
    ("Öztürk", "ozturk"), ("İbrahim", "ibrahim"), ("ÇELİK", "celik"), ("Núñez", "nunez"),
    ("Παπαδόπουλος", "παπαδοπουλοσ"), ("Иванова", "иванова"), ("  محمد   العلي ", "محمد العلي"),
])
def test_search_key_folds_case_and_accents_in_any_script(name, key):
    assert search_key(name) == key


def test_listing_name():
    assert listing_name("Ayşe", "Öztürk") == "ÖZTÜRK, Ayşe"


def test_settings_are_typed_and_bounded():
    assert coerce("idle_lock_minutes", "15") == 15
    with pytest.raises(ValueError, match="at least"):
        coerce("idle_lock_minutes", 0)
    with pytest.raises(ValueError, match="Unknown setting"):
        coerce("nope", 1)


def test_greek_capitals_drop_their_accents_latin_keeps_them():
    assert listing_name("Νίκος", "Παπαδόπουλος") == "ΠΑΠΑΔΟΠΟΥΛΟΣ, Νίκος"
    assert listing_name("José", "Núñez") == "NÚÑEZ, José"


def test_positions_summary_shortens_positions_per_cane():
    from bench_app.domain.storage import position_label, positions_summary

    cane3, cane4 = "Tank A / Canister 1 / Cane 3", "Tank A / Canister 1 / Cane 4"
    labels = [position_label(cane3, n) for n in (36, 33, 34, 35, 38)] + [position_label(cane4, 1), "", "in transit"]
    assert positions_summary(labels) == (
        "Tank A / Canister 1 / Cane 3 / Positions 33-36, 38; Tank A / Canister 1 / Cane 4 / Position 1; in transit")
    assert positions_summary([]) == ""
