"""What the Futures order form does when pressed: Max fills in the largest quantity the order can
have, the submit button places the order and says what came of it. Kept apart from the form's
building and preview (``perp_order_form``), whose fields and preview these read."""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal

from ..engine.vocabulary import SETTLEMENT_ASSET, EventType, OrderType
from ..models.perp_preview import reference_price
from ..text.order_results import perp_order_result
from ..text.perp_words import perp_name


class PerpFormActions:
    """Max and Place, mixed into ``PerpOrderForm``."""

    def fill_max(self) -> None:
        price = self.limit_price()
        if self.order_type == OrderType.LIMIT and price is None:
            self.show_message("Enter a limit price first.")
            return
        reduce_only = self.reduce_only.isChecked()
        most = self.session.max_order_quantity(self.market, self.side, price, False, reduce_only)
        if not most:
            if reduce_only:
                self.show_message(
                    f"Reduce only: there is no {perp_name(self._rules())} position on this side to reduce."
                )
            else:
                self.show_message("Max is 0: the account has no available equity for one step of this market.")
            return
        if self.in_quote:
            state, parameters = self.session.state, self.session.parameters
            amount = most * reference_price(state, parameters, self.market, self.side, price)
            cents = Decimal(1).scaleb(-self.session.formats.places(SETTLEMENT_ASSET))
            self.quantity.set_value(amount.quantize(cents, rounding=ROUND_CEILING))
            if self.order_quantity() != most:  # the amount rounded up to a cent must not buy a step more
                self.quantity.set_value(amount.quantize(cents))
        else:
            self.quantity.set_value(most)
        self._edited()

    def place(self) -> None:
        for field in (self.quantity, self.price):
            if field.problem() and (field is self.quantity or self.order_type == OrderType.LIMIT):
                self.show_message(f"{field.accessibleName()}: {field.problem()}.")
                field.setFocus()
                return
        quantity, price = self.order_quantity(), self.limit_price()
        if self.order_type == OrderType.LIMIT and price is None:
            self.show_message("Enter a limit price.")
            return
        if not quantity or quantity <= 0:
            self.show_message("Enter a quantity above 0.")
            return
        reduce_only = self.reduce_only.isChecked()
        outcome = self.session.place_perp_order(self.market, self.side, self.order_type, quantity, price, reduce_only)
        if not outcome.accepted:
            self.show_message(self.refusal_words(outcome.refusal), code=outcome.refusal.code)
            return
        placed = next(e for e in outcome.events if e.type == EventType.ORDER_PLACED)
        fill = next((e for e in outcome.events if e.type == EventType.FILL and e.symbol == self.market), None)
        self.quantity.clear()
        self.update_preview()
        self.show_message(self._result(placed.order_id, fill, price), refused=False)
        self.orderPlaced.emit(placed.order_id)

    def _result(self, order_id: str, fill, price: Decimal | None) -> str:
        position = self.session.state.account.positions.get(self.market)
        now = self.position_text(position.net_quantity if position is not None else Decimal(0))
        size = "" if fill is None else self.size_text(fill.quantity)
        return perp_order_result(self.session.formats, self.market, order_id, fill, price, size, now)
