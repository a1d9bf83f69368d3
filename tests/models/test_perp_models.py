"""Futures without a window: the perp markets model fed rows, perp orders and fills in the Spot view's
tables, and the perp order preview (position, fee, margin after, liquidation price) on engine states."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from PySide6.QtCore import Qt

from desktop.engine import Event, OpenOrder
from desktop.engine.apply_contract import parse_state
from desktop.engine.valuation import value_account
from desktop.engine.vocabulary import EventType, MarketType, OrderType, RefusalCode, Side
from desktop.models.order_tables import FillsModel, OpenOrdersModel
from desktop.models.perp_markets import PerpMarketRow, PerpMarketsModel, perp_market_rows
from desktop.models.perp_preview import perp_order_preview, quantity_for_amount
from desktop.text.formatting import AssetFormats
from tests.engine.util import example_parameters
from tests.models.test_table_models import NOON, Repaints, fed, texts

PARAMETERS = example_parameters()
FORMATS = AssetFormats(PARAMETERS)


def perp_rows(sol_mark: str = "150", position: str = "0") -> list[PerpMarketRow]:
    return [
        PerpMarketRow("SOL_USDC_PERP", "SOL", D(sol_mark), D(sol_mark) / 150 - 1, D("0.0000125"), D(position)),
        PerpMarketRow("DOGE_USDC_PERP", "DOGE", D("0.4"), None, D("-0.00002"), D("-1200")),
    ]


def test_perp_markets_read_mark_and_change_with_funding_and_position_in_the_tooltip(qtmodeltester):
    model = fed(PerpMarketsModel(), perp_rows())
    qtmodeltester.check(model)
    assert texts(model, PerpMarketsModel.COL_MARKET) == ["SOL-PERP", "DOGE-PERP"]
    assert texts(model, PerpMarketsModel.COL_MARK) == ["150.00", "0.40000"]  # each perp's own tick
    tip = model.index(1, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "funding −0.00200 % per interval" in tip and "position −1,200 DOGE (short)" in tip
    assert "position none" in model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    repaints = Repaints(model)
    model.set_rows(perp_rows("151.5", "2"))  # the same markets: in place, only what moved
    assert repaints.resets == 0
    assert {column for _top, _bottom, column in repaints.seen} == {
        PerpMarketsModel.COL_MARK,
        PerpMarketsModel.COL_CHANGE,
    }
    assert texts(model, PerpMarketsModel.COL_CHANGE)[0] == "▲ +1.00 %"
    assert "position +2.00 SOL (long)" in model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)


def test_perp_market_rows_come_from_the_parameters_marks_and_positions():
    state = parse_state(
        {
            "balances": {"USDC": {"available": "1000"}},
            "positions": {"ETH_USDC_PERP": {"netQuantity": "-0.5", "entryPrice": "3500"}},
        },
        PARAMETERS,
    )
    rows = perp_market_rows(PARAMETERS, state.marks, {"ETH": D(3000)}, state.account.positions)
    by_symbol = {row.symbol: row for row in rows}
    assert set(by_symbol) == set(PARAMETERS.perps)
    assert by_symbol["ETH_USDC_PERP"].position == D("-0.5")
    assert by_symbol["ETH_USDC_PERP"].change == state.marks["ETH"] / 3000 - 1
    assert by_symbol["SOL_USDC_PERP"].change is None  # no start mark yet


def test_perp_orders_and_fills_read_in_the_spot_tables(qtmodeltester):
    perp_order = OpenOrder(
        "7", "SOL_USDC_PERP", Side.ASK, D(160), D(3), False, "USDC", D(0), D(0), True, MarketType.PERP
    )
    orders = fed(OpenOrdersModel(), [perp_order])
    qtmodeltester.check(orders)
    assert [orders.index(0, c).data() for c in range(9)] == [
        "7",
        "SOL-PERP",
        "Sell",
        "160.00",
        "3.00",
        "Reduce only",
        "—",  # a perp order holds nothing back
        "—",
        "Cancel",
    ]
    fill = Event(
        EventType.FILL,
        "DOGE_USDC_PERP",
        NOON,
        quantity=D(100),
        price=D("0.4002"),
        order_id="4",
        reason="taker",
        details={"side": Side.BID, "fee": "0.02"},
    )
    fills = fed(FillsModel(), [fill])
    qtmodeltester.check(fills)
    assert [fills.index(0, c).data() for c in range(7)][1:6] == ["DOGE-PERP", "Buy", "0.40020", "100", "0.0200 USDC"]


def funded_state():
    return parse_state({"balances": {"USDC": {"available": "10000"}}}, PARAMETERS)


def test_a_market_long_previews_as_its_fill():
    shown = perp_order_preview(
        funded_state(), PARAMETERS, "SOL_USDC_PERP", Side.BID, OrderType.MARKET, D(100), None, False
    )
    assert shown.accepted and shown.fills_now
    assert shown.price == D("150.075")  # the mark plus the half-spread
    assert (shown.position_before, shown.position_after) == (0, 100)
    assert shown.entry_after == D("150.075")
    assert shown.fee == D("7.50375")  # 100 · 150.075 · 0.0005 taker
    assert shown.after.net_exposure_futures == D(15000)
    assert shown.after.imr > 0 and shown.liquidation_after is not None and shown.liquidation_after < 150


def test_a_resting_limit_previews_its_fill_at_its_own_price_with_the_maker_fee():
    shown = perp_order_preview(
        funded_state(), PARAMETERS, "SOL_USDC_PERP", Side.ASK, OrderType.LIMIT, D(10), D(160), False
    )
    assert shown.accepted and not shown.fills_now
    assert shown.position_after == -10
    assert shown.fee == D("0.32")  # 10 · 160 · 0.0002 maker
    assert shown.after.net_exposure_futures == D(1500)  # resting: its worst-case size at the mark


@pytest.mark.parametrize(
    ("side", "order_type", "price"), [(Side.BID, OrderType.MARKET, None), (Side.ASK, OrderType.LIMIT, D(160))]
)
def test_a_preview_given_the_valuation_before_reads_as_one_that_values_the_state_itself(side, order_type, price):
    """A form previews again at each tick with the session's valuation of the state (not valued again)."""
    state = funded_state()
    before = value_account(state.account, PARAMETERS, state.marks)
    order = (state, PARAMETERS, "SOL_USDC_PERP", side, order_type, D(10), price, False)
    assert perp_order_preview(*order, before) == perp_order_preview(*order)


