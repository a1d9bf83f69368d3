"""The positions panel rendered to PNG so it can be looked at: a long and a short perp, a borrow, a lend,
resting orders and hours of funding, in the window at 1024×700 (light) and 1600×1000 (dark). With
MARGIN_DESK_SCREENSHOTS=1 they go to resources/screenshots/ (positions-panel.png, the panel alone,
and futures-positions.png, the window); otherwise to a temporary directory."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from PySide6.QtWidgets import QApplication

from desktop.engine import lend
from tests.screenshots import pick_theme_and_size, save, target


def a_day_of_futures(desk) -> None:
    for _ in range(6):
        desk.tick(1800)
    desk.withdraw("ETH", D("0.4"), True)
    desk.act(lambda s, p: lend(s, p, "SOL", D(5)))
    desk.place_order("BTC_USDC", "Bid", "Limit", D("0.02"), D(90000), True)
    assert desk.place_perp_order("SOL_USDC_PERP", "Bid", "Market", D(60), None, False).accepted
    assert desk.place_perp_order("BTC_USDC_PERP", "Ask", "Market", D("0.05"), None, False).accepted
    assert desk.place_perp_order("ETH_USDC_PERP", "Bid", "Limit", D(1), D(2000), False).accepted
    for _ in range(4):
        desk.tick(3600)


@pytest.mark.parametrize(("theme", "size"), [("light", (1024, 700)), ("dark", (1600, 1000))])
def test_the_positions_panel_renders(themed_window, qtbot, tmp_path, theme, size):
    window = themed_window
    folder = target(tmp_path)
    name = pick_theme_and_size(window, theme, size)
    window.show_view(0)
    window.spot.ensure_price_chart()
    a_day_of_futures(window.session)
    window.spot.select_market("SOL_USDC_PERP")
    window.spot.panel.show_tab(window.spot.panel.positions)
    window.spot.price_chart.throttle.flush()
    QApplication.processEvents()
    suffix = "" if theme == "light" else f"-{name}"
    save(window.spot.panel, folder, f"positions-panel{suffix}")
    save(window, folder, f"futures-positions{suffix}")
    assert window.spot.panel.positions_model.rowCount() == 2
