"""Cryo › Under review: stored devices a supervisor must decide on after a consent was withdrawn.

Nothing here discards a device. The supervisor records what was decided (a discard
requested, the consent renewed, the material transferred); a discard itself is requested
and approved as any other.
"""

from __future__ import annotations

from bench_app.i18n import _, _l, isolate, isolated, ngettext
from bench_app.services.consent_effects import DeviceReviewInfo
from ui.common.dialog_host import open_dialog
from ui.common.form import ErrorForm
from ui.common.service_dialog import ServiceDialog
from ui.common.decision_list_view import DecisionListView
from ui.cryo.device_review_table_model import DeviceReviewTableModel
from ui.qt import QLabel, QLineEdit, QWidget
from ui.shell.bench_context import BenchContext

class CloseReviewDialog(ServiceDialog):
    ok_text = _l("Record decision")

    def __init__(self, context: BenchContext, review: DeviceReviewInfo, parent: QWidget | None = None):
        super().__init__(_("Device under review"), parent,
                         intro=_("Record what was decided for this device. A discard is requested and approved "
                                 "on its own; this closes the review."))
        self.context = context
        self.review = review
        form = self.add_form(ErrorForm(parent=self))
        form.add_row("device", _("Device"), QLabel(
            f"{isolate(review.device_code)} · {isolate(review.patient_name)} ({isolate(review.mrn)}) · "
            f"{isolate(review.position)}", self))
        form.add_row("reason", _("Why"), QLabel(review.reason, self))
        self.outcome = QLineEdit(self)
        self.outcome.setObjectName("reviewOutcome")
        self.outcome.setPlaceholderText(_("e.g. discard requested (#12); consent renewed; transferred out"))
        form.add_row("outcome", _("Decision"), self.outcome)
        self.setMinimumWidth(620)
        self.outcome.setFocus()

    def save(self) -> DeviceReviewInfo:
        return self.context.services.cryo.close_device_review(self.context.actor, self.review.id,
                                                              outcome=self.outcome.text())


class DeviceReviewsView(DecisionListView):
    def __init__(self, context: BenchContext, parent: QWidget | None = None):
        super().__init__(context, DeviceReviewTableModel(), stretch_column=DeviceReviewTableModel.Column.REASON,
                         name="review", buttons=[(_("Record decision…"), "closeReview", self.close_selected)],
                         parent=parent)
        self.model.setParent(self)
        self.close_button = self.decide_buttons[0]

    def load_rows(self) -> list:
        return self.context.services.cryo.device_reviews()

    def summary_for(self, n: int) -> str:
        text = isolated(ngettext("{count} stored device under review: a consent to storage was withdrawn. "
                                 "Nothing is discarded until a discard is requested and approved.",
                        "{count} stored devices under review: a consent to storage was withdrawn. "
                        "Nothing is discarded until a discard is requested and approved.", n), count=n) if n \
            else _("No stored device is under review.")
        if n and not self.may_decide():
            text += " " + _("A supervisor records the decision.")
        return text

    def close_selected(self) -> CloseReviewDialog | None:
        review = self.selected()
        if review is None or not self.may_decide():
            return None
        return open_dialog(self, CloseReviewDialog(self.context, review, self), lambda _r: self.refresh())
