"""Issue hooks for the print preview: the service call that signs, delivers and records a report."""

from __future__ import annotations

from datetime import date

from ui.shell.bench_context import BenchContext


def worksheet_issuer(context: BenchContext, day: date):
    """Printing or saving the previewed worksheet issues it: signed, and recorded once printed or saved."""
    actor, worksheets = context.actor, context.services.worksheet
    return lambda deliver: worksheets.issue(actor, day, deliver=deliver)
