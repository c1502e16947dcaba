"""The Tanks area: every tank with its audit schedule and nitrogen state; one tank's audit and log."""

from __future__ import annotations

from bench_app.domain.clock import format_local
from bench_app.i18n import _
from ui.common.column_table_model import ALERT, ColumnSpec, ColumnTableModel
from ui.common.headings import heading, muted
from ui.common.list_detail_area import ListDetailArea
from ui.common.row_table_model import ROW_ROLE
from ui.common.table_view import fit_columns, make_table
from ui.qt import QTabWidget, QVBoxLayout, QWidget, Signal
from ui.shell.bench_context import BenchContext
from ui.tanks.audit_panel import AuditPanel
from ui.tanks.nitrogen_panel import NitrogenPanel


class TankRow:
    """A tank's line in the list: its audit schedule and its alerts."""

    def __init__(self, state, alerts):
        self.state, self.alerts = state, alerts

    @property
    def id(self) -> int:
        return self.state.tank_id


class TankListView(QWidget):
    tankActivated = Signal(int, str)

    def __init__(self, context: BenchContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading(_("Tanks: audits and liquid nitrogen"), self))
        layout.addWidget(muted(_("Double-click a tank (or press Enter) to audit it or to log its nitrogen."), self))
        self.model = ColumnTableModel([
            ColumnSpec(_("Tank"), lambda r: r.state.tank_name),
            ColumnSpec(_("Last audit"), lambda r: format_local(r.state.last_audit) if r.state.last_audit else _("never")),
            ColumnSpec(_("Next audit due"), lambda r: r.state.due.astimezone().date().isoformat()
                       + (" " + _("OVERDUE") if r.state.overdue else ""),
                       colour=lambda r: ALERT if r.state.overdue or r.state.due_soon else None),
            ColumnSpec(_("Audit under way"), lambda r: f"#{r.state.open_audit_id}" if r.state.open_audit_id else ""),
            ColumnSpec(_("Nitrogen"), lambda r: "; ".join(a.text for a in r.alerts if a.kind.startswith(("nitrogen",
                                                                                                        "reading")))
                       or _("ok"), colour=lambda r: ALERT if any(a.urgent for a in r.alerts) else None),
        ], self)
        self.table = make_table(self.model, self, sortable=False, stretch_column=4)
        layout.addWidget(self.table)
        self.table.doubleClicked.connect(self._activated)
        self.table.activated.connect(self._activated)

    def _activated(self, index) -> None:
        row = self.table.model().data(index, ROW_ROLE)
        self.tankActivated.emit(row.id, row.state.tank_name)

    def refresh(self) -> None:
        n2 = self.context.services.nitrogen
        alerts = n2.alerts()
        self.model.set_rows([TankRow(st, [a for a in alerts if a.tank_id == st.tank_id])
                             for st in n2.audit_states()])
        fit_columns(self.table)  # dates and headers whole, not "Next audit d…"


class TankView(QWidget):
    def __init__(self, context: BenchContext, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = heading("", self, level=2)
        layout.addWidget(self.title)
        self.tabs = QTabWidget(self)
        self.audit_panel = AuditPanel(context, self.tabs)
        self.nitrogen_panel = NitrogenPanel(context, self.tabs)
        self.tabs.addTab(self.audit_panel, _("Audit"))
        self.tabs.addTab(self.nitrogen_panel, _("Nitrogen log"))
        layout.addWidget(self.tabs)

    def load(self, tank_id: int, name: str) -> None:
        self.title.setText(name)
        self.audit_panel.load(tank_id, name)
        self.nitrogen_panel.load(tank_id)

    def refresh(self) -> None:
        self.audit_panel.refresh()
        self.nitrogen_panel.refresh()


class TanksView(ListDetailArea):
    def __init__(self, context: BenchContext, parent: QWidget | None = None):
        super().__init__(_("‹ Tanks"), _("Back to the list of tanks"), parent)
        self.context = context
        self.list_view = TankListView(context, self.pages)
        self.tank_view = TankView(context, self.pages)
        self.set_pages(self.list_view, self.tank_view)
        self.list_view.tankActivated.connect(self.show_tank)
        self.show_list_page()

    def list_focus(self) -> QWidget:
        return self.list_view.table

    def show_tank(self, tank_id: int, name: str, tab: int = 0) -> None:
        self.tank_view.load(tank_id, name)
        self.tank_view.tabs.setCurrentIndex(tab)
        self.show_detail_page()
        if tab == 0:
            self.tank_view.audit_panel.scan.setFocus()
