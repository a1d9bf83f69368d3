"""The Lend dashboard: the pool table, a Lend tab (lend, redeem) and a Borrow tab (Manual Borrow and
repay). Manual borrowing, lending and redeeming need Auto Lend off, as on Backpack."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..engine import Outcome, actions
from ..engine.limits import asset_limits
from ..models.desk import Desk
from ..models.lend_models import PoolsModel
from .inputs import read_decimal
from .restyle import set_message
from .spot_view import table_view

AUTO_LEND_ON = ("Auto Lend is on, so manual {what} is disabled. Switch Auto Lend off in the Margin Overview "
                "menu (Account Overview panel) to use this tab.")


def message_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName("refusal")
    label.setWordWrap(True)
    label.setAccessibleName(name)
    label.hide()
    return label


def show(label: QLabel, text: str, done: bool = False) -> None:
    set_message(label, text, "done" if done else "refusal")


def asset_box(desk: Desk, default: str = "USDC") -> QComboBox:
    box = QComboBox()
    box.setAccessibleName("Asset")
    box.addItems(list(desk.parameters.assets))
    box.setCurrentText(default)
    return box


def amount_field() -> QLineEdit:
    field = QLineEdit()
    field.setAlignment(Qt.AlignmentFlag.AlignRight)
    field.setPlaceholderText("0")
    return field


class BorrowTab(QWidget):
    """Manual Borrow (the seed's steps 1–5) and Repay."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        layout = QVBoxLayout(self)
        self.disabled_note = QLabel()
        self.disabled_note.setObjectName("refusal")
        self.disabled_note.setWordWrap(True)
        self.disabled_note.setAccessibleName("Borrow tab disabled")
        layout.addWidget(self.disabled_note)
        self.body = QWidget()
        form = QFormLayout(self.body)
        self.asset = asset_box(desk)
        self.amount = amount_field()
        self.amount.setAccessibleName("Amount to borrow")
        self.max_borrow = QPushButton("Max")
        self.max_borrow.setAccessibleName("Max borrow")
        row = QHBoxLayout()
        row.addWidget(self.amount, 1)
        row.addWidget(self.max_borrow)
        self.available = QLabel()
        self.available.setAccessibleName("Available to borrow")
        self.available.setToolTip("Calculated with all the assets in your balance that are eligible for collateral, "
                                  "and the open positions")
        self.borrow_button = QPushButton("Borrow")
        self.borrow_button.setAccessibleName("Borrow")
        form.addRow("Asset", self.asset)
        form.addRow("Amount", row)
        form.addRow("Available to borrow", self.available)
        form.addRow("", self.borrow_button)
        self.repay_amount = amount_field()
        self.repay_amount.setAccessibleName("Amount to repay")
        self.max_repay = QPushButton("Max")
        self.max_repay.setAccessibleName("Max repay")
        repay_row = QHBoxLayout()
        repay_row.addWidget(self.repay_amount, 1)
        repay_row.addWidget(self.max_repay)
        self.owed = QLabel()
        self.owed.setAccessibleName("Borrowed")
        self.repay_button = QPushButton("Repay")
        self.repay_button.setAccessibleName("Repay")
        form.addRow("Borrowed", self.owed)
        form.addRow("Repay", repay_row)
        form.addRow("", self.repay_button)
        layout.addWidget(self.body)
        self.message = message_label("Borrow message")
        layout.addWidget(self.message)
        layout.addStretch(1)

        self.asset.currentTextChanged.connect(self.refresh)
        self.max_borrow.clicked.connect(lambda: self.amount.setText(self._plain(self._available())))
        self.max_repay.clicked.connect(lambda: self.repay_amount.setText(self._plain(self._repayable())))
        self.borrow_button.clicked.connect(self.borrow)
        self.repay_button.clicked.connect(self.repay)
        desk.stateChanged.connect(self.refresh)
        self.refresh()

    @staticmethod
    def _plain(value: Decimal) -> str:
        return format(value.normalize(), "f") if value else "0"

    def _available(self) -> Decimal:
        symbol = self.asset.currentText()
        state = self.desk.state
        return asset_limits(state.account, self.desk.parameters, state.marks, state.pools, symbol,
                            self.desk.valuation).max_borrow_quantity

    def showEvent(self, event) -> None:
        self.refresh()
        super().showEvent(event)

    def _repayable(self) -> Decimal:
        balance = self.desk.state.account.balance(self.asset.currentText())
        return min(balance.borrowed, balance.available)

    def refresh(self, *_args) -> None:
        if not self.isVisible():
            return  # showEvent refreshes: the limits are not worth computing on every tick unseen
        auto_lend = self.desk.state.account.settings.auto_lend
        self.disabled_note.setText(AUTO_LEND_ON.format(what="borrowing") if auto_lend else "")
        self.disabled_note.setVisible(auto_lend)
        self.body.setEnabled(not auto_lend)
        symbol, formats = self.asset.currentText(), self.desk.formats
        lent = self.desk.state.account.balance(symbol).lent
        note = f" — your {symbol} is lent: redeem it in the Lend tab to borrow it" if lent else ""
        self.available.setText(f"{formats.quantity(symbol, self._available())} {symbol}{note}")
        self.owed.setText(f"{formats.quantity(symbol, self.desk.state.account.balance(symbol).borrowed)} {symbol}")

    def _run(self, field: QLineEdit, action, done: str) -> Outcome | None:
        quantity = read_decimal(field.text())
        if quantity is None or quantity <= 0:
            show(self.message, "Enter an amount above 0.")
            return None
        symbol = self.asset.currentText()
        outcome = self.desk.act(lambda s, p: action(s, p, symbol, quantity))
        if outcome.accepted:
            field.clear()
            show(self.message, done.format(q=self.desk.formats.quantity(symbol, quantity), s=symbol), done=True)
        else:
            show(self.message, f"{outcome.refusal.message} ({outcome.refusal.code})")
        return outcome

    def borrow(self) -> None:
        self._run(self.amount, actions.borrow, "Borrowed {q} {s}: it is in your available balance.")

    def repay(self) -> None:
        self._run(self.repay_amount, actions.repay, "Repaid {q} {s}.")


class LendTab(QWidget):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        layout = QVBoxLayout(self)
        self.disabled_note = QLabel()
        self.disabled_note.setObjectName("refusal")
        self.disabled_note.setWordWrap(True)
        self.disabled_note.setAccessibleName("Lend tab disabled")
        layout.addWidget(self.disabled_note)
        self.body = QWidget()
        form = QFormLayout(self.body)
        self.asset = asset_box(desk)
        self.amount = amount_field()
        self.amount.setAccessibleName("Amount to lend or redeem")
        self.holdings = QLabel()
        self.holdings.setAccessibleName("Available and lent")
        buttons = QHBoxLayout()
        self.lend_button = QPushButton("Lend")
        self.lend_button.setAccessibleName("Lend")
        self.redeem_button = QPushButton("Redeem")
        self.redeem_button.setAccessibleName("Redeem")
        buttons.addWidget(self.lend_button)
        buttons.addWidget(self.redeem_button)
        form.addRow("Asset", self.asset)
        form.addRow("Amount", self.amount)
        form.addRow("You have", self.holdings)
        form.addRow("", buttons)
        layout.addWidget(self.body)
        self.message = message_label("Lend message")
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.asset.currentTextChanged.connect(self.refresh)
        self.lend_button.clicked.connect(lambda: self._run(actions.lend, "Lent {q} {s}."))
        self.redeem_button.clicked.connect(lambda: self._run(actions.redeem, "Redeemed {q} {s}."))
        desk.stateChanged.connect(self.refresh)
        self.refresh()

    def refresh(self, *_args) -> None:
        auto_lend = self.desk.state.account.settings.auto_lend
        self.disabled_note.setText(AUTO_LEND_ON.format(what="lending and redeeming") if auto_lend else "")
        self.disabled_note.setVisible(auto_lend)
        self.body.setEnabled(not auto_lend)
        symbol, formats = self.asset.currentText(), self.desk.formats
        balance = self.desk.state.account.balance(symbol)
        self.holdings.setText(f"{formats.quantity(symbol, balance.available)} {symbol} available, "
                              f"{formats.quantity(symbol, balance.lent)} {symbol} lent")

    def _run(self, action, done: str) -> None:
        quantity = read_decimal(self.amount.text())
        if quantity is None or quantity <= 0:
            show(self.message, "Enter an amount above 0.")
            return
        symbol = self.asset.currentText()
        outcome = self.desk.act(lambda s, p: action(s, p, symbol, quantity))
        if outcome.accepted:
            self.amount.clear()
            show(self.message, done.format(q=self.desk.formats.quantity(symbol, quantity), s=symbol), done=True)
        else:
            show(self.message, f"{outcome.refusal.message} ({outcome.refusal.code})")


class LendView(QWidget):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pools_model = PoolsModel(desk, self)
        self.pools = table_view(self.pools_model, "Lending pools", self)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Lend and Borrow")
        self.lend_tab = LendTab(desk)
        self.borrow_tab = BorrowTab(desk)
        self.tabs.addTab(self.lend_tab, "Lend")
        self.tabs.addTab(self.borrow_tab, "Borrow")
        self.tabs.setMaximumWidth(400)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        left = QVBoxLayout()
        caption = QLabel("Lending pools")
        caption.setObjectName("panelTitle")
        left.addWidget(caption)
        left.addWidget(self.pools)
        layout.addLayout(left, 3)
        layout.addWidget(self.tabs, 2)
