"""The Reports area: one tab each for the daily worksheet, chain of custody, verifying a report, labels, incidents."""

from __future__ import annotations

from bench_app.i18n import _
from ui.common.headings import heading
from ui.qt import QTabWidget, QVBoxLayout, QWidget
from ui.reports.custody_report_view import CustodyReportView
from ui.reports.incidents_view import IncidentsView
from ui.reports.labels_report_view import LabelsReportView
from ui.reports.verify_report_view import VerifyReportView
from ui.reports.worksheet_report_view import WorksheetReportView
from ui.shell.bench_context import BenchContext


class ReportsView(QWidget):
    def __init__(self, context: BenchContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(8)
        layout.addWidget(heading(_("Reports"), self))
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.worksheet_view = WorksheetReportView(context, self.tabs)
        self.custody_view = CustodyReportView(context, self.tabs)
        self.verify_view = VerifyReportView(context, self.tabs)
        self.labels_view = LabelsReportView(context, self.tabs)
        self.incidents_view = IncidentsView(context, self.tabs)
        self.tabs.addTab(self.worksheet_view, _("Daily worksheet"))
        self.tabs.addTab(self.custody_view, _("Chain of custody"))
        self.tabs.addTab(self.verify_view, _("Verify a report"))
        self.tabs.addTab(self.labels_view, _("Labels"))
        self.tabs.addTab(self.incidents_view, _("Incidents"))
        layout.addWidget(self.tabs, 1)
        self.tabs.currentChanged.connect(lambda _i: self.refresh())

    def show_worksheet(self) -> WorksheetReportView:
        self.tabs.setCurrentWidget(self.worksheet_view)
        return self.worksheet_view

    def show_custody(self, text: str = "") -> CustodyReportView:
        self.tabs.setCurrentWidget(self.custody_view)
        if text:
            self.custody_view.search.setText(text)
            self.custody_view.show_subject(text)
        return self.custody_view

    def show_verify(self) -> VerifyReportView:
        self.tabs.setCurrentWidget(self.verify_view)
        return self.verify_view

    def show_labels(self, code: str = "") -> LabelsReportView:
        self.tabs.setCurrentWidget(self.labels_view)
        if code:
            self.labels_view.search.setText(code)
            self.labels_view.show_code(code)
        return self.labels_view

    def show_incidents(self) -> IncidentsView:
        self.tabs.setCurrentWidget(self.incidents_view)
        return self.incidents_view

    def refresh(self) -> None:
        """On showing the area or a tab: the page reads again (the worksheet only if its day may have changed)."""
        page = self.tabs.currentWidget()
        refresh = getattr(page, "refresh_if_stale", None) or getattr(page, "refresh", None)
        if callable(refresh):
            refresh()
