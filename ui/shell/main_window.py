"""The main window: areas on the left, the open area on the right, Scan in the toolbar.

It also owns the shared-PC rules: an idle lock that hides every patient detail until
the same person unlocks (or someone else signs in), and a quick switch of user. Before a
switch of user or closing Bench the person is asked to save or discard unsaved entries
(``unsaved_entries``); when the person changes, every area starts afresh, so no draft,
selected patient, scan message or open record of one person is shown to the next.
"""

from __future__ import annotations

from bench_app.i18n import _, isolated
from bench_app.services.context import Actor
from bench_app.services.scan_service import ScanTarget
from ui.common.area_focus import focus_first_field, focus_search
from ui.common.dialog_host import open_dialog
from ui.common.page_stack import size_area_by_current_pages, size_by_current_page
from ui.common.record_changes import ChangeWatcher
from ui.common.screen_fit import fit_to_screen
from ui.qt import (
    QAction, QApplication, QDialog, QFont, QFontMetrics, QHBoxLayout, QKeySequence, QLabel, QListWidget,
    QListWidgetItem, QMainWindow, QSize, QStackedWidget, Qt, QToolBar, QWidget,
)
from ui.shell.areas import AREAS, AreaSpec
from ui.shell.bench_context import BenchContext
from ui.shell.guide_viewer import CONTENTS, GuideKey, GuideViewer
from ui.shell.idle_watcher import IdleWatcher
from ui.shell.language_menu import LanguageMenu
from ui.shell.lock_view import LockView
from ui.shell.scan_field import ScanFieldWidget, describe_scan
from ui.shell.sign_in_dialog import SignInDialog, SignInMode
from ui.shell.status_text import describe_actor, describe_database
from ui.shell.unsaved_entries import UnsavedEntriesDialog, discard_unsaved, unsaved_entries

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
# Which area opens a scanned code of each kind (its view has ``open_scanned(target) -> bool``).
SCAN_AREAS = {"sample": "retrieval", "device": "cryo", "oocyte": "icsi", "dish": "icsi"}
SCAN_AREAS.update({"procedure": "retrieval", "cycle": "icsi"})  # records a figure of Outcomes opens


