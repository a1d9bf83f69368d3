"""Risk with perps (MARGIN_MODEL.md §10): the what-if panel and the stress grid count the positions,
and a move of an asset moves its perps — DOGE, which trades only as a perp, included."""

from decimal import Decimal as D

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton

from tests.views.util import click, named, type_into


def open_doge_long(window, qtbot, quantity="100000"):
    spot = window.spot
    click(qtbot, named(spot, "Futures markets", QPushButton))
    spot.select_market("DOGE_USDC_PERP")
    form = spot.perp_form
    click(qtbot, named(form, "Market"))
    type_into(qtbot, named(form, "Quantity", QLineEdit), quantity)
    click(qtbot, named(form, "Buy / Long", QPushButton))
    assert window.session.state.account.positions["DOGE_USDC_PERP"].net_quantity == D(quantity)


def test_what_if_moves_the_perp_with_its_base(window, qtbot):
    open_doge_long(window, qtbot)
    window.show_view(4)
    panel = window.risk.what_if
    panel.set_target("DOGE")  # a perp-only base is a target once a position is on it
    panel.set_move(D(-50))
    result = panel.result
    # 100,000 DOGE long entered at 0.40 · 1.0005 = 0.4002; at 0.20 it has lost 20,020 USD, unsettled in a what-if
    assert result.valuation.pnl_unrealized == D(-20020)
    assert panel.what_if_labels["pnl_unrealized"].text() == "−20,020.00 USD"
    assert panel.now_labels["net_exposure_futures"].text() == "40,000.00 USD"
    assert panel.what_if_labels["net_exposure_futures"].text() == "20,000.00 USD"
    assert "DOGE-PERP position moves with it" in panel.marks_line.text()
    assert panel.what_if_labels["liquidatable"].text() == "Yes"
    panel.set_move(D(0))
    points = {point.symbol: point for point in panel.result.liquidation}
    assert D("0.2") < points["DOGE"].price < D("0.4")  # the liquidation table lists the perp-only base


def test_the_stress_grid_has_a_column_for_the_perp_base(window, qtbot):
    open_doge_long(window, qtbot)
    window.show_view(4)
    grid = window.risk.stress
    model = grid.model
    columns = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert "DOGE" in columns
    cell = model.grid.cell(-50, "DOGE")
    flat = model.grid.cell(0, "DOGE")
    assert cell.valuation.pnl_unrealized == D(-20020) and flat.valuation.pnl_unrealized == D(-20)
    assert cell.margin_fraction < flat.margin_fraction
    assert "perp positions moving with it" in grid.note.text()
