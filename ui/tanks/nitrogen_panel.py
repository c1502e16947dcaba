"""One tank's nitrogen log: its settings, a reading or top-up typed in, the alerts, the chart and the log."""

from __future__ import annotations

from bench_app.domain.clock import format_local
from bench_app.domain.errors import BenchError, ValidationError
from bench_app.domain.nitrogen import fmt_level
from bench_app.i18n import _, isolated, pgettext
from bench_app.services.nitrogen_service import TankCareInfo
from ui.common.column_table_model import ALERT, ColumnSpec, ColumnTableModel
from ui.common.dialog_host import open_dialog
from ui.common.form import ErrorForm, error_label, set_message
from ui.common.headings import muted
from ui.common.service_dialog import ServiceDialog
from ui.common.table_view import make_table
from ui.qt import QComboBox, QDoubleSpinBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget
from ui.shell.bench_context import BenchContext
from ui.tanks.nitrogen_chart import NitrogenChartWidget

LEVEL_UNITS = ("cm", "%")  # stored as written: the unit symbols read the same in every language
ALERT_STYLE = "color: #b3261e; font-weight: 700; font-size: 14px;"


class TankCareDialog(ServiceDialog):
    def __init__(self, context: BenchContext, tank_id: int, care: TankCareInfo | None, parent: QWidget | None = None):
        super().__init__(_("Nitrogen and audit settings"), parent)
        self.context, self.tank_id = context, tank_id
        form = self.add_form(ErrorForm(parent=self))
        self.unit = QComboBox(self)
        for unit in LEVEL_UNITS:
            self.unit.addItem(unit)
        self.full = QDoubleSpinBox(self)
        self.full.setRange(0, 500)
        self.threshold = QDoubleSpinBox(self)
        self.threshold.setRange(0, 500)
        self.interval = QSpinBox(self)
        self.interval.setRange(0, 24 * 31)
        self.audit_days = QSpinBox(self)
        self.audit_days.setRange(0, 3 * 365)
        if care:
            self.unit.setCurrentText(care.level_unit)
            self.full.setValue(care.full_level)
            self.threshold.setValue(care.alarm_threshold)
            self.interval.setValue(care.reading_interval_hours)
            self.audit_days.setValue(care.audit_interval_days)
        else:
            self.full.setValue(60)
            self.threshold.setValue(20)
            self.interval.setValue(48)
            self.audit_days.setValue(365)
        form.add_row("level_unit", _("Level read in"), self.unit)
        form.add_row("full_level", _("Full level"), self.full)
        form.add_row("alarm_threshold", _("Alarm below"), self.threshold)
        form.add_row("reading_interval_hours", _("Read at least every (hours)"), self.interval)
        form.add_row("audit_interval_days", _("Audit at least every (days)"), self.audit_days)

    def save(self) -> TankCareInfo:
        return self.context.services.nitrogen.set_tank_care(
            self.context.actor, self.tank_id, level_unit=self.unit.currentText(), alarm_threshold=self.threshold.value(),
            full_level=self.full.value(), reading_interval_hours=self.interval.value(),
            audit_interval_days=self.audit_days.value())


