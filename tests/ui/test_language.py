"""The whole window in the person's language: Arabic right to left, Qt's own words, each person's choice."""

from __future__ import annotations

import pytest

from bench_app import i18n
from ui.common import i18n as ui_i18n
from ui.common.i18n import install_language
from ui.common.table_view import select_row
from ui.qt import QApplication, QLabel, QSettings, Qt, QWidget


@pytest.fixture(autouse=True)
def _english_after(qtbot):
    yield
    install_language("en")


@pytest.fixture
def own_settings(tmp_path, monkeypatch):
    """Qt's user settings in a temporary file, not the account's."""
    path = str(tmp_path / "settings.ini")
    monkeypatch.setattr(ui_i18n, "_settings", lambda: QSettings(path, QSettings.Format.IniFormat))
    return path


def test_arabic_lays_every_window_out_right_to_left(qtbot, open_window, team):
    install_language("ar")
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    label = QLabel("")
    qtbot.addWidget(label)
    assert label.layoutDirection() == Qt.LayoutDirection.RightToLeft
    window = open_window(team.supervisor, idle_timeout_ms=600_000)
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.nav.item(0).text() == "اليوم"  # the areas' names in Arabic
    assert window.switch_user_action.text() == "تبديل المستخدم…"
    install_language("en")
    assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_turkish_reaches_qt_s_own_dialogs_and_numbers(qtbot):
    install_language("tr")
    assert QApplication.translate("QPlatformTheme", "Cancel") == "İptal"
    assert QWidget().locale().name() == "tr_TR"
    assert i18n.language() == "tr"
    install_language("en")
    assert QApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_the_person_s_choice_wins_over_the_workstation_and_the_lab(qtbot, own_settings, monkeypatch):
    monkeypatch.setattr(ui_i18n, "workstation_language", lambda: "es")
    assert ui_i18n.start_language("tr") == "es"          # the workstation's before the lab's
    assert ui_i18n.language_for("emma", "tr") == "es"
    ui_i18n.set_user_language("emma", "ar")
    assert ui_i18n.language_for("emma", "tr") == "ar"    # her own, on this workstation
    assert ui_i18n.language_for("eli", "tr") == "es"     # nobody else's
    ui_i18n.set_user_language("emma", None)
    assert ui_i18n.language_for("emma", "tr") == "es"
    monkeypatch.setattr(ui_i18n, "workstation_language", lambda: None)
    assert ui_i18n.start_language("tr") == "tr" and ui_i18n.start_language(None) == "en"


def test_the_language_menu_keeps_the_choice_for_the_next_sign_in(qtbot, open_window, team, own_settings):
    window = open_window(team.embryologist, idle_timeout_ms=600_000)
    menu = window.language_menu
    menu.refresh()
    assert menu.language_actions[""].isChecked()  # as this workstation
    menu.language_actions["tr"].trigger()
    assert ui_i18n.user_language(team.embryologist.username) == "tr"
    assert menu.language_actions["tr"].isChecked() and not menu.language_actions[""].isChecked()
    assert window.statusBar().currentMessage() == "Bench opens in Türkçe at your next sign-in."
    assert i18n.language() == "en"  # not at once: the open window keeps its words


def test_admin_and_reports_in_arabic_and_turkish(qtbot, open_window, team):
    install_language("ar")
    window = open_window(team.admin, idle_timeout_ms=600_000)
    reports = window.show_area("reports")
    assert [reports.tabs.tabText(i) for i in range(2)] == ["ورقة العمل اليومية", "سلسلة الحيازة"]
    heading = reports.findChild(QLabel, "heading")
    assert heading.text() == "التقارير" and heading.alignment() & Qt.AlignmentFlag.AlignRight  # the edge it reads from
    install_language("tr")
    window = open_window(team.admin, idle_timeout_ms=600_000)
    admin = window.show_area("admin")
    assert [admin.tabs.tabText(i) for i in range(3)] == ["Kullanıcılar", "Denetim izi", "Yedekler"]
    assert admin.users_view.model.headerData(0, Qt.Orientation.Horizontal) == "Kullanıcı adı"
    assert admin.findChild(QLabel, "heading").alignment() & Qt.AlignmentFlag.AlignLeft


def test_right_to_left_lists_select_their_line_and_the_detail_follows(qtbot, open_window, team):
    """QTableView.selectRow selects nothing right to left; every list selects through table_view.select_row."""
    install_language("ar")
    window = open_window(team.admin, idle_timeout_ms=600_000)
    users = window.show_area("admin").users_view
    assert users.table.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert users.selected_user() is None and not users.pin_button.isEnabled()
    users.select_user(team.embryologist.username)
    assert users.selected_user().username == team.embryologist.username
    assert users.pin_button.isEnabled()  # the buttons follow the selected account
    select_row(users.table, 0)
    first = users.proxy.index(0, 0).data()
    assert users.selected_user().username == first
    assert users.table.currentIndex().row() == 0
    assert len(users.table.selectionModel().selectedRows()) == 1


def test_no_screen_selects_with_select_row_of_qt():
    from pathlib import Path
    ui_dir = Path(__file__).resolve().parents[2] / "ui"
    users = [str(p) for p in ui_dir.rglob("*.py") if ".selectRow(" in p.read_text(encoding="utf-8")]
    assert users == [], "select through ui.common.table_view.select_row (selectRow selects nothing right to left)"
