"""One ICSI cycle: the couple always in view, the OPU and session, the oocyte grid, summary and source.

Each refresh reads the cycle once (``cycle_grid``) and its summary once; nothing is
read per oocyte. The grid's three modes (F2 maturity, F3 injection, F4 check) share one
table; the panel under it changes with the mode. Saving is done here, through the
services, with errors put on the lines or fields they concern.
"""

from __future__ import annotations

from bench_app.domain.errors import BenchError, ValidationError
from bench_app.domain.record_changes import RecordKind
from bench_app.i18n import _, _l, isolated, ngettext
from bench_app.services.icsi_dto import IcsiGrid, OpuInfo, SessionInfo
from bench_app.services.patients_dto import CoupleInfo
from ui.common.bidi import person
from ui.common.dialog_host import open_dialog
from ui.common.form import error_label, set_message
from ui.common.headings import heading, muted
from ui.common.record_changes import LiveRefresh
from ui.common.side_column import SideColumnArea
from ui.icsi.cycle_actions import CycleActions
from ui.icsi.icsi_text import INJECTION_LEGEND, MATURITY_LEGEND, RESULT_LEGEND, clock_time, source_text
from ui.icsi.mode_panels import CheckPanel, InjectionPanel, MaturityPanel
from ui.icsi.oocyte_grid_view import GridMode, OocyteGridView
from ui.icsi.oocyte_table_model import OocyteTableModel
from ui.icsi.source_panel import SourcePanelWidget
from ui.icsi.summary_panel import SummaryPanelWidget
from ui.patients.cycle_table_model import cycle_type_text
from ui.qt import (
    QComboBox, QHBoxLayout, QItemSelectionModel, QKeySequence, QLabel, QPushButton, QShortcut, QSplitter, Qt, QTabBar,
    QTimer, QVBoxLayout, QWidget,
)
from ui.shell.bench_context import BenchContext

MODES = ((GridMode.MATURITY, _l("Maturity"), "F2"), (GridMode.INJECTION, _l("Injection"), "F3"),
         (GridMode.CHECK, _l("Fertilization check"), "F4"))
LEGENDS = {GridMode.MATURITY: MATURITY_LEGEND, GridMode.INJECTION: INJECTION_LEGEND, GridMode.CHECK: RESULT_LEGEND}
INFO_STYLE = "color: #1e6b32;"
LEGEND_STYLE = "background: #eef3fb; border: 1px solid #c9d6ea; border-radius: 3px; padding: 5px 8px;"


