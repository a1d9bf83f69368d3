"""Renders every view and dialog to PNG (offscreen) so they can be looked at.

With MARGIN_DESK_SCREENSHOTS=1 the files go to resources/screenshots/ (for the README and the
AppStream metainfo); otherwise to a temporary directory, so the rendering itself is always tested.
"""

from decimal import Decimal as D

from desktop.engine import lend, move_prices
from tests.screenshots import save, target


def a_trading_day(desk) -> None:
    """Some history: a margin buy, a margin withdrawal, a lend, a resting order, hours of interest, a
    price fall that liquidates part of the account, then a deposit, a perp short and an hour of funding."""
    desk.withdraw("ETH", D("0.4"), True)
    desk.act(lambda s, p: lend(s, p, "SOL", D(5)))
    desk.place_order("BTC_USDC", "Bid", "Limit", D("0.02"), D(90000), True)
    most = desk.max_order_quantity("SOL_USDC", "Bid", None, True)
    desk.place_order("SOL_USDC", "Bid", "Market", (most * D("0.6")).quantize(D("0.01")), None, True)
    for _ in range(6):
        desk.tick(3600)
    desk.act(lambda s, p: move_prices(s, p, {"SOL": s.marks["SOL"] * D("0.85")}))
    # after the liquidation (which leaves no equity to spare): a deposit, and a SOL-PERP short
    assert desk.deposit("USDC", D(1000)).accepted
    assert desk.place_perp_order("SOL_USDC_PERP", "Ask", "Market", D(5), None, False).accepted
    desk.tick(3600)


def test_every_view_and_dialog_renders(window, qtbot, tmp_path):
    folder = target(tmp_path)
    window.resize(1440, 860)
    desk = window.session
    window.spot.ensure_price_chart()
    for _ in range(12):  # some price history for the chart
        desk.tick(1800)
    form = window.spot.form
    form.margin.setChecked(True)
    form.quantity.setText("80")
    form.update_preview()
    window.spot.price_chart.throttle.flush()  # the chart's live update is throttled
    save(window, folder, "spot-margin")

    dialog = window.open_withdrawal()
    dialog.asset.setCurrentText("USDC")
    dialog.margin.setChecked(True)
    dialog.amount.setText("12000")  # 10,000 held: 2,000 borrowed
    dialog.address.setText("9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM")
    dialog.update_preview()
    save(dialog, folder, "margin-withdrawal")
    dialog.go_on()
    save(dialog, folder, "margin-withdrawal-confirm")
    dialog.reject()
    deposit = window.open_deposit()
    deposit.amount.setText("2500")
    deposit.update_preview()
    save(deposit, folder, "deposit")
    deposit.reject()
    a_trading_day(desk)
    window.show_view(1)
    window.lend.show_tab(window.lend.borrow_tab)
    window.lend.borrow_tab.amount.setText("500")
    save(window, folder, "lend-borrow")
    window.show_view(2)
    save(window, folder, "portfolio")
    window.show_view(3)
    save(window, folder, "history")
    window.show_view(4)
    window.risk.chart.show_span(None)
    save(window, folder, "risk")
    window.show_view(0)
