"""A stack of pages sized by the page on show, not by the largest page ever opened.

Qt sizes a QStackedWidget by the largest minimum of all its pages, so opening one tall
record once made the whole main window taller than a 768 px screen (it grew from 800 to
864 px by itself). Here the pages out of sight ask for no room; the page on show decides.
"""

from __future__ import annotations

from ui.qt import QSizePolicy, QStackedWidget, QWidget


def size_by_current_page(stack: QStackedWidget) -> QStackedWidget:
    """Make ``stack`` take its minimum size from its current page only (pages added later too)."""

    def follow(_index: int = -1) -> None:
        current = stack.currentWidget()
        for index in range(stack.count()):
            page = stack.widget(index)
            if page is current:
                original = getattr(page, "_own_size_policy", None)
                if original is not None:
                    page.setSizePolicy(original)
            else:
                if getattr(page, "_own_size_policy", None) is None:
                    page._own_size_policy = QSizePolicy(page.sizePolicy())
                page.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        stack.updateGeometry()

    stack.currentChanged.connect(follow)
    stack.widgetAdded.connect(follow)
    follow()
    return stack


def size_area_by_current_pages(area: QWidget) -> QWidget:
    """Every stack and tab set of an area takes its size from the page on show."""
    for stack in area.findChildren(QStackedWidget):
        if not getattr(stack, "_sized_by_current_page", False):
            stack._sized_by_current_page = True
            size_by_current_page(stack)
    return area
