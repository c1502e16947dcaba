"""The one module that imports PySide6: every Qt name the UI uses is re-exported here.

Keeping Qt behind one door makes the binding swappable, keeps imports short, and lets
a reader see at a glance which parts of Qt the application relies on.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QDate,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QPalette,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QStatusBar,
    QStyleFactory,
    QTableView,
    QTabBar,
    QTabWidget,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

__all__ = [
    "QAbstractItemModel", "QAbstractItemView", "QAbstractTableModel", "QAction", "QApplication", "QCheckBox",
    "QColor", "QComboBox", "QDate", "QDialog", "QDialogButtonBox", "QDoubleSpinBox", "QEvent", "QFont", "QFontMetrics",
    "QFormLayout", "QFrame", "QGridLayout", "QGroupBox", "QGuiApplication", "QHBoxLayout", "QItemSelectionModel", "QTabBar",
    "QHeaderView", "QKeyEvent", "QKeySequence", "QLabel", "QLineEdit", "QListWidget", "QListWidgetItem",
    "QMainWindow", "QMessageBox", "QModelIndex", "QObject", "QPalette", "QPlainTextEdit",
    "QPersistentModelIndex", "QPushButton", "QScrollArea", "QShortcut", "QSize", "QSizePolicy",
    "QSortFilterProxyModel", "QSpinBox", "QSplitter", "QStackedWidget", "QStatusBar", "QStyleFactory",
    "QTableView", "QTabWidget", "QTimer", "QToolBar", "QTreeView", "QVBoxLayout", "QWidget", "Qt", "Signal",
    "Slot",
]
