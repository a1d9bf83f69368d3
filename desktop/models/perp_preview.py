"""What a prospective perp order would do (MARGIN_MODEL.md §10), for the Futures order form: the
position after it, its fee, the margin fraction and IMR after, and the estimated liquidation price of
its base after — computed by the engine on a copy of the account; nothing is stored.

A market order (or a limit priced through the market) is shown as its fill. A resting limit order is
valued as it rests (its worst-case size counted as exposure, §10 precision 3), and its position and
fee are the ones it would have at its fill, at its own price, with the maker fee."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

from ..engine import AccountState, MarginParameters, Position
from ..engine.account_figures import AccountFigures
from ..engine.perp_orders import place_perp_order, touch_price
from ..engine.preview import preview
from ..engine.records import dataclass
from ..engine.state import Refusal
from ..engine.valuation import AccountValuation, value_account
from ..engine.vocabulary import EventType, Side
from .worked_ahead import WorkedAhead

ZERO = Decimal(0)


@dataclass(frozen=True)
class PerpPreview:
    refusal: Refusal | None
    fills_now: bool = False  # a market order, or a limit through the market
    price: Decimal | None = None  # where it fills (market: the touch price; limit: its own)
    position_before: Decimal = ZERO  # signed: long > 0, short < 0
    position_after: Decimal = ZERO  # at its fill
    entry_after: Decimal | None = None  # the entry price of the position after a fill now
    fee: Decimal = ZERO  # USDC, at the fill
    notional: Decimal = ZERO  # quantity × price, USDC
    after: AccountValuation | None = None
    liquidation_after: Decimal | None = None  # the base's estimated liquidation price (USD)

    @property
    def accepted(self) -> bool:
        return self.refusal is None


def held(state: AccountState, symbol: str) -> Decimal:
    position: Position | None = state.account.positions.get(symbol)
    return position.net_quantity if position is not None else ZERO


def reference_price(
    state: AccountState, parameters: MarginParameters, symbol: str, side: str, price: Decimal | None
) -> Decimal:
    """The limit price, or for a market order the price it would fill at now (the mark ± half-spread)."""
    if price is not None:
        return price
    return touch_price(parameters, state.marks[parameters.perps[symbol].base], side)


def quantity_for_amount(
    state: AccountState, parameters: MarginParameters, symbol: str, side: str, price: Decimal | None, amount: Decimal
) -> Decimal:
    """The quantity (down to the market's step) a quote amount in USDC buys or sells at the price."""
    step = parameters.perps[symbol].step_size
    reference = reference_price(state, parameters, symbol, side, price)
    return (amount / reference / step).to_integral_value(rounding=ROUND_DOWN) * step


def perp_order_preview(
    state: AccountState,
    parameters: MarginParameters,
    symbol: str,
    side: str,
    order_type: str,
    quantity: Decimal,
    price: Decimal | None,
    reduce_only: bool,
    before: AccountValuation | None = None,
) -> PerpPreview:
    """``before``: the valuation of ``state`` when the caller has it (a form previews at every tick)."""
    if before is None:
        before = value_account(state.account, parameters, state.marks)
    # The order's checks value the state before it too: given the caller's valuation, not worked out again.
    outcome = place_perp_order(state, parameters, symbol, side, order_type, quantity, price, reduce_only, before)
    if not outcome.accepted:
        return PerpPreview(outcome.refusal)
    shown = preview(state, outcome, parameters, before)
    now = held(state, symbol)
    fill = next((e for e in outcome.events if e.type == EventType.FILL and e.symbol == symbol), None)
    base = parameters.perps[symbol].base
    liquidation = shown.liquidation_prices_after.get(base)
    if fill is not None:
        after = held(outcome.state, symbol)
        position = outcome.state.account.positions.get(symbol)
        return PerpPreview(
            None,
            True,
            fill.price,
            now,
            after,
            position.entry_price if position is not None else None,
            Decimal(str(fill.details.get("fee", "0"))),
            fill.quantity * fill.price,
            shown.after,
            liquidation,
        )
    filled = min(quantity, abs(now)) if reduce_only else quantity
    change = filled if side == Side.BID else -filled
    fee = filled * price * parameters.assumptions.futures_maker_fee
    return PerpPreview(None, False, price, now, now + change, None, fee, quantity * price, shown.after, liquidation)


class PreviewAhead(WorkedAhead):
    """The Futures form's order previewed on the tick worker from each new state's figures.

    ``ask`` (GUI thread) names the order, or None; the worker previews it from the figures it has just
    worked out; ``ready`` gives it back only for that very state and order."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: tuple[MarginParameters, tuple, str] | None = None

    def ask(self, parameters: MarginParameters, order: tuple | None) -> None:
        """``order``: (symbol, side, order type, quantity, price, reduce only), as ``perp_order_preview``."""
        if order is None:
            self.asked = None
            return
        written = repr(order)  # the Decimals to the digit
        asked = self.asked
        if asked is None or asked[0] is not parameters or asked[2] != written:
            self.asked = (parameters, order, written)

    def __call__(self, figures: AccountFigures) -> None:  # on the worker
        asked = self.asked
        if asked is None or asked[0] is not figures.parameters:
            return
        parameters, order, written = asked
        try:
            shown = perp_order_preview(figures.state, parameters, *order, figures.valuation)
        except Exception:  # noqa: BLE001 - the GUI thread previews it again and meets the error there
            return
        self.keep(figures, written, shown)

    def ready(self, state: AccountState, parameters: MarginParameters, order: tuple) -> PerpPreview | None:
        return self.kept(state, parameters, repr(order))
