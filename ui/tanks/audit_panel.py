"""One tank's audit at the bench: scan the cane, then each device; see what is expected; explain; sign.

A keyboard-wedge scanner types a code and Enter into the scan field. A cane code (H-…)
takes that cane out; a device code (D-…) is registered on the cane taken out. A code that
fails its check character is refused at once and nothing is saved. A cane can also be
taken out by double-clicking it in the list of canes (choosing it on the map).
"""

from __future__ import annotations

from bench_app.domain.codes import normalise
from bench_app.domain.errors import BenchError, ValidationError
from bench_app.domain.inventory import FindingKind
from bench_app.domain.inventory_records import AuditSummary, CaneCheck
from bench_app.i18n import _, isolated, ngettext
from ui.common.dialog_host import open_dialog
from ui.common.form import error_label, set_message
from ui.common.headings import heading, muted
from ui.common.row_table_model import ROW_ROLE
from ui.common.table_view import make_table
from ui.common.witness_panel import ScanLineEdit
from ui.printing.print_preview_dialog import PrintPreviewDialog
from ui.qt import QHBoxLayout, QLabel, QPushButton, QSplitter, Qt, QVBoxLayout, QWidget
from ui.shell.bench_context import BenchContext
from ui.tanks import audit_tables as tables
from ui.tanks.audit_dialogs import CloseAuditDialog, ExplainDialog, OpenAuditDialog, ResolveDialog, SittingDialog

OK_STYLE = "color: #1b5e20; font-weight: 600;"
BAD_STYLE = "color: #b3261e; font-weight: 600;"