class IcsiCycleView(CycleActions, QWidget):
    def __init__(self, context: BenchContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.active_dialog = None
        self.cycle_id: int | None = None
        self.couple: CoupleInfo | None = None
        self.grid: IcsiGrid | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.title = heading("", self)
        self.title.setObjectName("icsiCycleTitle")
        self.identity = QLabel(self)
        self.identity.setObjectName("icsiIdentity")
        self.identity.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.identity.setWordWrap(True)  # a second line rather than a window wider than the screen (Arabic's is longer)
        layout.addWidget(self.title)
        layout.addWidget(self.identity)
        opu_row = QHBoxLayout()
        self.opu_line = QLabel(self)
        self.opu_line.setObjectName("opuLine")
        self.opu_line.setWordWrap(True)
        self.opu_choice = QComboBox(self)
        self.opu_choice.setObjectName("opuChoice")
        self.opu_button = QPushButton(_("Record oocyte retrieval…"), self)
        self.opu_button.setObjectName("recordOpuButton")
        self.dish_label_button = QPushButton(_("Print dish &label…"), self)
        self.dish_label_button.setToolTip(_("Print (or reprint) the label of this retrieval's ICSI dish"))
        opu_row.addWidget(self.opu_line, 1)
        opu_row.addWidget(self.opu_choice)
        opu_row.addWidget(self.opu_button)
        opu_row.addWidget(self.dish_label_button)
        layout.addLayout(opu_row)
        self.session_line = muted("", self)
        self.session_line.setObjectName("sessionLine")
        layout.addWidget(self.session_line)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        left = QWidget(split)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        self.tabs = QTabBar(left)
        self.tabs.setObjectName("icsiModes")
        for _mode, text, key in MODES:
            self.tabs.addTab(f"{text}  ({key})")  # text: a lazy message of MODES
        column.addWidget(self.tabs)
        self.legend = QLabel(left)
        self.legend.setObjectName("gridLegend")
        self.legend.setWordWrap(True)
        self.legend.setStyleSheet(LEGEND_STYLE)
        column.addWidget(self.legend)
        self.model = OocyteTableModel(self)
        self.table = OocyteGridView(self.model, left)
        self.table.setObjectName("oocyteGrid")
        column.addWidget(self.table, 1)
        self.message = error_label(left)
        self.message.setObjectName("gridMessage")
        column.addWidget(self.message)
        # one panel shown at a time (not stacked, so each takes only its own height)
        self.maturity_panel = MaturityPanel(left)
        self.injection_panel = InjectionPanel(left)
        self.check_panel = CheckPanel(context.services.ctx.clock, left)
        self.panels = (self.maturity_panel, self.injection_panel, self.check_panel)
        for panel in self.panels:
            column.addWidget(panel)
        self.side_scroll = SideColumnArea(split)  # as wide as its texts; the grid takes the rest
        right = self.side_scroll.inner
        side = QVBoxLayout(right)
        side.setContentsMargins(10, 0, 0, 0)
        self.summary = SummaryPanelWidget(right)
        self.source = SourcePanelWidget(context.services, right)
        side.addWidget(self.summary)
        side.addWidget(self.source)
        side.addStretch(1)
        split.addWidget(left)
        split.addWidget(self.side_scroll)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 0)
        split.setChildrenCollapsible(False)
        layout.addWidget(split, 1)
        self.clock_timer = QTimer(self)  # hours since injection move on while the grid is open
        self.clock_timer.setInterval(60_000)
        self.clock_timer.timeout.connect(self._update_reference_time)
        self.live = LiveRefresh(self, context, (RecordKind.ICSI, RecordKind.WITNESS), self.follow_records)
        self._connect()

    def _connect(self) -> None:
        self.tabs.currentChanged.connect(lambda i: self.set_mode(MODES[i][0]))
        for i, (_mode, _text, key) in enumerate(MODES):
            QShortcut(QKeySequence(key), self, activated=lambda i=i: self.tabs.setCurrentIndex(i))
        self.opu_button.clicked.connect(self.record_opu)
        self.dish_label_button.clicked.connect(self.print_dish_label)
        self.opu_choice.currentIndexChanged.connect(lambda _i: self._show_grid())
        self.table.saveRequested.connect(self._save_for_mode)
        self.table.injectRequested.connect(self.inject_selected)
        self.table.refused.connect(lambda text: self.say(text, error=True))
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_source())
        self.source.openCode.connect(self.open_code)
        self.model.dataChanged.connect(lambda *_: self._maturity_reason_visibility())
        m, i, c = self.maturity_panel, self.injection_panel, self.check_panel
        m.save_button.clicked.connect(self.save_maturities)
        m.add_button.clicked.connect(self.add_line)
        m.reason.returnPressed.connect(self.save_maturities)
        i.session_button.clicked.connect(self.start_session)
        i.select_mii_button.clicked.connect(lambda: self.select_lines(mii_only=True))
        i.select_all_button.clicked.connect(lambda: self.select_lines(mii_only=False))
        i.inject_button.clicked.connect(self.inject_selected)
        c.save_button.clicked.connect(self.save_checks)
        c.reason.returnPressed.connect(self.save_checks)
        c.checked_at.textChanged.connect(lambda _t: self._update_reference_time())

    # --- loading -------------------------------------------------------------------------------

    def load(self, cycle_id: int) -> None:
        patients = self.context.services.patients
        cycle = patients.get_cycle(cycle_id)
        self.couple = patients.get_couple(cycle.couple_id).couple
        self.cycle_id = cycle_id
        c = self.couple
        female = (isolated(_("{name} · MRN {mrn}"), name=person(c.female), mrn=c.female.mrn) if c.female
                  else _("no female partner"))
        self.title.setText(isolated(_("{female} & {male}"), female=person(c.female), male=person(c.male)) if c.female
                           else person(c.male))
        self.identity.setText(
            isolated(_("<b>Female:</b> {female}&nbsp;&nbsp;&nbsp;&nbsp;<b>Male:</b> {male} · MRN {mrn}&nbsp;&nbsp;&nbsp;&nbsp;"
                       "{cycle_type} cycle from {start}"),
                female=female, male=person(c.male), mrn=c.male.mrn, cycle_type=cycle_type_text(cycle.cycle_type.value),
                start=cycle.start_date.isoformat()))
        self.say("")
        self.model.load([], 0)  # another cycle starts at its first oocyte
        self.refresh(keep_drafts=False, choose_mode=True)

    def refresh(self, keep_drafts: bool = True, choose_mode: bool = False) -> None:
        if self.cycle_id is None:
            return
        services = self.context.services
        self.grid = services.icsi.cycle_grid(self.cycle_id)
        self.summary.show_summary(services.icsi.cycle_summary(self.cycle_id))
        self.side_scroll.fit_width()
        previous = self.opu_choice.currentData()
        self.opu_choice.blockSignals(True)
        self.opu_choice.clear()
        for opu in self.grid.opus:
            self.opu_choice.addItem(isolated(_("OPU {time}"), time=clock_time(opu.retrieved_at)), opu.id)
        index = self.opu_choice.findData(previous)
        self.opu_choice.setCurrentIndex(index if index >= 0 else self.opu_choice.count() - 1)
        self.opu_choice.setVisible(len(self.grid.opus) > 1)
        self.opu_choice.blockSignals(False)
        self._show_grid(keep_drafts)
        if choose_mode:
            self.tabs.setCurrentIndex([m for m, _t, _k in MODES].index(self.natural_mode()))
            self.set_mode(MODES[self.tabs.currentIndex()][0])

    def follow_records(self) -> None:
        """Saved elsewhere (or here): read again, keeping the values keyed but not saved and the selected lines."""
        if self.cycle_id is None:
            return
        selected = [self.model.row_at(r).number for r in self.table.selected_rows()]
        self.refresh(keep_drafts=True)
        numbers = {line.number: row for row, line in enumerate(self.model.rows())}
        selection = self.table.selectionModel()
        for number in selected:
            if number in numbers:
                selection.select(self.model.index(numbers[number], 0),
                                 QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)

    def opu(self) -> OpuInfo | None:
        opu_id = self.opu_choice.currentData()
        return next((o for o in self.grid.opus if o.id == opu_id), None) if self.grid else None

    def sessions(self) -> list[SessionInfo]:
        opu = self.opu()
        return [s for s in self.grid.sessions if opu is not None and s.retrieval_id == opu.id]

    def _show_grid(self, keep_drafts: bool = True) -> None:
        opu = self.opu()
        row = max(self.table.current_row(), 0)
        oocytes = [o for o in self.grid.oocytes if opu is not None and o.retrieval_id == opu.id]
        self.model.today = self.context.today()
        self.model.load(oocytes, opu.cocs_retrieved if opu else 0, keep_drafts=keep_drafts)
        self._update_reference_time()
        self.opu_button.setText(_("Record another retrieval…") if opu else _("Record oocyte retrieval…"))
        self.dish_label_button.setVisible(opu is not None)
        if opu is None:
            self.opu_line.setText(_("No oocyte retrieval recorded for this cycle yet: record it to start the grid."))
        else:
            values = dict(time=clock_time(opu.retrieved_at, self.context.today()), embryologist=opu.embryologist,
                          cocs=isolated(ngettext("{count} COC", "{count} COCs", opu.cocs_retrieved),
                              count=opu.cocs_retrieved))
            retrieval = (isolated(_("Oocyte retrieval {time} by {embryologist}: <b>{cocs}</b>, denuded {denuded}."),
                denuded=clock_time(opu.denuded_at), **values) if opu.denuded_at
                else isolated(_("Oocyte retrieval {time} by {embryologist}: <b>{cocs}</b>, not denuded yet."), **values))
            assessed = isolated(ngettext("{count} oocyte assessed.", "{count} oocytes assessed.", len(oocytes)),
                count=len(oocytes))
            self.opu_line.setText(f"{retrieval} {assessed}")
        sessions = self.sessions()
        self.session_line.setText("; ".join(
            isolated(_("ICSI session {time}: {source}, by {operator}, witnessed by {witness}"),
                time=clock_time(s.started_at), source=source_text(s.source), operator=s.operator,
                witness=s.witnessed_by or "—") for s in sessions) or _("No ICSI session started yet."))
        self.injection_panel.session_button.setText(_("Start another session…") if sessions
                                                    else _("Start ICSI session…"))
        self.injection_panel.session_button.setEnabled(opu is not None)
        self.table.go_to(min(row, self.model.rowCount() - 1))
        self._maturity_reason_visibility()
        self._show_source()

    def natural_mode(self) -> GridMode:
        oocytes = self.grid.oocytes if self.grid else ()
        if not oocytes or any(o.maturity is None for o in oocytes):
            return GridMode.MATURITY
        if any(o.injected and o.result is None for o in oocytes):
            return GridMode.CHECK
        return GridMode.INJECTION

    def set_mode(self, mode: GridMode) -> None:
        index = [m for m, _t, _k in MODES].index(mode)
        if self.tabs.currentIndex() != index:
            self.tabs.setCurrentIndex(index)  # comes back here through currentChanged
            return
        for i, panel in enumerate(self.panels):
            panel.setVisible(i == index)
        self.legend.setText(str(LEGENDS[mode]))
        if mode == GridMode.CHECK and not self.model.pending_checks():
            self.check_panel.checked_at.set_now()
        self.table.set_mode(mode)
        self._update_reference_time()
        self.table.setFocus()

    def mode(self) -> GridMode:
        return self.table.mode

    def _update_reference_time(self) -> None:
        moment = None
        if self.mode() == GridMode.CHECK:
            try:
                moment = self.check_panel.checked_at.value()
            except ValidationError:
                moment = None
        self.model.set_reference_time(moment or self.context.services.ctx.clock())

    def _maturity_reason_visibility(self) -> None:
        self.maturity_panel.show_reason(self.model.changes_recorded_maturity() or bool(
            self.maturity_panel.form.error_text("reason")))

    def _show_source(self) -> None:
        row = self.table.current_row()
        line = self.model.row_at(row) if 0 <= row < self.model.rowCount() else None
        session = None
        if line is not None and line.oocyte is not None and self.grid is not None:
            session = next((s for s in self.grid.sessions if s.id == line.oocyte.session_id), None)
        self.source.show_line(line, session)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.clock_timer.start()

    def hideEvent(self, event) -> None:
        self.clock_timer.stop()
        super().hideEvent(event)

    def say(self, text: str, *, error: bool = False) -> None:
        set_message(self.message, text)
        self.message.setStyleSheet("color: #b3261e;" if error else INFO_STYLE)

    def open_dialog(self, dialog, on_accepted=None):
        dialog.finished.connect(lambda _r: self.refresh())

        def accepted(value) -> None:
            if on_accepted is not None:
                on_accepted(value)
            # the next step is on the grid (select and inject, key results), not on the button that opened it
            QTimer.singleShot(0, self.table.setFocus)

        return open_dialog(self, dialog, accepted)

    def open_code(self, code: str) -> None:
        try:
            self.context.open_record(self.context.services.scan.resolve(code))
        except BenchError as exc:
            self.say(str(exc), error=True)

    def select_oocyte(self, retrieval_id: int, number: int) -> None:
        self.select_opu(retrieval_id)
        self.table.go_to(self.model.row_of_number(number))

    def select_opu(self, retrieval_id: int) -> None:
        index = self.opu_choice.findData(retrieval_id)
        if index >= 0 and index != self.opu_choice.currentIndex():
            self.opu_choice.setCurrentIndex(index)