def test_reduce_only_and_margin_refusals_come_from_the_engine():
    state = funded_state()
    refused = perp_order_preview(state, PARAMETERS, "SOL_USDC_PERP", Side.ASK, OrderType.MARKET, D(1), None, True)
    assert refused.refusal.code == RefusalCode.REDUCE_ONLY_NOT_REDUCED
    too_big = perp_order_preview(state, PARAMETERS, "SOL_USDC_PERP", Side.BID, OrderType.MARKET, D(5000), None, False)
    assert too_big.refusal.code == RefusalCode.INSUFFICIENT_MARGIN


@pytest.mark.parametrize(
    ("amount", "price", "expected"),
    [("1500", None, "9.99"), ("1500", "150", "10.00"), ("0.5", None, "0.00")],
)
def test_a_usdc_amount_becomes_a_quantity_down_to_the_step(amount, price, expected):
    quantity = quantity_for_amount(
        funded_state(), PARAMETERS, "SOL_USDC_PERP", Side.BID, None if price is None else D(price), D(amount)
    )
    assert quantity == D(expected)


def test_a_change_says_when_positions_moved():
    from desktop.engine.orders import place_order
    from desktop.models.change import Change

    before = funded_state()
    outcome = place_order(before, PARAMETERS, "SOL_USDC_PERP", Side.BID, OrderType.MARKET, D(1))
    change = Change.of("Demo", outcome.events, before, outcome.state)
    assert change.positions and change.valuation and change.fills
    resting = place_order(before, PARAMETERS, "SOL_USDC_PERP", Side.BID, OrderType.LIMIT, D(1), D(100))
    assert not Change.of("Demo", resting.events, before, resting.state).positions