class AuditPanel(QWidget):
    def __init__(self, context: BenchContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.tank_id: int | None = None
        self.tank_name = ""
        self.audit: AuditSummary | None = None
        self.cane: CaneCheck | None = None
        self.active_dialog = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        self.status = QLabel(self)
        self.status.setObjectName("auditStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        bar = QHBoxLayout()
        self.open_button = QPushButton(_("Open audit…"), self)
        self.sitting_button = QPushButton(_("Resume (new sitting)…"), self)
        self.sheet_button = QPushButton(_("Canister sheet"), self)
        self.pdf_button = QPushButton(_("Audit PDF"), self)
        self.close_button = QPushButton(_("Close and sign…"), self)
        for b in (self.open_button, self.sitting_button, self.sheet_button, self.pdf_button, self.close_button):
            b.setAutoDefault(False)
            bar.addWidget(b)
        bar.addStretch(1)
        layout.addLayout(bar)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        left = QWidget(split)
        lcol = QVBoxLayout(left)
        lcol.setContentsMargins(0, 0, 0, 0)
        lcol.addWidget(muted(_("Canes and goblets (double-click to take one out)"), left))
        self.holders = tables.holders_model(self)
        self.holders_table = make_table(self.holders, left, sortable=False)
        lcol.addWidget(self.holders_table)
        right = QWidget(split)
        rcol = QVBoxLayout(right)
        rcol.setContentsMargins(0, 0, 0, 0)
        self.scan = ScanLineEdit(right)
        self.scan.setObjectName("auditScan")
        self.scan.setPlaceholderText(_("Scan or type the cane's code, then each device's code (Enter)"))
        rcol.addWidget(self.scan)
        self.message = error_label(right)
        self.message.setObjectName("auditMessage")
        rcol.addWidget(self.message)
        self.cane_title = heading(_("No cane taken out"), right, level=3)
        rcol.addWidget(self.cane_title)
        self.expected = tables.expected_model(self)
        self.expected_table = make_table(self.expected, right, sortable=False)
        rcol.addWidget(self.expected_table, 2)
        rcol.addWidget(muted(_("Found on this cane"), right))
        self.cane_findings = tables.findings_model(self)
        self.cane_findings_table = make_table(self.cane_findings, right, sortable=False)
        rcol.addWidget(self.cane_findings_table, 1)
        self.finish_button = QPushButton(_("Cane done: count what is missing"), right)
        self.finish_button.setAutoDefault(False)
        rcol.addWidget(self.finish_button, 0, Qt.AlignmentFlag.AlignLeft)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 2)
        split.setSizes([440, 800])
        vsplit = QSplitter(Qt.Orientation.Vertical, self)
        vsplit.addWidget(split)
        bottom = QWidget(vsplit)
        bcol = QVBoxLayout(bottom)
        bcol.setContentsMargins(0, 0, 0, 0)
        dbar = QHBoxLayout()
        dbar.addWidget(heading(_("Discrepancies"), bottom, level=3))
        self.explain_button = QPushButton(_("Reason and note…"), bottom)
        self.resolve_button = QPushButton(_("Resolve…"), bottom)
        for b in (self.explain_button, self.resolve_button):
            b.setAutoDefault(False)
            dbar.addWidget(b)
        dbar.addStretch(1)
        bcol.addLayout(dbar)
        self.discrepancies = tables.findings_model(self, with_cane=True)
        self.discrepancies_table = make_table(self.discrepancies, bottom, sortable=False)
        bcol.addWidget(self.discrepancies_table, 1)
        bcol.addWidget(muted(_("Audits of this tank"), bottom))
        self.audits = tables.audits_model(self)
        self.audits_table = make_table(self.audits, bottom, sortable=False)
        self.audits_table.setMaximumHeight(90)
        bcol.addWidget(self.audits_table)
        vsplit.addWidget(bottom)
        vsplit.setStretchFactor(0, 3)
        vsplit.setStretchFactor(1, 1)
        layout.addWidget(vsplit, 1)

        self.scan.scanned.connect(self.handle_scan)
        self.holders_table.doubleClicked.connect(self._holder_activated)
        self.finish_button.clicked.connect(self.finish_cane)
        self.open_button.clicked.connect(self.open_audit)
        self.sitting_button.clicked.connect(self.start_sitting)
        self.close_button.clicked.connect(self.close_audit)
        self.pdf_button.clicked.connect(self.show_pdf)
        self.sheet_button.clicked.connect(self.show_sheet)
        self.explain_button.clicked.connect(self.explain)
        self.resolve_button.clicked.connect(self.resolve)

    # --- loading -------------------------------------------------------------------------

    def load(self, tank_id: int, tank_name: str) -> None:
        self.tank_id, self.tank_name, self.cane = tank_id, tank_name, None
        self.refresh()

    def refresh(self) -> None:
        if self.tank_id is None:
            return
        inv = self.context.services.inventory
        audits = inv.audits(tank_id=self.tank_id)
        self.audits.set_rows(audits)
        self.audit = next((a for a in audits if a.status == "open"), None)
        if self.audit is None and audits:
            self.audit = audits[0]
        self._show_audit()

    def _show_audit(self) -> None:
        a = self.audit
        inv = self.context.services.inventory
        open_ = a is not None and a.status == "open"
        mine = open_ and a.sitting is not None and self.context.actor.id is not None and \
            self.context.actor.username in (a.sitting.performer_username, a.sitting.witness_username)
        self.open_button.setEnabled(not open_)
        self.sitting_button.setEnabled(open_)
        self.close_button.setEnabled(open_)
        self.pdf_button.setEnabled(a is not None)
        self.scan.setEnabled(bool(mine))
        self.finish_button.setEnabled(bool(mine) and self.cane is not None)
        if a is None:
            self.status.setText(isolated(_("{tank} has not been audited yet. Open an audit to start."), tank=self.tank_name))
            self.holders.set_rows([])
            self.discrepancies.set_rows([])
            return
        sitting = (isolated(_("Sitting led by {performer}, witnessed by {witness} on {workstation}."),
            performer=a.sitting.performer, witness=a.sitting.witness, workstation=a.sitting.workstation)
            if a.sitting else _("No sitting under way: resume with a witness."))
        state = _("in progress") if open_ else isolated(_("closed and signed by {name}"), name=a.closed_by)
        head = isolated(_("Audit #{number} of {tank} ({scope}), {state}."), number=a.id, tank=a.tank_name,
                                                                           scope=a.scope, state=state)
        counts = isolated(_("Canes checked {checked} of {total} · expected {expected} · found {found} · "
                            "discrepant {discrepant} ({open} open)."),
            checked=a.holders_checked, total=a.holders_total, expected=a.expected, found=a.found,
            discrepant=a.discrepant, open=a.unresolved)
        self.status.setText(f"{head} {sitting} {counts}")
        self.holders.set_rows(inv.holders(a.id))
        self.holders_table.resizeColumnsToContents()
        self.discrepancies.set_rows(inv.findings(a.id))
        if self.cane is not None:
            self._show_cane(inv.cane_check(a.id, self.cane.holder.id))

    def _show_cane(self, check: CaneCheck | None) -> None:
        self.cane = check
        if check is None:
            self.cane_title.setText(_("No cane taken out"))
            self.expected.set_rows([])
            self.cane_findings.set_rows([])
            return
        found = sum(1 for d in check.expected if d.scanned)
        self.cane_title.setText(isolated(_("{path} ({code}) · {state} · {found} of {expected} expected found"),
            path=check.path, code=check.holder.code, state=check.holder.state, found=found,
            expected=len(check.expected)))
        self.expected.set_rows(check.expected)
        self.cane_findings.set_rows(check.findings)
        self.finish_button.setEnabled(self.scan.isEnabled() and check.holder.state != "checked")

    # --- scanning ------------------------------------------------------------------------

    def handle_scan(self, text: str) -> None:
        raw = normalise(text)
        if not raw or self.audit is None:
            return
        inv, actor = self.context.services.inventory, self.context.actor
        try:
            if raw[0] == "H":
                holder_id = inv.holder_for_code(self.audit.id, text)
                self._show_cane(inv.take_out_cane(actor, self.audit.id, holder_id))
                self._say(isolated(_("{path} taken out: scan each device on it."), path=self.cane.path), OK_STYLE)
                self.holders.set_rows(inv.holders(self.audit.id))
            else:
                if self.cane is None:
                    raise ValidationError.single("code", _("Scan the cane first, then the devices on it."))
                f = inv.register_scan(actor, self.audit.id, self.cane.holder.id, text)
                self._show_cane(inv.cane_check(self.audit.id, self.cane.holder.id))
                self._say(f"{f.device_code}: {FindingKind(f.kind).label}" + (f" ({f.recorded_at_path})"
                                                                        if f.discrepant and f.recorded_at_path else ""),
                          BAD_STYLE if f.discrepant else OK_STYLE)
        except ValidationError as exc:
            self._say(" ".join(exc.field_errors.values()), BAD_STYLE)
            self.scan.selectAll()
            return
        except BenchError as exc:
            self._say(str(exc), BAD_STYLE)
            self.scan.selectAll()
            return
        self.scan.clear()

    def _say(self, text: str, style: str) -> None:
        set_message(self.message, text)
        self.message.setStyleSheet(style)

    def _holder_activated(self, index) -> None:
        if self.audit is None or not self.scan.isEnabled():
            return
        row = self.holders_table.model().data(index, ROW_ROLE)
        try:
            self._show_cane(self.context.services.inventory.take_out_cane(self.context.actor, self.audit.id, row.id))
        except BenchError as exc:
            self._say(str(exc), BAD_STYLE)
            return
        self.scan.setFocus()

    def finish_cane(self) -> None:
        if self.audit is None or self.cane is None:
            return
        try:
            check = self.context.services.inventory.finish_cane(self.context.actor, self.audit.id,
                                                               self.cane.holder.id)
        except BenchError as exc:
            self._say(str(exc), BAD_STYLE)
            return
        missing = sum(1 for f in check.findings if f.kind.value == "missing")
        self._say(isolated(ngettext("{path} checked: {count} expected device not found.",
                                    "{path} checked: {count} expected devices not found.", missing),
                      path=check.path, count=missing) if missing
                  else isolated(_("{path} checked."), path=check.path),
                  BAD_STYLE if missing else OK_STYLE)
        self.cane = check
        self.refresh()
        self.scan.setFocus()

    # --- dialogs -------------------------------------------------------------------------

    def _selected_finding(self):
        rows = self.discrepancies_table.selectionModel().selectedRows()
        if not rows:
            self._say(_("Choose a discrepancy in the list first."), BAD_STYLE)
            return None
        return self.discrepancies_table.model().data(rows[0], ROW_ROLE)

    def open_audit(self) -> None:
        open_dialog(self, OpenAuditDialog(self.context, self.tank_id, self.tank_name, self), self._after)

    def start_sitting(self) -> None:
        open_dialog(self, SittingDialog(self.context, self.audit, self), self._after)

    def close_audit(self) -> None:
        open_dialog(self, CloseAuditDialog(self.context, self.audit, self), self._after)

    def explain(self) -> None:
        if (f := self._selected_finding()) is not None:
            open_dialog(self, ExplainDialog(self.context, f, self), self._after)

    def resolve(self) -> None:
        if (f := self._selected_finding()) is not None:
            open_dialog(self, ResolveDialog(self.context, f, self), self._after)

    def _after(self, _result) -> None:
        self.refresh()
        self.scan.setFocus()

    def show_pdf(self) -> None:
        if self.audit is None:
            return
        doc = self.context.services.inventory.report_pdf(self.context.actor, self.audit.id)
        open_dialog(self, PrintPreviewDialog(doc.content, title=doc.title, filename=doc.filename, parent=self))

    def show_sheet(self) -> None:
        canister = self.cane.holder.canister if self.cane else None
        cans = self.context.services.storage.children(self.tank_id)
        chosen = next((c for c in cans if c.name == canister), cans[0] if cans else None)
        if chosen is None:
            return
        doc = self.context.services.inventory.canister_sheet_pdf(self.context.actor, chosen.id)
        open_dialog(self, PrintPreviewDialog(doc.content, title=doc.title, filename=doc.filename, parent=self))
