"""The one module that imports PySide6: every Qt name the UI uses is re-exported here.

Keeping Qt behind one door makes the binding swappable, keeps imports short, and lets
a reader see at a glance which parts of Qt the application relies on.

Every name is looked up in its PySide6 module on first use (``__getattr__``), not when this
module is imported: PySide6 makes a class's Python type only when it is first asked for, and
the eighty names below cost about 40 ms together, which the sign-in window, shown before
anything else, does not need. ``Qt`` goes further: PySide6 makes the namespace with all its
enums at once (about 15 ms, more than the sign-in window's own widgets), so ``Qt`` here stands
in for it until one of its names is first used, and a module that imports it pays nothing for
that. Qt's PDF and print modules are imported only once someone previews or prints (about 15 ms
more).
"""

from __future__ import annotations

from ui.qt_workarounds import keep_none_alive

keep_none_alive()  # before the first Qt call (PySide6 6.12 on Python 3.11)

# The modules themselves are cheap; their classes are made on first use.
import PySide6.QtCore  # noqa: E402
import PySide6.QtGui  # noqa: E402
import PySide6.QtWidgets  # noqa: E402

_MODULES = {
    PySide6.QtCore: (
        "QAbstractItemModel", "QAbstractTableModel", "QBuffer", "QByteArray", "QDate", "QEvent", "QEventLoop",
        "QIODevice", "QItemSelectionModel", "QModelIndex", "QObject", "QPersistentModelIndex", "QPointF", "QRectF",
        "QSize", "QSizeF", "QSortFilterProxyModel", "QTimer", "Signal", "Slot",
        "QFileInfo", "QRunnable", "QThreadPool",
        "QLibraryInfo", "QLocale", "QSettings", "QTranslator",  # ui.common.i18n
        "QUrl",  # ui.shell.guide_viewer
    ),
    PySide6.QtGui: (
        "QAction", "QColor", "QCursor", "QFont", "QFontMetrics", "QGuiApplication", "QImage", "QKeyEvent",
        "QKeySequence", "QPageLayout", "QPageSize", "QPainter", "QPalette", "QPen", "QShortcut",
        "QAbstractFileIconProvider", "QFontDatabase", "QIcon",
        "QFontMetricsF",  # ui.common.text_columns
    ),
    PySide6.QtWidgets: (
        "QAbstractItemView", "QApplication", "QCheckBox", "QComboBox", "QDialog", "QDialogButtonBox", "QDoubleSpinBox",
        "QFileDialog", "QFormLayout", "QFrame", "QGridLayout", "QGroupBox", "QHBoxLayout", "QHeaderView", "QLabel",
        "QLineEdit", "QListWidget", "QListWidgetItem", "QMainWindow", "QMessageBox", "QPlainTextEdit", "QPushButton",
        "QRadioButton", "QScrollArea", "QSizePolicy", "QSpinBox", "QSplitter", "QStackedWidget", "QStatusBar",
        "QStyleFactory", "QTableView", "QTabBar", "QTabWidget", "QToolBar", "QTreeView", "QVBoxLayout", "QWidget",
        "QAbstractButton", "QAbstractSpinBox", "QLayout", "QMenu", "QStyle", "QTextEdit", "QToolButton",
        "QTextBrowser",  # ui.shell.guide_viewer
    ),
}
_HOME = {name: module for module, names in _MODULES.items() for name in names}


class _QtNamespace:
    """``Qt`` (``Qt.AlignmentFlag``, ``Qt.Key`` ...): PySide6's namespace is made when a name is first read."""

    def __getattr__(self, name: str):
        value = getattr(PySide6.QtCore.Qt, name)
        setattr(self, name, value)  # found directly from now on
        return value

    def __dir__(self):
        return dir(PySide6.QtCore.Qt)

    def __repr__(self) -> str:
        return repr(PySide6.QtCore.Qt)


Qt = _QtNamespace()


