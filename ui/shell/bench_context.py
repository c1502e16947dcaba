"""What every view needs: the services, who is signed in, and a way to ask for navigation."""

from __future__ import annotations

from datetime import date

from bench_app.domain.clock import to_local
from bench_app.services.context import Actor
from bench_app.services.registry import Services
from ui.qt import QObject, Signal


class BenchContext(QObject):
    """Shared by all areas. Views call ``services`` as ``actor`` and never hold a database session."""

    actorChanged = Signal(object)
    patientRequested = Signal(int)
    coupleRequested = Signal(int)
    recordRequested = Signal(object)  # a ScanTarget: opened as if its code had been scanned
    # A RecordChanges: what was saved, here or at another workstation (ui/common/record_changes.py).
    recordsChanged = Signal(object)

    def __init__(self, services: Services, actor: Actor, parent: QObject | None = None):
        super().__init__(parent)
        self.services = services
        self._actor = actor
        self.prefetched_day = None  # ui.today.day_prefetch.DayPrefetch, set at sign-in; Today takes it once

    def take_prefetched_day(self, day: date):
        """Today's reads started at the sign-in (DayReads), for its first look at ``day`` only; else None."""
        prefetch, self.prefetched_day = self.prefetched_day, None
        return prefetch.take(day) if prefetch is not None else None

    @property
    def actor(self) -> Actor:
        return self._actor

    def set_actor(self, actor: Actor) -> None:
        changed = actor != self._actor
        self._actor = actor
        if changed:
            self.services.witness.end_continuous()  # a witness's PIN-only period never crosses a change of user
            self.actorChanged.emit(actor)

    def today(self) -> date:
        """The local calendar day by the services' clock (tests move that clock)."""
        return to_local(self.services.ctx.clock()).date()

    def open_patient(self, patient_id: int) -> None:
        self.patientRequested.emit(patient_id)

    def open_couple(self, couple_id: int) -> None:
        self.coupleRequested.emit(couple_id)

    def records_changed(self, changes) -> None:
        """Tell every view that records changed; each re-reads only if it shows those kinds."""
        if changes:
            self.recordsChanged.emit(changes)

    def open_record(self, target) -> None:
        """Open a sample, device or oocyte (a ScanTarget) in the area that shows it."""
        self.recordRequested.emit(target)
