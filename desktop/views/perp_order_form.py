"""The Futures order form (MARGIN_MODEL.md §10): Buy/Long and Sell/Short, Limit/Market, price,
quantity in the base or as a USDC amount, Max, Reduce only, and under it — as the trader types — the
position after the order, the fee, the margin fraction and IMR after and the estimated liquidation
price after. No Margin box: a perp is always in the cross margin, which borrows USDC for its fees
and losses.

Keyboard as the Spot form: Enter places the order (on a button, presses it); Esc clears the quantity."""

from __future__ import annotations

import operator
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..engine.vocabulary import SETTLEMENT_ASSET, OrderType, Side
from ..models.change import Change
from ..models.perp_preview import PerpPreview, PreviewAhead, quantity_for_amount
from ..models.session import Session
from ..text.formatting import DASH, places_of
from ..text.perp_words import perp_name, perp_refusal_text, position_text, size_text
from ..text.tips import tip
from .partials.figures import show_value
from .partials.inputs import DecimalInput, field_with_note
from .partials.order_keys import answer_order_keys
from .partials.restyle import set_message, set_style_property
from .partials.updates import WhenShown
from .perp_form_actions import PerpFormActions
from .perp_preview_box import PerpPreviewBox


class PerpOrderForm(PerpFormActions, QFrame):
    orderPlaced = Signal(str)  # the order id
    previewChanged = Signal(object, object)  # limit price, estimated liquidation price after (None: none)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.market = next(iter(session.parameters.perps), "")
        self.setObjectName("orderForm")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Futures order")
        layout = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setObjectName("panelTitle")
        layout.addWidget(self.title)

        sides = QHBoxLayout()
        self.long_side = QPushButton("Buy / Long", checkable=True, checked=True)
        self.short_side = QPushButton("Sell / Short", checkable=True)
        self.long_side.setObjectName("buySide")
        self.short_side.setObjectName("sellSide")
        self.long_side.setAccessibleName("Buy / Long side")
        self.short_side.setAccessibleName("Sell / Short side")
        self.side_group = QButtonGroup(self)
        for button in (self.long_side, self.short_side):
            self.side_group.addButton(button)
            sides.addWidget(button)
        layout.addLayout(sides)

        # Reduce only shares the order-type row, so the figures under the form fit a 700 px screen.
        self.reduce_only = QCheckBox("Reduce only")
        self.reduce_only.setAccessibleName("Reduce only")
        self.reduce_only.setToolTip(tip("Only takes from the position: the other side, no larger than the position"))
        kinds = QHBoxLayout()
        self.limit_kind = QRadioButton("Limit", checked=True)
        self.market_kind = QRadioButton("Market")
        self.limit_kind.setAccessibleName("Limit")
        self.market_kind.setAccessibleName("Market")
        kinds.addWidget(self.limit_kind)
        kinds.addWidget(self.market_kind)
        kinds.addStretch(1)
        kinds.addWidget(self.reduce_only)
        layout.addLayout(kinds)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.price = DecimalInput("Price")
        self.quantity = DecimalInput("Quantity")
        self.unit = QComboBox()
        self.unit.setAccessibleName("Quantity unit")
        self.unit.setToolTip("Type the quantity in the base asset, or as an amount of USDC")
        self.max_button = QPushButton("Max")
        self.max_button.setAccessibleName("Max")
        self.max_button.setToolTip(
            tip("The largest quantity this order can have, fees included (reduce-only: the position)")
        )
        self.max_button.setAutoDefault(False)
        self.price_label = QLabel(f"Price ({SETTLEMENT_ASSET})")
        form.addRow(self.price_label, field_with_note(self.price))
        form.addRow("Quantity", field_with_note(self.quantity, self.unit, self.max_button))
        self.converted = QLabel(DASH)
        self.converted.setAccessibleName("Order size")
        self.converted.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.addRow("Size", self.converted)
        self.form_rows = form  # the Size row shows only for a USDC amount (a size in the base says itself)
        form.setRowVisible(self.converted, False)
        layout.addLayout(form)

        self.submit = QPushButton("Buy / Long")
        self.submit.setObjectName("submitBuy")
        self.submit.setAccessibleName("Buy / Long")
        self.submit.setMinimumHeight(36)
        layout.addWidget(self.submit)

        self.preview_box = PerpPreviewBox()
        self.details = self.preview_box.details
        layout.addWidget(self.preview_box)

        self.message = QLabel()
        self.message.setObjectName("refusal")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Order message")
        self.message.hide()
        layout.addWidget(self.message)
        layout.addStretch(1)

        self.reported = False  # an order's result stays in sight until the trader edits the form
        self.reported_position = Decimal(0)
        self.shown: PerpPreview | None = None
        self._last_preview: tuple[tuple, str, PerpPreview] | None = None  # see _previewed
        # The order typed, previewed on the tick worker at each played tick (the GUI thread shows it).
        self.ahead = PreviewAhead()
        self._asked: tuple | None = None
        session.tick_warmers.append(self.ahead)
        self.destroyed.connect(lambda *_, ahead=self.ahead, warmers=session.tick_warmers: warmers.remove(ahead))
        self._shown_lines: tuple = ()
        # The last preview had no quantity, and neither field changed since (a programmatic change too).
        self._nothing_typed = False
        for field in (self.quantity, self.price):
            field.textChanged.connect(self._typing)
        for signal in (self.price.textEdited, self.quantity.textEdited):
            signal.connect(self._edited)
        self.side_group.buttonToggled.connect(lambda *_: self._sides_changed())
        self.limit_kind.toggled.connect(lambda *_: self._kind_changed())
        self.reduce_only.toggled.connect(self._edited)
        self.unit.currentIndexChanged.connect(self._unit_changed)
        self.max_button.clicked.connect(self.fill_max)
        self.submit.clicked.connect(self.place)
        order = [self.long_side, self.short_side, self.limit_kind, self.market_kind, self.reduce_only, self.price]
        order += [self.quantity, self.unit, self.max_button, self.submit]
        for earlier, later in zip(order, order[1:]):
            QWidget.setTabOrder(earlier, later)
        self.when_shown = WhenShown(self)
        session.changed.connect(self._on_change)
        if self.market:
            self.set_market(self.market)

    # -- reading the form ------------------------------------------------------------------------
    @property
    def side(self) -> Side:
        return Side.BID if self.long_side.isChecked() else Side.ASK

    @property
    def order_type(self) -> OrderType:
        return OrderType.LIMIT if self.limit_kind.isChecked() else OrderType.MARKET

    @property
    def in_quote(self) -> bool:
        return self.unit.currentIndex() == 1

    def _rules(self):
        return self.session.parameters.perps[self.market]

    def limit_price(self) -> Decimal | None:
        return self.price.value() if self.order_type == OrderType.LIMIT else None

    def order_quantity(self) -> Decimal | None:
        """The quantity in the base: as typed, or the USDC amount at the price, down to the step."""
        return self._order_quantity(self.quantity.value(), self.limit_price())

    def _order_quantity(self, typed: Decimal | None, price: Decimal | None) -> Decimal | None:
        if typed is None or not self.in_quote:
            return typed
        if self.order_type == OrderType.LIMIT and price is None:
            return None
        state, parameters = self.session.state, self.session.parameters
        return quantity_for_amount(state, parameters, self.market, self.side, price, typed)

    def size_text(self, quantity: Decimal) -> str:
        return size_text(self._rules(), quantity)

    def position_text(self, quantity: Decimal) -> str:
        return position_text(self._rules(), quantity)

    # -- reacting ----------------------------------------------------------------------------------
    def set_market(self, symbol: str) -> None:
        self.market = symbol
        rules = self._rules()
        self.title.setText(f"Futures — {perp_name(rules)}")
        self.price.set_precision(places_of(rules.tick_size), f"a {perp_name(rules)} price")
        self.unit.blockSignals(True)
        index = self.unit.currentIndex()
        self.unit.clear()
        self.unit.addItems([rules.base, SETTLEMENT_ASSET])
        self.unit.setCurrentIndex(max(index, 0))
        self.unit.blockSignals(False)
        self._quantity_precision()
        mark = self.session.state.marks[rules.base]
        self.price.set_value(mark.quantize(rules.tick_size))
        self.preview_box.show_market(rules)
        self._sides_changed()

    def _quantity_precision(self) -> None:
        rules = self._rules()
        if self.in_quote:
            self.quantity.set_precision(self.session.formats.places(SETTLEMENT_ASSET), SETTLEMENT_ASSET)
        else:
            self.quantity.set_precision(places_of(rules.step_size), rules.base)

    def _unit_changed(self, *_args) -> None:
        self.form_rows.setRowVisible(self.converted, self.in_quote)
        self.quantity.clear()
        self._quantity_precision()
        self._edited()

    def _sides_changed(self) -> None:
        long = self.side == Side.BID
        word = "Buy / Long" if long else "Sell / Short"
        self.submit.setText(f"{word} {self._rules().base}")
        self.submit.setAccessibleName(word)
        set_style_property(self.submit, "side", "buy" if long else "sell")
        name = "submitBuy" if long else "submitSell"
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
        if not self.market:
            return
        if change.opened:
            self.when_shown.run("market", lambda: self.set_market(self.market))
        elif change.state:
            if self.reported and self._held() != self.reported_position:
                self.show_message("")  # "Position: −30.00 SOL (short)" stood beside "Position none" after a Close
            self.when_shown.run("preview", self._follow)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.when_shown.catch_up()
        if self._asked is not None:  # previewed ahead again while in sight (the catch-up may not preview)
            self.ahead.ask(self.session.parameters, self._asked)

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self.ahead.ask(self.session.parameters, None)  # out of sight: the worker previews nothing

    def keyPressEvent(self, event) -> None:
        if not answer_order_keys(self, event):
            super().keyPressEvent(event)

    def clear(self) -> None:
        """Esc: the quantity and the message go; the market, side and price stay."""
        self.quantity.clear()
        self.show_message("")
        self.update_preview()

    def _held(self) -> Decimal:
        position = self.session.state.account.positions.get(self.market)
        return position.net_quantity if position is not None else Decimal(0)

    def show_message(self, text: str, refused: bool = True, code: str = "") -> None:
        self.reported = bool(text) and not refused
        self.reported_position = self._held()  # the position the message speaks of
        set_message(self.message, text, "refusal" if refused else "done", code)

    def _edited(self, *_args) -> None:
        self.reported = False
        self.update_preview()

    # -- the preview -------------------------------------------------------------------------------
    def _typing(self, *_args) -> None:
        self._nothing_typed = False  # the next tick previews in full

    def _follow(self) -> None:
        """After a tick: an order typed in is previewed again (the engine's what-if at the new prices); in a
        form without one, only the position and the available equity can have moved."""
        if not self._nothing_typed:
            self.update_preview()
            return
        self.preview_box.show_now(self._rules(), self._held(), self.session.valuation)
        if not self.reported and self.message.text():  # as a full preview does: a form's refusal goes
            self.show_message("")

    def update_preview(self, *_args) -> None:
        typed = self.quantity.value()  # each field read once: a tick previews again while an order is typed
        self._nothing_typed = typed is None  # then a tick has only the figures now to follow
        session = self.session
        rules = self._rules()
        position = session.state.account.positions.get(self.market)
        held = position.net_quantity if position is not None else Decimal(0)
        self.preview_box.show_now(rules, held, session.valuation)
        price = self.limit_price()
        quantity = self._order_quantity(typed, price)
        show_value(self.converted, (rules, quantity), self._size_or_dash)
        self._asked = None  # set by _previewed when there is an order to preview
        shown, message, code = self._preview(typed, quantity, price)
        self.ahead.ask(session.parameters, self._asked)
        if shown is not self.shown:
            self.shown = shown
            self.preview_box.show_after(rules, shown, session.formats)
        if message:
            self.reported = False
            set_message(self.message, message, "refusal", code)
        elif not self.reported:
            self.show_message("")
        liquidation = shown.liquidation_after if shown is not None and shown.accepted else None
        lines = (price, liquidation)
        if lines != self._shown_lines:
            self._shown_lines = lines
            self.previewChanged.emit(*lines)

    @property
    def order_lines(self) -> tuple[Decimal | None, Decimal | None]:
        return self._shown_lines or (None, None)

    @staticmethod
    def _size_or_dash(shown: tuple) -> str:
        rules, quantity = shown
        return DASH if quantity is None else size_text(rules, quantity)

    def _preview(
        self, typed: Decimal | None, quantity: Decimal | None, price: Decimal | None
    ) -> tuple[PerpPreview | None, str, str]:
        if typed is None or typed <= 0:
            return None, "", ""
        if self.order_type == OrderType.LIMIT and price is None:
            return None, "" if self.price.problem() else "Enter a limit price.", ""
        if not quantity:
            step = self._rules().step_size
            return None, f"That amount is less than one step ({self.size_text(step)}) at this price.", ""
        shown = self._previewed(quantity, price)
        if not shown.accepted:
            return shown, self.refusal_words(shown.refusal), shown.refusal.code
        return shown, "", ""

    def _previewed(self, quantity: Decimal, price: Decimal | None) -> PerpPreview:
        """The engine's preview, worked out again only when the order or what it is judged against (the
        account, the marks, the open orders, the pools) is another object than last time: a tick that
        moved none of them, or a second call for the same form and state, reuses the last one."""
        state, parameters = self.session.state, self.session.parameters
        order = (self.market, self.side, self.order_type, quantity, price, self.reduce_only.isChecked())
        self._asked = order
        read = (state.account, state.marks, state.orders, state.pools, parameters)
        written = repr(order)  # the Decimals to the digit: 5 and 5.0 are not told as the same order
        last = self._last_preview
        if last is not None and last[1] == written and all(map(operator.is_, last[0], read)):
            return last[2]
        shown = self.ahead.ready(state, parameters, order) or self.session.preview_perp_order(*order)
        self._last_preview = (read, written, shown)
        return shown

    def refusal_words(self, refusal) -> str:
        position = self.session.state.account.positions.get(self.market)
        return perp_refusal_text(refusal, self._rules(), position.net_quantity if position is not None else Decimal(0))
