"""Demo data: invented, realistic, made through the services, the same for the same seed."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import text

from bench_app.domain.enums import CycleType, Etiology
from bench_app.services import passwords
from bench_app.services.demo import DEMO_USERS, DemoRefused, run_demo
from bench_app.services.demo.runner import DEMO_WORKSTATION
from bench_app.services.registry import open_services

TODAY = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def quick_hashing(monkeypatch):
    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


def _rows(services, sql: str, *params):
    for n in range(len(params)):
        sql = sql.replace("?", f":p{n}", 1)
    with services.db.read() as s:
        return [tuple(r) for r in s.execute(text(sql), {f"p{n}": v for n, v in enumerate(params)})]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """One full-size demo (24 couples), shared by the read-only checks below."""
    mp = pytest.MonkeyPatch()
    mp.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    sv = open_services(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}")
    report = run_demo(sv.db, seed=7, today=TODAY)
    yield sv, report
    sv.close()
    mp.undo()


def test_the_same_seed_gives_the_same_people(tmp_path):
    made = []
    for name in ("a", "b"):
        sv = open_services(f"sqlite:///{tmp_path / name}.db")
        run_demo(sv.db, couples=5, seed=42, today=TODAY)
        made.append(_rows(sv, "SELECT mrn, family_name, given_names, date_of_birth, sex FROM patients ORDER BY id"))
        sv.close()
    assert made[0] == made[1] and len(made[0]) >= 5
    sv = open_services(f"sqlite:///{tmp_path / 'c'}.db")
    run_demo(sv.db, couples=5, seed=43, today=TODAY)
    assert _rows(sv, "SELECT mrn, family_name FROM patients ORDER BY id") != [r[:2] for r in made[0]]
    sv.close()


def test_the_team_can_sign_in_and_witness_with_their_pins(demo):
    sv, report = demo
    assert [u.username for u in report.sign_ins] == ["admin", "sam", "emma", "eli"]
    for user in DEMO_USERS:
        assert sv.users.sign_in(user.username, user.password).role == user.role
        assert sv.users.authenticate_secret(user.username, user.pin, purpose="test").username == user.username
    assert ("admin", "admin-demo-1", "9999") in [(u.username, u.password, u.pin) for u in DEMO_USERS]


def test_names_come_from_many_scripts_and_languages(demo):
    sv, _ = demo
    names = " ".join(f"{g} {f}" for g, f in _rows(sv, "SELECT given_names, family_name FROM patients"))
    assert re.search(r"[\u0600-\u06FF]", names), "Arabic"
    assert re.search(r"[\u0370-\u03FF]", names), "Greek"
    assert re.search(r"[\u0400-\u04FF]", names), "Cyrillic"
    assert re.search(r"[ÖÇŞİĞöçşğüı]", names), "Turkish"
    assert re.search(r"[ñÑáéíóúÁÉÍÓÚ]", names), "Spanish"
    assert re.search(r"\b(James|Oliver|Daniel|Thomas|Michael|Ryan|Emily|Charlotte|Hannah|Sophie|Grace|Rebecca)\b",
                     names), "English"


def test_couples_diagnoses_consents_and_cycles_look_like_a_lab(demo):
    sv, report = demo
    assert report.couples == 24 and len(_rows(sv, "SELECT id FROM couples")) == 24
    alone = _rows(sv, "SELECT id FROM couples WHERE female_patient_id IS NULL")
    assert 1 <= len(alone) < 24  # men banking sperm without a partner
    kinds = dict(_rows(sv, "SELECT azoospermia_type, count(*) FROM diagnoses GROUP BY azoospermia_type"))
    assert kinds.get("OA") and kinds.get("NOA")
    known = {e.value for e in Etiology}
    assert {e for (e,) in _rows(sv, "SELECT etiology FROM diagnoses")} <= known
    expiries = [date.fromisoformat(d) for (d,) in
                _rows(sv, "SELECT storage_expiry FROM consents WHERE storage_expiry IS NOT NULL")]
    assert any(d < TODAY for d in expiries), "some consents have expired"
    assert any(TODAY <= d <= TODAY + timedelta(days=90) for d in expiries), "some are near expiry"
    types = {t for (t,) in _rows(sv, "SELECT DISTINCT cycle_type FROM cycles")}
    assert len(types) >= 4 and types <= {t.value for t in CycleType}
    today = _rows(sv, "SELECT cycle_type FROM cycles WHERE start_date = ?", TODAY.isoformat())
    assert len(today) == report.cycles_today >= 3
    statuses = {s for (s,) in _rows(sv, "SELECT DISTINCT status FROM cycles")}
    assert {"planned", "active", "completed", "cancelled"} <= statuses


def test_witness_records_and_the_audit_trail_are_real(demo):
    sv, report = demo
    records = _rows(sv, "SELECT step, performer_id, witness_id, result FROM witness_records")
    assert len(records) == report.witness_records >= 3
    steps = {"container_transfer", "sample_receipt", "processing_start", "device_loading", "device_move", "thaw",
             "icsi_source_match", "discard", "inventory_audit"}
    assert all(step in steps and p != w for step, p, w, _ in records)
    assert {step for step, *_ in records} == steps
    assert {r for *_, r in records} == {"match", "mismatch"}
    assert report.incidents == len(_rows(sv, "SELECT id FROM incidents"))
    kinds = sorted(k for (k,) in _rows(sv, "SELECT kind FROM incidents"))
    assert kinds == ["inventory_device_missing", "nitrogen_low", "witness_mismatch"]
    assert sv.audit.verify().ok
    times = [t for (t,) in _rows(sv, "SELECT occurred_at FROM audit_events WHERE workstation = ? ORDER BY id",
                                 DEMO_WORKSTATION)]
    assert times == sorted(times), "the demo's audit trail reads in time order"
    assert max(times) < f"{TODAY.isoformat()} 23:59"


def test_running_it_again_adds_more_people_with_new_mrns(services):
    first = run_demo(services.db, couples=4, seed=3, today=TODAY)
    second = run_demo(services.db, couples=4, seed=3, today=TODAY)
    mrns = [m for (m,) in _rows(services, "SELECT mrn FROM patients")]
    assert len(mrns) == len(set(mrns)) == len(first.mrns) + len(second.mrns)
    assert not set(first.mrns) & set(second.mrns)


def test_a_database_with_other_people_is_refused_unless_an_admin_signs_in(services):
    services.users.create_first_admin(username="head", full_name="Lab Head", password="head-pass-1")
    with pytest.raises(DemoRefused, match="new database"):
        run_demo(services.db, couples=2, seed=1, today=TODAY)
    assert _rows(services, "SELECT count(*) FROM patients") == [(0,)]
    report = run_demo(services.db, couples=2, seed=1, today=TODAY, admin_username="head",
                      admin_password="head-pass-1")
    assert [u.username for u in report.sign_ins] == ["sam", "emma", "eli"]  # the demo does not know head's


def test_the_number_of_couples_is_checked(services):
    from bench_app.domain.errors import ValidationError
    with pytest.raises(ValidationError):
        run_demo(services.db, couples=0)
