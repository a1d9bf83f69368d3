"""The Spot order form: Buy/Sell, Limit/Market, price, quantity, Max, total, the Buy button with the
Margin box below it, and the available equity and margin this order would leave, as the trader types."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..engine.vocabulary import EventType, OrderType, Side
from ..models.change import Change
from ..models.session import Session
from ..text.formatting import DASH, percent, usd
from . import help_texts
from .partials.figures import RIGHT, set_figure
from .partials.inputs import read_decimal
from .partials.restyle import set_message
from .partials.updates import WhenShown


class OrderForm(QFrame):
    orderPlaced = Signal(str)  # the order id
    previewChanged = Signal(object, object)  # limit price, estimated liquidation price after (None: none)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.market = next(iter(session.parameters.markets))
        self.setObjectName("orderForm")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)

        self.title = QLabel()
        self.title.setObjectName("panelTitle")
        layout.addWidget(self.title)

        sides = QHBoxLayout()
        self.buy_side = QPushButton("Buy", checkable=True, checked=True)
        self.sell_side = QPushButton("Sell", checkable=True)
        self.buy_side.setObjectName("buySide")
        self.sell_side.setObjectName("sellSide")
        self.buy_side.setAccessibleName("Buy side")
        self.sell_side.setAccessibleName("Sell side")
        self.side_group = QButtonGroup(self)
        for button in (self.buy_side, self.sell_side):
            self.side_group.addButton(button)
            sides.addWidget(button)
        layout.addLayout(sides)

        kinds = QHBoxLayout()
        self.limit_kind = QRadioButton("Limit", checked=True)
        self.market_kind = QRadioButton("Market")
        self.limit_kind.setAccessibleName("Limit")
        self.market_kind.setAccessibleName("Market")
        kinds.addWidget(self.limit_kind)
        kinds.addWidget(self.market_kind)
        kinds.addStretch(1)
        layout.addLayout(kinds)

        form = QFormLayout()
        self.price = QLineEdit()
        self.price.setAccessibleName("Price")
        self.price.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.quantity = QLineEdit()
        self.quantity.setAccessibleName("Quantity")
        self.quantity.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.quantity.setPlaceholderText("0")
        self.max_button = QPushButton("Max")
        self.max_button.setAccessibleName("Max")
        self.max_button.setToolTip("The largest quantity this order can have, margin and fees included")
        quantity_row = QHBoxLayout()
        quantity_row.addWidget(self.quantity, 1)
        quantity_row.addWidget(self.max_button)
        self.total = QLabel(DASH)
        self.total.setAccessibleName("Total")
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.price_label = QLabel("Price")
        self.quantity_label = QLabel("Quantity")
        form.addRow(self.price_label, self.price)
        form.addRow(self.quantity_label, quantity_row)
        form.addRow("Total", self.total)
        layout.addLayout(form)

        self.submit = QPushButton("Buy")
        self.submit.setObjectName("submitBuy")
        self.submit.setAccessibleName("Buy")
        self.submit.setMinimumHeight(36)
        layout.addWidget(self.submit)
        self.margin = QCheckBox("Margin")
        self.margin.setAccessibleName("Margin")
        self.margin.setToolTip(help_texts.MARGIN_BOX)
        layout.addWidget(self.margin)

        details = QFrame()
        details.setObjectName("marginDetails")
        grid = QGridLayout(details)
        grid.setContentsMargins(0, 4, 0, 0)
        self.details: dict[str, QLabel] = {}
        for row, (key, caption, tip) in enumerate(
            [
                ("available", "Available", "What the account holds of the asset this order pays with"),
                ("equity", "Available equity", help_texts.AVAILABLE),
                ("borrow", "Borrow", "What this order would borrow (with the entry fee for the rest of the hour)"),
                ("imr", "IMR after", help_texts.IMR),
                (
                    "liquidation",
                    "Est. liquidation price",
                    "Where the account would be liquidated after this order, the other prices unchanged",
                ),
            ]
        ):
            label = QLabel(caption)
            label.setToolTip(tip)
            value = QLabel(DASH)
            value.setObjectName(f"detail_{key}")
            value.setAccessibleName(caption)
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(label, row, 0)
            grid.addWidget(value, row, 1, RIGHT)
            self.details[key] = value
        layout.addWidget(details)

        self.message = QLabel()
        self.message.setObjectName("refusal")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Order message")
        self.message.hide()
        layout.addWidget(self.message)
        layout.addStretch(1)

        for signal in (self.price.textEdited, self.quantity.textEdited):
            signal.connect(self.update_preview)
        self.side_group.buttonToggled.connect(lambda *_: self._sides_changed())
        self.limit_kind.toggled.connect(lambda *_: self._kind_changed())
        self.margin.toggled.connect(lambda *_: self.update_preview())
        self.max_button.clicked.connect(self.fill_max)
        self.submit.clicked.connect(self.place)
        self._shown_lines: tuple = ()  # what previewChanged last said
        self.when_shown = WhenShown(self)
        session.changed.connect(self._on_change)
        self.set_market(self.market)

    # -- reading the form ------------------------------------------------------------------------
    @property
    def side(self) -> Side:
        return Side.BID if self.buy_side.isChecked() else Side.ASK

    @property
    def order_type(self) -> OrderType:
        return OrderType.LIMIT if self.limit_kind.isChecked() else OrderType.MARKET

    def _rules(self):
        return self.session.parameters.markets[self.market]

    def limit_price(self) -> Decimal | None:
        return read_decimal(self.price.text()) if self.order_type == OrderType.LIMIT else None

    def mark(self) -> Decimal:
        rules, marks = self._rules(), self.session.state.marks
        return marks[rules.base] / marks[rules.quote]

    # -- reacting ----------------------------------------------------------------------------------
    def set_market(self, symbol: str) -> None:
        self.market = symbol
        rules = self._rules()
        self.title.setText(f"Spot — {rules.base}/{rules.quote}")
        self.price_label.setText(f"Price ({rules.quote})")
        self.quantity_label.setText(f"Quantity ({rules.base})")
        self.price.setText(self.session.formats.price(symbol, self.mark().quantize(rules.tick_size)).replace(",", ""))
        self._sides_changed()

    def _sides_changed(self) -> None:
        rules = self._rules()
        word = "Buy" if self.side == Side.BID else "Sell"
        self.submit.setText(f"{word} {rules.base}")
        self.submit.setAccessibleName(word)
        name = "submitBuy" if self.side == Side.BID else "submitSell"
        if self.submit.objectName() != name:
            self.submit.setObjectName(name)
            self.submit.style().unpolish(self.submit)
            self.submit.style().polish(self.submit)
        self.update_preview()

    def _kind_changed(self) -> None:
        market_order = self.order_type == OrderType.MARKET
        self.price.setEnabled(not market_order)
        if market_order:
            self.price.setPlaceholderText("at market")
        self.update_preview()

    def _on_change(self, change: Change) -> None:
        if change.opened:  # the same market on the other account: its price and figures
            self.when_shown.run("market", lambda: self.set_market(self.market))
        elif change.state:
            self.when_shown.run("preview", self.update_preview)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.when_shown.catch_up()

    def show_message(self, text: str, refused: bool = True) -> None:
        set_message(self.message, text, "refusal" if refused else "done")

    def update_preview(self, *_args) -> None:
        rules = self._rules()
        formats = self.session.formats
        paying = rules.quote if self.side == Side.BID else rules.base
        set_figure(
            self.details["available"],
            f"{formats.quantity(paying, self.session.state.account.balance(paying).available)} {paying}",
        )
        set_figure(self.details["equity"], f"{usd(self.session.valuation.net_equity_available)} USD")
        quantity, price = read_decimal(self.quantity.text()), self.limit_price()
        reference = price if price is not None else self.mark()
        self.total.setText(
            DASH
            if quantity is None or reference is None
            else f"{formats.price(self.market, quantity * reference)} {rules.quote}"
        )
        figures, liquidation, message = self._preview(quantity, price)
        for key in ("borrow", "imr", "liquidation"):
            set_figure(self.details[key], figures.get(key, DASH))
        self.show_message(message)
        self._lines(price, liquidation)

    def _preview(self, quantity: Decimal | None, price: Decimal | None) -> tuple[dict, Decimal | None, str]:
        """The order's figures, its estimated liquidation price on the chart, and what stops it."""
        if quantity is None or quantity <= 0:
            return {}, None, ""
        if self.order_type == OrderType.LIMIT and price is None:
            return {}, None, "Enter a limit price."
        shown = self.session.preview_order(
            self.market, self.side, self.order_type, quantity, price, self.margin.isChecked()
        )
        if not shown.accepted:
            return {}, None, f"{shown.refusal.message} ({shown.refusal.code})"
        rules, formats = self._rules(), self.session.formats
        borrows = ", ".join(f"{formats.quantity(s, q)} {s}" for s, q in shown.new_borrows.items()) or "none"
        liquidation = shown.liquidation_prices_after.get(rules.base)
        figures = {
            "borrow": borrows,
            "imr": percent(shown.after.imr),
            "liquidation": DASH if liquidation is None else f"{formats.price(rules.base, liquidation)} USD",
        }
        # The chart is in the market's quote: USD per quote unit.
        return figures, None if liquidation is None else liquidation / self.session.state.marks[rules.quote], ""

    @property
    def order_lines(self) -> tuple[Decimal | None, Decimal | None]:
        """The limit price and estimated liquidation price the chart should draw (None: no line)."""
        return self._shown_lines or (None, None)

    def _lines(self, price: Decimal | None, liquidation: Decimal | None) -> None:
        """Tell the price chart where the order's lines are, when they moved."""
        if (price, liquidation) != self._shown_lines:
            self._shown_lines = (price, liquidation)
            self.previewChanged.emit(price, liquidation)

    def fill_max(self) -> None:
        price = self.limit_price()
        if self.order_type == OrderType.LIMIT and price is None:
            self.show_message("Enter a limit price first.")
            return
        most = self.session.max_order_quantity(self.market, self.side, price, self.margin.isChecked())
        self.quantity.setText(format(most.normalize(), "f") if most else "0")
        self.update_preview()

    def place(self) -> None:
        quantity, price = read_decimal(self.quantity.text()), self.limit_price()
        if quantity is None or quantity <= 0:
            self.show_message("Enter a quantity above 0.")
            return
        if self.order_type == OrderType.LIMIT and price is None:
            self.show_message("Enter a limit price.")
            return
        margin = self.margin.isChecked()
        at_fill = self.session.preview_order(self.market, self.side, self.order_type, quantity, price, margin)
        outcome = self.session.place_order(self.market, self.side, self.order_type, quantity, price, margin)
        if not outcome.accepted:
            self.show_message(f"{outcome.refusal.message} ({outcome.refusal.code})")
            return
        placed = next(e for e in outcome.events if e.type == EventType.ORDER_PLACED)
        filled = any(e.type == EventType.FILL for e in outcome.events)
        self.quantity.clear()
        self.update_preview()
        self.show_message(self.placed_text(placed.order_id, filled, price, at_fill.new_borrows), refused=False)
        self.orderPlaced.emit(placed.order_id)

    def placed_text(self, order_id: str, filled: bool, price: Decimal | None, borrows: dict[str, Decimal]) -> str:
        """A fill says so; a resting order says it rests, at what price, and what it borrows when it fills."""
        if filled:
            return f"Order {order_id} filled."
        formats, quote = self.session.formats, self._rules().quote
        text = f"Order {order_id} rests on the book at {formats.price(self.market, price)} {quote}"
        if borrows:
            owed = ", ".join(f"{formats.quantity(s, q)} {s}" for s, q in borrows.items())
            return f"{text}; when it fills it borrows {owed} (entry fee included)."
        return f"{text}; nothing is borrowed when it fills."
