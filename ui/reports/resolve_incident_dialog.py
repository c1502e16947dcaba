"""A supervisor resolves an incident: what was found and what was done, in words."""

from __future__ import annotations

from bench_app.i18n import _, _l
from bench_app.services.incidents_service import IncidentInfo
from ui.common.form import ErrorForm
from ui.common.service_dialog import ServiceDialog
from ui.qt import QLabel, QPlainTextEdit, QWidget
from ui.shell.bench_context import BenchContext


class ResolveIncidentDialog(ServiceDialog):
    ok_text = _l("Resolve")

    def __init__(self, context: BenchContext, incident: IncidentInfo, parent: QWidget | None = None):
        super().__init__(_("Resolve incident #{number}").format(number=incident.id), parent,
                         intro=_("The resolution is kept with the incident and printed on the incident list; "
                                 "the change is recorded in the audit trail under your name."))
        self.context = context
        self.incident = incident
        form = self.add_form(ErrorForm(parent=self))
        what = QLabel(_("<b>{kind}</b>: {description}").format(kind=incident.kind_label,
                                                               description=incident.description), self)
        what.setWordWrap(True)
        what.setMinimumWidth(460)  # a wrapped label in a form row is otherwise laid out too narrow
        form.add_row("incident", _("Incident"), what)
        self.resolution = QPlainTextEdit(self)
        self.resolution.setObjectName("resolution")
        self.resolution.setPlaceholderText(_("e.g. tube relabelled from the record in the presence of the "
                                             "witness; theatre informed of the labelling slip"))
        self.resolution.setTabChangesFocus(True)
        self.resolution.setMinimumHeight(90)
        form.add_row("resolution", _("Resolution"), self.resolution)
        self.setMinimumWidth(620)
        self.resolution.setFocus()

    def save(self) -> IncidentInfo:
        return self.context.services.incidents.resolve(self.context.actor, self.incident.id,
                                                       resolution=self.resolution.toPlainText())
