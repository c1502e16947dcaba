"""The audit's tables as lists of columns (ui.common.column_table_model)."""

from __future__ import annotations

from bench_app.domain.clock import format_local
from bench_app.domain.inventory import DiscrepancyReason, FindingKind, Resolution
from bench_app.i18n import _
from ui.common.column_table_model import ALERT, GOOD, ColumnSpec, ColumnTableModel
from ui.qt import QObject


def _reason(value: str) -> str:
    return DiscrepancyReason(value).label if value else "— " + _("needs a reason")


def _resolution(value: str) -> str:
    return Resolution(value).label if value else "— " + _("open")


def holders_model(parent: QObject) -> ColumnTableModel:
    return ColumnTableModel([
        ColumnSpec(_("Canister"), lambda h: h.canister),
        ColumnSpec(_("Cane"), lambda h: h.name),
        ColumnSpec(_("Code"), lambda h: h.code),
        ColumnSpec(_("Expected"), lambda h: h.expected, sort=lambda h: h.expected),
        ColumnSpec(_("State"), lambda h: h.state,
                   colour=lambda h: GOOD if h.state == "checked" else (ALERT if h.state == "in progress" else None)),
        ColumnSpec(_("Discrepant"), lambda h: h.discrepant or "", colour=lambda h: ALERT if h.discrepant else None),
    ], parent)


def expected_model(parent: QObject) -> ColumnTableModel:
    return ColumnTableModel([
        ColumnSpec(_("Pos."), lambda d: d.slot, sort=lambda d: d.slot or 0),
        ColumnSpec(_("Device"), lambda d: d.code),
        ColumnSpec(_("Patient"), lambda d: d.patient),
        ColumnSpec(_("MRN"), lambda d: d.mrn),
        ColumnSpec(_("Consent"), lambda d: d.consent.upper(), colour=lambda d: ALERT if d.consent else None),
        ColumnSpec(_("Found"), lambda d: "✓ " + _("found") if d.scanned else "", colour=lambda d: GOOD if d.scanned else None),
    ], parent)


def findings_model(parent: QObject, *, with_cane: bool = False) -> ColumnTableModel:
    cols = [ColumnSpec(_("Cane"), lambda f: f.holder)] if with_cane else []
    cols += [
        ColumnSpec(_("Device"), lambda f: f.device_code or f.observed_code),
        ColumnSpec(_("Finding"), lambda f: FindingKind(f.kind).label, colour=lambda f: ALERT if f.discrepant else GOOD),
        ColumnSpec(_("Patient"), lambda f: f.patient),
        ColumnSpec(_("Recorded at"), lambda f: f.recorded_at_path or f.device_status),
        ColumnSpec(_("Reason"), lambda f: _reason(f.reason) if f.discrepant else "",
                   colour=lambda f: ALERT if f.discrepant and not f.reason else None),
        ColumnSpec(_("Note"), lambda f: f.note),
        ColumnSpec(_("Resolution"), lambda f: _resolution(f.resolution) if f.discrepant else "",
                   colour=lambda f: ALERT if f.discrepant and not f.resolution else None),
    ]
    return ColumnTableModel(cols, parent)


def audits_model(parent: QObject) -> ColumnTableModel:
    return ColumnTableModel([
        ColumnSpec(_("Audit"), lambda a: f"#{a.id}"),
        ColumnSpec(_("Scope"), lambda a: a.scope),
        ColumnSpec(_("Started"), lambda a: format_local(a.started_at)),
        ColumnSpec(_("Closed"), lambda a: format_local(a.completed_at) if a.completed_at else _("in progress"),
                   colour=lambda a: None if a.completed_at else ALERT),
        ColumnSpec(_("Expected"), lambda a: a.expected),
        ColumnSpec(_("Found"), lambda a: a.found),
        ColumnSpec(_("Discrepant"), lambda a: a.discrepant),
    ], parent)
