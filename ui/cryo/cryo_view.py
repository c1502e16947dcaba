"""The Cryo storage area: storage map, device search and history, expiry, discard requests.

Freeze, Move, Thaw and Request discard sit above the tabs; Move, Thaw and Discard act
on the devices selected in the current tab (a cane's positions, search results or the
expiry list). After a step, only what the service says it touched is re-read: the tree
rows whose counts changed, the open cane, the current search.
"""

from __future__ import annotations

from bench_app.i18n import _, isolated, ngettext
from bench_app.domain.storage import DiscardStatus
from bench_app.services.scan_service import ScanTarget
from bench_app.services.storage_dto import DeviceInfo, DiscardInfo, FreezeInfo, MoveResult, ThawInfo
from ui.common.bidi import isolate
from ui.common.dialog_host import open_dialog
from ui.common.form import set_message
from ui.common.headings import heading, muted
from ui.cryo.device_search_view import DeviceSearchView
from ui.cryo.discard_dialogs import DiscardRequestDialog
from ui.cryo.device_reviews_view import DeviceReviewsView
from ui.cryo.discard_requests_view import DiscardRequestsView
from ui.cryo.expiry_view import ExpiryView
from ui.cryo.freeze_dialog import FreezeDialog
from ui.cryo.move_dialog import MoveDialog
from ui.cryo.storage_map_view import StorageMapView
from ui.cryo.thaw_dialog import ThawDialog
from ui.printing.label_printing import print_labels
from ui.qt import QHBoxLayout, QPushButton, QTabWidget, QVBoxLayout, QWidget
from ui.shell.bench_context import BenchContext

NOTE_STYLE = "color: #5f6368;"
ALERT_STYLE = "color: #b3261e; font-weight: 600;"


