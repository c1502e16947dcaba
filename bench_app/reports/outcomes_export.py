"""The outcomes report as JSON, CSV or an Excel workbook: plain data in, bytes out.

Each row is one indicator in one stratum, with its numerator, denominator, rate, 95% interval,
the references it is read against, and a flag for a small denominator, so no figure travels
as a bare percentage.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from bench_app.domain.outcomes_report import IndicatorRecords, IndicatorValue, OutcomesReport

COLUMNS = ("indicator", "title", "stratum", "numerator", "denominator", "rate_percent", "ci_low_percent",
           "ci_high_percent", "baseline_numerator", "baseline_denominator", "small_denominator", "verdict",
           "numerator_means", "denominator_means", "references")


def _pct(value: float | None, kind: str) -> float | None:
    if value is None:
        return None
    return round(value, 1) if kind == "median" else round(100 * value, 2)


def _references_text(v: IndicatorValue) -> str:
    out = []
    for r in v.references:
        if r.low is not None and r.high is not None and r.low != r.high:
            out.append(f"{r.label} {100 * r.low:g}-{100 * r.high:g}% ({r.source})")
        else:
            level = r.low if r.low is not None else r.high
            out.append(f"{r.label} {100 * level:.4g}% ({r.source})")
    return "; ".join(out)


def row(v: IndicatorValue, by: tuple[str, ...]) -> dict[str, Any]:
    stratum = dict(v.stratum)
    return {
        "indicator": v.indicator, "title": v.title, "stratum": v.stratum_text,
        **{f"by_{d}": stratum.get(d, "all") for d in by},
        "population": stratum.get("population", "all"),
        "numerator": v.numerator, "denominator": v.denominator,
        "rate_percent": _pct(v.rate, v.kind), "ci_low_percent": _pct(v.low, v.kind),
        "ci_high_percent": _pct(v.high, v.kind), "baseline_numerator": v.baseline_numerator,
        "baseline_denominator": v.baseline_denominator, "small_denominator": v.small_denominator,
        "verdict": v.verdict, "numerator_means": v.numerator_text, "denominator_means": v.denominator_text,
        "references": _references_text(v),
    }


def _columns(report: OutcomesReport) -> list[str]:
    by = [f"by_{d}" for d in report.by if d != "population"]
    return [*COLUMNS[:3], *by, "population", *COLUMNS[3:]]


def to_json(report: OutcomesReport) -> bytes:
    records = {(r.indicator, r.stratum): r for r in report.records}
    items = []
    for v in report.values:
        item: dict[str, Any] = {
            "indicator": v.indicator, "title": v.title, "kind": v.kind, "stratum": dict(v.stratum),
            "numerator": v.numerator, "denominator": v.denominator, "rate": v.rate,
            "interval_95": None if v.low is None else [v.low, v.high],
            "small_denominator": v.small_denominator, "verdict": v.verdict,
            "numerator_means": v.numerator_text, "denominator_means": v.denominator_text,
            "references": [{"label": r.label, "low": r.low, "high": r.high, "source": r.source, "kind": r.kind}
                           for r in v.references],
        }
        if v.kind == "ratio":
            item["baseline_numerator"], item["baseline_denominator"] = v.baseline_numerator, v.baseline_denominator
        if v.kind == "median":
            item["median_minutes"], item["quartiles_minutes"] = v.rate, [v.low, v.high]
        rec: IndicatorRecords | None = records.get((v.indicator, v.stratum))
        if rec is not None:
            item["records"] = {"numerator": [r.code for r in rec.numerator],
                               "denominator": [r.code for r in rec.denominator]}
        items.append(item)
    doc = {"report": "outcomes", "from": report.start.isoformat(), "to": report.end.isoformat(),
           "by": list(report.by), "interval": "95% Wilson score (ratio: Katz log; median: quartiles)",
           "indicators": items}
    return json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")


def to_csv(report: OutcomesReport) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=_columns(report), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for v in report.values:
        writer.writerow(row(v, report.by))
    return out.getvalue().encode("utf-8")


def to_xlsx(report: OutcomesReport) -> bytes:
    from openpyxl import Workbook  # only this export needs it
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Outcomes"
    ws.append([f"Outcomes {report.start.isoformat()} to {report.end.isoformat()}"])
    ws["A1"].font = Font(bold=True)
    ws.append(["Rates in percent with 95% Wilson intervals; time to first sperm in minutes (median, quartiles)."])
    columns = _columns(report)
    ws.append(columns)
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for v in report.values:
        r = row(v, report.by)
        ws.append([r.get(c) for c in columns])
    ws.freeze_panes = "A4"
    for letter, width in (("A", 30), ("B", 45), ("C", 40)):
        ws.column_dimensions[letter].width = width
    if report.records:
        rs = wb.create_sheet("Records")
        rs.append(["indicator", "stratum", "counted in", "kind", "id", "code"])
        for rec in report.records:
            stratum = ", ".join(f"{k}={val}" for k, val in rec.stratum) or "all"
            for part, refs in (("numerator", rec.numerator), ("denominator", rec.denominator)):
                for ref in refs:
                    rs.append([rec.indicator, stratum, part, ref.kind, ref.id, ref.code])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


WRITERS = {"json": to_json, "csv": to_csv, "xlsx": to_xlsx}
