"""Screenshots of the record-keeping dialogs, called by make_screenshots (not a test).

Outcomes (work-up, cycle outcome, treatments, the records behind a figure), consent
changes, a device review, an incident, the tank audit and nitrogen settings, and the
shell's own (first run, unsaved entries, restore): each opened as the app opens it, and
the forms with dates once more with a bad date and another field left wrong.
"""

from __future__ import annotations

import time
from datetime import date, timedelta
from pathlib import Path

from bench_app.services.witness_service import WitnessInput
from ui.common.dialog_host import open_dialog
from ui.qt import QApplication, QDialog, QEventLoop


def _witness(username="eli", secret="3333") -> WitnessInput:
    return WitnessInput(username=username, secret=secret, identifiers=("cane code", "device codes"))


def _wait(done, seconds: float = 30) -> None:
    """Let background reads finish (the tour has no qtbot)."""
    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def _visit(shoot, owner, dialog: QDialog, name: str, errors=None) -> None:
    """Open ``dialog`` as the app does, shoot it; then, if ``errors`` spoils some fields, save and shoot again."""
    open_dialog(owner, dialog)
    shoot(dialog, name)
    if errors is not None:
        errors(dialog)
        dialog.accept()
        shoot(dialog, f"{name}_errors")
    dialog.reject()


def shoot_outcome_records(shoot, window, services, emma, couples) -> None:
    patients = window.show_area("patients")
    patients.show_couple(couples[0].id)
    view = patients.couple_view

    view.record_workup()

    def bad_workup(d):
        d.hormones_on.setText("2026-02-31")
        d.histology_on.setText("31.13.2020")
    _visit(shoot, view, view.active_dialog, "workup_dialog", bad_workup)

    view.record_outcome()

    def bad_outcome(d):
        first, *_ = d.dates.values()
        first.setText("yesterday")
    _visit(shoot, view, view.active_dialog, "cycle_outcome_dialog", bad_outcome)

    view.treatments.add()

    def bad_treatment(d):
        d.started_on.setText("2026-13-01")
        d.ended_on.setText("2020-01-01")
    _visit(shoot, view.treatments, view.treatments.active_dialog, "treatment_dialog", bad_treatment)
    services.outcome_records.add_treatment(emma, patient_id=couples[0].male.id, treatment="clomiphene",
                                           started_on=date.today() - timedelta(days=120),
                                           ended_on=date.today() - timedelta(days=30), detail="50 mg daily")
    view.refresh()
    view.treatments.table.selectRow(0)
    view.treatments.remove()
    _visit(shoot, view.treatments, view.treatments.active_dialog, "remove_treatment_dialog",
           lambda d: d.reason.setText(""))

    patients.show_patient(couples[0].male.id)
    detail = patients.patient_view
    detail.extend_button.click()
    _visit(shoot, detail, detail.active_dialog, "extend_storage_dialog",
           lambda d: (d.when.setText("2026-02-30"), d.reason.setText("")))
    detail.withdraw_button.click()
    _visit(shoot, detail, detail.active_dialog, "withdraw_consent_dialog",
           lambda d: (d.when.setText("2026-02-30"), d.reason.setText("")))


def shoot_figure_records(shoot, window) -> None:
    view = window.show_area("outcomes")
    _wait(lambda: view.figures is not None and not view.reader.busy)
    if view.table.model() is not None and view.table.model().rowCount():
        view.table.selectRow(0)
    view.open_records()
    dialog = view.active_dialog
    _wait(lambda: not dialog.reader.busy)
    shoot(dialog, "figure_records_dialog")
    dialog.reject()


def shoot_review_and_incident(shoot, window, services, admin) -> None:
    """A storage consent withdrawn with devices still stored: each device comes under review."""
    device = next(d for d in services.cryo.devices_expiring(within_days=36_500, limit=50) if d.patient_id)
    consent = next(c for c in services.patients.get_patient(device.patient_id).consents
                   if c.withdrawn_on is None and "storage" in c.permitted_uses)
    services.patients.withdraw_consent(admin, consent.id, withdrawn_on=date.today(),
                                       reason="The patient wrote to withdraw consent to storage")
    cryo = window.show_area("cryo")
    reviews = cryo.reviews_view
    cryo.tabs.setCurrentWidget(reviews)
    reviews.refresh()
    reviews.table.selectRow(0)
    _visit(shoot, reviews, reviews.close_selected(), "close_review_dialog")

    incidents = window.show_area("reports").show_incidents()
    incidents.refresh()
    incidents.table.selectRow(0)
    incidents.resolve()
    _visit(shoot, incidents, incidents.active_dialog, "resolve_incident_dialog", lambda d: d.resolution.setPlainText(""))


def shoot_tank_dialogs(shoot, window, services, supervisor) -> None:
    from ui.tanks.audit_dialogs import CloseAuditDialog, ExplainDialog, OpenAuditDialog, ResolveDialog, SittingDialog
    from ui.tanks.nitrogen_panel import TankCareDialog

    context = window.context
    tank = services.storage.tanks()[0]
    _visit(shoot, window, OpenAuditDialog(context, tank.id, tank.name, window), "open_audit_dialog")
    _visit(shoot, window, TankCareDialog(context, tank.id, services.nitrogen.tank_care(tank.id), window),
           "tank_care_dialog")
    under_way = [a for a in services.inventory.audits(tank_id=tank.id) if a.completed_at is None]
    audit = under_way[0] if under_way else services.inventory.open_audit(supervisor, tank_id=tank.id,
                                                                         witness=_witness())
    services.inventory.start_sitting(supervisor, audit.id, witness=_witness())
    canes = [c for can in services.storage.children(tank.id) for c in services.storage.children(can.id)]
    for cane in sorted(canes, key=lambda c: -c.occupied):
        if services.inventory.findings(audit.id):
            break
        services.inventory.take_out_cane(supervisor, audit.id, cane.id)
        services.inventory.finish_cane(supervisor, audit.id, cane.id)   # nothing scanned: every device is missing
    finding = services.inventory.findings(audit.id)[0]
    _visit(shoot, window, ExplainDialog(context, finding, window), "explain_finding_dialog")
    _visit(shoot, window, ResolveDialog(context, finding, window), "resolve_finding_dialog")
    services.inventory.end_sitting(supervisor, audit.id)
    audit = services.inventory.get_audit(audit.id)
    _visit(shoot, window, SittingDialog(context, audit, window), "audit_sitting_dialog")
    _visit(shoot, window, CloseAuditDialog(context, audit, window), "close_audit_dialog")


def shoot_shell_dialogs(shoot, window, services, folder: Path) -> None:
    from ui.admin.restore_dialog import RestoreDialog
    from ui.shell.first_run_dialog import FirstRunDialog
    from ui.shell.unsaved_entries import UnsavedEntriesDialog

    first = FirstRunDialog(services, lab_name="Andrology & Embryology Laboratory", parent=window)
    _visit(shoot, window, first, "first_run_dialog", lambda d: (d.username.setText(""), d.password.setText("x")))
    _visit(shoot, window, RestoreDialog(window.context, window, folder=folder), "restore_dialog")
    entries = ["the open form “Register couple”", "the oocyte grid of ÇELIK, Elif (M-200F): 3 maturities keyed"]
    _visit(shoot, window, UnsavedEntriesDialog(window.context.actor.full_name, entries, "sign out", window),
           "unsaved_entries_dialog")
    guide = window.show_guide("cryo")  # F1's window: no parent, so it is closed here rather than by its owner
    guide.show()
    shoot(guide, "guide_viewer")
    guide.close()
