"""Words about a tank's audits for other screens (the storage map)."""

from __future__ import annotations

from bench_app.domain.clock import format_local
from bench_app.domain.enums import LocationKind
from bench_app.i18n import _, isolated
from bench_app.domain.inventory import holder_code  # noqa: F401  (the storage map shows each cane's code)


def audit_line(context, node) -> str:
    """' Last audit: … · next due …' for a tank, '' for anything else."""
    if node.kind != LocationKind.TANK:
        return ""
    state = next((s for s in context.services.nitrogen.audit_states() if s.tank_id == node.id), None)
    if state is None:
        return ""
    last = format_local(state.last_audit) if state.last_audit else _("never")
    due = state.due.astimezone().date().isoformat()
    line = (_("Last audit: {last} · next due {due} (OVERDUE)") if state.overdue
            else _("Last audit: {last} · next due {due}")).format(last=last, due=due)
    if state.open_audit_id:
        line += " · " + isolated(_("audit #{number} under way"), number=state.open_audit_id)
    return "\n" + line
