"""A material and its lot side by side: pick one the lab has used, or type a new one.

Both boxes are editable: a lot typed for the first time is registered by the service when
the record is saved. Choosing a product narrows the lot list to that product's lots.
"""

from __future__ import annotations

from bench_app.domain.enums import LotKind
from bench_app.i18n import _
from bench_app.services.lots_service import LotInfo
from bench_app.services.registry import Services
from ui.qt import QComboBox, QHBoxLayout, QLabel, QSizePolicy, QWidget


def _editable_combo(parent: QWidget, placeholder: str) -> QComboBox:
    combo = QComboBox(parent)
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.lineEdit().setPlaceholderText(placeholder)
    return combo


class LotPickerWidget(QWidget):
    """``values()`` gives (product, lot number); both empty means "not recorded"."""

    def __init__(self, services: Services, kind: LotKind, *, product_hint: str = "",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self._lots: list[LotInfo] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        self.product = _editable_combo(self, product_hint or _("Product"))
        self.lot = _editable_combo(self, _("Lot number"))
        self.lot.setMinimumWidth(self.fontMetrics().horizontalAdvance("0000000000000") + 30)
        row.addWidget(self.product, 3)
        row.addWidget(QLabel(_("lot"), self))
        row.addWidget(self.lot, 2)
        self.product.currentTextChanged.connect(self._fill_lots)
        self.set_kind(kind)

    def set_kind(self, kind: LotKind) -> None:
        """List the lots of ``kind``; what was typed stays."""
        typed = self.values()
        self._lots = self.services.lots.list_lots(kind)
        products = list(dict.fromkeys(lot.product_name for lot in self._lots))
        self.product.blockSignals(True)
        self.product.clear()
        self.product.addItems(products)
        self.product.setCurrentIndex(-1)
        self.product.setEditText(typed[0])
        self.product.blockSignals(False)
        self._fill_lots(typed[0])
        self.lot.setEditText(typed[1])

    def _fill_lots(self, product: str) -> None:
        typed = self.lot.currentText()
        self.lot.clear()
        self.lot.addItems([lot.lot_number for lot in self._lots if lot.product_name == product.strip()])
        if self.lot.count() == 1:  # the lot in use: one keystroke less
            self.lot.setCurrentIndex(0)
        else:
            self.lot.setCurrentIndex(-1)
            self.lot.setEditText(typed)

    def set_values(self, product: str, lot_number: str) -> None:
        self.product.setEditText(product)
        self._fill_lots(product)
        self.lot.setEditText(lot_number)

    def values(self) -> tuple[str, str]:
        return self.product.currentText().strip(), self.lot.currentText().strip()
