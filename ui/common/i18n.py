"""The app's language on screen: the core's catalogue, Qt's own words, and the layout's direction.

``install_language`` makes one language active for everything a person sees: the gettext
catalogue of the core and the screens (bench_app.i18n), Qt's shipped ``qtbase_<lang>.qm`` for
Qt's own dialogs (file and print dialogs, message-box buttons, context menus), the default
QLocale (numbers in spin boxes, dates in date edits), and the application's layout direction:
right to left for Arabic (and any right-to-left language), so every window, form and table is
mirrored by Qt itself.

Which language (bench_app.i18n.choose_language, most specific first):

1. the signed-in person's own choice (Bench > Language), kept for that user on this
   workstation in Qt's user settings; it applies from their next sign-in when Bench starts
   (the main window is built in it), not at once: screens already built keep their words;
2. the workstation's ``[ui] language`` in the config file, as IT sets it;
3. the lab's ``lab_language`` setting (the language new patients' names are written in);
4. English.

The sign-in window, shown before anyone is known, is in 2, else 3, else English.
"""

from __future__ import annotations

from bench_app import i18n
from ui.qt import QApplication, QLibraryInfo, QLocale, QSettings, Qt, QTranslator

SETTINGS_GROUP = "language"  # QSettings: language/<username> = 'tr'

_qt_translators: list = []
_installed = False  # whether a language other than English was ever installed in this process


def qt_translations_dir() -> str:
    """Where Qt's own catalogues are (PySide6/Qt/translations in a wheel, the same inside the bundle)."""
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


def install_language(code: str | None, app: QApplication | None = None) -> str:
    """Make ``code`` (unknown or None: English) the language of the core, of Qt's dialogs and of the layout."""
    lang = i18n.set_language(code)
    app = app or QApplication.instance()
    if app is None:
        return lang
    global _installed
    if lang == i18n.SOURCE_LANGUAGE and not _installed:
        return lang  # English from the start: nothing of Qt's to change (and nothing to cost the sign-in window)
    _installed = True
    for translator in _qt_translators:
        app.removeTranslator(translator)
    _qt_translators.clear()
    if lang != i18n.SOURCE_LANGUAGE:
        translator = QTranslator(app)
        if translator.load(f"qtbase_{lang}", qt_translations_dir()):
            app.installTranslator(translator)
            _qt_translators.append(translator)
    QLocale.setDefault(QLocale(lang))
    app.setLayoutDirection(Qt.LayoutDirection.RightToLeft if i18n.is_right_to_left(lang)
                           else Qt.LayoutDirection.LeftToRight)
    return lang


def workstation_language() -> str | None:
    """``[ui] language`` of the config files (None when unset or unreadable: a broken file is said elsewhere)."""
    from bench_app.config import load_config
    from bench_app.domain.errors import BenchError

    try:
        return load_config().get("ui.language")
    except BenchError:
        return None


def _settings() -> QSettings:
    return QSettings()  # the application's (organisation 'Bench', application 'Bench'): per OS account


def user_language(username: str) -> str | None:
    """The language ``username`` chose on this workstation, or None."""
    value = _settings().value(f"{SETTINGS_GROUP}/{username}")
    return i18n.supported(value) if isinstance(value, str) else None


def set_user_language(username: str, code: str | None) -> None:
    """Keep ``username``'s own language (None: follow the workstation's again); used from their next sign-in."""
    settings = _settings()
    key = f"{SETTINGS_GROUP}/{username}"
    if code is None:
        settings.remove(key)
    else:
        settings.setValue(key, i18n.supported(code) or i18n.SOURCE_LANGUAGE)
    settings.sync()


def start_language(lab_language: str | None) -> str:
    """The sign-in window's language: the workstation's, else the lab's, else English."""
    return i18n.choose_language(workstation_language(), lab_language)


def language_for(username: str, lab_language: str | None) -> str:
    """The signed-in person's language: their own choice, else the workstation's, else the lab's, else English."""
    return i18n.choose_language(user_language(username), workstation_language(), lab_language)
