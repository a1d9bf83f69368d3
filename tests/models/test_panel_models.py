"""The positions panel's table models fed rows directly, without a window or a session: what each cell
reads, how it sorts, that a tick updates rows in place (no reset), and pytest-qt's model tester."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt

from desktop.engine import Event, OpenOrder
from desktop.engine.vocabulary import EventType, MarketType, Side
from desktop.models.borrow_lend_models import BorrowFigures, BorrowsModel, LendFigures, LendsModel
from desktop.models.order_tables import FillsModel, OpenOrdersModel, OrderHistoryModel
from desktop.models.position_models import PositionFigures, PositionsModel, distance_text, reads_nonzero, signed_money
from desktop.models.tables import RowObjectRole, SortRole
from desktop.text.formatting import AssetFormats
from tests.engine.util import example_parameters
from tests.models.test_table_models import Repaints, texts

FORMATS = AssetFormats(example_parameters())
NOON = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def figures(model, records):
    model.formats = FORMATS
    model.show_figures(records)
    return model


def position(symbol="SOL_USDC_PERP", q="60", mark="151.64", liquidation="7.77", funding="-0.45") -> PositionFigures:
    base = symbol.split("_")[0]
    q, mark = D(q), D(mark)
    entry = D("148.96")
    return PositionFigures(
        symbol,
        base,
        q,
        abs(q) * mark,
        entry,
        mark,
        q * (mark - entry),
        D(0),
        D(liquidation) if liquidation else None,
        D("0.1"),
        D("0.0135"),
        D(funding),
    )


def test_positions_read_as_a_trader_reads_them(qtmodeltester):
    model = figures(PositionsModel(), [position("BTC_USDC_PERP", "-0.05", "96056.3", "318358.6", "0.24"), position()])
    qtmodeltester.check(model)
    assert [model.index(1, column).data() for column in range(model.columnCount())] == [
        "SOL Long",
        "60.00",
        "9,098",
        "148.96",
        "151.64",
        "+160.80 (0.00)",
        "7.77 (−95 %)",
        "10.0/1.4",
        "−0.45",
        "Close",
    ]
    assert texts(model, PositionsModel.COL_MARKET) == ["BTC Short", "SOL Long"]
    assert texts(model, PositionsModel.COL_LIQUIDATION)[0] == "318,358.6 (+231 %)"
    assert texts(model, PositionsModel.COL_FUNDING) == ["+0.24", "−0.45"]
    assert model.index(1, PositionsModel.COL_CLOSE).data(RowObjectRole) == "SOL_USDC_PERP"
    assert "Close the SOL-PERP long" in model.index(1, PositionsModel.COL_CLOSE).data(
        Qt.ItemDataRole.AccessibleTextRole
    )
    # the nearest liquidation sorts first
    assert model.index(1, PositionsModel.COL_LIQUIDATION).data(SortRole) < 0


def test_a_tick_updates_positions_in_place():
    model = figures(PositionsModel(), [position("BTC_USDC_PERP", "-0.05", "96056.3", "318358.6"), position()])
    repaints = Repaints(model)
    model.show_figures([position("BTC_USDC_PERP", "-0.05", "96056.3", "318358.6"), position(mark="140")])
    assert repaints.resets == 0
    changed = {column for _top, _bottom, column in repaints.seen}
    assert {PositionsModel.COL_MARK, PositionsModel.COL_PNL, PositionsModel.COL_LIQUIDATION} <= changed
    assert all(top == bottom == 1 for top, bottom, _column in repaints.seen)  # only the SOL row
    model.show_figures([position(mark="140")])  # a position closed: rows replaced
    assert repaints.resets == 1 and model.rowCount() == 1


def test_no_liquidation_price_reads_as_a_dash():
    model = figures(PositionsModel(), [position(liquidation=None)])
    assert texts(model, PositionsModel.COL_LIQUIDATION) == ["—"]
    assert distance_text(D("90"), D("100")) == "−10 %" and distance_text(D("95.5"), D("100")) == "−4.5 %"


def test_borrows_and_lends(qtmodeltester):
    borrows = figures(BorrowsModel(), [BorrowFigures("ETH", D("0.4"), D("0.0001"), D("0.052"), D("3300"), D("2950.5"))])
    qtmodeltester.check(borrows)
    assert [borrows.index(0, c).data() for c in range(borrows.columnCount())] == [
        "ETH",
        "0.4000",
        "0.0001",
        "5.20 %",
        "2,950.50 (−11 %)",
        "Repay",
    ]
    lends = figures(LendsModel(), [LendFigures("SOL", D(5), None, D("0.031"))])
    qtmodeltester.check(lends)
    assert [lends.index(0, c).data() for c in range(lends.columnCount())] == ["SOL", "5.00", "—", "3.10 %", "Redeem"]
    repaints = Repaints(lends)
    lends.show_figures([LendFigures("SOL", D(5), D("0.01"), D("0.031"))])
    assert repaints.resets == 0 and repaints.seen == [(0, 0, LendsModel.COL_INTEREST)]


def perp_order(order_id="7", reduce_only=False) -> OpenOrder:
    return OpenOrder(
        order_id, "ETH_USDC_PERP", Side.BID, D(2000), D(1), False, "USDC", D(0), D(0), reduce_only, MarketType.PERP
    )


def test_open_orders_hold_spot_and_perp_orders(qtmodeltester):
    spot = OpenOrder("3", "SOL_USDC", Side.ASK, D(200), D(2), False, "SOL", D(2), D(0))
    model = OpenOrdersModel()
    model.formats = FORMATS
    model.set_rows([spot, perp_order(), perp_order("8", True)])
    qtmodeltester.check(model)
    assert texts(model, OpenOrdersModel.COL_MARKET) == ["SOL/USDC", "ETH-PERP", "ETH-PERP"]
    assert texts(model, OpenOrdersModel.COL_SIDE) == ["Sell", "Buy", "Buy"]
    assert texts(model, OpenOrdersModel.COL_MARGIN) == ["No", "Cross", "Reduce only"]
    assert texts(model, OpenOrdersModel.COL_LOCKED) == ["2.00 SOL", "—", "—"]
    assert texts(model, OpenOrdersModel.COL_CANCEL) == ["Cancel"] * 3


def perp_liquidation() -> Event:
    return Event(
        EventType.LIQUIDATION,
        "SOL_USDC_PERP",
        NOON,
        quantity=D("12.5"),
        price=D("120.1"),
        reason="Closed 12.5 of the SOL_USDC_PERP long at 120.1 (Book); …",
        details={"tag": "Book", "side": Side.ASK, "fee": "15.0125", "realizedPnl": "0"},
    )


def test_fills_mark_liquidations(qtmodeltester):
    perp_fill = Event(
        EventType.FILL,
        "SOL_USDC_PERP",
        NOON,
        quantity=D(60),
        price=D("148.96"),
        order_id="4",
        reason="taker",
        details={"side": Side.BID, "fee": "4.4688", "realizedPnl": "0"},
    )
    spot_sale = Event(
        EventType.LIQUIDATION,
        "SOL",
        NOON,
        quantity=D(3),
        price=D(110),
        reason="Sold 3 SOL …",
        details={"tag": "Backstop", "repaidSymbol": "USDC", "fee": "3.3"},
    )
    model = FillsModel()
    model.formats = FORMATS
    model.set_rows([perp_liquidation(), spot_sale, perp_fill])
    qtmodeltester.check(model)
    assert texts(model, FillsModel.COL_KIND) == ["⚠ Liquidation (Book)", "⚠ Liquidation (Backstop)", "Taker"]
    assert texts(model, FillsModel.COL_MARKET) == ["SOL-PERP", "SOL → USDC", "SOL-PERP"]
    assert texts(model, FillsModel.COL_SIDE) == ["Sell", "Sell", "Buy"]
    assert texts(model, FillsModel.COL_FEE) == ["15.0125 USDC", "3.30 USD", "4.4688 USDC"]
    assert model.index(0, FillsModel.COL_KIND).data(Qt.ItemDataRole.ToolTipRole)


def test_order_history_says_how_each_order_ended(qtmodeltester):
    placed = Event(
        EventType.ORDER_PLACED,
        "ETH_USDC_PERP",
        NOON,
        D(1),
        D(2000),
        "7",
        "Limit",
        {"side": Side.BID, "reduceOnly": True},
    )
    cancelled = Event(
        EventType.ORDER_CANCELLED,
        "ETH_USDC_PERP",
        NOON,
        D(1),
        D(2000),
        "7",
        "cancelled by the trader",
        {"side": Side.BID},
    )
    filled = Event(EventType.FILL, "SOL_USDC", NOON, D(2), D("140.5"), "3", "maker", {"side": Side.ASK, "fee": "0.28"})
    model = OrderHistoryModel()
    model.formats = FORMATS
    model.placed = {"7": placed}
    model.set_rows([cancelled, filled])
    qtmodeltester.check(model)
    assert [model.index(0, c).data() for c in range(model.columnCount())] == [
        "2026-11-20 12:00",
        "7",
        "ETH-PERP",
        "Buy",
        "Limit, reduce only",
        "2,000.00",
        "1.000",
        "Cancelled",
        "cancelled by the trader",
    ]
    assert texts(model, OrderHistoryModel.COL_STATUS) == ["Cancelled", "Filled"]
    assert texts(model, OrderHistoryModel.COL_REASON)[1] == "filled as maker (resting)"


@pytest.mark.parametrize("model_type", [PositionsModel, BorrowsModel, LendsModel, OrderHistoryModel, FillsModel])
def test_an_empty_model_passes_the_model_tester(qtmodeltester, model_type):
    model = model_type()
    model.formats = FORMATS
    qtmodeltester.check(model)
    assert model.rowCount() == 0


@given(st.decimals(min_value=-(10**9), max_value=10**9, allow_nan=False, allow_infinity=False, places=6))
def test_a_pnl_is_coloured_exactly_when_it_reads_other_than_zero(value):
    """The PnL cell's colour is asked at each repaint: it tells a zero from the rounding, not the text."""
    assert reads_nonzero(value) == (signed_money(value) != "0.00")
    assert reads_nonzero(D("0.005")) is False and reads_nonzero(D("0.0051")) and reads_nonzero(D("-0.015"))


