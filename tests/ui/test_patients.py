"""Patients & cycles through the real widgets: register, find, errors by field, records."""

from __future__ import annotations

from datetime import date

import pytest

from bench_app.domain.enums import CycleStatus, CycleType, Sex
from tests.ui.conftest import click, plain, type_into, type_text
from ui.qt import QDialog, Qt


@pytest.fixture
def patients_view(open_window, team):
    window = open_window(team.embryologist, idle_timeout_ms=600_000)
    return window.show_area("patients")


def fill_patient(qtbot, form, mrn, family, given, born) -> None:
    type_into(qtbot, form.mrn, mrn)
    type_into(qtbot, form.family_name, family)
    type_into(qtbot, form.given_names, given)
    type_into(qtbot, form.date_of_birth, born)


def test_register_a_couple_then_find_it_by_a_turkish_prefix(qtbot, services, patients_view):
    search = patients_view.search_view
    click(qtbot, search.register_couple_button)
    dialog = search.active_dialog
    assert dialog.isVisible()
    fill_patient(qtbot, dialog.male, "m-1001", "Öztürk", "Mehmet Ali", "1984-03-07")
    fill_patient(qtbot, dialog.female, "F-1002", "Öztürk", "Ayşe", "7.9.1988")
    click(qtbot, dialog.ok_button)
    assert dialog.result() == QDialog.DialogCode.Accepted

    stored = services.patients.search("M-1001")
    assert [(p.family_name, p.given_names, p.date_of_birth, p.sex) for p in stored] == [
        ("Öztürk", "Mehmet Ali", date(1984, 3, 7), Sex.MALE)]
    female = services.patients.search("F-1002")[0]
    assert female.given_names == "Ayşe" and female.date_of_birth == date(1988, 9, 7)
    # The new couple is opened.
    assert patients_view.current_page() is patients_view.couple_view
    assert plain(patients_view.couple_view.title.text()) == "ÖZTÜRK, Mehmet Ali & ÖZTÜRK, Ayşe"

    click(qtbot, patients_view.search_button)
    type_text(qtbot, search.search, "öz")
    qtbot.waitUntil(lambda: search.model.rowCount() == 2, timeout=2000)
    names = {search.proxy.index(r, 1).data() for r in range(2)}
    assert names == {"ÖZTÜRK, Mehmet Ali", "ÖZTÜRK, Ayşe"}
    assert search.summary.text() == "2 patients found."


def test_greek_and_arabic_names_are_found_as_typed(qtbot, services, team, patients_view):
    services.patients.register_patient(team.embryologist, mrn="G-1", family_name="Παπαδόπουλος",
                                       given_names="Γιώργος", date_of_birth=date(1980, 1, 2), sex="male")
    services.patients.register_patient(team.embryologist, mrn="A-1", family_name="الحسيني",
                                       given_names="أحمد", date_of_birth=date(1979, 5, 6), sex="male")
    search = patients_view.search_view
    type_text(qtbot, search.search, "παπα")
    qtbot.keyClick(search.search, Qt.Key.Key_Return)  # Enter searches now; one hit opens it
    assert patients_view.current_page() is patients_view.patient_view
    assert patients_view.patient_view.title.text() == "ΠΑΠΑΔΟΠΟΥΛΟΣ, Γιώργος"
    click(qtbot, patients_view.search_button)
    type_into(qtbot, search.search, "")
    type_text(qtbot, search.search, "الحس")
    qtbot.waitUntil(lambda: [p.mrn for p in search.model.rows()] == ["A-1"], timeout=2000)


def test_errors_are_shown_next_to_their_fields_and_nothing_is_stored(qtbot, services, team, patients_view):
    services.patients.register_patient(team.embryologist, mrn="M-7", family_name="García", given_names="José",
                                       date_of_birth=date(1981, 1, 1), sex="male")
    events_before = services.audit.count()
    search = patients_view.search_view
    click(qtbot, search.register_couple_button)
    dialog = search.active_dialog
    fill_patient(qtbot, dialog.male, "M-7", "Haddad", "Karim", "1985-02-03")
    fill_patient(qtbot, dialog.female, "F-8", "Haddad", "Layla", "2031-01-01")
    click(qtbot, dialog.ok_button)

    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.male.error_text("mrn") == "The MRN M-7 belongs to another patient already."
    assert dialog.female.error_text("date_of_birth") == "The date of birth cannot be in the future."
    assert dialog.male.error_text("date_of_birth") == "" and dialog.female.error_text("mrn") == ""
    assert dialog.male.family_name.text() == "Haddad"  # input kept
    assert services.patients.search("Haddad") == [] and services.audit.count() == events_before

    type_into(qtbot, dialog.female.date_of_birth, "31.02.1990")
    click(qtbot, dialog.ok_button)
    assert "not a real calendar date" in dialog.female.error_text("date_of_birth")

    type_into(qtbot, dialog.male.mrn, "M-9")
    type_into(qtbot, dialog.female.date_of_birth, "1990-02-28")
    qtbot.keyClick(dialog.female.date_of_birth, Qt.Key.Key_Return)  # Enter accepts
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert {p.mrn for p in services.patients.search("haddad")} == {"M-9", "F-8"}


