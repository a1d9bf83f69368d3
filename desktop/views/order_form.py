"""The Spot order form: Buy/Sell, Limit/Market, price, quantity, Max, total, the Buy button with the
Margin box below it, and the available equity and margin this order would leave, as the trader types.

Keyboard: Tab goes side → order type → price → quantity → Max → Buy → Margin; Enter places the
order (on a button, it presses it); Esc clears the quantity and the message."""

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
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..engine.vocabulary import EventType, OrderType, Side
from ..models.change import Change
from ..models.session import Session
from ..text.formatting import DASH, percent, places_of, usd
from ..text.order_results import spot_order_result
from ..text.refusals import refusal_text
from ..text.tips import tip
from . import help_texts
from .order_preview import after_figures
from .partials.figures import RIGHT, set_figure, show_value
from .partials.inputs import DecimalInput, field_with_note
from .partials.order_keys import answer_order_keys
from .partials.restyle import set_message, show_refusal
from .partials.updates import WhenShown
from .risk.safety import confirm_if_dangerous


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
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.price = DecimalInput("Price")
        self.quantity = DecimalInput("Quantity")
        self.max_button = QPushButton("Max")
        self.max_button.setAccessibleName("Max")
        self.max_button.setToolTip("The largest quantity this order can have, margin and fees included")
        self.max_button.setAutoDefault(False)
        self.total = QLabel(DASH)
        self.total.setAccessibleName("Total")
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.price_label = QLabel("Price")
        self.quantity_label = QLabel("Quantity")
        form.addRow(self.price_label, field_with_note(self.price))
        form.addRow(self.quantity_label, field_with_note(self.quantity, self.max_button))
        form.addRow("Total", self.total)
        layout.addLayout(form)

        self.submit = QPushButton("Buy")
        self.submit.setObjectName("submitBuy")
        self.submit.setAccessibleName("Buy")
        self.submit.setMinimumHeight(36)
        layout.addWidget(self.submit)
        self.margin = QCheckBox("Margin")
        self.margin.setAccessibleName("Margin")
        self.margin.setToolTip(tip(help_texts.MARGIN_BOX))
        layout.addWidget(self.margin)

        details = QFrame()
        details.setObjectName("marginDetails")
        grid = QGridLayout(details)
        grid.setContentsMargins(0, 4, 0, 0)
        self.details: dict[str, QLabel] = {}
        for row, (key, caption, explanation) in enumerate(
            [
                ("available", "Balance", "What the account holds of the asset this order pays with"),
                ("equity", "Available equity", help_texts.AVAILABLE),
                ("borrow", "Borrow", "What this order would borrow (with the entry fee for the rest of the hour)"),
                ("entry_fee", "Entry fee", "Interest for the rest of the hour on the new borrow, borrowed with it"),
                ("rate", "Borrow rate (APR)", "The pool's borrow rate now for the asset this order borrows"),
                ("margin_fraction", "Margin fraction after", help_texts.MARGIN_FRACTION),
                ("imr", "IMR after", help_texts.IMR),
                (
                    "liquidation",
                    "Est. liquidation price",
                    "Where the account would be liquidated after this order, the other prices unchanged",
                ),
            ]
        ):
            label = QLabel(caption)
            label.setToolTip(tip(explanation))
            value = QLabel(DASH)
            value.setObjectName(f"detail_{key}")
            value.setAutoFillBackground(True)  # opaque: a tick's new figure repaints the label, not the form
            value.setAccessibleName(caption)
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(label, row, 0)
            grid.addWidget(value, row, 1, RIGHT)
            self.details[key] = value
        layout.addWidget(details)

        self.note = QLabel()  # a resting order's terms, or that it could never fill
        self.note.setObjectName("refusal")
        self.note.setWordWrap(True)
        self.note.setAccessibleName("Order note")
        self.note.hide()
        layout.addWidget(self.note)
        self.message = QLabel()
        self.message.setObjectName("refusal")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Order message")
        self.message.hide()
        layout.addWidget(self.message)
        layout.addStretch(1)

        self.reported = False  # an order's result stays in sight until the trader edits the form
        for signal in (self.price.textEdited, self.quantity.textEdited):
            signal.connect(self._edited)
        self.side_group.buttonToggled.connect(lambda *_: self._sides_changed())
        self.limit_kind.toggled.connect(lambda *_: self._kind_changed())
        self.margin.toggled.connect(lambda *_: self.update_preview())
        self.max_button.clicked.connect(self.fill_max)
        self.submit.clicked.connect(self.place)
        for earlier, later in zip(self._tab_order(), self._tab_order()[1:]):
            QWidget.setTabOrder(earlier, later)
        self._shown_lines: tuple = ()  # what previewChanged last said
        self._note: tuple[str, str] = ("", "")  # the preview's note and its kind
        # The last preview had no quantity, and neither field changed since (a programmatic change too).
        self._nothing_typed = False
        for field in (self.quantity, self.price):
            field.textChanged.connect(self._typing)
        self.risk = None  # the window's RiskWatch: Max's safety buffer, and asking before Danger
        self.question = None  # the Danger question while it is open
        self.when_shown = WhenShown(self)
        session.changed.connect(self._on_change)
        self.set_market(self.market)

    def _tab_order(self) -> list[QWidget]:
        return [
            self.buy_side,
            self.sell_side,
            self.limit_kind,
            self.market_kind,
            self.price,
            self.quantity,
            self.max_button,
            self.submit,
            self.margin,
        ]

    def keyPressEvent(self, event) -> None:
        if not answer_order_keys(self, event):
            super().keyPressEvent(event)

    def clear(self) -> None:
        """Esc: the quantity and the message go; the market, side and price stay."""
        self.quantity.clear()
        self.show_message("")
        self.update_preview()

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
        return self.price.value() if self.order_type == OrderType.LIMIT else None

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
        self.price.set_precision(places_of(rules.tick_size), f"a {rules.base}/{rules.quote} price")
        self.quantity.set_precision(places_of(rules.step_size), rules.base)
        self.price.set_value(self.mark().quantize(rules.tick_size))
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
        if change.history and self.reported:  # the order's result stops being news once anything else happened
            self.reported = False
            self.show_message("")
        if change.opened:  # the same market on the other account: its price and figures
            self.when_shown.run("market", lambda: self.set_market(self.market))
        elif change.state:
            self.when_shown.run("preview", self._follow)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.when_shown.catch_up()

    def show_message(self, text: str, refused: bool = True) -> None:
        self.reported = bool(text) and not refused
        set_message(self.message, text, "refusal" if refused else "done")

    def _edited(self, *_args) -> None:
        self.reported = False  # the trader moved on from the last order's result
        self.update_preview()

    def _typing(self, *_args) -> None:
        self._nothing_typed = False  # the next tick previews in full

    def _follow(self) -> None:
        """After a tick: an order typed in is previewed again (the engine's what-if at the new prices); in a
        form without one, only the balance, equity and rate can have moved, and are written when they did."""
        if not self._nothing_typed:
            self.update_preview()
            return
        self._show_holdings(self._rules())
        if not self.reported and self.message.text():  # as a full preview does: a form's refusal goes
            self.show_message("")

    def _show_holdings(self, rules) -> None:
        """The balance paid with, the available equity and (with Margin) the borrow rate."""
        formats, session = self.session.formats, self.session
        paying = rules.quote if self.side == Side.BID else rules.base
        show_value(
            self.details["available"],
            (formats, paying, session.state.account.balance(paying).available),
            lambda shown: f"{shown[0].quantity(shown[1], shown[2])} {shown[1]}",
        )
        show_value(self.details["equity"], session.valuation.net_equity_available, lambda equity: f"{usd(equity)} USD")
        borrowing = paying if self.margin.isChecked() else None
        show_value(self.details["rate"], None if borrowing is None else session.borrow_apr(borrowing), percent)

    def update_preview(self, *_args) -> None:
        rules = self._rules()
        formats = self.session.formats
        self._show_holdings(rules)
        quantity, price = self.quantity.value(), self.limit_price()
        self._nothing_typed = quantity is None  # then a tick has only the holdings to follow
        reference = price if price is not None else self.mark()
        self.total.setText(
            DASH
            if quantity is None or reference is None
            else f"{formats.quantity(rules.quote, quantity * reference)} {rules.quote}"
        )
        self._note = ("", "")
        figures, liquidation, message, code = self._preview(quantity, price)
        set_message(self.note, self._note[0], self._note[1] or "note")
        for key in ("borrow", "entry_fee", "margin_fraction", "imr", "liquidation"):
            set_figure(self.details[key], figures.get(key, DASH))
        if message:
            self.reported = False
            set_message(self.message, message, "refusal", code)
        elif not self.reported:  # an order's result stays until the form is edited
            self.show_message("")
        self._lines(price, liquidation)

    def _preview(self, quantity: Decimal | None, price: Decimal | None) -> tuple[dict, Decimal | None, str, str]:
        """The order's figures, its estimated liquidation price on the chart, what stops it and the
        refusal's code."""
        if quantity is None or quantity <= 0:
            return {}, None, "", ""
        if self.order_type == OrderType.LIMIT and price is None:
            return {}, None, "" if self.price.problem() else "Enter a limit price.", ""
        shown = self.session.preview_order(
            self.market, self.side, self.order_type, quantity, price, self.margin.isChecked()
        )
        if not shown.accepted:
            return {}, None, refusal_text(shown.refusal), shown.refusal.code
        figures, line, self._note = after_figures(self.session, self._rules(), price, shown)
        return figures, line, "", ""

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
        margin = self.margin.isChecked()
        most = self.session.max_order_quantity(self.market, self.side, price, margin)
        if self.risk is not None:  # within the account's safety buffer, if it keeps one
            most = self.risk.buffered(
                most,
                lambda q: self.session.preview_order(self.market, self.side, self.order_type, q, price, margin),
                self._rules().step_size,
            )
        self.quantity.set_value(most)
        self.update_preview()

    def place(self) -> None:
        quantity, price = self.quantity.value(), self.limit_price()
        if self.quantity.problem() or (self.order_type == OrderType.LIMIT and self.price.problem()):
            field = self.quantity if self.quantity.problem() else self.price
            self.show_message(f"{field.accessibleName()}: {field.problem()}.")
            field.setFocus()
            return
        if quantity is None or quantity <= 0:
            self.show_message("Enter a quantity above 0.")
            return
        if self.order_type == OrderType.LIMIT and price is None:
            self.show_message("Enter a limit price.")
            return
        margin = self.margin.isChecked()
        at_fill = self.session.preview_order(self.market, self.side, self.order_type, quantity, price, margin)
        self.question = confirm_if_dangerous(
            self, self.risk, at_fill, "order", lambda: self._commit(quantity, price, margin, at_fill)
        )

    def _commit(self, quantity: Decimal, price: Decimal | None, margin: bool, at_fill) -> None:
        outcome = self.session.place_order(self.market, self.side, self.order_type, quantity, price, margin)
        if not outcome.accepted:
            show_refusal(self.message, outcome.refusal)
            return
        placed = next(e for e in outcome.events if e.type == EventType.ORDER_PLACED)
        filled = any(e.type == EventType.FILL for e in outcome.events)
        self.quantity.clear()
        self.update_preview()
        said = spot_order_result(
            self.session.formats, self.market, self._rules().quote, placed.order_id, filled, price, at_fill.new_borrows
        )
        self.show_message(said, refused=False)
        self.orderPlaced.emit(placed.order_id)