class MainWindow(QMainWindow):
    def __init__(self, context: BenchContext, *, areas: tuple[AreaSpec, ...] = AREAS,
                 idle_timeout_ms: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.services = context.services
        self.areas = {spec.key: spec for spec in areas}
        self._area_order = [spec.key for spec in areas]
        self._pages: dict[str, QWidget] = {}
        self._hidden_dialogs: list[QDialog] = []
        self.active_dialog: QDialog | None = None
        self.is_locked = False
        lab_name = self.services.settings.get("lab_name")
        self.setWindowTitle(isolated(_("Bench — {lab_name}"), lab_name=lab_name))
        fit_to_screen(self, QSize(1280, 800))

        self._build_actions()
        self._build_toolbar()
        self._build_body()
        self._build_status_bar()
        self._build_menus()

        if idle_timeout_ms is None:
            idle_timeout_ms = int(self.services.settings.get("idle_lock_minutes")) * 60_000
        self.idle = IdleWatcher(idle_timeout_ms, self)
        self.idle.idle.connect(self.lock)
        self.idle.start()

        self._person_id = context.actor.id
        self._closing_confirmed = False
        context.actorChanged.connect(self._on_actor_changed)
        context.patientRequested.connect(self.open_patient)
        context.coupleRequested.connect(self.open_couple)
        context.recordRequested.connect(self.on_scanned)  # a link in a view opens a record as a scan does
        self._on_actor_changed(context.actor)
        self.change_watcher = ChangeWatcher(context, self)  # saves here and at other benches reach the views
        self.change_watcher.start()

    # --- building ------------------------------------------------------------------------

    def _build_actions(self) -> None:
        self.switch_user_action = QAction(_("Switch user…"), self)
        self.switch_user_action.setShortcut(QKeySequence("Ctrl+Shift+U"))
        self.switch_user_action.setToolTip(_("Sign in as another person on this PC (Ctrl+Shift+U)"))
        self.switch_user_action.triggered.connect(self.switch_user)
        self.lock_action = QAction(_("Lock now"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.lock_action.setToolTip(_("Hide everything until you sign in again (Ctrl+Shift+L)"))
        self.lock_action.triggered.connect(lambda: self.lock(idle=False))
        self.scan_action = QAction(_("Scan field"), self)
        self.scan_action.setShortcut(QKeySequence("Ctrl+L"))
        self.scan_action.triggered.connect(lambda: self.scan.focus_field())
        self.quit_action = QAction(_("Quit"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.find_action = QAction(_("Find in this area"), self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(lambda: focus_search(self.stack.currentWidget()))
        self.guide_action = QAction(_("User guide for this area"), self)
        self.guide_action.setShortcut(QKeySequence("F1"))  # not StandardKey.HelpContents: some platforms bind none
        self.guide_action.triggered.connect(lambda: self.show_guide())
        self.guide_contents_action = QAction(_("User guide: contents"), self)
        self.guide_contents_action.triggered.connect(lambda: self.show_guide(CONTENTS))
        self.guide_viewer: GuideViewer | None = None
        self.guide_key = GuideKey(self)  # F1 inside a form, where this window's shortcuts do not reach
        QApplication.instance().installEventFilter(self.guide_key)
        self.addActions([self.switch_user_action, self.lock_action, self.scan_action, self.quit_action,
                         self.find_action, self.guide_action])

    def _build_toolbar(self) -> None:
        bar = QToolBar(_("Main"), self)
        bar.setObjectName("mainToolBar")
        bar.setMovable(False)
        bar.setIconSize(QSize(16, 16))
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.scan = ScanFieldWidget(self.services, bar)
        self.scan.resolved.connect(self.on_scanned)
        bar.addWidget(self.scan)
        bar.addAction(self.lock_action)
        bar.addAction(self.switch_user_action)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.toolbar = bar

    def _build_body(self) -> None:
        self.body = QStackedWidget(self)
        content = QWidget(self.body)
        row = QHBoxLayout(content)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        self.nav = QListWidget(content)
        self.nav.setObjectName("areaNav")
        self.nav.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.nav.currentItemChanged.connect(self._on_nav_changed)
        row.addWidget(self.nav)
        self.stack = size_by_current_page(QStackedWidget(content))
        row.addWidget(self.stack, 1)
        self.lock_view = LockView(self.body)
        self.lock_view.unlockRequested.connect(self._open_unlock_dialog)
        self.body.addWidget(content)
        self.body.addWidget(self.lock_view)
        self.content = content
        self.setCentralWidget(self.body)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.user_label = QLabel(bar)
        self.user_label.setObjectName("statusUser")
        self.db_label = QLabel(isolated(_("Database: {database}"),
            database=describe_database(self.services.db.url)), bar)
        self.db_label.setObjectName("statusDatabase")
        self.db_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bar.addWidget(self.user_label)
        bar.addPermanentWidget(self.db_label)

    def _build_menus(self) -> None:
        bench = self.menuBar().addMenu(_("&Bench"))
        bench.addAction(self.switch_user_action)
        bench.addAction(self.lock_action)
        self.language_menu = LanguageMenu(lambda: self.context.actor.username,
                                          lambda text: self.statusBar().showMessage(text, 10_000), bench)
        bench.addMenu(self.language_menu)
        bench.addSeparator()
        bench.addAction(self.quit_action)
        self.go_menu = self.menuBar().addMenu(_("&Go"))
        help_menu = self.menuBar().addMenu(_("&Help"))
        help_menu.addAction(self.guide_action)
        help_menu.addAction(self.guide_contents_action)
        self.help_menu = help_menu

    # --- areas ---------------------------------------------------------------------------

    def visible_area_keys(self) -> list[str]:
        return [self.nav.item(i).data(KEY_ROLE) for i in range(self.nav.count())]

    def current_area_key(self) -> str | None:
        item = self.nav.currentItem()
        return item.data(KEY_ROLE) if item is not None else None

    def area_widget(self, key: str) -> QWidget | None:
        return self._pages.get(key)

    def show_area(self, key: str) -> QWidget:
        """Select the area (building its view the first time) and return its view."""
        spec = self.areas[key]
        if not spec.allows(self.context.actor):
            raise KeyError(f"{self.context.actor.username} may not open {spec.title}")
        for i in range(self.nav.count()):
            if self.nav.item(i).data(KEY_ROLE) == key:
                if self.nav.currentRow() != i:
                    self.nav.setCurrentRow(i)  # builds and shows through _on_nav_changed
                break
        return self._page(key)

    def _page(self, key: str) -> QWidget:
        page = self._pages.get(key)
        if page is None:
            build = self.areas[key].build
            made = build(self.context, self.stack) if getattr(build, "in_place", False) else build(self.context)
            page = size_area_by_current_pages(made)
            self._pages[key] = page
            self.stack.addWidget(page)
        return page

    def _on_nav_changed(self, current: QListWidgetItem | None, _previous=None) -> None:
        if current is None:
            return
        page = self._page(current.data(KEY_ROLE))
        self.stack.setCurrentWidget(page)
        refresh = getattr(page, "refresh", None)
        if callable(refresh):
            refresh()

    def _fit_nav_width(self) -> None:
        """As wide as the longest area title drawn selected (semi-bold), not a fixed 200 px: the areas get the
        rest, which a 1280 px screen needs, and a longer translated title still fits."""
        bold = QFont(self.nav.font())
        bold.setWeight(QFont.Weight.DemiBold)
        widest = max((QFontMetrics(bold).horizontalAdvance(str(spec.title)) for spec in self.areas.values()), default=0)
        # the item's 16 px padding either side, its 3 px selection bar, the list's frame and some air
        self.nav.setFixedWidth(widest + 2 * 16 + 3 + 2 * self.nav.frameWidth() + 16)

    def _rebuild_nav(self) -> None:
        actor = self.context.actor
        current = self.current_area_key()
        self.nav.blockSignals(True)
        self.nav.clear()
        self.go_menu.clear()
        self._go_actions: list[QAction] = []
        for number, key in enumerate(k for k in self._area_order if self.areas[k].allows(actor)):
            spec = self.areas[key]
            item = QListWidgetItem(str(spec.title))
            item.setData(KEY_ROLE, key)
            item.setSizeHint(QSize(0, 36))
            self.nav.addItem(item)
            action = self.go_menu.addAction(str(spec.title).replace("&", "&&"))  # a literal "&", not a mnemonic
            action.setShortcut(QKeySequence(f"Ctrl+{number + 1}"))
            action.triggered.connect(lambda _checked=False, k=key: focus_first_field(self.show_area(k)))
            self._go_actions.append(action)
        self.nav.blockSignals(False)
        self._fit_nav_width()
        # An area this person may not open is dropped, not just hidden.
        for key in [k for k in self._pages if not self.areas[k].allows(actor)]:
            page = self._pages.pop(key)
            self.stack.removeWidget(page)
            page.deleteLater()
        keys = self.visible_area_keys()
        self.show_area(current if current in keys else keys[0])

    def _on_actor_changed(self, actor: Actor) -> None:
        self.user_label.setText(isolated(_("Signed in: {person}"), person=describe_actor(actor)))
        if actor.id != self._person_id:  # another person: nothing of the last one's work stays on screen
            self._person_id = actor.id
            self._forget_pages()
            self.scan.clear()
        self._rebuild_nav()

    def _forget_pages(self) -> None:
        discard_unsaved(self, self._pages.values(), self._hidden_dialogs)
        for key in list(self._pages):
            page = self._pages.pop(key)
            self.stack.removeWidget(page)
            page.deleteLater()
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(-1)   # the first area is opened afresh for the next person
        self.nav.blockSignals(False)

    def unsaved_entries(self) -> list[str]:
        return unsaved_entries(self, self._pages.values(), self._hidden_dialogs)

    def ask_unsaved(self, doing: str, then) -> UnsavedEntriesDialog | None:
        """Ask the person to go back and save, or discard, then run ``then()``; at once when nothing is unsaved."""
        entries = self.unsaved_entries()
        if not entries:
            then()
            return None
        dialog = UnsavedEntriesDialog(self.context.actor.full_name, entries, doing, self)

        def discarded(_result) -> None:
            discard_unsaved(self, self._pages.values(), self._hidden_dialogs)
            then()

        open_dialog(self, dialog, discarded)
        return dialog

    def show_guide(self, page: str | None = None) -> GuideViewer:
        """The user guide's page ``page``, else the one for the area on screen (F1), in the person's language."""
        if self.guide_viewer is None:
            self.guide_viewer = GuideViewer()  # no parent: a form open in front of Bench must not block it
        self.guide_viewer.open_page(page or self.current_area_key() or CONTENTS)
        return self.guide_viewer

    # --- navigation requests ----------------------------------------------------------------

    def open_patient(self, patient_id: int) -> None:
        self.show_area("patients").show_patient(patient_id)

    def open_couple(self, couple_id: int) -> None:
        self.show_area("patients").show_couple(couple_id)

    def on_scanned(self, target: ScanTarget) -> None:
        key = SCAN_AREAS.get(target.kind)
        if key in self.areas and self.areas[key].allows(self.context.actor):
            if self._page(key).open_scanned(target):  # the area opens the record itself
                self.show_area(key)
                self.scan.show_info(isolated(_("Opened {record} in {area}."),
                    record=target.title, area=self.areas[key].title))
                return
        self.scan.show_info(describe_scan(target))
        self.open_patient(target.patient_id)

    # --- switching user and the idle lock ------------------------------------------------------

    def switch_user(self) -> None:
        if self.is_locked:
            return
        self.ask_unsaved(_("someone else signs in"), self._open_switch_dialog)

    def _open_switch_dialog(self) -> None:
        dialog = SignInDialog(self.services, SignInMode.SWITCH, current=self.context.actor, parent=self)
        open_dialog(self, dialog, lambda _r: self.context.set_actor(dialog.actor))

    def lock(self, idle: bool = True) -> None:
        if self.is_locked:
            return
        self.is_locked = True
        self.idle.stop()
        if self.active_dialog is not None and self.active_dialog.isVisible():
            self.active_dialog.reject()  # a half-done switch of user is simply dropped
        # Open forms may show patient data: hide them; the same person gets them back.
        self._hidden_dialogs = [d for d in self.findChildren(QDialog) if d.isVisible()]
        for dialog in self._hidden_dialogs:
            dialog.hide()
        self.scan.clear()  # the last scan names a patient
        self.services.witness.end_continuous()  # the witness's PIN-only period ends at the lock
        self.lock_view.set_person(self.context.actor.full_name)
        self.body.setCurrentWidget(self.lock_view)
        self.toolbar.setEnabled(False)
        self._set_actions_enabled(False)
        self.services.users.lock(self.context.actor, idle=idle)
        self._open_unlock_dialog()

    def _open_unlock_dialog(self) -> None:
        dialog = SignInDialog(self.services, SignInMode.UNLOCK, current=self.context.actor, parent=self)
        open_dialog(self, dialog, lambda _r: self._unlocked(dialog.actor))

    def _unlocked(self, actor: Actor) -> None:
        same_person = actor.id == self.context.actor.id
        if not same_person:  # the first person is away: their unsaved entries go, unseen
            discard_unsaved(self, self._pages.values(), self._hidden_dialogs)
        hidden, self._hidden_dialogs = self._hidden_dialogs, []
        self.is_locked = False
        self.body.setCurrentWidget(self.content)
        self.toolbar.setEnabled(True)
        self._set_actions_enabled(True)
        self.context.set_actor(actor)
        for dialog in hidden:
            if same_person:
                dialog.show()
            else:  # someone else must not finish another person's entry
                dialog.reject()
        self.idle.start()

    def _set_actions_enabled(self, enabled: bool) -> None:
        for action in (self.switch_user_action, self.lock_action, self.scan_action, self.find_action,
                       *self._go_actions):
            action.setEnabled(enabled)
        self.go_menu.setEnabled(enabled)

    def closeEvent(self, event) -> None:
        if not self._closing_confirmed and not self.is_locked and self.unsaved_entries():
            event.ignore()   # closing Bench signs the person out: save or discard first
            self.ask_unsaved(_("Bench closes"), self._close_confirmed)
            return
        self.idle.stop()
        self.change_watcher.stop()
        if self.guide_viewer is not None:
            self.guide_viewer.close()
        super().closeEvent(event)

    def _close_confirmed(self) -> None:
        self._closing_confirmed = True
        self.close()
