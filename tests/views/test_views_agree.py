"""Every view agrees straight after an action: the Risk chart's readout shows the overview's figures,
because the store keeps an equity snapshot after each action as after each tick."""

from __future__ import annotations

from decimal import Decimal as D

from PySide6.QtWidgets import QCheckBox, QLineEdit, QPushButton

from desktop.services.series import account_id, equity_series
from desktop.text.formatting import usd
from tests.views.util import click, named, type_into
from tests.waits import WAIT_MS


def readout_figures(text: str) -> dict[str, str]:
    """'Net equity 1,234.56 …' → {'Net equity': '1,234.56', …} from the chart's reading line."""
    figures = {}
    text = text.replace("\u00a0", " ")  # the reading keeps each caption and its figure on one line
    for caption in ("Net equity", "Initial margin", "Maintenance margin"):
        figures[caption] = text.split(caption + " ", 1)[1].split()[0]
    return figures


def test_the_risk_readout_equals_the_overview_straight_after_an_action(window, qtbot):
    window.show()
    window.show_view(4)  # Risk: the chart is shown and follows changes
    chart = window.risk.chart
    start = len(chart.columns)
    click(qtbot, named(window.clock_bar, "Step an hour", QPushButton))  # one tick snapshot to start from
    qtbot.waitUntil(lambda: len(chart.columns) == start + 1 and not chart.throttle.pending, timeout=WAIT_MS)
    window.show_view(0)
    form = window.spot.form
    click(qtbot, named(form, "Market"))
    type_into(qtbot, named(form, "Quantity", QLineEdit), "80")
    click(qtbot, named(form, "Margin", QCheckBox))
    click(qtbot, named(form, "Buy", QPushButton))  # borrows and pays an entry fee: net equity moves
    window.show_view(4)
    qtbot.waitUntil(lambda: len(chart.columns) == start + 2 and not chart.throttle.pending, timeout=WAIT_MS)

    v = window.session.valuation
    stored = equity_series(window.store.db, account_id(window.session.name))
    assert len(stored) == start + 2 and stored.time[-1] == stored.time[-2]  # the action is a step at its own time
    assert round(stored.net_equity[-1], 2) == round(float(v.net_equity), 2)
    assert round(stored.initial_margin[-1], 2) == round(float(v.initial_margin), 2)
    shown = readout_figures(chart.reading.text())
    overview = window.overview.values
    assert shown["Net equity"] == usd(v.net_equity) and overview["net_equity"].text() == f"{usd(v.net_equity)} USD"
    assert overview["initial_margin"].text() == f"{shown['Initial margin']} USD"
    assert overview["maintenance_margin"].text() == f"{shown['Maintenance margin']} USD"


def test_the_risk_readout_equals_the_overview_straight_after_a_price_move(window, qtbot):
    from tests.views.test_fast_forward_menu import clock_menu_action
    from tests.views.test_steer_prices import open_dialog

    window.show()
    window.show_view(4)
    chart = window.risk.chart
    start = len(chart.columns)
    window.session.borrow("USDC", D("5000"))
    clock_menu_action(window, "Move price…").trigger()
    dialog = open_dialog(window, qtbot, "movePrice")
    named(dialog, "Asset").setCurrentText("SOL")
    type_into(qtbot, named(dialog, "New mark", QLineEdit), "90")
    click(qtbot, named(dialog, "Move", QPushButton))
    qtbot.waitUntil(lambda: len(chart.columns) == start + 2 and not chart.throttle.pending, timeout=WAIT_MS)
    v = window.session.valuation
    shown = readout_figures(chart.reading.text())
    assert (
        shown["Net equity"] == usd(v.net_equity)
        and window.overview.values["net_equity"].text() == f"{usd(v.net_equity)} USD"
    )
    assert window.overview.values["maintenance_margin"].text() == f"{shown['Maintenance margin']} USD"
