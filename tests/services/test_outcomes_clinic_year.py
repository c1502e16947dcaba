"""The published clinic year entered through the services: 23 NOA micro-TESE, 13 with sperm, 6 pregnancies."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from bench_app.reports.outcomes_export import to_csv, to_json
from tests.services.outcomes_fixtures import YEAR, enter_clinic_year
from tests.services.retrieval_fixtures import eli_witness


@pytest.fixture
def clinic_year(services, team):
    enter_clinic_year(services, team.embryologist, eli_witness())
    return services.outcomes.report(team.supervisor, start=date(YEAR, 1, 1), end=date(YEAR, 12, 31),
                                    by=("procedure_type", "diagnosis"), with_records=True)


def _one(report, indicator, **stratum):
    found = [v for v in report.values if v.indicator == indicator and dict(v.stratum) == stratum]
    assert len(found) == 1, found
    return found[0]


def test_service_gives_13_of_23_and_6_of_13(clinic_year):
    srr = _one(clinic_year, "srr_procedure", procedure_type="micro-TESE", diagnosis="NOA")
    assert (srr.numerator, srr.denominator) == (13, 23)
    assert round(100 * srr.rate, 1) == 56.5
    # Wilson by hand: p = 13/23, z = 1.96: centre (p + z²/46)/(1 + z²/23), half-width z/(1 + z²/23) * sqrt(...)
    z = 1.959963984540054
    p, n = 13 / 23, 23
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * (p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5
    assert srr.low == pytest.approx(centre - half) and srr.high == pytest.approx(centre + half)
    assert srr.low == pytest.approx(0.3688, abs=1e-3) and srr.high == pytest.approx(0.7436, abs=1e-3)
    preg = _one(clinic_year, "pregnancy_per_positive_retrieval", procedure_type="micro-TESE", diagnosis="NOA")
    assert (preg.numerator, preg.denominator) == (6, 13)
    per_sample = _one(clinic_year, "srr_sample", procedure_type="micro-TESE", diagnosis="NOA")
    assert (per_sample.numerator, per_sample.denominator) == (13, 46)
    cycles = _one(clinic_year, "pregnancy_per_cycle", procedure_type="micro-TESE", diagnosis="NOA")
    assert (cycles.numerator, cycles.denominator) == (6, 13)


def test_records_behind_the_figures(clinic_year, services, team):
    records = {(r.indicator, r.stratum): r for r in clinic_year.records}
    srr = records[("srr_procedure", (("procedure_type", "micro-TESE"), ("diagnosis", "NOA")))]
    assert len(srr.numerator) == 13 and len(srr.denominator) == 23
    assert {r.id for r in srr.numerator} <= {r.id for r in srr.denominator}
    samples = records[("srr_sample", (("procedure_type", "micro-TESE"), ("diagnosis", "NOA")))]
    assert all(r.code.startswith("S-") for r in samples.numerator) and len(samples.numerator) == 13
    # The same records through the service's own call, for a screen that opens them.
    again = services.outcomes.records(team.supervisor, "srr_procedure", start=date(YEAR, 1, 1),
                                      end=date(YEAR, 12, 31))
    assert again.numerator == srr.numerator


def test_csv_and_json_carry_the_same_figures(clinic_year):
    rows = list(csv.DictReader(io.StringIO(to_csv(clinic_year).decode())))
    srr = [r for r in rows if r["indicator"] == "srr_procedure" and r["by_procedure_type"] == "micro-TESE"][0]
    assert (srr["numerator"], srr["denominator"], srr["rate_percent"]) == ("13", "23", "56.52")
    preg = [r for r in rows if r["indicator"] == "pregnancy_per_positive_retrieval"][0]
    assert (preg["numerator"], preg["denominator"]) == ("6", "13")
    import json
    doc = json.loads(to_json(clinic_year))
    item = [i for i in doc["indicators"] if i["indicator"] == "srr_procedure"][0]
    assert item["stratum"] == {"procedure_type": "micro-TESE", "diagnosis": "NOA"}
    assert len(item["records"]["numerator"]) == 13


def test_a_server_reads_the_families_side_by_side_and_gets_the_same_figures(clinic_year, services, team, monkeypatch,
                                                                             backend):
    """On PostgreSQL each family's statement runs in its own read session at the same time as the others'; the
    figures are the same as one after another in one session (what SQLite does)."""
    import threading

    import bench_app.services.outcomes_service as service_module
    from bench_app.persistence.engine import Database

    threads = set()
    real = service_module.q.family_sums
    monkeypatch.setattr(service_module.q, "family_sums",
                        lambda *a, **kw: threads.add(threading.current_thread().name) or real(*a, **kw))
    side_by_side = services.outcomes.report(team.supervisor, start=date(YEAR, 1, 1), end=date(YEAR, 12, 31),
                                            by=("procedure_type", "diagnosis"))
    assert side_by_side.values == clinic_year.values
    if backend == "postgresql":
        assert len(threads) > 1 and all(name.startswith("bench-outcomes") for name in threads)
    else:
        assert threads == {threading.current_thread().name}
    threads.clear()
    two_at_once = services.outcomes.report(team.supervisor, start=date(YEAR, 1, 1), end=date(YEAR, 12, 31),
                                           by=("procedure_type", "diagnosis"), side_by_side=2)
    assert two_at_once.values == side_by_side.values
    if backend == "postgresql":  # at most two reading threads
        assert 0 < len(threads) <= 2 and all(name.startswith("bench-outcomes") for name in threads)
    threads.clear()
    in_turn = services.outcomes.report(team.supervisor, start=date(YEAR, 1, 1), end=date(YEAR, 12, 31),
                                       by=("procedure_type", "diagnosis"), side_by_side=1)
    assert in_turn.values == side_by_side.values and threads == {threading.current_thread().name}
    monkeypatch.setattr(Database, "is_sqlite", property(lambda self: True))
    one_after_another = services.outcomes.report(team.supervisor, start=date(YEAR, 1, 1), end=date(YEAR, 12, 31),
                                                 by=("procedure_type", "diagnosis"))
    assert one_after_another.values == side_by_side.values


@pytest.mark.parametrize("url, on_this_computer", [
    ("postgresql+psycopg://bench:pw@127.0.0.1/lab", True),
    ("postgresql+psycopg://bench:pw@localhost:5433/lab", True),
    ("postgresql+psycopg://bench:pw@[::1]/lab", True),
    ("postgresql+psycopg:///lab", True),                                            # the default Unix socket
    ("postgresql+psycopg://bench@/lab?host=/var/run/postgresql", True),
    ("postgresql+psycopg://bench:pw@lab-server.example/lab?sslmode=verify-full", False),
    ("postgresql+psycopg://bench:pw@10.20.0.5/lab", False),
    ("postgresql+psycopg://bench:pw@/lab?host=lab-server.example,localhost", False),  # one of them elsewhere
])
def test_a_window_leaves_itself_a_processor_when_the_server_runs_on_its_computer(url, on_this_computer,
                                                                                 monkeypatch):
    """A server on another computer answers a window's figures side by side on its own processors; one on the
    window's own computer shares them, so the window keeps one (one statement at a time on two processors)."""
    from types import SimpleNamespace

    from sqlalchemy import create_engine

    import bench_app.services.outcomes_service as service_module
    from bench_app.persistence.engine import Database

    db = Database(engine=create_engine(url), url=url)   # not connected: only its address is read
    assert db.server_on_this_computer is on_this_computer
    outcomes = service_module.OutcomesService(SimpleNamespace(db=db))
    for processors, expected_here in ((2, 1), (1, 1), (4, 3), (16, service_module.SIDE_BY_SIDE)):
        monkeypatch.setattr(service_module.os, "cpu_count", lambda n=processors: n)
        assert outcomes.beside_a_window() == (expected_here if on_this_computer else service_module.SIDE_BY_SIDE)
    sqlite = Database(engine=create_engine("sqlite://"), url="sqlite://")
    assert sqlite.server_on_this_computer is False


def test_an_unknown_indicator_is_refused_in_words(services, team):
    from bench_app.domain.errors import ValidationError

    with pytest.raises(ValidationError, match="Unknown indicator 'nonsense'"):
        services.outcomes.report(team.supervisor, start=date(YEAR, 1, 1), end=date(YEAR, 12, 31),
                                 indicators=["nonsense"])
