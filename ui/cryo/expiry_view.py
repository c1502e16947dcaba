"""Storage consent expiry: how many stored devices have expired or expire within 30, 60, 90 days.

The table lists the expired devices first (in red) and then those expiring within the
chosen window, soonest first. Double-clicking a row opens the device and its history.
"""

from __future__ import annotations

from bench_app.i18n import _, isolated, ngettext
from bench_app.services.storage_dto import ExpiryCounts, ExpiryRow
from ui.common.headings import muted
from ui.common.row_table_model import ROW_ROLE, sorting_proxy
from ui.common.table_view import fit_columns, make_table
from ui.cryo.expiry_table_model import ExpiryTableModel
from ui.qt import QAbstractItemView, QCheckBox, QComboBox, QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget, Signal
from ui.shell.bench_context import BenchContext

WINDOWS = (30, 60, 90)
CARD_STYLE = ("QFrame#expiryCard { background: #ffffff; border: 1px solid #d5d9e0; border-radius: 4px; }"
              "QFrame#expiryCard[alarm=\"true\"] { background: #fdecea; border-color: #e6a9a3; }")


def _card(parent: QWidget, caption: str) -> tuple[QFrame, QLabel]:
    card = QFrame(parent)
    card.setObjectName("expiryCard")
    card.setStyleSheet(CARD_STYLE)
    card.setMinimumWidth(150)
    inner = QVBoxLayout(card)
    inner.setContentsMargins(14, 8, 14, 8)
    inner.setSpacing(0)
    number = QLabel("0", card)
    number.setStyleSheet("font-size: 20pt; font-weight: 600;")
    inner.addWidget(number)
    inner.addWidget(muted(caption, card))
    return card, number


class ExpiryView(QWidget):
    deviceActivated = Signal(int)

    def __init__(self, context: BenchContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.counts: ExpiryCounts | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(8)
        cards = QHBoxLayout()
        cards.setSpacing(10)
        self.cards: dict[str, QLabel] = {}
        self._frames: dict[str, QFrame] = {}
        for key, caption in (("expired", _("expired, still stored")), ("within_30", _("within 30 days")),
                             ("within_60", _("within 60 days")), ("within_90", _("within 90 days"))):
            frame, number = _card(self, caption)
            number.setObjectName(f"expiry_{key}")
            self.cards[key], self._frames[key] = number, frame
            cards.addWidget(frame)
        cards.addStretch(1)
        layout.addLayout(cards)

        row = QHBoxLayout()
        row.addWidget(QLabel(_("Show devices expiring within"), self))
        self.window = QComboBox(self)
        self.window.setObjectName("expiryWindow")
        for days in WINDOWS:
            self.window.addItem(isolated(ngettext("{count} day", "{count} days", days), count=days), days)
        row.addWidget(self.window)
        self.include_expired = QCheckBox(_("and those already expired"), self)
        self.include_expired.setObjectName("includeExpired")
        self.include_expired.setChecked(True)
        row.addWidget(self.include_expired)
        row.addStretch(1)
        layout.addLayout(row)

        self.model = ExpiryTableModel(self)
        self.proxy = sorting_proxy(self.model, self)
        self.table = make_table(self.proxy, self, stretch_column=ExpiryTableModel.Column.POSITION)
        self.table.setObjectName("expiryTable")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        layout.addWidget(self.table, 1)
        self.summary = muted("", self)
        self.summary.setObjectName("expirySummary")
        layout.addWidget(self.summary)

        self.window.currentIndexChanged.connect(lambda _i: self.refresh())
        self.include_expired.toggled.connect(lambda _on: self.refresh())
        self.table.activated.connect(lambda index: self.deviceActivated.emit(index.data(ROW_ROLE).device_id))

    def set_window(self, days: int) -> None:
        self.window.setCurrentIndex(self.window.findData(days))

    def refresh(self) -> None:
        cryo = self.context.services.cryo
        self.counts = cryo.expiry_counts()
        for key, label in self.cards.items():
            label.setText(str(getattr(self.counts, key)))
        alarm = self._frames["expired"]
        alarm.setProperty("alarm", self.counts.expired > 0)
        alarm.setStyleSheet(CARD_STYLE)  # re-polish for the property
        days = self.window.currentData()
        rows: list[ExpiryRow] = list(cryo.devices_expired()) if self.include_expired.isChecked() else []
        expired = len(rows)
        rows += cryo.devices_expiring(days)
        self.model.set_rows(rows)
        fit_columns(self.table)
        soon = len(rows) - expired
        # Translators: {days} is "30 days", "60 days" or "90 days".
        within = isolated(ngettext("{count} day", "{count} days", days), count=days)
        if self.include_expired.isChecked():
            text = ngettext("{count} stored device expires within {days}; {expired} already expired.",
                            "{count} stored devices expire within {days}; {expired} already expired.", soon)
        else:
            text = ngettext("{count} stored device expires within {days}.",
                            "{count} stored devices expire within {days}.", soon)
        self.summary.setText(text.format(count=soon, days=within, expired=expired))

    def selected_device_ids(self) -> list[int]:
        indexes = sorted(self.table.selectionModel().selectedRows(), key=lambda i: i.row())
        return [i.data(ROW_ROLE).device_id for i in indexes]
