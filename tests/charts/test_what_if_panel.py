"""The what-if panel through its real controls: the figures it shows are what ``evaluate`` answers
for the account at the moved marks, its table is the engine's liquidation prices, nothing is stored."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from PySide6.QtCore import Qt

from desktop.engine.contract import account_json, evaluate
from desktop.engine.what_if import ALL_NON_STABLE, STABLE_ASSETS
from desktop.models.what_if_model import CellRole, LiquidationTableModel
from desktop.store import models
from desktop.text.formatting import percent, usd
from desktop.views.risk.what_if_panel import WhatIfPanel
from tests.charts.history import leveraged_long


@pytest.fixture
def panel(qtbot, desk):
    leveraged_long(desk)
    assert desk.deposit("USDC", D(2000)).accepted
    assert desk.withdraw("ETH", D("0.5"), True).accepted  # a short: ETH borrowed
    shown = WhatIfPanel(desk)
    qtbot.addWidget(shown)
    shown.resize(640, 560)
    shown.show()
    return shown


def evaluated(desk, marks) -> dict:
    return evaluate(account_json(desk.state.account, marks), desk.parameters)


def assert_shows_evaluate(panel, desk) -> dict:
    answer = evaluated(desk, panel.result.marks)
    collateral = answer["collateral"]
    shown = {key: label.text() for key, label in panel.what_if_labels.items()}
    assert shown["net_equity"] == f"{usd(D(collateral['netEquity']))} USD"
    assert shown["net_equity_available"] == f"{usd(D(collateral['netEquityAvailable']))} USD"
    assert shown["initial_margin"] == f"{usd(D(collateral['initialMargin']))} USD"
    assert shown["maintenance_margin"] == f"{usd(D(collateral['maintenanceMargin']))} USD"
    assert shown["margin_fraction"] == percent(D(collateral["marginFraction"]))
    assert shown["liquidatable"] == ("Yes" if collateral["liquidatable"] else "No")
    valuation = panel.result.valuation
    assert str(valuation.net_equity.normalize()) == str(D(collateral["netEquity"]).normalize())
    assert valuation.liquidatable is collateral["liquidatable"]
    model = panel.table_model
    for row in range(model.rowCount()):
        point = model.index(row, 0).data(CellRole)
        expected = answer["limits"][point.symbol]["liquidationPrice"]
        assert (None if point.price is None else point.price) == (None if expected is None else D(expected))
        text = model.index(row, LiquidationTableModel.COL_PRICE).data()
        assert text == ("none" if expected is None else desk.formats.price(point.symbol, D(expected)))
    return answer


def test_moving_one_asset_with_the_slider(qtbot, panel, desk):
    panel.target.setCurrentIndex(panel.target.findText("SOL"))
    panel.slider.setFocus()
    qtbot.keyClick(panel.slider, Qt.Key.Key_PageDown)  # one page: −10 %
    assert panel.move == D("-10.0") and panel.move_box.value() == -10.0
    assert panel.result.overrides == {"SOL": desk.state.marks["SOL"] * D("0.9")}
    assert_shows_evaluate(panel, desk)
    assert "SOL 150.00 → 135.00" in panel.marks_line.text()


def test_typing_a_move_for_all_non_stable_assets(qtbot, panel, desk):
    panel.target.setCurrentIndex(panel.target.findText(ALL_NON_STABLE))
    panel.move_box.selectAll()
    qtbot.keyClicks(panel.move_box, "-15.5")
    qtbot.keyClick(panel.move_box, Qt.Key.Key_Enter)
    assert panel.move == D("-15.5") and panel.slider.value() == -16
    assert set(panel.result.overrides) == set(desk.parameters.assets) - STABLE_ASSETS
    answer = assert_shows_evaluate(panel, desk)
    assert answer["collateral"]["liquidatable"] is True  # the long is liquidated some 15 % lower
    assert panel.what_if_labels["liquidatable"].text() == "Yes"


@pytest.mark.parametrize(("typed", "shown"), [("-90", -90.0), ("300", 300.0), ("-95", -9.0), ("450", 45.0)])
def test_typed_moves_stay_between_minus_90_and_plus_300_percent(qtbot, panel, typed, shown):
    """The box refuses a keystroke that would leave the range (−95 stops at −9)."""
    panel.move_box.selectAll()
    qtbot.keyClicks(panel.move_box, typed)
    qtbot.keyClick(panel.move_box, Qt.Key.Key_Enter)
    assert panel.move_box.value() == shown and panel.slider.value() == round(shown)
    assert panel.result.percent == D(str(shown))


def test_set_move_clamps_to_the_range(panel):
    panel.set_move(D(-95))
    assert panel.result.percent == -90 and panel.slider.value() == -90
    panel.set_move(D(450))
    assert panel.result.percent == 300 and panel.slider.value() == 300


def test_nothing_is_stored_and_the_account_does_not_change(qtbot, panel, desk):
    counts = [model.select().count() for model in (models.LedgerEvent, models.EquitySnapshot, models.PriceTick)]
    state = desk.state
    for value in (-90, -40, 0, 75, 300):
        panel.set_move(D(value))
        assert_shows_evaluate(panel, desk)
    panel.target.setCurrentIndex(panel.target.findText("ETH"))
    assert [model.select().count() for model in (models.LedgerEvent, models.EquitySnapshot, models.PriceTick)] == counts
    assert desk.state is state
    assert panel.now_labels["net_equity"].text() == f"{usd(desk.valuation.net_equity)} USD"


def test_the_panel_follows_the_clock_and_the_account(qtbot, panel, desk, account_list):
    panel.target.setCurrentIndex(panel.target.findText("SOL"))
    panel.set_move(D(-5))
    desk.tick(3600)
    panel.throttle.flush()  # a tick's figures come within a quarter second, as the clock runs
    assert panel.result.marks["SOL"] == desk.state.marks["SOL"] * D("0.95")
    assert_shows_evaluate(panel, desk)
    account_list.create("Fresh")
    assert [panel.target.itemText(i) for i in range(panel.target.count())] == [ALL_NON_STABLE]
    assert panel.what_if_labels["margin_fraction"].text() == "—"


def test_the_reset_button_and_accessible_names(qtbot, panel):
    panel.set_move(D(40))
    qtbot.mouseClick(panel.reset_button, Qt.MouseButton.LeftButton)
    assert panel.move == 0 and panel.slider.value() == 0
    names = {w.accessibleName() for w in (panel.target, panel.slider, panel.move_box, panel.reset_button, panel.table)}
    assert names == {
        "Asset to move",
        "Price move slider",
        "Price move in percent",
        "Reset the move to 0 %",
        "Liquidation prices",
    }
    assert all(label.accessibleName() for label in panel.what_if_labels.values())


def test_the_liquidation_table_model(qtmodeltester, panel):
    panel.set_move(D(-20))
    qtmodeltester.check(panel.table_model, force_py=True)
    panel.target.setCurrentIndex(panel.target.findText("SOL"))
    qtmodeltester.check(panel.table_model, force_py=True)
    assert panel.table_model.rowCount() == 3  # USDC and ETH borrowed, SOL held


def test_a_hidden_panel_recomputes_when_shown(qtbot, panel, desk):
    panel.target.setCurrentIndex(panel.target.findText("SOL"))
    panel.set_move(D(-10))
    panel.hide()
    desk.tick(3600)
    assert panel.result.marks["SOL"] != desk.state.marks["SOL"] * D("0.9")
    panel.show()
    assert panel.result.marks["SOL"] == desk.state.marks["SOL"] * D("0.9")


def test_no_move_reads_the_accounts_own_figures_as_the_engine_would_work_them_out(qtbot, panel, desk):
    """At 0 % the panel shows the session's valuation and liquidation prices (worked out once a state)
    instead of valuing a copy: they are the engine's what-if of no move, figure for figure."""
    from desktop.engine.what_if import what_if

    assert desk.place_perp_order("SOL_USDC_PERP", "Ask", "Market", D(3), None, False).accepted  # a perp too
    for target in (ALL_NON_STABLE, "SOL", "ETH"):
        panel.set_target(target)
        panel.set_move(D(0))
        for _ in range(3):
            desk.tick(600)
            panel.throttle.flush()
            engine = what_if(desk.state, desk.parameters, target, D(0))
            shown = panel.result
            assert shown.valuation == engine.valuation
            assert shown.liquidation == engine.liquidation and any(p.price is not None for p in shown.liquidation)
            assert (shown.target, shown.percent, dict(shown.overrides), dict(shown.marks)) == (
                engine.target,
                engine.percent,
                dict(engine.overrides),
                dict(engine.marks),
            )
