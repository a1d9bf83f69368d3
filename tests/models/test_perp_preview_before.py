"""The Futures preview hands the order's checks the valuation of the state they start from (the
session's own) instead of having them value it again: the preview is the one the engine gave before,
refusals included, to the last digit."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.engine import orders
from desktop.engine.preview import preview
from desktop.engine.vocabulary import EventType, OrderType, Side
from desktop.models.perp_preview import PerpPreview, PreviewAhead, held, perp_order_preview
from desktop.models.session import Session

PERP = "SOL_USDC_PERP"


def as_it_was(state, parameters, symbol, side, order_type, quantity, price, reduce_only) -> PerpPreview:
    """The preview as worked out before: the order placed through ``orders.place_order``, which values
    the state itself, and the preview valuing it again."""
    outcome = orders.place_order(state, parameters, symbol, side, order_type, quantity, price, False, reduce_only)
    if not outcome.accepted:
        return PerpPreview(outcome.refusal)
    shown = preview(state, outcome, parameters)
    before = held(state, symbol)
    fill = next((e for e in outcome.events if e.type == EventType.FILL and e.symbol == symbol), None)
    liquidation = shown.liquidation_prices_after.get(parameters.perps[symbol].base)
    if fill is not None:
        position = outcome.state.account.positions.get(symbol)
        return PerpPreview(
            None,
            True,
            fill.price,
            before,
            held(outcome.state, symbol),
            position.entry_price if position is not None else None,
            D(str(fill.details.get("fee", "0"))),
            fill.quantity * fill.price,
            shown.after,
            liquidation,
        )
    filled = min(quantity, abs(before)) if reduce_only else quantity
    change = filled if side == Side.BID else -filled
    fee = filled * price * parameters.assumptions.futures_maker_fee
    return PerpPreview(
        None, False, price, before, before + change, None, fee, quantity * price, shown.after, liquidation
    )


@pytest.fixture
def session(qapp, accounts):
    accounts.ensure_demo_account()
    session = Session(accounts)
    assert session.place_perp_order(PERP, Side.BID, OrderType.MARKET, D(40)).accepted  # a long to reduce
    assert session.place_perp_order("BTC_USDC_PERP", Side.ASK, OrderType.MARKET, D("0.5")).accepted
    return session


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    side=st.sampled_from([Side.BID, Side.ASK]),
    market=st.booleans(),
    steps=st.integers(min_value=1, max_value=2_000_000),  # up to 20,000 SOL: refusals too
    offset=st.integers(min_value=-3000, max_value=3000),  # the limit price in ticks from the mark
    reduce_only=st.booleans(),
)
def test_the_preview_given_the_state_valuation_is_the_one_before(session, side, market, steps, offset, reduce_only):
    state, parameters = session.state, session.parameters
    rules = parameters.perps[PERP]
    quantity = steps * rules.step_size
    price = None if market else state.marks[rules.base].quantize(rules.tick_size) + offset * rules.tick_size
    order_type = OrderType.MARKET if market else OrderType.LIMIT
    order = (PERP, side, order_type, quantity, price, reduce_only)
    expected = as_it_was(state, parameters, *order)
    assert perp_order_preview(state, parameters, *order, session.valuation) == expected
    assert perp_order_preview(state, parameters, *order) == expected


def test_a_preview_ahead_is_given_back_only_for_its_state_and_order(session):
    ahead = PreviewAhead()
    order = (PERP, Side.BID, OrderType.MARKET, D(5), None, False)
    ahead(session.figures)  # nothing asked: nothing worked out
    assert ahead.done is None
    ahead.ask(session.parameters, order)
    ahead(session.figures)
    assert ahead.ready(session.state, session.parameters, order) == session.preview_perp_order(*order)
    assert ahead.ready(session.state, session.parameters, (*order[:3], D("5.0"), *order[4:])) is None
    session.tick(60)
    assert ahead.ready(session.state, session.parameters, order) is None  # another state
    ahead.ask(session.parameters, None)
    ahead(session.figures)
    assert ahead.ready(session.state, session.parameters, order) is None
