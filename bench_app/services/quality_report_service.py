"""The quality report: the lab's figures for a period as a signed PDF, for its monthly or annual review.

``data()`` reads the figures through the OutcomesService (the same numbers as the Outcomes area and
the CLI's exports): the period and the period before it, a trend by quarter, and the figures per
procedure type, surgeon and embryologist. ``pdf()`` renders them for a preview (not recorded);
``issue()`` signs the PDF with the lab key, hands it to the caller to print or save, and records it
only once delivered, as every issued report is (services/issuing.py).
"""

from __future__ import annotations

import functools
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Sequence

from bench_app.domain.quality_report import QualityReportData, previous_period, trend_window
from bench_app.services.context import Actor, ServiceContext
from bench_app.services.issuing import Deliver, issue_document, next_report_number
from bench_app.services.outcomes_service import OutcomesService
from bench_app.services.settings_service import read_setting
from bench_app.services.worksheet_dto import PrintedDocument

KIND = "quality_report"
READERS = 3
TREND_INDICATORS = ("srr_procedure", "icsi_2pn", "icsi_damage", "pregnancy_per_cycle")
RETRIEVAL_INDICATORS = ("srr_procedure", "srr_sample", "time_to_first_sperm", "pregnancy_per_positive_retrieval")
SURGEON_INDICATORS = ("srr_procedure",)
EMBRYOLOGIST_INDICATORS = ("icsi_damage", "icsi_2pn", "icsi_1pn")


class QualityReportService:
    def __init__(self, ctx: ServiceContext, outcomes: OutcomesService):
        self.ctx = ctx
        self.outcomes = outcomes

    def data(self, actor: Actor, *, start: date | None, end: date | None, by: Sequence[str] = (),
             compare: bool = True) -> QualityReportData:
        window = self.outcomes.window(start, end)  # the period's own checks, in the service's words
        by = tuple(d for d in self.outcomes.check_by(by) if d not in ("month", "quarter", "year"))
        report = functools.partial(self.outcomes.report, actor, side_by_side=False)  # these run side by side below
        p_start, p_end = previous_period(window.start, window.end)
        t_start, t_end = trend_window(window.start, window.end)
        year = dict(start=window.start, end=window.end)
        asked = {
            "overall": dict(year),
            "previous": dict(start=p_start, end=p_end) if compare else None,
            "trend": dict(start=t_start, end=t_end, by=("quarter",), indicators=TREND_INDICATORS),
            "per_procedure": dict(year, by=("procedure_type", "diagnosis"), indicators=RETRIEVAL_INDICATORS),
            "per_surgeon": dict(year, by=("procedure_type", "surgeon"), indicators=SURGEON_INDICATORS),
            "per_embryologist": dict(year, by=("embryologist", "population"), indicators=EMBRYOLOGIST_INDICATORS),
            "breakdown": dict(year, by=by) if by else None,
        }
        # Each read has its own session: run side by side, the database (and SQLite's C code, which lets
        # go of the GIL) works on several at once, so the report costs about its slowest reads, not their sum.
        with ThreadPoolExecutor(max_workers=READERS) as pool:
            futures = {k: pool.submit(report, **kw) for k, kw in asked.items() if kw is not None}
            got = {k: f.result() for k, f in futures.items()}
        overall, previous, trend = got["overall"], got.get("previous"), got["trend"]
        per_procedure, per_surgeon, per_embryologist = got["per_procedure"], got["per_surgeon"], got["per_embryologist"]
        breakdown = got.get("breakdown")
        with self.ctx.db.read() as s:
            lab_name = read_setting(s, "lab_name")
        return QualityReportData(lab_name=lab_name, start=window.start, end=window.end,
                                 generated_by=actor.full_name, generated_at=self.ctx.clock(), overall=overall,
                                 previous=previous, trend=trend, per_procedure=per_procedure,
                                 per_surgeon=per_surgeon, per_embryologist=per_embryologist, breakdown=breakdown)

    def render(self, data: QualityReportData):
        # reportlab loads on the first report, not at every start of the app.
        from bench_app.reports.quality import QualityReport

        return QualityReport().build(data)

    def pdf(self, actor: Actor, *, start: date | None, end: date | None, by: Sequence[str] = (),
            compare: bool = True) -> PrintedDocument:
        """The report for the screen's preview: not signed and not recorded (``issue`` prints it)."""
        data = self.data(actor, start=start, end=end, by=by, compare=compare)
        rendered = self.render(data)
        return PrintedDocument(rendered.pdf, rendered.pages, data.title, data.filename)

    def issue(self, actor: Actor, *, start: date | None, end: date | None, by: Sequence[str] = (),
              compare: bool = True, deliver: Deliver, data: QualityReportData | None = None) -> PrintedDocument:
        """The report signed by the lab, handed to ``deliver`` (write or print it), recorded once delivered."""
        if data is None:
            data = self.data(actor, start=start, end=end, by=by, compare=compare)
        rendered = self.render(data)
        subject = f"outcomes {data.start.isoformat()} to {data.end.isoformat()}"
        with self.ctx.db.write() as s:
            signed = issue_document(
                s, self.ctx, actor, number=next_report_number(s), kind=KIND, subject=subject, fingerprint=None,
                pdf=rendered.pdf, pages=rendered.pages, title=data.title, filename=data.filename, reason="",
                deliver=deliver, audit_entity=(KIND, f"{data.start.isoformat()}/{data.end.isoformat()}"),
                changes={"period": [None, f"{data.start.isoformat()}/{data.end.isoformat()}"],
                         "breakdown": [None, list(data.breakdown.by) if data.breakdown else []]})
        return PrintedDocument(signed.content, signed.page_count, signed.title, signed.filename,
                               report_no=signed.report_no)
