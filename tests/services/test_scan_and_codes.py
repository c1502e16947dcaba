"""Scanning: codes resolve to their record, bad check characters and unknown codes say so."""

from datetime import datetime, timezone

import pytest

from bench_app.domain.codes import make_code, parse_code
from bench_app.domain.errors import InvalidCode, NotFound
from bench_app.persistence.models import TissueSample
from bench_app.services.codes_service import allocate_codes


def test_codes_are_allocated_in_order_without_reuse(services):
    with services.db.write() as s:
        first = allocate_codes(s, "S", 3)
    with services.db.write() as s:
        second = allocate_codes(s, "S", 2)
    assert first + second == [make_code("S", n) for n in range(1, 6)]


def test_scan_finds_a_patient_by_mrn_and_a_sample_by_code(services, team):
    from datetime import date

    p = services.patients.register_patient(team.embryologist, mrn="M-555", family_name="Núñez", given_names="José",
                                           date_of_birth=date(1980, 2, 2), sex="male")
    assert services.scan.resolve("m-555").id == p.id
    with services.db.write() as s:
        code = allocate_codes(s, "S")[0]
        s.add(TissueSample(code=code, patient_id=p.id, sample_number=1, kind="biopsy",
                           received_at=datetime.now(timezone.utc), received_by=team.embryologist.id,
                           status="received"))
    target = services.scan.resolve(code.lower())
    assert (target.kind, target.patient_id) == ("sample", p.id) and "NÚÑEZ" in target.title


def test_a_code_failing_its_check_is_rejected_not_matched(services, team):
    code = make_code("S", 1)
    typo = code[:-1] + ("0" if code[-1] != "0" else "1")
    with pytest.raises(InvalidCode, match="check character"):
        services.scan.resolve(typo)


def test_an_unknown_code_is_named(services, team):
    with pytest.raises(NotFound, match="No device has the code"):
        services.scan.resolve(make_code("D", 42))
    with pytest.raises(NotFound, match="not a known code or MRN"):
        services.scan.resolve("NOPE")
    assert parse_code(make_code("D", 42))