class CryoView(QWidget):
    def __init__(self, context: BenchContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.active_dialog = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(8)
        bar = QHBoxLayout()
        bar.setSpacing(8)
        bar.addWidget(heading(_("Cryo storage"), self))
        bar.addStretch(1)
        self.freeze_button = QPushButton(_("&Freeze…"), self)
        self.move_button = QPushButton(_("&Move…"), self)
        self.thaw_button = QPushButton(_("T&haw…"), self)
        self.discard_button = QPushButton(_("Request &discard…"), self)
        self.label_button = QPushButton(_("Print &labels…"), self)
        for button, tip in ((self.freeze_button, _("Freeze a sample, pooled samples or an ejaculate into devices")),
                            (self.move_button, _("Move the selected devices to new positions")),
                            (self.thaw_button, _("Thaw devices: the selected ones, or scan their codes")),
                            (self.discard_button, _("Ask a supervisor to approve discarding the selected devices")),
                            (self.label_button, _("Print (or reprint) the labels of the selected devices"))):
            button.setToolTip(tip)
            bar.addWidget(button)
        layout.addLayout(bar)
        self.message = muted("", self)
        self.message.setObjectName("cryoMessage")
        self.frozen_labels_button = QPushButton("", self)   # after a freeze: the new devices' labels
        self.frozen_labels_button.hide()
        self.frozen_codes: list[str] = []
        message_row = QHBoxLayout()
        message_row.addWidget(self.message, 1)
        message_row.addWidget(self.frozen_labels_button)
        layout.addLayout(message_row)

        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.map_view = StorageMapView(context, self.tabs)
        self.search_view = DeviceSearchView(context, self.tabs)
        self.expiry_view = ExpiryView(context, self.tabs)
        self.discards_view = DiscardRequestsView(context, self.tabs)
        self.tabs.addTab(self.map_view, _("Storage map"))
        self.tabs.addTab(self.search_view, _("Find devices"))
        self.tabs.addTab(self.expiry_view, _("Expiry"))
        self.tabs.addTab(self.discards_view, _("Discard requests"))
        self.reviews_view = DeviceReviewsView(context, self.tabs)
        self.tabs.addTab(self.reviews_view, _("Under review"))
        layout.addWidget(self.tabs, 1)

        self.freeze_button.clicked.connect(lambda: self.freeze())
        self.move_button.clicked.connect(self.move_selected)
        self.thaw_button.clicked.connect(self.thaw_selected)
        self.discard_button.clicked.connect(self.request_discard)
        self.label_button.clicked.connect(self.print_selected_labels)
        self.frozen_labels_button.clicked.connect(lambda: print_labels(self, self.context, self.frozen_codes))
        self.tabs.currentChanged.connect(lambda _i: self._refresh_tab())
        self.map_view.deviceActivated.connect(self.show_device)
        self.expiry_view.deviceActivated.connect(self.show_device)
        self.search_view.showInMap.connect(self.show_in_map)
        self.discards_view.decided.connect(self._discard_decided)
        self.discards_view.countChanged.connect(self._discard_count)
        self.discards_view.refresh()
        self.reviews_view.countChanged.connect(self._review_count)
        self.reviews_view.refresh()

    # --- navigation ----------------------------------------------------------------------

    def refresh(self) -> None:
        self._refresh_tab()
        if self.tabs.currentWidget() is not self.discards_view:
            self.discards_view.refresh()

    def _refresh_tab(self) -> None:
        self.say("")
        self.tabs.currentWidget().refresh()

    def focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.search_view)
        self.search_view.search.setFocus()
        self.search_view.search.selectAll()

    def show_device(self, device_id: int) -> None:
        self.tabs.setCurrentWidget(self.search_view)
        self.search_view.show_device(device_id)

    def show_patient(self, patient_id: int) -> None:
        """Every device of a patient, where it is, its status and history."""
        self.tabs.setCurrentWidget(self.search_view)
        self.search_view.show_patient(patient_id)

    def show_in_map(self, device: DeviceInfo) -> None:
        self.tabs.setCurrentWidget(self.map_view)
        self.map_view.show_position(device)

    def open_scanned(self, target: ScanTarget) -> bool:
        """A device code scanned into the main window's Scan field opens that device here."""
        if target.kind != "device":
            return False
        self.show_device(target.id)
        return True

    # --- steps ---------------------------------------------------------------------------

    def selected_devices(self) -> list[DeviceInfo]:
        page = self.tabs.currentWidget()
        if page is self.map_view:
            return self.map_view.selected_devices()
        if page is self.search_view:
            return self.search_view.selected_devices()
        if page is self.expiry_view:
            return [self.context.services.cryo.get_device(i) for i in self.expiry_view.selected_device_ids()]
        return []

    def _stored_selection(self, doing: str) -> list[DeviceInfo] | None:
        devices = self.selected_devices()
        stored = [d for d in devices if d.stored]
        if not devices:
            self.say(_("Select the devices to move first: on a cane in the storage map, in the search results "
                       "or in the expiry list.") if doing == "move" else
                     _("Select the devices to discard first: on a cane in the storage map, in the search results "
                       "or in the expiry list."), alert=True)
            return None
        if len(stored) != len(devices):
            gone = ", ".join(d.code for d in devices if not d.stored)
            text = (_("Only stored devices can be chosen to move: {codes} is no longer stored.") if doing == "move"
                    else _("Only stored devices can be chosen to discard: {codes} is no longer stored."))
            self.say(text.format(codes=gone), alert=True)
            return None
        self.say("")
        return stored

    def freeze(self, patient_id: int | None = None) -> FreezeDialog:
        patient = self.context.services.patients.get_patient(patient_id).patient if patient_id else None
        dialog = FreezeDialog(self.context, patient, self)
        open_dialog(self, dialog, self._frozen)
        return dialog

    def move_selected(self) -> None:
        devices = self._stored_selection("move")
        if devices:
            open_dialog(self, MoveDialog(self.context, devices, self), self._moved)

    def thaw_selected(self) -> None:
        devices = self.selected_devices()
        usable = [d for d in devices if d.stored]
        if len({d.patient_id for d in usable}) > 1:
            self.say(_("One thaw takes one patient's devices: select devices of one patient."),
                             alert=True)
            return
        open_dialog(self, ThawDialog(self.context, usable, self), self._thawed)

    def request_discard(self) -> None:
        devices = self._stored_selection("discard")
        if devices:
            open_dialog(self, DiscardRequestDialog(self.context, devices, self), self._discard_requested)

    def print_selected_labels(self) -> None:
        devices = self.selected_devices()
        if not devices:
            self.say(_("Select the devices whose labels to print first."), alert=True)
            return
        print_labels(self, self.context, [d.code for d in devices])

    # --- after a step: re-read only what changed ----------------------------------------------------

    def _after(self, touched, text: str) -> None:
        self.map_view.refresh_locations(touched)
        self.search_view.refresh()
        if self.tabs.currentWidget() is self.expiry_view:
            self.expiry_view.refresh()
        self.say(text)

    def _frozen(self, info: FreezeInfo) -> None:
        n = len(info.devices)
        self._after(info.touched_locations, isolated(ngettext(
                     "Frozen into {count} device for {name} ({mrn}): {codes}.",
            "Frozen into {count} devices for {name} ({mrn}): {codes}.", n),
            count=n, name=isolate(info.patient_name), mrn=info.mrn, codes=", ".join(d.code for d in info.devices)))
        if info.devices:
            self.show_in_map(info.devices[0])
        # Labels are printed inside the freeze, before loading; offer only those not printed yet.
        codes = [d.code for d in info.devices]
        printed = {t.code for t in self.context.services.labels.targets(codes) if t.would_be_reprint} if codes else set()
        self.frozen_codes = [c for c in codes if c not in printed]
        n = len(self.frozen_codes)
        self.frozen_labels_button.setText(isolated(ngettext("Print straw labels for the {count} new device…",
                                                             "Print straw labels for the {count} new devices…", n), count=n))
        self.frozen_labels_button.setVisible(bool(n))

    def _moved(self, result: MoveResult) -> None:
        moves = "; ".join(isolated(_("{code} to {position}"), code=m.device_code, position=m.to_path)
                          for m in result.moves)
        self._after(result.touched_locations, isolated(_("Moved {moves}."), moves=moves))

    def _thawed(self, info: ThawInfo) -> None:
        self._after(info.touched_locations, isolated(_("Thawed {codes} for {name} ({mrn})."),
            codes=", ".join(info.device_codes), name=isolate(info.patient_name), mrn=info.mrn))

    def _discard_requested(self, info: DiscardInfo) -> None:
        self.discards_view.refresh()
        self._after((), isolated(_("Discard request #{number} for {codes} now waits for a supervisor's approval."),
            number=info.id, codes=", ".join(d.code for d in info.devices)))

    def _discard_decided(self, info: DiscardInfo) -> None:
        text = {DiscardStatus.APPROVED: _("Discard request #{number} approved."),
                DiscardStatus.REJECTED: _("Discard request #{number} rejected.")}.get(
            info.status, _("Discard request #{number} requested."))
        self._after(info.touched_locations, text.format(number=info.id))

    def _discard_count(self, count: int) -> None:
        index = self.tabs.indexOf(self.discards_view)
        self.tabs.setTabText(index, isolated(_("Discard requests ({count})"), count=count) if count
                             else _("Discard requests"))

    def _review_count(self, count: int) -> None:
        index = self.tabs.indexOf(self.reviews_view)
        self.tabs.setTabText(index, isolated(_("Under review ({count})"), count=count) if count else _("Under review"))

    def say(self, text: str, *, alert: bool = False) -> None:
        """A line under the heading: what was just done, or why a button did nothing."""
        self.frozen_labels_button.hide()
        self.message.setStyleSheet(ALERT_STYLE if alert else NOTE_STYLE)
        set_message(self.message, text)
