"""F1 opens the user guide's page for the area on screen, in the person's language, offline."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from ui.common.i18n import install_language
from ui.qt import Qt
from ui.shell import guide_viewer

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def built_guide():
    """The guide's pages as `make guide` builds them, into a temporary folder beside the real screenshots."""
    if not (guide_viewer.guide_dir() / "en" / "index.html").is_file():
        subprocess.run([sys.executable, str(ROOT / "docs" / "guide" / "build.py")], check=True, capture_output=True)
    return guide_viewer.guide_dir()


def active(qtbot, window) -> None:
    """Keyboard shortcuts reach the active window only."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


@pytest.fixture(autouse=True)
def _english_after(qtbot):
    yield
    install_language("en")


def test_f1_opens_the_page_of_the_area_on_screen_in_the_person_s_language(qtbot, open_window, team, built_guide):
    install_language("tr")
    window = open_window(team.embryologist, idle_timeout_ms=600_000)
    window.show_area("cryo")
    active(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    viewer = window.guide_viewer
    assert viewer is not None and viewer.isVisible()
    assert viewer.current_file() == built_guide / "tr" / "cryo.html"
    assert "Kriyo saklama" in viewer.browser.toPlainText()
    pictures = re.findall(r'<img [^>]*src="([^"]+)"', viewer.current_file().read_text(encoding="utf-8"))
    assert pictures and all((built_guide / "tr" / p).is_file() for p in pictures)  # beside the page, offline

    window.show_area("icsi")
    active(qtbot, window)
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_F1)
    assert viewer.current_file() == built_guide / "tr" / "icsi.html"


def test_english_when_the_page_is_missing_in_the_language(qtbot, open_window, team, built_guide, monkeypatch,
                                                          tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "today.html").write_text("<h1>Today</h1>", encoding="utf-8")
    (tmp_path / "en" / "index.html").write_text("<h1>Contents</h1>", encoding="utf-8")
    monkeypatch.setattr(guide_viewer, "guide_dir", lambda: tmp_path)
    install_language("es")
    window = open_window(team.embryologist, idle_timeout_ms=600_000)
    window.show_area("today")
    active(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert window.guide_viewer.current_file() == tmp_path / "en" / "today.html"
    window.show_guide("no-such-page")
    assert window.guide_viewer.current_file() == tmp_path / "en" / "index.html"


def test_the_help_menu_opens_the_contents(qtbot, open_window, team, built_guide):
    window = open_window(team.supervisor, idle_timeout_ms=600_000)
    assert window.guide_action in window.help_menu.actions()
    window.guide_contents_action.trigger()
    assert window.guide_viewer.current_file() == built_guide / "en" / "index.html"
    window.guide_viewer.browser.setSource(window.guide_viewer.browser.source().resolved("reports.html"))
    assert window.guide_viewer.current_file() == built_guide / "en" / "reports.html"  # links between pages work


TOPICS = ("index", "witnessing", "printing", "review", "keyboard", "messages")


@pytest.mark.parametrize("lang", ["en", "tr", "es"])
def test_every_area_and_topic_has_its_page_and_every_picture_is_there(lang):
    from ui.shell.areas import AREAS

    source = ROOT / "docs" / "guide" / lang
    pages = {p.stem for p in source.glob("*.md")}
    assert {spec.key for spec in AREAS} | set(TOPICS) <= pages
    images = guide_viewer.guide_dir() / lang / "images"
    for page in sorted(source.glob("*.md")):
        text = page.read_text(encoding="utf-8")
        for picture in re.findall(r"!\[[^\]]*\]\((images/[^)\s]+)\)", text):
            assert (images.parent / picture).is_file(), f"{page.name}: {picture} (make guide-screenshots)"
        for link in re.findall(r"\]\(([\w-]+)\.html\)", text):
            assert link in pages, f"{page.name} links to a page that does not exist: {link}.html"


def test_f1_in_a_form_opens_its_area_s_page_and_the_form_does_not_block_the_guide(qtbot, open_window, team,
                                                                                 built_guide):
    window = open_window(team.embryologist, idle_timeout_ms=600_000)
    patients = window.show_area("patients")
    patients.search_view.register_couple()
    dialog = patients.search_view.active_dialog
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_F1)
    viewer = window.guide_viewer
    assert viewer is not None and viewer.isVisible()
    assert viewer.current_file() == built_guide / "en" / "patients.html"
    assert dialog.isVisible()  # the form waits, as typed
    assert viewer.parentWidget() is None and not viewer.isModal()  # nothing modal stands in its way
    dialog.reject()
    window.close()
    assert not window.isVisible() and not viewer.isVisible()  # closing Bench closes its guide
