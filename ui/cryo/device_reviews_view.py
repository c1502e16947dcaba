"""Cryo › Under review: stored devices a supervisor must decide on after a consent was withdrawn.

Nothing here discards a device. The supervisor records what was decided (a discard
requested, the consent renewed, the material transferred); a discard itself is requested
and approved as any other.
"""

from __future__ import annotations

from bench_app.domain.enums import Role
from bench_app.services.consent_effects import DeviceReviewInfo
from ui.common.dialog_host import open_dialog
from ui.common.form import ErrorForm
from ui.common.headings import muted
from ui.common.service_dialog import ServiceDialog
from ui.common.table_view import fit_columns, make_table, selected_row
from ui.cryo.device_review_table_model import DeviceReviewTableModel
from ui.qt import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget, Signal
from ui.shell.bench_context import BenchContext

DECIDER_ROLES = (Role.SUPERVISOR, Role.ADMIN)


class CloseReviewDialog(ServiceDialog):
    ok_text = "Record decision"

    def __init__(self, context: BenchContext, review: DeviceReviewInfo, parent: QWidget | None = None):
        super().__init__("Device under review", parent,
                         intro="Record what was decided for this device. A discard is requested and approved "
                               "on its own; this closes the review.")
        self.context = context
        self.review = review
        form = self.add_form(ErrorForm(parent=self))
        form.add_row("device", "Device", QLabel(f"{review.device_code} · {review.patient_name} ({review.mrn}) · "
                                                f"{review.position}", self))
        form.add_row("reason", "Why", QLabel(review.reason, self))
        self.outcome = QLineEdit(self)
        self.outcome.setObjectName("reviewOutcome")
        self.outcome.setPlaceholderText("e.g. discard requested (#12); consent renewed; transferred out")
        form.add_row("outcome", "Decision", self.outcome)
        self.setMinimumWidth(620)
        self.outcome.setFocus()

    def save(self) -> DeviceReviewInfo:
        return self.context.services.cryo.close_device_review(self.context.actor, self.review.id,
                                                              outcome=self.outcome.text())


class DeviceReviewsView(QWidget):
    countChanged = Signal(int)

    def __init__(self, context: BenchContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.active_dialog = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(6)
        row = QHBoxLayout()
        self.summary = muted("", self)
        self.summary.setObjectName("reviewSummary")
        self.close_button = QPushButton("Record decision…", self)
        self.close_button.setObjectName("closeReview")
        row.addWidget(self.summary, 1)
        row.addWidget(self.close_button)
        layout.addLayout(row)
        self.model = DeviceReviewTableModel(self)
        self.table = make_table(self.model, self, sortable=False, stretch_column=DeviceReviewTableModel.Column.REASON)
        self.table.setObjectName("reviewTable")
        layout.addWidget(self.table, 1)
        self.close_button.clicked.connect(self.close_selected)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        context.actorChanged.connect(lambda _a: self.refresh())

    def may_decide(self) -> bool:
        return self.context.actor.role in DECIDER_ROLES

    def refresh(self) -> None:
        rows = self.context.services.cryo.device_reviews()
        self.model.set_rows(rows)
        self.table.setVisible(bool(rows))
        fit_columns(self.table)
        if rows:
            self.table.selectRow(0)
        n = len(rows)
        text = (f"{n} stored device{'s' if n != 1 else ''} under review: a consent to storage was withdrawn. "
                "Nothing is discarded until a discard is requested and approved.") if n \
            else "No stored device is under review."
        if n and not self.may_decide():
            text += " A supervisor records the decision."
        self.summary.setText(text)
        self._update_buttons()
        self.countChanged.emit(n)

    def _update_buttons(self) -> None:
        self.close_button.setVisible(self.may_decide())
        self.close_button.setEnabled(selected_row(self.table) is not None)

    def close_selected(self) -> CloseReviewDialog | None:
        review = selected_row(self.table)
        if review is None or not self.may_decide():
            return None
        return open_dialog(self, CloseReviewDialog(self.context, review, self), lambda _r: self.refresh())
