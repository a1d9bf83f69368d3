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

from ..models.change import Change
from ..models.lend_models import PoolsModel
from ..models.session import Session
from .borrow_preview import BorrowPreview
from .partials.figures import set_figure
from .partials.inputs import read_decimal
from .partials.restyle import set_message
from .partials.tables import table_view

AUTO_LEND_ON = (
    "Auto Lend is on, so manual {what} is disabled. Switch Auto Lend off in the Margin Overview "
    "menu (Account Overview panel) to use this tab."
)


def message_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName("refusal")
    label.setWordWrap(True)
    label.setAccessibleName(name)
    label.hide()
    return label


def show(label: QLabel, text: str, done: bool = False) -> None:
    set_message(label, text, "done" if done else "refusal")


def asset_box(session: Session, default: str = "USDC") -> QComboBox:
    box = QComboBox()
    box.setAccessibleName("Asset")
    box.addItems(list(session.parameters.assets))
    box.setCurrentText(default)
    return box


def amount_field() -> QLineEdit:
    field = QLineEdit()
    field.setAlignment(Qt.AlignmentFlag.AlignRight)
    field.setPlaceholderText("0")
    return field


class AutoLendGatedTab(QWidget):
    """A Lend-dashboard tab whose actions need Auto Lend off: a note says why and where to switch it
    off; the form below is disabled meanwhile. Subclasses fill ``self.form`` and name the action."""

    WHAT = ""  # what Auto Lend disables, for the note
    TITLE = ""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        layout = QVBoxLayout(self)
        self.disabled_note = QLabel()
        self.disabled_note.setObjectName("refusal")
        self.disabled_note.setWordWrap(True)
        self.disabled_note.setAccessibleName(f"{self.TITLE} tab disabled")
        layout.addWidget(self.disabled_note)
        self.body = QWidget()
        self.form = QFormLayout(self.body)
        self.asset = asset_box(session)
        self.form.addRow("Asset", self.asset)
        layout.addWidget(self.body)
        self.message = message_label(f"{self.TITLE} message")
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.asset.currentTextChanged.connect(self.refresh)
        session.changed.connect(self._on_change)

    def shows(self, change: Change) -> bool:
        """Whether ``change`` moves the figures this tab shows (its note: the settings; the rest: balances)."""
        return bool(change.opened or change.settings or change.balances)

    def _on_change(self, change: Change) -> None:
        if self.shows(change):
            self.refresh()

    def showEvent(self, event) -> None:
        self.refresh()
        super().showEvent(event)

    def refresh(self, *_args) -> None:
        if not self.isVisible():
            return  # showEvent refreshes: not worth computing on every tick unseen
        auto_lend = self.session.state.account.settings.auto_lend
        self.disabled_note.setText(AUTO_LEND_ON.format(what=self.WHAT) if auto_lend else "")
        self.disabled_note.setVisible(auto_lend)
        self.body.setEnabled(not auto_lend)
        self.show_figures(self.asset.currentText())

    def show_figures(self, symbol: str) -> None:
        raise NotImplementedError

    def run(self, field: QLineEdit, action, done: str):
        """Carry out the session's ``action(symbol, quantity)`` from ``field``; report inline."""
        quantity = read_decimal(field.text())
        if quantity is None or quantity <= 0:
            show(self.message, "Enter an amount above 0.")
            return None
        symbol = self.asset.currentText()
        outcome = action(symbol, quantity)
        if outcome.accepted:
            field.clear()
            show(self.message, done.format(q=self.session.formats.quantity(symbol, quantity), s=symbol), done=True)
        else:
            show(self.message, f"{outcome.refusal.message} ({outcome.refusal.code})")
        return outcome


def with_max(field: QLineEdit, name: str) -> tuple[QHBoxLayout, QPushButton]:
    button = QPushButton("Max")
    button.setAccessibleName(name)
    row = QHBoxLayout()
    row.addWidget(field, 1)
    row.addWidget(button)
    return row, button


