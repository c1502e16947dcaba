"""A form with an unreadable value is checked whole by its service, and nothing of it is stored.

``nothing_stored_while(unread)``: the service runs its checks as usual (their messages come
back with the unread ones); when they pass, its first write is rolled back and raises the
unread messages instead of committing. Failures the service records apart (a wrong PIN) are
kept as usual once that first write has failed by itself.
"""

from __future__ import annotations

from datetime import date

import pytest

from bench_app.domain.enums import CycleType
from bench_app.domain.errors import AuthenticationFailed, ValidationError
from bench_app.services.unread_values import nothing_stored_while
from bench_app.services.witness_service import WitnessInput

UNREAD = {"storage_expiry": "'2026-02-30' is not a real calendar date."}


def _man(services, team):
    return services.patients.register_couple(
        team.embryologist, male=dict(mrn="U-1", family_name="Adeyemi", given_names="Tunde",
                                     date_of_birth=date(1982, 3, 4))).male


def test_a_form_that_would_pass_stores_nothing_and_says_what_could_not_be_read(services, team):
    man = _man(services, team)
    before = services.audit.count()
    with pytest.raises(ValidationError) as refused:
        with nothing_stored_while(dict(UNREAD)):
            services.patients.record_consent(team.embryologist, patient_id=man.id, permitted_uses=["treatment"],
                                             signed_on=date(2026, 6, 1), storage_expiry=None)
    assert refused.value.field_errors == UNREAD
    assert services.audit.count() == before
    assert services.patients.get_patient(man.id).consents == ()


def test_the_services_own_messages_come_back_with_the_unread_ones(services, team):
    man = _man(services, team)
    unread = dict(UNREAD)
    with pytest.raises(ValidationError) as refused:
        with nothing_stored_while(unread):
            services.patients.record_consent(team.embryologist, patient_id=man.id, permitted_uses=[],
                                             signed_on=date(2026, 6, 1), storage_expiry=None)
    assert refused.value.field_errors == {"permitted_uses": "Tick at least one permitted use."}
    assert unread == UNREAD   # the form merges them; the hold never changes them


def test_with_nothing_unread_the_service_stores_as_always(services, team):
    man = _man(services, team)
    unread: dict[str, str] = {}
    with nothing_stored_while(unread):
        cycle_couple = services.patients.register_couple(
            team.embryologist, male=dict(mrn="U-2", family_name="Bello", given_names="Sani",
                                         date_of_birth=date(1980, 1, 1)),
            female=dict(mrn="U-2F", family_name="Bello", given_names="Hauwa", date_of_birth=date(1985, 1, 1)))
        services.patients.create_cycle(team.embryologist, couple_id=cycle_couple.id, cycle_type=CycleType.ICSI,
                                       start_date=date(2026, 11, 1))
    assert len(services.patients.get_couple(cycle_couple.id).cycles) == 1


def failed_attempts(services, team, username: str) -> int:
    return next(u.failed_attempts for u in services.users.list_users(team.admin) if u.username == username)


def test_a_wrong_pin_tried_while_a_date_is_unread_says_only_the_date_and_counts_nothing(services, team):
    """Nothing is learnt of the PIN there, so there is nothing to count; a PIN that fails by itself is counted."""
    with pytest.raises(ValidationError) as refused:
        with nothing_stored_while(dict(UNREAD)):
            services.users.authenticate_secret("eli", "0000", purpose="witness receive sample")
    assert refused.value.field_errors == UNREAD
    assert failed_attempts(services, team, "eli") == 0
    with pytest.raises(AuthenticationFailed):
        services.witness.verify(team.embryologist, "receive_sample",
                                WitnessInput(username="eli", secret="0000", identifiers=("MRN",)))
    assert failed_attempts(services, team, "eli") == 1


def test_once_the_first_write_fails_by_itself_later_writes_are_kept(services, team):
    """The hold is spent on the first write: a failure the service then records apart (an incident) is kept."""
    with nothing_stored_while(dict(UNREAD)):
        with pytest.raises(RuntimeError):
            with services.db.write():
                raise RuntimeError("a refusal inside the service's own transaction")
        man = _man(services, team)   # what the service records next
    assert services.patients.get_patient(man.id).patient.mrn == "U-1"
