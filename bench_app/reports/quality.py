"""The quality report: the lab's indicators for a period, A4 landscape, tables and charts.

Every figure prints as n/N with its rate and 95% interval (never a bare percentage), beside the
same figure of the period before, the consensus levels it is read against and a verdict; a small
denominator says so. Charts (reportlab.graphics, charts.py): the trend per quarter with its
competency line, and the comparison per surgeon and per embryologist with interval whiskers.
The footer says who made it and when, and "Page X of Y"; issued copies are signed by the lab.
"""

from __future__ import annotations

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm

from bench_app.domain.clock import format_local
from bench_app.domain.indicators import is_below
from bench_app.domain.outcomes_report import IndicatorValue, OutcomesReport
from bench_app.domain.quality_report import (
    QualityReportData, change_text, fraction_text, interval_text, levels_text,
    comparison_chart_data, period_label, previous_period, rate_text, stratum_values, trend_chart_data,
    verdict_note_text,
)
from bench_app.domain.enums import AzoospermiaType, Etiology, ProcedureType
from bench_app.domain.outcomes import Karyotype, TreatmentKind, YMicrodeletion
from bench_app.domain.value_labels import label_of, source_class_label
from bench_app.i18n import _, _l, format_percent, isolated
from bench_app.reports.charts import interval_chart, side_by_side
from bench_app.reports.grid import GREY, Column, Figure, GridReport, PageInfo, Rendered, Row, Section
from bench_app.reports.text import fit

CHART_HEIGHT = 175
# The strata whose values are a vocabulary's codes, shown by their display names.
DIM_VOCABULARIES = {"procedure_type": ProcedureType, "diagnosis": AzoospermiaType, "etiology": Etiology,
                    "karyotype": Karyotype, "azf": YMicrodeletion, "treatment": TreatmentKind}
DIM_TITLES = {"procedure_type": _l("Procedure"), "diagnosis": _l("Diagnosis"), "surgeon": _l("Surgeon"),
              "embryologist": _l("Embryologist"), "population": _l("Population"), "etiology": _l("Etiology"),
              "karyotype": _l("Karyotype"), "azf": _l("AZF"), "attempt": _l("Attempt"), "treatment": _l("Treatment"),
              "sperm_source": _l("Sperm source")}


def _alert(v: IndicatorValue) -> bool:
    return is_below(v.verdict)


def _verdict(v: IndicatorValue) -> str:
    return verdict_note_text(v)


def group_text(v: IndicatorValue) -> str:
    return v.group_text()


def overall_section(data: QualityReportData) -> Section:
    before = (period_label(*previous_period(data.start, data.end)) if data.previous is not None else "")
    columns = (Column(_("Indicator"), 20, wrap=True, bold=True), Column(_("Group"), 11, wrap=True),
               Column("n/N", 7, align="right"), Column(_("Rate"), 5.5, align="right"), Column(_("95% CI"), 9),
               Column(isolated(_("{before} n/N"), before=before) if before else _("Before n/N"), 7, align="right"),
               Column(isolated(_("{before} rate"), before=before) if before else _("Before"), 5.5, align="right"),
               Column(_("Change"), 5.5),
               Column(_("Levels"), 12, wrap=True), Column(_("Verdict"), 12, wrap=True))
    rows = []
    for v in data.overall.values:
        p = data.previous_of(v)
        rows.append(Row((v.title, group_text(v), fraction_text(v), rate_text(v), interval_text(v),
                         fraction_text(p) if p else "", rate_text(p) if p else "", change_text(v, p),
                         levels_text(v), _verdict(v)), alert=_alert(v)))
    title = (_("Indicators for {period}, against {before}") if before else _("Indicators for {period}")).format(
        period=period_label(data.start, data.end), before=before)
    return Section(title, columns, tuple(rows), _("No figures for this period."),
                   note=_("Consensus levels apply to the Vienna reference population only"))


def _stratum(dim: str, value: str) -> str:
    """A stratum's value (a stored code) in the page's words; surgeons, periods and the like as they are."""
    if dim == "sperm_source":
        return source_class_label(value)
    kind = DIM_VOCABULARIES.get(dim)
    return label_of(kind, value) if kind else value


def stratified_section(title: str, report: OutcomesReport, empty: str) -> Section:
    dims = tuple(d for d in report.by)
    columns = (Column(_("Indicator"), 18, wrap=True, bold=True),
               *(Column(DIM_TITLES.get(d, d.replace("_", " ").capitalize()), 10, wrap=True) for d in dims),
               Column("n/N", 7, align="right"), Column(_("Rate"), 6, align="right"), Column(_("95% CI"), 10),
               Column(_("Levels"), 11, wrap=True), Column(_("Verdict"), 12, wrap=True))
    rows = tuple(Row((v.title, *(_stratum(d, x) for d, x in zip(dims, stratum_values(v, dims))), fraction_text(v), rate_text(v), interval_text(v),
                      levels_text(v), _verdict(v)), alert=_alert(v))
                 for v in report.values if {k for k, _ in v.stratum} == set(dims))
    return Section(title, columns, rows, empty)


