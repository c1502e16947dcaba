"""A supervisor's list of things waiting for a decision: a summary line, the deciding buttons, a table.

Everyone sees what waits; only the deciding roles get the buttons (the services refuse anyone
else too). Cryo's discard requests and its devices under review are two such lists; a subclass
gives its rows (``load_rows``) and its summary line (``summary_for``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Sequence

from bench_app.domain.enums import Role
from ui.common.headings import muted
from ui.common.table_view import fit_columns, make_table, select_row, selected_row
from ui.common.wrapping_table import wrapping
from ui.qt import QHBoxLayout, QPushButton, QVBoxLayout, QWidget, Signal

if TYPE_CHECKING:
    from ui.shell.bench_context import BenchContext

DECIDER_ROLES = (Role.SUPERVISOR, Role.ADMIN)


class DecisionListView(QWidget):
    countChanged = Signal(int)

    def __init__(self, context: BenchContext, model, *, stretch_column: int, name: str,
                 buttons: Sequence[tuple[str, str, Callable[[], Any]]], parent: QWidget | None = None):
        """``buttons``: (text, object name, what it does) for each deciding button, in order."""
        super().__init__(parent)
        self.context = context
        self.active_dialog = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(6)
        row = QHBoxLayout()
        self.summary = muted("", self)
        self.summary.setObjectName(f"{name}Summary")
        row.addWidget(self.summary, 1)
        self.decide_buttons: list[QPushButton] = []
        for text, object_name, action in buttons:
            button = QPushButton(text, self)
            button.setObjectName(object_name)
            button.clicked.connect(lambda _checked=False, act=action: act())
            row.addWidget(button)
            self.decide_buttons.append(button)
        layout.addLayout(row)
        self.model = model
        self.table = make_table(self.model, self, sortable=False, stretch_column=stretch_column)
        self.table.setObjectName(f"{name}Table")
        layout.addWidget(self.table, 1)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self._refit = wrapping(self, {})   # a reason is read whole before deciding
        context.actorChanged.connect(lambda _a: self.refresh())

    def may_decide(self) -> bool:
        return self.context.actor.role in DECIDER_ROLES

    def load_rows(self) -> list:
        raise NotImplementedError

    def summary_for(self, n: int) -> str:
        raise NotImplementedError

    def selected(self) -> Any:
        return selected_row(self.table)

    def refresh(self) -> None:
        rows = self.load_rows()
        self.model.set_rows(rows)
        self.table.setVisible(bool(rows))
        fit_columns(self.table)
        self._refit()
        if rows:
            select_row(self.table, 0)
        self.summary.setText(self.summary_for(len(rows)))
        self._update_buttons()
        self.countChanged.emit(len(rows))

    def _update_buttons(self) -> None:
        allowed, chosen = self.may_decide(), self.selected() is not None
        for button in self.decide_buttons:
            button.setVisible(allowed)
            button.setEnabled(chosen)
