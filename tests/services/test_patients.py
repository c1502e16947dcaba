"""Patients, couples, cycles, diagnosis and consent on a real database."""

from datetime import date

import pytest
from sqlalchemy import event, func, select

from bench_app.domain.enums import AzoospermiaType, ConsentUse, CycleType, Sex
from bench_app.domain.errors import NotFound, ValidationError
from bench_app.persistence.models import Couple, Patient
from bench_app.services.audit_service import AuditFilter

MALE = dict(mrn="m-100234", family_name="Öztürk", given_names="Mehmet Ali", date_of_birth=date(1984, 5, 2))
FEMALE = dict(mrn="F-100235", family_name="Öztürk", given_names="Ayşe", date_of_birth=date(1988, 9, 14))


def patient_count(services):
    with services.db.read() as s:
        return s.execute(select(func.count(Patient.id))).scalar_one()


def test_register_couple_stores_both_and_audits(services, team):
    couple = services.patients.register_couple(team.embryologist, male=MALE, female=FEMALE)
    assert couple.male.mrn == "M-100234" and couple.male.sex == Sex.MALE
    assert couple.female.full_name == "Ayşe Öztürk"
    rows = services.audit.page(team.admin, AuditFilter(entity_type="patients")).rows
    assert {r.changes["mrn"][1] for r in rows} == {"M-100234", "F-100235"}
    assert all(r.username == "emma" for r in rows)


def test_sperm_banking_man_without_partner(services, team):
    couple = services.patients.register_couple(team.embryologist, male=MALE)
    assert couple.female is None and "no female partner" in couple.title
    cycle = services.patients.create_cycle(team.embryologist, couple_id=couple.id,
                                           cycle_type=CycleType.SPERM_BANKING, start_date=date(2026, 11, 20))
    assert cycle.cycle_type == CycleType.SPERM_BANKING
    with pytest.raises(ValidationError, match="female partner"):
        services.patients.create_cycle(team.embryologist, couple_id=couple.id, cycle_type=CycleType.ICSI,
                                       start_date=date(2026, 11, 20))


def test_field_errors_name_the_field_and_nothing_is_half_written(services, team):
    services.patients.register_patient(team.embryologist, sex="male", **MALE)
    bad_female = dict(FEMALE, date_of_birth=date(2030, 1, 1), given_names="  ")
    with pytest.raises(ValidationError) as err:
        services.patients.register_couple(team.embryologist, male=dict(MALE, family_name="Other"), female=bad_female)
    assert set(err.value.field_errors) == {"male.mrn", "female.date_of_birth", "female.given_names"}
    assert "belongs to another patient" in err.value.field_errors["male.mrn"]
    assert "future" in err.value.field_errors["female.date_of_birth"]
    assert patient_count(services) == 1
    with services.db.read() as s:
        assert s.execute(select(func.count(Couple.id))).scalar_one() == 0


def test_a_valid_male_is_not_saved_when_the_female_is_invalid(services, team):
    with pytest.raises(ValidationError):
        services.patients.register_couple(team.embryologist, male=MALE, female=dict(FEMALE, mrn=""))
    assert patient_count(services) == 0


def test_partners_need_different_mrns(services, team):
    with pytest.raises(ValidationError) as err:
        services.patients.register_couple(team.embryologist, male=MALE, female=dict(FEMALE, mrn="M-100234"))
    assert "female.mrn" in err.value.field_errors


@pytest.mark.parametrize("query", ["ozt", "ÖZT", "Öztürk, Ay", "ayşe öz", "mehmet", "M-1002", "m-100234"])
def test_search_by_name_prefix_or_mrn(services, team, query):
    services.patients.register_couple(team.embryologist, male=MALE, female=FEMALE)
    services.patients.register_patient(team.embryologist, mrn="X-1", family_name="Παπαδόπουλος",
                                       given_names="Νίκος", date_of_birth=date(1980, 1, 1), sex="male")
    found = services.patients.search(query)
    assert found and all(p.family_name == "Öztürk" for p in found)


def test_search_in_greek_arabic_and_cyrillic(services, team):
    for mrn, family, given in (("G1", "Παπαδόπουλος", "Νίκος"), ("A1", "العلي", "محمد"), ("C1", "Иванов", "Сергей")):
        services.patients.register_patient(team.embryologist, mrn=mrn, family_name=family, given_names=given,
                                           date_of_birth=date(1980, 1, 1), sex="male")
    assert [p.mrn for p in services.patients.search("παπα")] == ["G1"]
    assert [p.mrn for p in services.patients.search("محمد")] == ["A1"]
    assert [p.mrn for p in services.patients.search("иван")] == ["C1"]
    assert services.patients.search("zzz") == [] and services.patients.search("  ") == []


