"""The quality report: the clinic year's figures read back from the PDF, issued signed and recorded."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from bench_app.domain.quality_report import previous_period, trend_window
from bench_app.persistence.models import AuditEvent, IssuedReport
from bench_app.services.custody_dto import VERIFIED
from bench_app.services.report_signing import check_signature
from tests.reports.pdf_reading import pages_text
from tests.services.outcomes_fixtures import YEAR, enter_clinic_year
from tests.services.retrieval_fixtures import eli_witness

START, END = date(YEAR, 1, 1), date(YEAR, 12, 31)


def test_periods_before_and_trend_windows():
    assert previous_period(date(2026, 1, 1), date(2026, 12, 31)) == (date(2025, 1, 1), date(2025, 12, 31))
    assert previous_period(date(2026, 4, 1), date(2026, 6, 30)) == (date(2026, 1, 1), date(2026, 3, 31))
    assert previous_period(date(2026, 3, 1), date(2026, 3, 31)) == (date(2026, 2, 1), date(2026, 2, 28))
    assert previous_period(date(2026, 3, 10), date(2026, 3, 19)) == (date(2026, 2, 28), date(2026, 3, 9))
    assert trend_window(date(2026, 1, 1), date(2026, 12, 31)) == (date(2025, 1, 1), date(2026, 12, 31))
    assert trend_window(date(2020, 1, 1), date(2026, 12, 31))[0] == date(2020, 1, 1)


@pytest.fixture
def clinic_year(services, team):
    enter_clinic_year(services, team.embryologist, eli_witness())


def test_the_pdf_carries_the_tables_and_charts_of_the_year(services, team, clinic_year):
    doc = services.quality_report.pdf(team.supervisor, start=START, end=END, by=("procedure_type",))
    pages = pages_text(doc.content)
    assert doc.page_count == len(pages) and doc.title == f"Quality report {YEAR}"
    text = " ".join(pages).replace("\n", " ")
    assert f"Indicators for {YEAR}, against {YEAR - 1}" in text
    # SRR per procedure 13/23 = 56.5% with its Wilson interval, as the service computes it
    srr = next(v for v in services.outcomes.report(team.supervisor, start=START, end=END).values
               if v.indicator == "srr_procedure")
    assert "13/23" in text and "56.5%" in text and f"{100 * srr.low:.1f}%–{100 * srr.high:.1f}%" in text
    assert "Sperm retrieval rate per procedure per quarter" in text            # the trend chart
    assert f"{YEAR}-Q1" in text and f"{YEAR - 1}-Q1" in text
    assert "Sperm retrieval rate per surgeon and procedure" in text           # the comparison chart
    assert "Dr. Aydin" in text and "micro-TESE" in text
    assert "Clinical pregnancy per positive retrieval" in text and "6/13" in text
    assert f"Page 1 of {doc.page_count}" in pages[0]


def test_issued_report_is_signed_recorded_and_verifies(services, team, clinic_year, lab_certificate):
    delivered = []
    doc = services.quality_report.issue(team.supervisor, start=START, end=END, deliver=delivered.append)
    assert delivered[0].content == doc.content and doc.report_no == 1
    sig = check_signature(doc.content)
    assert sig.intact and sig.whole_file and sig.cert_sha256 == lab_certificate.sha256
    checked = services.custody.verify(doc.content)
    assert checked.ok and checked.level == VERIFIED and checked.report_no == 1
    with services.db.read() as s:
        row = s.execute(select(IssuedReport)).scalar_one()
        event = s.execute(select(AuditEvent).where(AuditEvent.entity_type == "quality_report")).scalar_one()
    assert row.kind == "quality_report" and row.subject == f"outcomes {START} to {END}"
    assert event.action == "print" and event.user_id == team.supervisor.id


def test_a_report_not_delivered_is_not_issued(services, team, clinic_year):
    def refuse(_doc):
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        services.quality_report.issue(team.supervisor, start=START, end=END, deliver=refuse)
    with services.db.read() as s:
        assert s.execute(select(IssuedReport)).first() is None
