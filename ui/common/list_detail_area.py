"""An area made of a list page and a detail page, with a Back button (Alt+Left) between them.

ICSI (cycles, then one cycle), Sperm retrieval (procedures, then one procedure) and the
tanks area (tanks, then one tank's audit and nitrogen log) are this shape. A subclass builds
its two pages, hands them to ``set_pages`` and decides what opening and going back do.
"""

from __future__ import annotations

from bench_app.i18n import _
from ui.qt import QHBoxLayout, QPushButton, QStackedWidget, QVBoxLayout, QWidget


class ListDetailArea(QWidget):
    def __init__(self, back_text: str, back_tip: str, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(8)
        bar = QHBoxLayout()
        self.back_button = QPushButton(back_text, self)
        self.back_button.setObjectName("backButton")
        self.back_button.setShortcut("Alt+Left")
        self.back_button.setToolTip(_("{action} (Alt+Left)").format(action=back_tip))
        bar.addWidget(self.back_button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.pages = QStackedWidget(self)
        layout.addWidget(self.pages, 1)
        self.list_page: QWidget | None = None
        self.detail_page: QWidget | None = None

    def set_pages(self, list_page: QWidget, detail_page: QWidget) -> None:
        self.list_page, self.detail_page = list_page, detail_page
        self.pages.addWidget(list_page)
        self.pages.addWidget(detail_page)
        self.back_button.clicked.connect(self.show_list_page)

    def current_page(self) -> QWidget:
        return self.pages.currentWidget()

    def show_list_page(self) -> None:
        """Back to the list, refreshed, with the focus where the person types or picks next."""
        self.pages.setCurrentWidget(self.list_page)
        self.back_button.hide()
        self.list_page.refresh()
        self.list_focus().setFocus()

    def show_detail_page(self) -> None:
        self.pages.setCurrentWidget(self.detail_page)
        self.back_button.show()

    def list_focus(self) -> QWidget:
        return self.list_page

    def focus_first_field(self) -> QWidget | None:
        """Ctrl+1…N: on the list, where the person picks next (its table); on a record, its first field."""
        if self.current_page() is self.list_page:
            target = self.list_focus()
            target.setFocus()
            return target
        from ui.common.area_focus import focus_first_field
        return focus_first_field(self.detail_page)

    def refresh(self) -> None:
        self.current_page().refresh()
