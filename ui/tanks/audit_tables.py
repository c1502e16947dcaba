"""The audit's tables as lists of columns (ui.common.column_table_model)."""

from __future__ import annotations

from bench_app.domain.clock import format_local
from bench_app.domain.inventory import FINDING_TEXT, REASON_TEXT, RESOLUTION_TEXT, DiscrepancyReason, Resolution
from ui.common.column_table_model import ALERT, GOOD, ColumnSpec, ColumnTableModel
from ui.qt import QObject


def _reason(value: str) -> str:
    return REASON_TEXT[DiscrepancyReason(value)] if value else "— needs a reason"


def _resolution(value: str) -> str:
    return RESOLUTION_TEXT[Resolution(value)] if value else "— open"


def holders_model(parent: QObject) -> ColumnTableModel:
    return ColumnTableModel([
        ColumnSpec("Canister", lambda h: h.canister),
        ColumnSpec("Cane", lambda h: h.name),
        ColumnSpec("Code", lambda h: h.code),
        ColumnSpec("Expected", lambda h: h.expected, sort=lambda h: h.expected),
        ColumnSpec("State", lambda h: h.state,
                   colour=lambda h: GOOD if h.state == "checked" else (ALERT if h.state == "in progress" else None)),
        ColumnSpec("Discrepant", lambda h: h.discrepant or "", colour=lambda h: ALERT if h.discrepant else None),
    ], parent)


def expected_model(parent: QObject) -> ColumnTableModel:
    return ColumnTableModel([
        ColumnSpec("Pos.", lambda d: d.slot, sort=lambda d: d.slot or 0),
        ColumnSpec("Device", lambda d: d.code),
        ColumnSpec("Patient", lambda d: d.patient),
        ColumnSpec("MRN", lambda d: d.mrn),
        ColumnSpec("Consent", lambda d: d.consent.upper(), colour=lambda d: ALERT if d.consent else None),
        ColumnSpec("Found", lambda d: "✓ found" if d.scanned else "", colour=lambda d: GOOD if d.scanned else None),
    ], parent)


def findings_model(parent: QObject, *, with_cane: bool = False) -> ColumnTableModel:
    cols = [ColumnSpec("Cane", lambda f: f.holder)] if with_cane else []
    cols += [
        ColumnSpec("Device", lambda f: f.device_code or f.observed_code),
        ColumnSpec("Finding", lambda f: FINDING_TEXT[f.kind], colour=lambda f: ALERT if f.discrepant else GOOD),
        ColumnSpec("Patient", lambda f: f.patient),
        ColumnSpec("Recorded at", lambda f: f.recorded_at_path or f.device_status),
        ColumnSpec("Reason", lambda f: _reason(f.reason) if f.discrepant else "",
                   colour=lambda f: ALERT if f.discrepant and not f.reason else None),
        ColumnSpec("Note", lambda f: f.note),
        ColumnSpec("Resolution", lambda f: _resolution(f.resolution) if f.discrepant else "",
                   colour=lambda f: ALERT if f.discrepant and not f.resolution else None),
    ]
    return ColumnTableModel(cols, parent)


def audits_model(parent: QObject) -> ColumnTableModel:
    return ColumnTableModel([
        ColumnSpec("Audit", lambda a: f"#{a.id}"),
        ColumnSpec("Scope", lambda a: a.scope),
        ColumnSpec("Started", lambda a: format_local(a.started_at)),
        ColumnSpec("Closed", lambda a: format_local(a.completed_at) if a.completed_at else "in progress",
                   colour=lambda a: None if a.completed_at else ALERT),
        ColumnSpec("Expected", lambda a: a.expected),
        ColumnSpec("Found", lambda a: a.found),
        ColumnSpec("Discrepant", lambda a: a.discrepant),
    ], parent)
