"""The tank audit's printed documents: the audit report (scope, sittings, every difference and how it was
settled, signatures, the map of what was found) and the canister sheet for the person at the tank.

Part of ``InventoryService`` (mixed in), which supplies ``ctx`` and the audit's own reads (``_audit``,
``_summary``, ``_discrepancies``); each print is recorded in the audit trail under the person who printed it.
"""

from __future__ import annotations

from sqlalchemy import select

from bench_app.domain import inventory as rules
from bench_app.domain.enums import AuditAction, LocationKind
from bench_app.domain.errors import NotFound
from bench_app.domain.inventory_records import (
    AuditReportData, CanisterMap, CanisterSheetData, HolderRow, SheetCane, SignatureLine,
)
from bench_app.i18n import _
from bench_app.persistence.models import InventorySitting, Signature, StorageLocation
from bench_app.services import inventory_queries as q
from bench_app.services.audit_writer import write_event
from bench_app.services.context import Actor
from bench_app.services.settings_service import read_setting
from bench_app.services.worksheet_dto import PrintedDocument

SL = StorageLocation


class InventoryDocuments:
    def report_data(self, audit_id: int) -> AuditReportData:
        with self.ctx.db.read() as s:
            audit = self._audit(s, audit_id)
            summary = self._summary(s, audit)
            names = q.user_names(s)
            sittings = tuple(q.sitting_info(r, names) for r in s.execute(
                select(InventorySitting).where(InventorySitting.audit_id == audit.id)
                .order_by(InventorySitting.started_at, InventorySitting.id)).scalars())
            findings = tuple(q.finding_infos(s, self._discrepancies(s, audit.id)))
            sigs = s.execute(select(Signature).where(Signature.entity_type == "inventory_audits",
                                                     Signature.entity_id == str(audit.id))
                             .order_by(Signature.signed_at, Signature.id)).scalars().all()
            canisters: dict[str, list[HolderRow]] = {}
            for row in q.holder_rows(s, audit):
                canisters.setdefault(row.canister, []).append(row)
            lab = read_setting(s, "lab_name")
        return AuditReportData(
            summary, lab, sittings, findings,
            tuple(SignatureLine(g.printed_name, g.meaning, g.signed_at) for g in sigs),
            tuple(CanisterMap(name, tuple(rows)) for name, rows in canisters.items()),
            sigs[0].content_hash if sigs else "")

    def report_pdf(self, actor: Actor, audit_id: int) -> PrintedDocument:
        from bench_app.reports.inventory import AuditReportPdf  # reportlab loads on the first print

        data = self.report_data(audit_id)
        rendered = AuditReportPdf().build(data)
        with self.ctx.db.write() as s:
            write_event(s, self.ctx, actor=actor, action=AuditAction.PRINT, entity_type="inventory_audits",
                        entity_id=audit_id, changes={"pages": [None, rendered.pages]})
        return PrintedDocument(rendered.pdf, rendered.pages, f"Tank audit #{audit_id}: {data.summary.tank_name}",
                               f"tank-audit-{audit_id}.pdf")

    def canister_sheet_pdf(self, actor: Actor, canister_id: int) -> PrintedDocument:
        """The sheet for the person at the tank: expected devices cane by cane, consent problems marked."""
        from bench_app.reports.inventory import CanisterSheetPdf

        with self.ctx.db.read() as s:
            can = s.get(SL, canister_id)
            if can is None or can.kind != LocationKind.CANISTER.value:
                raise NotFound(_("Choose a canister."))
            holders = s.execute(select(SL).where(SL.parent_id == can.id, SL.kind.in_(q.HOLDERS),
                                                 SL.retired.is_(False)).order_by(SL.sort_index, SL.name)).scalars().all()
            expected = q.expected_devices(s, [h.id for h in holders], self.ctx.clock().date())
            data = CanisterSheetData(
                s.get(SL, can.parent_id).name, can.name, self.ctx.clock(), read_setting(s, "lab_name"),
                tuple(SheetCane(h.name, rules.holder_code(h.id), tuple(expected.get(h.id, ()))) for h in holders))
        rendered = CanisterSheetPdf().build(data)
        with self.ctx.db.write() as s:
            write_event(s, self.ctx, actor=actor, action=AuditAction.PRINT, entity_type="storage_locations",
                        entity_id=canister_id, changes={"document": [None, "canister sheet"]})
        return PrintedDocument(rendered.pdf, rendered.pages, f"Canister sheet {data.tank} / {data.canister}",
                               f"canister-sheet-{canister_id}.pdf")