__all__ = [
    "QAbstractItemModel", "QAbstractItemView", "QAbstractTableModel", "QAction", "QApplication", "QBuffer",
    "QByteArray", "QCheckBox", "QColor", "QComboBox", "QCursor", "QDate", "QDialog", "QDialogButtonBox", "QDoubleSpinBox",
    "QEvent", "QEventLoop", "QFileDialog", "QFont", "QFontMetrics", "QFormLayout", "QFrame", "QGridLayout", "QGroupBox",
    "QGuiApplication", "QHBoxLayout", "QHeaderView", "QIODevice", "QImage", "QItemSelectionModel", "QKeyEvent",
    "QKeySequence", "QLabel", "QLineEdit", "QListWidget", "QListWidgetItem", "QMainWindow", "QMessageBox",
    "QModelIndex", "QObject", "QPageLayout", "QPageSize", "QPainter", "QPalette", "QPdfDocument", "QPdfView",
    "QPen", "QPersistentModelIndex", "QPlainTextEdit", "QPointF", "QPrintDialog", "QPrinter", "QPrinterInfo", "QPushButton", "QRadioButton", "QRectF",
    "QScrollArea", "QShortcut", "QSize", "QSizeF", "QSizePolicy", "QSortFilterProxyModel", "QSpinBox", "QSplitter",
    "QStackedWidget", "QStatusBar", "QStyleFactory", "QTabBar", "QTableView", "QTabWidget", "QTimer", "QToolBar",
    "QTreeView", "QVBoxLayout", "QWidget", "Qt", "Signal", "Slot",
]
__all__ += ["QAbstractButton", "QAbstractSpinBox", "QFontDatabase", "QLayout", "QMenu", "QStyle", "QTextEdit",
            "QRunnable", "QThreadPool", "QToolButton"]
__all__ += ["QAbstractFileIconProvider", "QFileInfo", "QIcon"]  # ui.common.file_dialogs
__all__ += ["QLibraryInfo", "QLocale", "QSettings", "QTranslator"]  # ui.common.i18n
__all__ += ["QTextBrowser", "QUrl"]  # ui.shell.guide_viewer
__all__ += ["set_by_name"]
__all__ += ["QFontMetricsF"]  # ui.common.text_columns

CHART_NAMES = ("QChart", "QChartView", "QLineSeries", "QScatterSeries", "QValueAxis", "QCategoryAxis")
__all__ += list(CHART_NAMES)


def __getattr__(name: str):
    module = _HOME.get(name)
    if module is not None:
        value = getattr(module, name)
        globals()[name] = value  # looked up once
        return value
    # Import statements, not import_module("..."): PyInstaller follows these into the bundle.
    if name == "QPdfDocument":
        from PySide6.QtPdf import QPdfDocument as value
    elif name == "QPdfView":
        from PySide6.QtPdfWidgets import QPdfView as value
    elif name == "QPrintDialog":
        from PySide6.QtPrintSupport import QPrintDialog as value
    elif name == "QPrinter":
        from PySide6.QtPrintSupport import QPrinter as value
    elif name == "QPrinterInfo":
        from PySide6.QtPrintSupport import QPrinterInfo as value
    elif name in CHART_NAMES:  # QtCharts (PySide6-Addons): loaded when the Outcomes area first draws a chart
        from PySide6 import QtCharts

        value = getattr(QtCharts, name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def set_by_name(obj, **properties: str) -> None:
    """Set enum and flag properties by their Qt names, e.g. ``set_by_name(label, alignment="AlignLeft|AlignVCenter")``.

    Qt's property system reads the names, so ``Qt`` is not needed: what the sign-in window draws (a heading, a
    message) is set this way, as the window is shown before PySide6 makes that namespace. A wrong name raises."""
    for name, value in properties.items():
        if not obj.setProperty(name, value):  # no such property (or value): a bug, said at once
            raise ValueError(f"{type(obj).__name__} has no property {name} taking {value!r}")


def make_every_class() -> None:
    """Have PySide6 make every QtCore/QtGui/QtWidgets class (and its enums) now, about 0.1 s.

    It makes each on first use otherwise, including those only Qt hands back (events, style
    options, font metrics): on the GUI thread, while the main window is being built. The core
    loader calls this in its thread while the person types (ui.fast_start)."""
    for module in _MODULES:
        for name in dir(module):
            if name.startswith("Q"):
                getattr(module, name)
