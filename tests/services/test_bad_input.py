"""Each bad input found by a careful tester gets the app's own error, and nothing is written."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bench_app.domain.errors import BenchError, NotFound, ValidationError
from bench_app.persistence.base import Base
from tests.services.cryo_fixtures import canes_of, eli_witness, freeze_ejaculate, patient, samples, small_tank, today

HUGE = 10**30
LONG = "A" * 10_000


def table_counts(services) -> dict[str, int]:
    with services.db.read() as s:
        return {t.name: s.execute(select(func.count()).select_from(t)).scalar_one()
                for t in Base.metadata.sorted_tables}


@pytest.fixture
def lab(services, team, clock):
    tank = small_tank(services, team, canisters=1, canes=2, positions=5)
    man, cycle, consent = patient(services, team, clock)
    return tank, canes_of(services, tank.id), man, cycle, consent


def refused(services, call, error=ValidationError, field: str | None = None) -> BenchError:
    """``call`` raises the app's ``error`` (naming ``field``), quotes no long input, and writes nothing."""
    before = table_counts(services)
    with pytest.raises(error) as err:
        call()
    assert len(str(err.value)) < 300, str(err.value)[:400]
    if field is not None:
        assert field in err.value.field_errors, err.value.field_errors
    assert table_counts(services) == before
    return err.value


# --- numbers too large for a database integer ------------------------------------------------

def test_record_numbers_beyond_64_bits_are_not_found(services, team, clock, lab):
    _, canes, man, cycle, _ = lab
    assert "There is no patient #" in str(refused(services, lambda: services.patients.get_patient(HUGE), NotFound))
    refused(services, lambda: services.cryo.get_device(-HUGE), NotFound)
    refused(services, lambda: services.cryo.thaw(team.embryologist, device_ids=[HUGE], cycle_id=cycle.id,
                                                 witness=eli_witness(), sperm_found=True), NotFound)
    refused(services, lambda: services.cryo.move_devices(
        team.embryologist, device_ids=[1], positions=[(HUGE, 1)], reason="x", witness=eli_witness()), NotFound)


def test_counts_beyond_their_range_are_refused_by_field(services, team, clock, lab):
    _, _, man, _, _ = lab
    sample = samples(services, team, clock, man)[0]
    refused(services, lambda: services.processing.record_finding(
        team.embryologist, sample_id=sample.id, assessed_at=clock.now, sperm_found=True, count_seen=HUGE),
        field="count_seen")
    refused(services, lambda: services.cryo.devices_expiring(HUGE), field="within_days")
    refused(services, lambda: services.cryo.reserve_device_codes(team.embryologist, HUGE), field="count")
    refused(services, lambda: services.storage.create_tank(
        team.supervisor, name="T", canisters=HUGE, holders_per_canister=1, positions_per_holder=1),
        field="canisters")


# --- unknown choices ---------------------------------------------------------------------------

def test_unknown_choices_are_validation_errors(services, team, lab):
    _, _, _, cycle, _ = lab
    assert "Choose" in str(refused(services, lambda: services.patients.set_cycle_status(
        team.supervisor, cycle.id, "done"), field="status"))
    refused(services, lambda: services.users.set_role(team.admin, "emma", "god", reason="promotion"), field="role")
    refused(services, lambda: services.users.add_user(
        team.admin, username="zed", full_name="Zed", role="god", password="a-good-pass-1"), field="role")
    refused(services, lambda: services.worksheet.sign_off(team.supervisor, today_of(services), password="x",
                                                          meaning="celebrated"), field="meaning")


def today_of(services) -> date:
    return services.ctx.clock().astimezone().date()


# --- dates and times ---------------------------------------------------------------------------

