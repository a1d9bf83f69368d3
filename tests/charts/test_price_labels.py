"""One rule for a price on screen: the price chart's entry, liquidation and limit labels, its caption and
the positions table's cells read the same for the same exact price (the chart used to format the
line's float position: an entry of 150.075 read 150.07 on the chart and 150.08 in the table)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from desktop.engine.vocabulary import EventType
from desktop.models.position_models import PositionFigures, PositionsModel
from desktop.models.trade_marks import StandingLines, trade_marks
from desktop.text.formatting import places_of

SOL_PERP = "SOL_USDC_PERP"

# exact prices with up to 6 decimals, ties at the tick's half among them (150.075, 0.125, 2.5)
prices = st.builds(
    lambda units, exponent: D(units).scaleb(-exponent),
    st.integers(min_value=1, max_value=10**10),
    st.integers(min_value=0, max_value=6),
)


@pytest.fixture
def chart(chart):
    """The price chart (conftest) on the SOL perp."""
    chart.set_market(SOL_PERP)
    return chart


def figures(entry: D, mark: D) -> PositionFigures:
    return PositionFigures(SOL_PERP, "SOL", D(10), 10 * mark, entry, mark, D(0), D(0), entry, D("0.1"), D("0.05"), D(0))


def figure_of(label: str) -> str:
    return label.rsplit(" ", 1)[-1]


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(price=prices)
@example(price=D("150.075"))  # the price the trader saw disagree
@example(price=D("150.065"))
@example(price=D("0.005"))
def test_chart_labels_and_the_positions_table_agree(chart, desk, price):
    model = PositionsModel(desk)
    mark = desk.state.marks["SOL"]
    model.show_figures([figures(price, mark)])
    entry_cell = model.index(0, PositionsModel.COL_ENTRY).data()
    liquidation_cell = model.index(0, PositionsModel.COL_LIQUIDATION).data()

    overlay = chart.overlay
    overlay.show_lines(StandingLines(price, price, "long", mark), after_order=None)
    chart.show_order_lines(price, None)
    assert entry_cell == desk.formats.price(SOL_PERP, price)
    assert figure_of(overlay.entry_line.label.toPlainText()) == entry_cell
    assert figure_of(overlay.liquidation_line.label.toPlainText()) == entry_cell
    assert liquidation_cell.startswith(f"{entry_cell} (")
    assert figure_of(chart.limit_line.label.toPlainText()) == entry_cell
    assert f"entry (long) {entry_cell} ·" in chart.caption.text() + " ·"
    assert f"limit {entry_cell}" in chart.caption.text()


def test_the_tick_sets_the_decimals_of_every_label(chart, desk):
    places = places_of(desk.parameters.perps[SOL_PERP].tick_size)
    chart.overlay.show_lines(StandingLines(D("150.075"), D("96.1251"), "short", D(150)))
    assert chart.overlay.entry_line.label.toPlainText() == "Entry (short) 150.08"
    assert chart.overlay.liquidation_line.label.toPlainText() == "Est. liquidation 96.13"
    assert places == 2


def test_a_fill_mark_tells_its_price_as_the_tables_do(desk, chart):
    assert desk.place_perp_order(SOL_PERP, "Bid", "Market", D(3), None, False).accepted
    fill = desk.history(EventType.FILL, SOL_PERP, limit=1)[0]
    mark = trade_marks(desk, "SOL")[-1]
    assert mark.text.startswith("Bought") and mark.text.endswith(f"at {desk.formats.price(SOL_PERP, fill.price)}")