def test_a_gain_and_a_loss_keep_their_colours_after_a_theme_switch(qapp):
    """The accent colours are kept per palette: a theme switched shows its own at once."""
    from desktop.models.accents import ACCENTS
    from desktop.views.theme import apply_theme

    before = qapp.property("deskTheme")
    rows = [position(q="60", mark="151.64"), position("BTC_USDC_PERP", q="-1", mark="151.64")]
    model = figures(PositionsModel(), rows)
    try:
        for theme in ("light", "dark", "light"):
            apply_theme(qapp, theme)
            seen = [
                model.index(row, column).data(Qt.ItemDataRole.ForegroundRole).name()
                for row in (0, 1)
                for column in (0, 5)
            ]
            assert seen == [ACCENTS[theme][name] for name in ("buy", "gain", "sell", "loss")]
    finally:
        apply_theme(qapp, before or "light")


class EveryCellCompared(PositionsModel):
    """The positions model comparing every cell at each update, as before it looked at the moved ones only."""

    def adopt_moved(self, rows, columns):
        return None


TICK = st.tuples(
    st.decimals(min_value="0.01", max_value="200000", places=2),  # SOL's mark
    st.decimals(min_value="0.01", max_value="200000", places=1),  # BTC's mark
    st.sampled_from(["7.77", "118.4", None]),  # SOL's liquidation price
    st.sampled_from(["-0.45", "0", "12.5"]),  # BTC's funding
)