class BorrowTab(AutoLendGatedTab):
    """Manual Borrow (the seed's steps 1–5) and Repay."""

    WHAT, TITLE = "borrowing", "Borrow"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.amount = amount_field()
        self.amount.setAccessibleName("Amount to borrow")
        row, self.max_borrow = with_max(self.amount, "Max borrow")
        self.available = QLabel()
        self.available.setAccessibleName("Available to borrow")
        self.available.setToolTip(
            "Calculated with all the assets in your balance that are eligible for collateral, and the open positions"
        )
        self.borrow_button = QPushButton("Borrow")
        self.borrow_button.setAccessibleName("Borrow")
        self.form.addRow("Amount", row)
        self.form.addRow("Available to borrow", self.available)
        self.preview = BorrowPreview(session, self.form)
        self.form.addRow("", self.borrow_button)
        self.repay_amount = amount_field()
        self.repay_amount.setAccessibleName("Amount to repay")
        repay_row, self.max_repay = with_max(self.repay_amount, "Max repay")
        self.owed = QLabel()
        self.owed.setAccessibleName("Borrowed")
        self.repay_button = QPushButton("Repay")
        self.repay_button.setAccessibleName("Repay")
        self.form.addRow("Borrowed", self.owed)
        self.form.addRow("Repay", repay_row)
        self.form.addRow("", self.repay_button)
        self.max_borrow.clicked.connect(lambda: self.amount.setText(plain_text(self._available())))
        self.max_repay.clicked.connect(lambda: self.repay_amount.setText(plain_text(self._repayable())))
        self.borrow_button.clicked.connect(
            lambda: self.run(self.amount, self.session.borrow, "Borrowed {q} {s}: it is in your available balance.")
        )
        self.repay_button.clicked.connect(lambda: self.run(self.repay_amount, self.session.repay, "Repaid {q} {s}."))
        self.amount.textChanged.connect(lambda _text: self.show_preview())

    def shows(self, change: Change) -> bool:
        # Available to borrow follows the valuation and the pool's supply.
        return super().shows(change) or change.valuation or bool(change.pools)

    def _available(self) -> Decimal:
        return self.session.max_borrow(self.asset.currentText())

    def _repayable(self) -> Decimal:
        balance = self.session.state.account.balance(self.asset.currentText())
        return min(balance.borrowed, balance.available)

    def show_figures(self, symbol: str) -> None:
        formats = self.session.formats
        balance = self.session.state.account.balance(symbol)
        note = f" — your {symbol} is lent: redeem it in the Lend tab to borrow it" if balance.lent else ""
        set_figure(self.available, f"{formats.quantity(symbol, self._available())} {symbol}{note}")
        set_figure(self.owed, f"{formats.quantity(symbol, balance.borrowed)} {symbol}")
        self.show_preview()

    def show_preview(self) -> None:
        if self.isVisible():
            refusal = self.preview.show(self.asset.currentText(), read_decimal(self.amount.text()))
            if refusal or self.amount.text():
                show(self.message, refusal)


class LendTab(AutoLendGatedTab):
    WHAT, TITLE = "lending and redeeming", "Lend"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
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
        self.form.addRow("Amount", self.amount)
        self.form.addRow("You have", self.holdings)
        self.form.addRow("", buttons)
        self.lend_button.clicked.connect(lambda: self.run(self.amount, self.session.lend, "Lent {q} {s}."))
        self.redeem_button.clicked.connect(lambda: self.run(self.amount, self.session.redeem, "Redeemed {q} {s}."))

    def show_figures(self, symbol: str) -> None:
        formats = self.session.formats
        balance = self.session.state.account.balance(symbol)
        set_figure(
            self.holdings,
            f"{formats.quantity(symbol, balance.available)} {symbol} available, "
            f"{formats.quantity(symbol, balance.lent)} {symbol} lent",
        )


def plain_text(value: Decimal) -> str:
    return format(value.normalize(), "f") if value else "0"


class LendView(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pools_model = PoolsModel(session, self)
        self.pools = table_view(self.pools_model, "Lending pools", self)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Lend and Borrow")
        self.lend_tab = LendTab(session)
        self.borrow_tab = BorrowTab(session)
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