def test_open_couple_with_cycles_diagnosis_and_consents(services, team, clock):
    couple = services.patients.register_couple(team.embryologist, male=MALE, female=FEMALE)
    services.patients.create_cycle(team.embryologist, couple_id=couple.id, cycle_type=CycleType.ICSI,
                                   start_date=date(2026, 11, 20), notes="micro-TESE planned")
    services.patients.record_diagnosis(team.embryologist, patient_id=couple.male.id,
                                       azoospermia_type=AzoospermiaType.NON_OBSTRUCTIVE,
                                       etiology="Klinefelter 47,XXY", diagnosed_on=date(2026, 3, 1))
    services.patients.record_consent(team.embryologist, patient_id=couple.male.id,
                                     permitted_uses=[ConsentUse.STORAGE, ConsentUse.TREATMENT],
                                     signed_on=date(2026, 10, 1), storage_expiry=date(2036, 10, 1))
    detail = services.patients.get_couple(couple.id)
    assert [c.notes for c in detail.cycles] == ["micro-TESE planned"]
    assert detail.diagnoses[0].azoospermia_type == AzoospermiaType.NON_OBSTRUCTIVE
    consent = detail.consents[0]
    assert consent.permitted_uses == ("storage", "treatment")
    assert consent.allows("treatment", date(2026, 12, 1)) and not consent.allows("research", date(2026, 12, 1))
    assert not consent.allows("treatment", date(2037, 1, 1))
    patient = services.patients.get_patient(couple.female.id)
    assert [c.id for c in patient.couples] == [couple.id]


def test_diagnosis_and_consent_rules(services, team):
    couple = services.patients.register_couple(team.embryologist, male=MALE, female=FEMALE)
    with pytest.raises(ValidationError, match="male partner"):
        services.patients.record_diagnosis(team.embryologist, patient_id=couple.female.id,
                                           azoospermia_type="OA", etiology="vasectomy")
    with pytest.raises(ValidationError) as err:
        services.patients.record_consent(team.embryologist, patient_id=couple.male.id, permitted_uses=["storage"],
                                         signed_on=date(2026, 10, 1), storage_expiry=date(2026, 9, 1))
    assert "storage_expiry" in err.value.field_errors
    with pytest.raises(ValidationError) as err:
        services.patients.record_consent(team.embryologist, patient_id=couple.male.id, permitted_uses=[],
                                         signed_on=None, storage_expiry=None)
    assert set(err.value.field_errors) == {"permitted_uses", "signed_on"}


def test_withdrawn_consent_no_longer_allows_use(services, team):
    couple = services.patients.register_couple(team.embryologist, male=MALE)
    c = services.patients.record_consent(team.embryologist, patient_id=couple.male.id, permitted_uses=["storage"],
                                         signed_on=date(2026, 1, 1), storage_expiry=date(2030, 1, 1))
    with pytest.raises(ValidationError, match="why"):
        services.patients.withdraw_consent(team.embryologist, c.id, withdrawn_on=date(2026, 6, 1), reason="")
    c = services.patients.withdraw_consent(team.embryologist, c.id, withdrawn_on=date(2026, 6, 1),
                                           reason="patient's written request")
    assert not c.allows("storage", date(2026, 7, 1))


def test_corrections_need_a_reason_and_keep_the_old_value(services, team):
    p = services.patients.register_patient(team.embryologist, sex="male", **MALE)
    with pytest.raises(ValidationError, match="why"):
        services.patients.update_patient(team.embryologist, p.id, reason=" ", given_names="Mehmet")
    services.patients.update_patient(team.embryologist, p.id, reason="typo at registration", given_names="Mehmet")
    row = services.audit.page(team.admin, AuditFilter(entity_type="patients", entity_id=str(p.id))).rows[0]
    assert row.changes["given_names"] == ["Mehmet Ali", "Mehmet"] and row.reason == "typo at registration"
    assert services.patients.search("mehmet")[0].given_names == "Mehmet"


def test_unknown_records(services, team):
    with pytest.raises(NotFound):
        services.patients.get_couple(404)
    with pytest.raises(NotFound):
        services.patients.get_patient(404)


def test_cycles_starting_on_a_day_come_with_their_couples_in_one_query(services, team):
    day = date(2026, 11, 20)
    couples = [services.patients.register_couple(team.embryologist, male={**MALE, "mrn": f"M-{n}"},
                                                 female={**FEMALE, "mrn": f"F-{n}"}) for n in range(3)]
    alone = services.patients.register_couple(team.embryologist, male={**MALE, "mrn": "M-ALONE"})
    expected = []
    for couple, cycle_type, start in ((couples[2], CycleType.ICSI, day), (alone, CycleType.SPERM_BANKING, day),
                                      (couples[0], CycleType.ICSI, date(2026, 11, 21)),
                                      (couples[0], CycleType.SURGICAL_RETRIEVAL, day), (couples[2], CycleType.ICSI, day)):
        cycle = services.patients.create_cycle(team.embryologist, couple_id=couple.id, cycle_type=cycle_type,
                                               start_date=start)
        if start == day:
            expected.append((cycle.id, couple))
    selects = []
    listen = lambda _conn, _cursor, statement, *_: selects.append(statement)  # noqa: E731
    event.listen(services.db.engine, "before_cursor_execute", listen)
    try:
        listed = services.patients.cycles_starting_on(day)
    finally:
        event.remove(services.db.engine, "before_cursor_execute", listen)
    assert [(row.cycle.id, row.couple) for row in listed] == expected     # oldest first, each with its couple
    assert listed[1].couple.female is None and listed[1].cycle.cycle_type == CycleType.SPERM_BANKING
    assert {row.cycle.start_date for row in listed} == {day}
    assert len([s for s in selects if s.lstrip().upper().startswith("SELECT")]) == 1   # not one per couple