def test_dates_beyond_the_calendar_and_naive_times_are_refused(services, team, clock, lab):
    _, _, man, cycle, _ = lab
    refused(services, lambda: services.retrieval.list_procedures(since=date(9999, 12, 31)), field="since")
    refused(services, lambda: services.worksheet.day(date(1, 1, 1)), field="day")
    naive = datetime(2026, 11, 20, 8, 0)
    err = refused(services, lambda: services.retrieval.create_procedure(
        team.embryologist, patient_id=man.id, cycle_id=None, procedure_type="TESA", started_at=naive,
        surgeon="Dr. Demo", anaesthesia="local", side="left", indication="OA", planned_use="freeze"),
        field="started_at")
    assert "time zone" in err.field_errors["started_at"]


def test_dates_in_1800_are_refused_for_every_kind_of_event(services, team, clock, lab):
    tank, canes, man, cycle, consent = lab
    old = datetime(1800, 1, 1, 9, 0, tzinfo=clock.now.tzinfo)
    refused(services, lambda: services.retrieval.create_procedure(
        team.embryologist, patient_id=man.id, cycle_id=None, procedure_type="TESA", started_at=old,
        surgeon="Dr. Demo", anaesthesia="local", side="left", indication="OA", planned_use="freeze"),
        field="started_at")
    refused(services, lambda: services.icsi.record_opu(team.embryologist, cycle_id=cycle.id, retrieved_at=old,
                                                       cocs_retrieved=5), field="retrieved_at")
    refused(services, lambda: services.patients.create_cycle(team.embryologist, couple_id=1, cycle_type="icsi",
                                                             start_date=date(1800, 1, 1)), field="start_date")
    refused(services, lambda: services.patients.record_consent(
        team.embryologist, patient_id=man.id, permitted_uses=["treatment"], signed_on=date(1800, 1, 1),
        storage_expiry=None), field="signed_on")
    device = freeze_ejaculate(services, team.embryologist, man.id, [(canes[0].id, 1)]).devices[0]
    refused(services, lambda: services.cryo.move_devices(
        team.embryologist, device_ids=[device.id], positions=[(canes[1].id, 1)], reason="tidy",
        witness=eli_witness(), moved_at=old), field="moved_at")
    refused(services, lambda: services.cryo.thaw(
        team.embryologist, device_ids=[device.id], cycle_id=cycle.id, witness=eli_witness(), sperm_found=True,
        thawed_at=old), field="thawed_at")


def test_a_cycle_cannot_start_on_9999_12_31(services, team, lab):
    refused(services, lambda: services.patients.create_cycle(team.embryologist, couple_id=1, cycle_type="icsi",
                                                             start_date=date(9999, 12, 31)), field="start_date")


def test_events_before_the_patients_birth_are_refused(services, team, clock, lab):
    _, _, man, cycle, _ = lab  # born 1984-01-02, partner 1987-03-04
    err = refused(services, lambda: services.patients.record_diagnosis(
        team.embryologist, patient_id=man.id, azoospermia_type="NOA", etiology="idiopathic",
        diagnosed_on=date(1983, 6, 1)), field="diagnosed_on")
    assert "before the patient's date of birth" in err.field_errors["diagnosed_on"]
    refused(services, lambda: services.patients.record_consent(
        team.embryologist, patient_id=man.id, permitted_uses=["treatment"], signed_on=date(1980, 1, 1),
        storage_expiry=None), field="signed_on")


def test_correcting_a_sample_cannot_move_its_receipt_into_the_future(services, team, clock, lab):
    _, _, man, _, _ = lab
    sample = samples(services, team, clock, man)[0]
    refused(services, lambda: services.retrieval.correct_sample(
        team.supervisor, sample.id, reason="typo", received_at=clock.now + timedelta(hours=3)), field="received_at")
    assert services.retrieval.get_sample(sample.id).received_at == sample.received_at


# --- text ---------------------------------------------------------------------------------------

BAD_NAMES = {"10,000 characters": LONG, "a control character": "Ann\x07e", "a NUL byte": "Ann\x00e",
             "a bidi override": "Ann\u202eeD", "an isolate": "Ann\u2066e", "a line break": "Ann\ne"}


