"""The positions panel under the trading view, as on Backpack's trade page: Positions, Borrows, Lends,
Open orders, Fills and Order history, one tab each, their counts in the tab titles. Each position
and each borrow shows its estimated liquidation price, so it stays in sight whatever the trader
does. Close (confirmed), Repay, Redeem and Cancel sit in their rows."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QTabWidget, QVBoxLayout, QWidget

from ..models.borrow_lend_models import BorrowsModel, LendsModel
from ..models.order_tables import FillsModel, OpenOrdersModel, OrderHistoryModel
from ..models.position_actions import close_position, closing_order, lent, repayable
from ..models.position_models import PositionsModel, perp_name
from ..models.session import Session
from ..models.tables import RowObjectRole
from ..text.formatting import grouped, places_of
from .amount_dialog import AmountDialog
from .partials.restyle import set_message, show_refusal
from .partials.row_buttons import RowButtonDelegate
from .partials.tables import table_view


class PositionsPanel(QWidget):
    """The tabs and one message line under them (what the last row action did, or why it was refused)."""

    positionClosed = Signal(str)  # the perp symbol

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.positions_model = PositionsModel(session, self)
        self.borrows_model = BorrowsModel(session, self)
        self.lends_model = LendsModel(session, self)
        self.orders_model = OpenOrdersModel(session, self)
        self.fills_model = FillsModel(session, self)
        self.history_model = OrderHistoryModel(session, self)

        # their figures move at each tick: a cell reading as before is not painted again
        self.positions = table_view(self.positions_model, "Positions", self, figures=True)
        self.borrows = table_view(self.borrows_model, "Borrows", self, figures=True)
        self.lends = table_view(self.lends_model, "Lends", self, figures=True)
        self.orders = table_view(self.orders_model, "Open orders", self)
        self.fills = table_view(self.fills_model, "Fills", self)
        self.order_history = table_view(self.history_model, "Order history", self)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Positions panel")
        self.tabs.setDocumentMode(True)
        self.pages: list[tuple[QWidget, str]] = [
            (self.positions, "Positions"),
            (self.borrows, "Borrows"),
            (self.lends, "Lends"),
            (self.orders, "Open orders"),
            (self.fills, "Fills"),
            (self.order_history, "Order history"),
        ]
        for table, title in self.pages:
            self.tabs.addTab(table, title)
        self._counts: list[int] | None = None  # the row counts the tab titles show
        for model in (self.fills_model, self.history_model):  # these follow even while hidden
            for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved):
                signal.connect(self._count_rows)
        session.changed.connect(self._count_rows)
        session.changed.connect(self._forget_message)
        self.message = QLabel()
        self.message.setObjectName("refusal")
        self.message.setAccessibleName("Positions panel message")
        self.message.setWordWrap(True)
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)

        self.buttons = {
            "close": RowButtonDelegate(self.positions, PositionsModel.COL_CLOSE),
            "repay": RowButtonDelegate(self.borrows, BorrowsModel.COL_REPAY),
            "redeem": RowButtonDelegate(self.lends, LendsModel.COL_REDEEM),
            "cancel": RowButtonDelegate(self.orders, OpenOrdersModel.COL_CANCEL),
        }
        self.buttons["close"].clicked.connect(lambda index: self.ask_to_close(self._row(index)))
        self.buttons["repay"].clicked.connect(lambda index: self.ask_to_repay(self._row(index)))
        self.buttons["redeem"].clicked.connect(lambda index: self.ask_to_redeem(self._row(index)))
        self.buttons["cancel"].clicked.connect(lambda index: self.cancel(self._row(index).id))
        self.dialog: QMessageBox | AmountDialog | None = None
        self._count_rows()

    @staticmethod
    def _row(index: QModelIndex):
        return index.data(RowObjectRole)

    def counts(self) -> list[int]:
        """Rows of each tab, from the account itself: a hidden tab's table waits to be shown to update."""
        account = self.session.state.account
        balances = account.balances.values()
        return [
            len(account.positions),
            sum(1 for balance in balances if balance.borrowed),
            sum(1 for balance in balances if balance.lent),
            len(self.session.state.orders),
            self.fills_model.rowCount(),
            self.history_model.rowCount(),
        ]

    def _count_rows(self, *_args) -> None:
        counts = self.counts()
        if counts == self._counts:  # most ticks: the same rows (the tab texts are the panel's alone)
            return
        self._counts = counts
        for number, ((_table, title), count) in enumerate(zip(self.pages, counts)):
            text = f"{title} ({count})" if count else title
            if self.tabs.tabText(number) != text:
                self.tabs.setTabText(number, text)

    def show_tab(self, table: QWidget) -> None:
        self.tabs.setCurrentWidget(table)

    def _forget_message(self, change) -> None:
        """What the last row action did stays in sight until the trader does something else (an order
        from the form, another account): "Order 1 cancelled." stood under a market order's fill. A
        row action's own change comes before its message; the clock's ticks leave it."""
        if self.message.isVisible() and (change.opened or (change.history and not change.clock)):
            self.message.hide()

    def say(self, text: str, done: bool = True) -> None:
        set_message(self.message, text, "done" if done else "refusal")

    def _outcome(self, outcome, done: str) -> bool:
        if outcome.accepted:
            self.say(done)
        else:
            show_refusal(self.message, outcome.refusal)
        return outcome.accepted

    # -- Close ---------------------------------------------------------------------------------------
    def ask_to_close(self, symbol: str) -> QMessageBox | None:
        """Confirm, then close ``symbol``'s whole position with a market reduce-only order."""
        order = closing_order(self.session, symbol)
        if order is None:
            return None
        side, size = order
        name = perp_name(symbol, self.session.parameters)
        held = "long" if side == "Ask" else "short"
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Close position",
            f"Close the {name} {held} of {self._size(symbol, size)}?",
            parent=self,
        )
        box.setInformativeText(
            "A market order, reduce only: it fills at about the mark (the taker price and fee) and cannot "
            "open a position the other way."
        )
        close = box.addButton("Close position", QMessageBox.ButtonRole.AcceptRole)
        close.setAccessibleName("Confirm close")
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(close)
        box.finished.connect(lambda _result: self._closed(box, close, symbol))
        self.dialog = box
        box.open()
        return box

    def _size(self, symbol: str, size: Decimal) -> str:
        perp = self.session.parameters.perps[symbol]
        return f"{grouped(size, places_of(perp.step_size))} {perp.base}"

    def _closed(self, box: QMessageBox, close, symbol: str) -> None:
        self.dialog = None
        box.deleteLater()
        if box.clickedButton() is not close:
            return
        name = perp_name(symbol, self.session.parameters)
        if self._outcome(close_position(self.session, symbol), f"Closed the {name} position at market."):
            self.positionClosed.emit(symbol)

    # -- Repay and Redeem ------------------------------------------------------------------------------
    def ask_to_repay(self, symbol: str) -> AmountDialog:
        owed = self.session.state.account.balance(symbol).borrowed
        return self._ask_amount(
            f"Repay {symbol}",
            f"Borrowed {self.session.formats.quantity(symbol, owed)} {symbol}. The repay comes out of your "
            f"available {symbol}.",
            "Repay",
            symbol,
            repayable(self.session, symbol),
            lambda quantity: self.session.repay(symbol, quantity),
            "Repaid {q} {s}.",
        )

    def ask_to_redeem(self, symbol: str) -> AmountDialog:
        return self._ask_amount(
            f"Redeem {symbol}",
            f"Lent {self.session.formats.quantity(symbol, lent(self.session, symbol))} {symbol}.",
            "Redeem",
            symbol,
            lent(self.session, symbol),
            lambda quantity: self.session.redeem(symbol, quantity),
            "Redeemed {q} {s}.",
        )

    def _ask_amount(self, title, text, verb, symbol, most: Decimal, act, done: str) -> AmountDialog:
        dialog = AmountDialog(title, text, verb, self.session.parameters.assets[symbol].lending.step_size, symbol, self)
        dialog.amount.set_value(most, exact=True)

        def go(quantity: Decimal) -> None:
            outcome = act(quantity)
            if outcome.accepted:
                self.say(done.format(q=self.session.formats.quantity(symbol, quantity), s=symbol))
                dialog.accept()
            else:
                dialog.refused(outcome.refusal)

        dialog.confirmed.connect(go)
        dialog.finished.connect(lambda _result: self._dialog_done(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _dialog_done(self, dialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    # -- Cancel --------------------------------------------------------------------------------------
    def cancel(self, order_id: str) -> bool:
        return self._outcome(self.session.cancel_order(order_id), f"Order {order_id} cancelled.")