def trend_chart(data: QualityReportData, indicator: str, width: float, dims: tuple[str, ...] = ()):
    return interval_chart(width, CHART_HEIGHT, trend_chart_data(data.trend, indicator, dims))


def comparison_chart(report: OutcomesReport, indicator: str, category_dims: tuple[str, ...], width: float,
                     series_dim: str | None = None, title: str = ""):
    values = [v for v in report.values if v.indicator == indicator and {k for k, _ in v.stratum} == set(report.by)]
    return interval_chart(width, CHART_HEIGHT, comparison_chart_data(values, category_dims, series_dim, title))


class QualityReport(GridReport):
    page_size = landscape(A4)
    header_height = 17 * mm

    def build(self, data: QualityReportData) -> Rendered:
        self.data = data
        return self.render(self.sections(data))

    def sections(self, data: QualityReportData) -> list:
        half = self.table_width
        out: list = [overall_section(data)]
        out.append(Figure(_("Trend per quarter"), side_by_side(half, CHART_HEIGHT, [
            trend_chart(data, "srr_procedure", (half - 14) / 2),
            trend_chart(data, "icsi_2pn", (half - 14) / 2, dims=("population",))]),
            note=_("Competency and benchmark lines: ESHRE/ALPHA Vienna consensus 2017")))
        out.append(stratified_section(_("Sperm retrieval by procedure type and diagnosis"), data.per_procedure,
                                      _("No sperm retrievals in this period.")))
        out.append(Figure(_("Comparison per surgeon and per embryologist"), side_by_side(half, CHART_HEIGHT, [
            comparison_chart(data.per_surgeon, "srr_procedure", ("procedure_type", "surgeon"), (half - 14) / 2,
                             title=_("Sperm retrieval rate per surgeon and procedure")),
            comparison_chart(data.per_embryologist, "icsi_2pn", ("embryologist",), (half - 14) / 2,
                             series_dim="population", title=_("ICSI normal fertilization per embryologist"))])))
        out.append(stratified_section(_("Sperm retrieval per surgeon"), data.per_surgeon,
                                      _("No sperm retrievals in this period.")))
        out.append(stratified_section(_("ICSI per embryologist"), data.per_embryologist, _("No ICSI in this period.")))
        if data.breakdown is not None:
            names = ", ".join(DIM_TITLES.get(d, d).lower() for d in data.breakdown.by)
            out.append(stratified_section(isolated(_("All indicators by {names}"), names=names), data.breakdown, _("No figures.")))
        notes = (
            _("Each figure is numerator/denominator with its rate and 95% Wilson score interval; cryosurvival is a "
            "ratio of two proportions (Katz log interval); time to first sperm is a median with its quartiles."),
            _("A denominator under 10 is marked: its interval is wide and the rate alone says little."),
            _("Consensus levels (ESHRE/ALPHA Vienna 2017) are for ejaculated sperm and a woman 39 or younger; "
            "surgical-sperm figures are reported apart and are not held against them."),
            _("An issued copy carries the lab's electronic signature (PAdES); 'bench-app verify-report FILE' "
            "checks it was issued here and is unaltered."),
        )
        out.append(Section(_("About these figures"), (Column(_("Notes"), 1, wrap=True),), tuple(Row((n,)) for n in notes)))
        return out

    def describe(self, canvas) -> None:
        canvas.setTitle(self.data.title)
        canvas.setAuthor(self.data.generated_by)
        canvas.setSubject(_("{lab}: quality report").format(lab=self.data.lab_name))
        canvas.setCreator("Bench")

    def draw_header(self, canvas, page: PageInfo) -> None:
        top = self.page_size[1] - self.margin
        width = self.table_width
        d = self.data
        title = isolated(_("Quality report · {period} ({start} to {end})"),
            period=period_label(d.start, d.end), start=d.start.isoformat(), end=d.end.isoformat())
        right = self.put_text(canvas, self.margin + width, top - 11, title, 11, bold=True, align="right")
        lab = fit(d.lab_name, width - right - 6 * mm, 12, 8, True)
        self.put_text(canvas, self.margin, top - 11, lab.text, lab.size, bold=True)
        self.put_text(canvas, self.margin, top - 23, isolated(_("Laboratory performance indicators (DOMAIN §6): sperm retrieval, "
                                                          "thaw, ICSI and pregnancy, with their {level} intervals"),
                                                     level=format_percent(0.95, 0)), 7.5)
        canvas.setStrokeColorRGB(0, 0, 0)
        canvas.setLineWidth(0.8)
        canvas.line(self.margin, top - 28, self.margin + width, top - 28)

    def draw_footer(self, canvas, page: PageInfo) -> None:
        y = self.margin
        made = isolated(_("Made by {person} on {when} (local time)"),
            person=self.data.generated_by or _("unknown"), when=format_local(self.data.generated_at))
        canvas.setFillColorRGB(*GREY)
        self.put_text(canvas, self.margin, y, fit(made, self.table_width * 0.5, 7, 5.5).text, 7)
        canvas.setFillColorRGB(0, 0, 0)
        self.put_text(canvas, self.margin + self.table_width, y, isolated(_("Page {number} of {total}"), number=page.number, total=page.total), 8,
                  bold=True,
                  align="right")