@pytest.mark.parametrize("what", list(BAD_NAMES))
def test_patient_and_user_names_with_bad_characters_are_refused(services, team, what):
    bad = BAD_NAMES[what]
    refused(services, lambda: services.patients.register_patient(
        team.embryologist, mrn="M-900", family_name=bad, given_names="Ayşe", date_of_birth=date(1990, 1, 1),
        sex="female"), field="family_name")
    refused(services, lambda: services.users.add_user(team.admin, username="ann", full_name=bad, role="embryologist",
                                                      password="a-good-pass-1"), field="full_name")


def test_a_tank_name_with_nul_and_long_surgeon_site_lot_and_lab_names_are_refused(services, team, clock, lab):
    _, _, man, _, _ = lab
    refused(services, lambda: services.storage.create_tank(
        team.supervisor, name="Tank\x00B", canisters=1, holders_per_canister=1, positions_per_holder=1), field="name")
    refused(services, lambda: services.retrieval.create_procedure(
        team.embryologist, patient_id=man.id, cycle_id=None, procedure_type="TESA", started_at=clock.now,
        surgeon=LONG, anaesthesia="local", side="left", indication="OA", planned_use="freeze"), field="surgeon")
    proc = services.retrieval.create_procedure(
        team.embryologist, patient_id=man.id, cycle_id=None, procedure_type="TESA", started_at=clock.now,
        surgeon="Dr. Demo", anaesthesia="local", side="left", indication="OA", planned_use="freeze")
    refused(services, lambda: services.retrieval.receive_sample(
        team.embryologist, procedure_id=proc.id, received_at=clock.now, witness=eli_witness(), site=LONG),
        field="site")
    refused(services, lambda: services.retrieval.receive_sample(
        team.embryologist, procedure_id=proc.id, received_at=clock.now, witness=eli_witness(),
        transport_medium="Medium", transport_medium_lot=LONG), field="transport_medium_lot")
    refused(services, lambda: services.settings.set(team.admin, "lab_name", LONG), field="value")
    refused(services, lambda: services.settings.set(team.admin, "lab_name", "B" * 101), field="lab_name")
    refused(services, lambda: services.settings.set(team.admin, "lab_name", "Lab\u202e"), field="value")


def test_names_are_stored_in_nfc(services, team):
    decomposed = "S\u0327ahin"  # S + combining cedilla
    p = services.patients.register_patient(team.embryologist, mrn="M-901", family_name=decomposed,
                                           given_names="Ayşe", date_of_birth=date(1990, 1, 1), sex="female")
    assert p.family_name == "\u015eahin"
    assert services.patients.search("şahin")[0].id == p.id


def test_a_refused_new_password_leaves_no_sign_in_event(services, team):
    """Found by make fuzz: the old password was checked (a sign-in event written) before the new one."""
    refused(services, lambda: services.users.change_own_password(team.embryologist, "bench-pass-1", "short"),
            field="new_password")


def test_messages_quote_only_a_short_prefix(services, team):
    err = refused(services, lambda: services.patients.record_consent(
        team.embryologist, patient_id=1, permitted_uses=["x" * 40], signed_on=date(2026, 1, 1),
        storage_expiry=None), NotFound)
    assert "x" * 30 not in str(err)
    err = refused(services, lambda: services.users.set_active(team.admin, "y" * 40, False, reason="left"), NotFound)
    assert "y" * 30 not in str(err)


def test_every_text_argument_of_every_service_has_its_declared_limit():
    """A new text argument gets its length and characters from domain.limits, not from a default by chance."""
    import inspect
    import typing

    from bench_app.domain.limits import TEXT_FIELDS
    from bench_app.services.registry import Services

    missing = []
    for area, cls in typing.get_type_hints(Services).items():
        if not isinstance(cls, type) or not cls.__name__.endswith("Service"):
            continue
        for name, fn in inspect.getmembers(cls, inspect.isfunction):
            if name.startswith("_"):
                continue
            for p, ann in typing.get_type_hints(inspect.unwrap(fn)).items():
                if p != "return" and str in (typing.get_args(ann) or (ann,)) and p not in TEXT_FIELDS:
                    missing.append(f"{area}.{name}({p})")
    assert not missing, missing