class NitrogenPanel(QWidget):
    def __init__(self, context: BenchContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.tank_id: int | None = None
        self.care: TankCareInfo | None = None
        self.active_dialog = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        self.alerts = QLabel(self)
        self.alerts.setObjectName("nitrogenAlerts")
        self.alerts.setWordWrap(True)
        self.alerts.setStyleSheet(ALERT_STYLE)
        layout.addWidget(self.alerts)
        self.settings = muted("", self)
        bar = QHBoxLayout()
        bar.addWidget(self.settings, 1)
        self.care_button = QPushButton(_("Settings…"), self)
        self.care_button.setAutoDefault(False)
        bar.addWidget(self.care_button)
        layout.addLayout(bar)
        entry = QHBoxLayout()
        self.level = QDoubleSpinBox(self)
        self.level.setObjectName("nitrogenLevel")
        self.level.setRange(0, 500)
        self.level.setDecimals(1)
        self.reading_button = QPushButton(_("Record reading"), self)
        self.litres = QDoubleSpinBox(self)
        self.litres.setObjectName("nitrogenLitres")
        self.litres.setRange(0, 1000)
        self.litres.setSuffix(" " + pgettext("litres", "L"))
        self.top_up_button = QPushButton(_("Record top-up"), self)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(_("Note (optional)"))
        for w in (QLabel(_("Level"), self), self.level, self.reading_button, QLabel(_("Top-up"), self), self.litres,
                  self.top_up_button, self.note):
            entry.addWidget(w)
        layout.addLayout(entry)
        self.message = error_label(self)
        layout.addWidget(self.message)
        self.chart = NitrogenChartWidget(self)
        layout.addWidget(self.chart, 2)
        self.log = ColumnTableModel([
            ColumnSpec(_("When"), lambda e: format_local(e.at)),
            ColumnSpec(_("Entry"), lambda e: _("reading") if e.kind == "reading" else _("top-up")),
            ColumnSpec(_("Level"), lambda e: fmt_level(e.level, self.care.level_unit) if e.level is not None else "",
                       colour=lambda e: ALERT if e.incident_id else None),
            ColumnSpec(_("Litres"), lambda e: f"{e.litres:g}" if e.litres else ""),
            ColumnSpec(_("By"), lambda e: e.recorded_by),
            ColumnSpec(_("Note"), lambda e: e.note + (" " + isolated(_("(incident #{number})"), number=e.incident_id)
                                                        if e.incident_id else "")),
        ], self)
        self.log_table = make_table(self.log, self, sortable=False)
        layout.addWidget(self.log_table, 1)
        self.care_button.clicked.connect(self.edit_care)
        self.reading_button.clicked.connect(self.record_reading)
        self.top_up_button.clicked.connect(self.record_top_up)

    def load(self, tank_id: int) -> None:
        self.tank_id = tank_id
        self.refresh()

    def refresh(self) -> None:
        if self.tank_id is None:
            return
        n2 = self.context.services.nitrogen
        self.care = n2.tank_care(self.tank_id)
        entries = n2.log(self.tank_id)
        c = self.care
        self.settings.setText(
            isolated(_("Level in {unit}, full {full}, alarm below {threshold}, read every {hours} h, audit every "
                       "{days} days."), unit=c.level_unit, full=fmt_level(c.full_level, c.level_unit),
                                     threshold=fmt_level(c.alarm_threshold, c.level_unit),
                                     hours=c.reading_interval_hours, days=c.audit_interval_days)
            if c else _("No nitrogen settings yet: a supervisor sets them (Settings…)."))
        for w in (self.level, self.reading_button, self.litres, self.top_up_button):
            w.setEnabled(c is not None)
        alerts = [a for a in n2.alerts() if a.tank_id == self.tank_id]
        self.alerts.setText("\n".join(f"⚠ {a.text}" for a in alerts))
        self.alerts.setVisible(bool(alerts))
        self.chart.set_data(c, entries)
        self.log.set_rows(list(reversed(entries)))

    def edit_care(self) -> None:
        open_dialog(self, TankCareDialog(self.context, self.tank_id, self.care, self), lambda _result: self.refresh())

    def _save(self, call) -> None:
        try:
            entry = call()
        except ValidationError as exc:
            set_message(self.message, " ".join(exc.field_errors.values()))
            return
        except BenchError as exc:
            set_message(self.message, str(exc))
            return
        set_message(self.message, isolated(_("Incident #{number} recorded: the level is below the alarm threshold."),
            number=entry.incident_id) if entry.incident_id else "")
        self.note.clear()
        self.refresh()

    def record_reading(self) -> None:
        self._save(lambda: self.context.services.nitrogen.record_reading(
            self.context.actor, self.tank_id, level=self.level.value(), note=self.note.text()))

    def record_top_up(self) -> None:
        self._save(lambda: self.context.services.nitrogen.record_top_up(
            self.context.actor, self.tank_id, litres=self.litres.value(), note=self.note.text()))