def test_sperm_banking_registers_the_man_alone(qtbot, services, patients_view):
    search = patients_view.search_view
    click(qtbot, search.register_couple_button)
    dialog = search.active_dialog
    fill_patient(qtbot, dialog.male, "SB-1", "Petrov", "Ivan", "1990-10-10")
    click(qtbot, dialog.no_female)
    assert not dialog.female_box.isEnabled()
    click(qtbot, dialog.ok_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    couple = dialog.result_value
    assert couple.female is None and couple.male.mrn == "SB-1"


def test_register_single_patient(qtbot, services, patients_view):
    search = patients_view.search_view
    click(qtbot, search.register_patient_button)
    dialog = search.active_dialog
    fill_patient(qtbot, dialog.fields, "P-55", "Nguyen", "Lan", "1992-04-04")
    dialog.fields.sex.setCurrentIndex(dialog.fields.sex.findData("female"))
    click(qtbot, dialog.ok_button)
    assert services.patients.search("P-55")[0].sex == Sex.FEMALE
    assert patients_view.current_page() is patients_view.patient_view


@pytest.fixture
def couple_view(qtbot, services, team, patients_view):
    couple = services.patients.register_couple(team.embryologist, male={
        "mrn": "M-100", "family_name": "Al-Sayed", "given_names": "Omar", "date_of_birth": date(1982, 6, 1)},
        female={"mrn": "F-100", "family_name": "Al-Sayed", "given_names": "Mona",
                "date_of_birth": date(1986, 7, 2)})
    patients_view.show_couple(couple.id)
    return patients_view.couple_view


def test_new_cycle_through_the_dialog(qtbot, services, couple_view):
    click(qtbot, couple_view.new_cycle_button)
    dialog = couple_view.active_dialog
    assert dialog.start_date.text() == "2026-11-20"  # today by the services' clock
    assert dialog.cycle_type.currentData() == "icsi"
    type_into(qtbot, dialog.notes, "micro-TESE planned")
    qtbot.keyClick(dialog.notes, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    cycles = services.patients.get_couple(couple_view.detail.couple.id).cycles
    assert [(c.cycle_type, c.status, c.start_date, c.notes) for c in cycles] == [
        (CycleType.ICSI, CycleStatus.ACTIVE, date(2026, 11, 20), "micro-TESE planned")]
    assert couple_view.cycles_model.rowCount() == 1 and couple_view.cycles.isVisibleTo(couple_view)


def test_new_cycle_bad_date_shown_by_the_field(qtbot, services, couple_view):
    click(qtbot, couple_view.new_cycle_button)
    dialog = couple_view.active_dialog
    type_into(qtbot, dialog.start_date, "")
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible()
    assert dialog.error_text("start_date") == "The start date is required."
    type_into(qtbot, dialog.start_date, "20/13/2026")
    click(qtbot, dialog.ok_button)
    assert dialog.error_text("start_date") == "'20/13/2026' is not a real calendar date."
    assert services.patients.get_couple(couple_view.detail.couple.id).cycles == ()


def test_record_diagnosis_through_the_dialog(qtbot, services, couple_view):
    click(qtbot, couple_view.diagnosis_button)
    dialog = couple_view.active_dialog
    dialog.azoospermia_type.setCurrentIndex(dialog.azoospermia_type.findData("NOA"))
    click(qtbot, dialog.ok_button)
    assert dialog.error_text("etiology") == "Give the etiology (or 'idiopathic')."
    type_into(qtbot, dialog.etiology, "Klinefelter 47,XXY")
    type_into(qtbot, dialog.diagnosed_on, "2026-10-01")
    click(qtbot, dialog.ok_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    (diagnosis,) = services.patients.get_couple(couple_view.detail.couple.id).diagnoses
    assert diagnosis.azoospermia_type.value == "NOA" and diagnosis.etiology == "Klinefelter 47,XXY"
    assert diagnosis.diagnosed_on == date(2026, 10, 1)
    assert couple_view.diagnoses_model.rowCount() == 1


def test_record_consent_through_the_dialog_with_field_errors_first(qtbot, services, couple_view):
    click(qtbot, couple_view.consent_button)
    dialog = couple_view.active_dialog
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible()
    assert dialog.error_text("permitted_uses") == "Tick at least one permitted use."
    click(qtbot, dialog.use_boxes["storage"])
    click(qtbot, dialog.use_boxes["treatment"])
    click(qtbot, dialog.ok_button)
    assert dialog.error_text("storage_expiry") == "Consent to storage needs a storage expiry date."
    dialog.patient.setCurrentIndex(1)  # the female partner
    type_into(qtbot, dialog.storage_expiry, "2036-11-20")
    click(qtbot, dialog.ok_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    (consent,) = services.patients.get_couple(couple_view.detail.couple.id).consents
    assert consent.patient_id == couple_view.detail.couple.female.id
    assert set(consent.permitted_uses) == {"storage", "treatment"}
    assert consent.storage_expiry == date(2036, 11, 20) and consent.signed_on == date(2026, 11, 20)
    assert couple_view.consents_model.index(0, 0).data() == "AL-SAYED, Mona"


def test_the_name_language_field_gives_turkish_capitals_and_an_unprintable_name_is_refused_by_its_field(
        qtbot, services, patients_view):
    search = patients_view.search_view
    click(qtbot, search.register_patient_button)
    dialog = search.active_dialog
    fill_patient(qtbot, dialog.fields, "P-56", "Şahin 🧬", "İsmail", "1985-05-05")
    dialog.fields.sex.setCurrentIndex(dialog.fields.sex.findData("male"))
    dialog.fields.name_language.setCurrentIndex(dialog.fields.name_language.findData("tr"))
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible() and "cannot print" in dialog.fields.error_text("family_name")
    assert services.patients.search("P-56") == []
    type_into(qtbot, dialog.fields.family_name, "Şahin")
    click(qtbot, dialog.ok_button)
    stored = services.patients.search("P-56")[0]
    assert stored.name_language == "tr" and stored.listing_name == "ŞAHİN, İsmail"
    assert plain(patients_view.patient_view.title.text()) == "ŞAHİN, İsmail"
