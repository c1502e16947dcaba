"""The one module that imports PySide6: every Qt name the UI uses is re-exported here.

Keeping Qt behind one door makes the binding swappable, keeps imports short, and lets
a reader see at a glance which parts of Qt the application relies on.

Qt's PDF and print modules are needed only once someone previews or prints, and cost
about 15 ms at every start: their names here load them on first use (``__getattr__``).
"""

from __future__ import annotations

from ui.qt_workarounds import keep_none_alive

keep_none_alive()  # before the first Qt call (PySide6 6.12 on Python 3.11)

from PySide6.QtCore import (  # noqa: E402
    QAbstractItemModel,
    QAbstractTableModel,
    QBuffer,
    QByteArray,
    QDate,
    QEvent,
    QEventLoop,
    QFileInfo,
    QIODevice,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QRunnable,
    QSize,
    QSizeF,
    QSortFilterProxyModel,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import (  # noqa: E402
    QAbstractFileIconProvider,
    QAction,
    QColor,
    QFontDatabase,
    QCursor,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QIcon,
    QImage,
    QKeyEvent,
    QKeySequence,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPen,
    QShortcut,
)
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QStatusBar,
    QStyle,
    QStyleFactory,
    QTableView,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QToolBar,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

__all__ = [
    "QAbstractButton", "QAbstractSpinBox", "QFontDatabase", "QLayout", "QMenu", "QStyle", "QTextEdit",
    "QAbstractItemModel", "QAbstractItemView", "QAbstractTableModel", "QAction", "QApplication", "QBuffer",
    "QByteArray", "QCheckBox", "QColor", "QComboBox", "QCursor", "QDate", "QDialog", "QDialogButtonBox", "QDoubleSpinBox",
    "QEvent", "QEventLoop", "QFileDialog", "QFont", "QFontMetrics", "QFormLayout", "QFrame", "QGridLayout", "QGroupBox",
    "QGuiApplication", "QHBoxLayout", "QHeaderView", "QIODevice", "QImage", "QItemSelectionModel", "QKeyEvent",
    "QKeySequence", "QLabel", "QLineEdit", "QListWidget", "QListWidgetItem", "QMainWindow", "QMessageBox",
    "QModelIndex", "QObject", "QPageLayout", "QPageSize", "QPainter", "QPalette", "QPdfDocument", "QPdfView",
    "QPen", "QPersistentModelIndex", "QPlainTextEdit", "QPointF", "QPrintDialog", "QPrinter", "QPrinterInfo", "QPushButton", "QRadioButton", "QRectF",
    "QMenu", "QRunnable", "QScrollArea", "QToolButton", "QShortcut", "QThreadPool", "QSize", "QSizeF", "QSizePolicy", "QSortFilterProxyModel", "QSpinBox", "QSplitter",
    "QStackedWidget", "QStatusBar", "QStyleFactory", "QTabBar", "QTableView", "QTabWidget", "QTimer", "QToolBar",
    "QTreeView", "QVBoxLayout", "QWidget", "Qt", "Signal", "Slot",
]
__all__ += ["QAbstractFileIconProvider", "QFileInfo", "QIcon", "QStyle"]  # ui.common.file_dialogs

CHART_NAMES = ("QChart", "QChartView", "QLineSeries", "QScatterSeries", "QValueAxis", "QCategoryAxis")
__all__ += list(CHART_NAMES)


def __getattr__(name: str):
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
