"""The Admin area: Users for an admin, the Audit trail for a supervisor or admin."""

from __future__ import annotations

from bench_app.domain.enums import Role
from bench_app.i18n import _
from bench_app.services.context import Actor
from ui.admin.audit_view import AuditView
from ui.admin.backups_view import BackupsView
from ui.admin.users_view import UsersView
from ui.common.headings import heading
from ui.qt import QTabWidget, QVBoxLayout, QWidget
from ui.shell.bench_context import BenchContext


class AdminView(QWidget):
    def __init__(self, context: BenchContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.users_view: UsersView | None = None
        self.audit_view: AuditView | None = None
        self.backups_view: BackupsView | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(10)
        layout.addWidget(heading(_("Admin"), self))
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        layout.addWidget(self.tabs, 1)
        context.actorChanged.connect(self._build_tabs)
        self._build_tabs(context.actor)

    def _build_tabs(self, actor: Actor) -> None:
        while self.tabs.count():
            page = self.tabs.widget(0)
            self.tabs.removeTab(0)
            page.deleteLater()
        self.users_view = self.audit_view = self.backups_view = None
        if actor.role == Role.ADMIN:
            self.users_view = UsersView(self.context, self.tabs)
            self.tabs.addTab(self.users_view, _("Users"))
        if actor.role in (Role.ADMIN, Role.SUPERVISOR):
            self.audit_view = AuditView(self.context, self.tabs)
            self.tabs.addTab(self.audit_view, _("Audit trail"))
        if actor.role == Role.ADMIN:
            self.backups_view = BackupsView(self.context, self.tabs)
            self.tabs.addTab(self.backups_view, _("Backups"))

    def refresh(self) -> None:
        page = self.tabs.currentWidget()
        if page is not None:
            page.refresh()
