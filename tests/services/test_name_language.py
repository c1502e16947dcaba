"""Names as their own language writes them: Turkish capitals on labels and lists; no character printed as a box."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bench_app.domain.errors import ValidationError
from bench_app.domain.names import listing_name, unprintable, upper_name
from tests.reports.pdf_reading import pages_text
from tests.services.cryo_fixtures import eli_witness


def test_turkish_and_azerbaijani_capitals_follow_the_language():
    assert upper_name("Şahin", "tr") == "ŞAHİN" and upper_name("Şahin") == "ŞAHIN"
    assert upper_name("Işık", "tr") == "IŞIK" and upper_name("yıldız", "az") == "YILDIZ"
    assert listing_name("İbrahim", "Çelik", "tr") == "ÇELİK, İbrahim"
    assert upper_name("Σοφία", "el") == "ΣΟΦΙΑ"


def test_characters_no_bundled_font_prints_are_found():
    assert unprintable("Şahin Ömer محمد Σοφία Иван") == ""
    assert unprintable("Ali 🧬") == "🧬"


def _sample_label(services, team, clock, **patient) -> str:
    emma = team.embryologist
    c = services.patients.register_couple(emma, male=dict(mrn="T-1", date_of_birth=date(1980, 5, 5), **patient))
    proc = services.retrieval.create_procedure(
        emma, patient_id=c.male.id, cycle_id=None, procedure_type="TESA", started_at=clock.now - timedelta(minutes=30),
        surgeon="Dr. Demo", anaesthesia="local", side="left", indication="OA", planned_use="freeze")
    sample = services.retrieval.receive_sample(emma, procedure_id=proc.id, received_at=clock.now,
                                               witness=eli_witness("MRN T-1"))
    printed = services.labels.print_labels(emma, [sample.code], deliver=lambda p: None)
    return " ".join(pages_text(printed.content))


def test_a_turkish_name_prints_with_dotted_capitals_on_its_label_and_list(services, team, clock):
    text = _sample_label(services, team, clock, family_name="Şahin", given_names="Ömer", name_language="tr")
    assert "ŞAHİN, Ömer" in text and "ŞAHIN" not in text
    assert services.patients.search("şahin")[0].listing_name == "ŞAHİN, Ömer"


def test_a_new_patient_takes_the_lab_language(services, team, clock):
    services.settings.set(team.admin, "lab_language", "tr", reason="a lab in Izmir")
    text = _sample_label(services, team, clock, family_name="Yiğit", given_names="Ali")
    assert "YİĞİT, Ali" in text
    assert services.patients.search("yigit")[0].name_language == "tr"


def test_a_name_with_a_character_no_font_prints_is_refused_at_entry(services, team):
    with pytest.raises(ValidationError) as refused:
        services.patients.register_patient(team.embryologist, mrn="E-1", family_name="Kaya 🧬", given_names="Ali",
                                           date_of_birth=date(1980, 1, 1), sex="male")
    assert "cannot print" in refused.value.field_errors["family_name"] and "U+1F9EC" in \
        refused.value.field_errors["family_name"]
    with pytest.raises(ValidationError) as wrong:
        services.patients.register_patient(team.embryologist, mrn="E-1", family_name="Kaya", given_names="Ali",
                                           date_of_birth=date(1980, 1, 1), sex="male", name_language="klingon")
    assert "name_language" in wrong.value.field_errors
    assert services.patients.search("kaya") == []