@settings(max_examples=60, deadline=None)
@given(st.lists(TICK, min_size=1, max_size=8))
def test_positions_looking_at_moved_figures_read_and_repaint_as_comparing_every_cell(ticks):
    """A tick formats only the cells whose figures moved: the texts, the cells told to repaint and the
    columns told to widen are those of a model comparing every cell."""
    models = [figures(PositionsModel(), [position("BTC_USDC_PERP", "-0.05", "96056.3", "318358.6"), position()])]
    models.append(figures(EveryCellCompared(), [position("BTC_USDC_PERP", "-0.05", "96056.3", "318358.6"), position()]))
    seen = [Repaints(model) for model in models]
    widened: list[list[int]] = [[], []]
    for model, columns in zip(models, widened):
        model.widened.connect(columns.append)
    for sol, btc, liquidation, funding in ticks:
        rows = [
            position("BTC_USDC_PERP", "-0.05", str(btc), "318358.6", funding),
            position(mark=str(sol), liquidation=liquidation),
        ]
        for model in models:
            model.show_figures(rows)
    fast, every = models
    assert [texts(fast, column) for column in range(10)] == [texts(every, column) for column in range(10)]
    assert sorted(seen[0].seen) == sorted(seen[1].seen) and seen[0].resets == seen[1].resets == 0
    assert widened[0] == widened[1]
