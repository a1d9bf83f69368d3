"""The Lend dashboard: the pool table over a Lend tab (lend, redeem) and a Borrow tab (Manual Borrow and
repay), the table on top so every column fits at 1024 px. Manual borrowing, lending and redeeming
need Auto Lend off, as on Backpack. Enter in an amount field presses its button."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..models.change import Change
from ..models.lend_models import PoolsModel
from ..models.session import Session
from ..text.refusals import borrow_refusal_text
from ..text.tips import tip
from .borrow_preview import BorrowPreview
from .partials.figures import RIGHT, set_figure
from .partials.inputs import DecimalInput, field_with_note
from .partials.remember import remember_splitter
from .partials.restyle import set_message, show_refusal
from .partials.scrolling import ScrollingPanel
from .partials.tables import table_view
from .risk.safety import confirm_if_dangerous

FORM_WIDTH = 520
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


def amount_field(name: str) -> DecimalInput:
    return DecimalInput(name)


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
        self.body.setMaximumWidth(FORM_WIDTH)  # a form, not a banner: fields at a readable length
        self.form = QFormLayout(self.body)
        self.asset = asset_box(session)
        self.form.addRow("Asset", self.asset)
        layout.addWidget(self.body)
        self.message = message_label(f"{self.TITLE} message")
        self.message.setMaximumWidth(FORM_WIDTH)
        self.disabled_note.setMaximumWidth(FORM_WIDTH)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.asset.currentTextChanged.connect(self._asset_chosen)
        session.changed.connect(self._on_change)

    def shows(self, change: Change) -> bool:
        """Whether ``change`` moves the figures this tab shows (its note: the settings; the rest: balances)."""
        return bool(change.opened or change.settings or change.balances)

    def _on_change(self, change: Change) -> None:
        if change.history and self.message.property("kind") == "done" and self.message.text():
            show(self.message, "")  # a success stops being news once anything else happened
        if self.shows(change):
            self.refresh()

    def amount_fields(self) -> list[DecimalInput]:
        return []

    def _asset_chosen(self, symbol: str) -> None:
        rules = self.session.parameters.assets.get(symbol)
        for field in self.amount_fields():
            if rules is not None:
                field.set_step(rules.lending.step_size, symbol)
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

    def run(self, field: DecimalInput, action, done: str, explain=None):
        """Carry out the session's ``action(symbol, quantity)`` from ``field``; report inline.
        ``explain(refusal, state, symbol, quantity)`` may word a refusal better than the engine."""
        if field.problem():
            show(self.message, f"{field.accessibleName()}: {field.problem()}.")
            return None
        quantity = field.value()
        if quantity is None or quantity <= 0:
            show(self.message, "Enter an amount above 0.")
            return None
        symbol = self.asset.currentText()
        state = self.session.state
        outcome = action(symbol, quantity)
        if outcome.accepted:
            field.clear()
            show(self.message, done.format(q=self.session.formats.quantity(symbol, quantity), s=symbol), done=True)
        else:
            text = explain(outcome.refusal, state, symbol, quantity) if explain else None
            show_refusal(self.message, outcome.refusal, text)
        return outcome


def with_max(field: DecimalInput, name: str) -> tuple[QWidget, QPushButton]:
    button = QPushButton("Max")
    button.setAccessibleName(name)
    return field_with_note(field, button), button


class BorrowTab(AutoLendGatedTab):
    """Manual Borrow (the seed's steps 1–5) and Repay."""

    WHAT, TITLE = "borrowing", "Borrow"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.amount = amount_field("Amount to borrow")
        row, self.max_borrow = with_max(self.amount, "Max borrow")
        self.available = QLabel()
        self.available.setAutoFillBackground(True)  # opaque: a tick's new figure repaints the label alone
        self.available.setAlignment(RIGHT)  # its fixed size keeps room to grow: the text at the right of it
        self.available.setAccessibleName("Available to borrow")
        self.available.setToolTip(
            tip(
                "Calculated with all the assets in your balance that are eligible for collateral, "
                "and the open positions"
            )
        )
        self.borrow_button = QPushButton("Borrow")
        self.borrow_button.setAccessibleName("Borrow")
        self.form.addRow("Amount", row)
        self.form.addRow("Available to borrow", self.available)
        self.form.itemAt(self.form.rowCount() - 1, QFormLayout.ItemRole.FieldRole).setAlignment(RIGHT)
        self.preview = BorrowPreview(session, self.form)
        self.form.addRow("", self.borrow_button)
        self.repay_amount = amount_field("Amount to repay")
        repay_row, self.max_repay = with_max(self.repay_amount, "Max repay")
        self.owed = QLabel()
        self.owed.setAutoFillBackground(True)  # opaque: a tick's new figure repaints the label alone
        self.owed.setAlignment(RIGHT)
        self.owed.setAccessibleName("Borrowed")
        self.repay_button = QPushButton("Repay")
        self.repay_button.setAccessibleName("Repay")
        self.form.addRow("Borrowed", self.owed)
        self.form.itemAt(self.form.rowCount() - 1, QFormLayout.ItemRole.FieldRole).setAlignment(RIGHT)
        self.form.addRow("Repay", repay_row)
        self.form.addRow("", self.repay_button)
        self.risk = None  # the window's RiskWatch: Max's safety buffer, and asking before Danger
        self.question = None
        self.max_borrow.clicked.connect(self.fill_max)
        # the whole borrow, interest to the last decimal: the venue takes a whole repay off the step
        self.max_repay.clicked.connect(lambda: self.repay_amount.set_value(self._repayable(), exact=True))
        self.borrow_button.clicked.connect(self.borrow)
        self.repay_button.clicked.connect(self.repay)
        self.amount.returnPressed.connect(self.borrow)
        self.repay_amount.returnPressed.connect(self.repay)
        self.amount.textChanged.connect(lambda _text: self.show_preview())
        self._asset_chosen(self.asset.currentText())

    def amount_fields(self) -> list[DecimalInput]:
        return [self.amount, self.repay_amount]

    def fill_max(self) -> None:
        symbol = self.asset.currentText()
        most = self._available()
        if self.risk is not None:
            step = self.session.parameters.assets[symbol].lending.step_size
            most = self.risk.buffered(most, lambda q: self.session.preview_borrow(symbol, q), step)
        self.amount.set_value(most)

    def borrow(self):
        """Borrow; a borrow that would leave the account in Danger asks first."""
        quantity = None if self.amount.problem() else self.amount.value()
        if self.risk is None or quantity is None or quantity <= 0:
            return self._borrow()
        shown = self.session.preview_borrow(self.asset.currentText(), quantity)
        self.question = confirm_if_dangerous(self, self.risk, shown, "borrow", self._borrow)
        return None

    def _borrow(self):
        return self.run(
            self.amount,
            self.session.borrow,
            "Borrowed {q} {s}: it is in your available balance.",
            lambda refusal, state, symbol, q: borrow_refusal_text(refusal, state, self.session.parameters, symbol, q),
        )

    def repay(self):
        return self.run(self.repay_amount, self.session.repay, "Repaid {q} {s}.")

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
            quantity = None if self.amount.problem() else self.amount.value()
            refusal = self.preview.show(self.asset.currentText(), quantity)
            if refusal or self.amount.text():
                show(self.message, refusal)


class LendTab(AutoLendGatedTab):
    WHAT, TITLE = "lending and redeeming", "Lend"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.amount = amount_field("Amount to lend or redeem")
        self.holdings = QLabel()
        self.holdings.setAccessibleName("Available and lent")
        self.holdings.setAutoFillBackground(True)  # opaque: a tick's new figures repaint the label alone
        buttons = QHBoxLayout()
        self.lend_button = QPushButton("Lend")
        self.lend_button.setAccessibleName("Lend")
        self.redeem_button = QPushButton("Redeem")
        self.redeem_button.setAccessibleName("Redeem")
        buttons.addWidget(self.lend_button)
        buttons.addWidget(self.redeem_button)
        self.form.addRow("Amount", field_with_note(self.amount))
        self.form.addRow("Balance", self.holdings)
        self.form.addRow("", buttons)
        self.lend_button.clicked.connect(lambda: self.run(self.amount, self.session.lend, "Lent {q} {s}."))
        self.redeem_button.clicked.connect(lambda: self.run(self.amount, self.session.redeem, "Redeemed {q} {s}."))
        self.amount.returnPressed.connect(self.lend_button.click)
        self._asset_chosen(self.asset.currentText())

    def amount_fields(self) -> list[DecimalInput]:
        return [self.amount]

    def show_figures(self, symbol: str) -> None:
        formats = self.session.formats
        balance = self.session.state.account.balance(symbol)
        set_figure(
            self.holdings,
            f"{formats.quantity(symbol, balance.available)} {symbol} available; "
            f"{formats.quantity(symbol, balance.lent)} {symbol} lent",
        )


class LendView(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pools_model = PoolsModel(session, self)
        self.pools = table_view(self.pools_model, "Lending pools", self)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Lend and Borrow")
        self.lend_tab = LendTab(session)
        self.borrow_tab = BorrowTab(session)
        self.tabs.addTab(ScrollingPanel(self.lend_tab), "Lend")
        self.tabs.addTab(ScrollingPanel(self.borrow_tab), "Borrow")
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        caption = QLabel("Lending pools")
        caption.setObjectName("panelTitle")
        top_layout.addWidget(caption)
        top_layout.addWidget(self.pools)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("lendSplitter")
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 3)  # the pools first: every row in sight at 700 px
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([330, 250])
        self.splitter.setChildrenCollapsible(False)
        remember_splitter(self.splitter)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    def show_tab(self, tab: QWidget) -> None:
        """Show the Lend or the Borrow tab (they sit in scrolling panels)."""
        for index in range(self.tabs.count()):
            if self.tabs.widget(index).widget() is tab:
                self.tabs.setCurrentIndex(index)
