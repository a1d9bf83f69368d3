"""Live prices on screen (resources/screenshots/live-prices.png with MARGIN_DESK_SCREENSHOTS=1): the LIVE
banner and status sentence over a perp long and a margin buy in the positions panel, the marks from the
loopback Backpack stand-in."""

from __future__ import annotations

from decimal import Decimal as D

from PySide6.QtWidgets import QApplication

from tests.screenshots import save, target
from tests.waits import WAIT_MS


def test_live_prices_render(window, qtbot, tmp_path, backpack, monkeypatch):
    monkeypatch.setenv("MARGIN_DESK_BACKPACK_URL", backpack.url)
    folder = target(tmp_path)
    window.resize(1440, 860)
    window.live.marks_every = 0.1
    window.live.timeout = 1.0
    desk, spot = window.session, window.spot
    spot.ensure_price_chart()
    for _ in range(8):  # some price history for the chart
        desk.tick(1800)
    assert desk.place_perp_order("SOL_USDC_PERP", "Bid", "Market", D(40), None, False).accepted
    assert desk.place_order("BTC_USDC", "Bid", "Market", D("0.03"), None, True).accepted
    spot.select_market("SOL_USDC_PERP")
    spot.panel.show_tab(spot.panel.positions)
    window.live_action.trigger()
    try:
        qtbot.waitUntil(lambda: window.live.ticks >= 2, timeout=WAIT_MS)
        spot.price_chart.throttle.flush()
        QApplication.processEvents()
        assert window.live_banner.property("mode") == "live" and window.live_status.isVisible()
        save(window, folder, "live-prices")
    finally:
        window.live_action.trigger()
    assert not window.live.on
