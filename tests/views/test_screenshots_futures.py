"""A perp trade on screen (resources/screenshots/futures-trade.png with MARGIN_DESK_SCREENSHOTS=1):
the Futures market list, a 60 SOL long held, a reduce-only limit resting, and a 40 SOL long being typed
with its position, fee, margin and liquidation price after, drawn on the chart."""

from decimal import Decimal as D

from tests.screenshots import save, target


def test_a_perp_trade_renders(window, qtbot, tmp_path):
    folder = target(tmp_path)
    window.resize(1440, 860)
    desk = window.session
    spot = window.spot
    spot.ensure_price_chart()
    for _ in range(12):  # some price history for the chart
        desk.tick(1800)
    spot.show_futures(True)
    spot.select_market("SOL_USDC_PERP")
    assert desk.place_perp_order("SOL_USDC_PERP", "Bid", "Market", D(60), None, False).accepted
    for _ in range(3):
        desk.tick(1800)
    assert desk.place_perp_order("SOL_USDC_PERP", "Ask", "Limit", D(20), D(175), True).accepted
    form = spot.perp_form
    form.quantity.setText("40")
    form.update_preview()
    spot.price_chart.throttle.flush()
    assert form.details["liquidation"].text().endswith("USD")
    save(window, folder, "futures-trade")
