"""Risk levels in the Account Overview, alerts with hysteresis, and the clock pausing on a liquidation."""

from __future__ import annotations

from decimal import Decimal as D

from PySide6.QtWidgets import QPushButton

from desktop.models.risk_watch import AlertThresholds, RiskLevel, level_with_hysteresis
from tests.views.util import click, named
from tests.waits import WAIT_MS


def leveraged(window) -> None:
    """Buy SOL on margin up to 80 % of Max: Danger, about 8 % above SOL's liquidation price."""
    session = window.session
    most = session.max_order_quantity("SOL_USDC", "Bid", None, True)
    assert session.place_order("SOL_USDC", "Bid", "Market", (most * D("0.8")).quantize(D("0.01")), None, True).accepted


def step_hour(window, qtbot) -> None:
    click(qtbot, named(window.clock_bar, "Step an hour", QPushButton))


def test_levels_rise_at_once_and_fall_only_past_the_hysteresis():
    t = AlertThresholds()
    assert level_with_hysteresis(D("0.59"), None, False, RiskLevel.SAFE, t) == RiskLevel.SAFE
    assert level_with_hysteresis(D("0.60"), None, False, RiskLevel.SAFE, t) == RiskLevel.WARNING
    assert level_with_hysteresis(D("0.57"), None, False, RiskLevel.WARNING, t) == RiskLevel.WARNING  # held
    assert level_with_hysteresis(D("0.549"), None, False, RiskLevel.WARNING, t) == RiskLevel.SAFE
    assert level_with_hysteresis(D("0.78"), None, False, RiskLevel.DANGER, t) == RiskLevel.DANGER
    assert level_with_hysteresis(D("0.70"), None, False, RiskLevel.DANGER, t) == RiskLevel.WARNING
    assert level_with_hysteresis(D("0.1"), D("0.09"), False, RiskLevel.SAFE, t) == RiskLevel.DANGER
    assert level_with_hysteresis(D("0.1"), D("0.12"), False, RiskLevel.DANGER, t) == RiskLevel.DANGER
    assert level_with_hysteresis(D("0.1"), D("0.16"), False, RiskLevel.DANGER, t) == RiskLevel.SAFE
    assert level_with_hysteresis(D("0.5"), None, True, RiskLevel.SAFE, t) == RiskLevel.LIQUIDATION


def test_an_alert_is_raised_and_cleared_with_hysteresis(window, qtbot):
    gauge, log, watch = window.risk_gauge, window.alert_log, window.risk_watch
    assert "Safe" in gauge.level.text() and "●" in gauge.level.text()  # words and a sign, not colour alone
    window.session.use_scenario("SOL +4% over 1h\nthen +6% over 1h")
    with qtbot.waitSignal(watch.alerted, timeout=WAIT_MS):
        leveraged(window)
    assert gauge.level.text().startswith("⚠ Danger")
    price = window.session.formats.price("SOL", window.session.liquidation_price("SOL"))
    words = gauge.distance.text().replace("\u00a0", " ")  # (no break inside the price or the distance)
    assert words.startswith(f"Nearest liquidation price: SOL {price}, ") and words.endswith(" % away")
    assert gauge.notice.isVisible() and "Danger" in gauge.notice.text()
    assert log.count() == 1 and "Danger" in log.item(0).text()

    step_hour(window, qtbot)  # about 12 % from liquidation: clear of 10 %, not of 10 % + 5 % hysteresis
    assert D("0.10") < watch.reading.nearest[1] < D("0.15")
    assert watch.reading.level == RiskLevel.DANGER and log.count() == 1  # no flapping

    with qtbot.waitSignal(watch.alerted, timeout=WAIT_MS) as cleared:
        step_hour(window, qtbot)  # about 17 %: past the hysteresis
    assert cleared.args[0].level == RiskLevel.SAFE
    assert gauge.level.text().startswith("● Safe")
    assert log.count() == 2 and "Back to Safe" in log.item(0).text()
    window.show_view(3)  # History
    assert log.isVisible()


def test_the_clock_pauses_on_a_liquidation_and_says_why(window, qtbot):
    gauge, watch = window.risk_gauge, window.risk_watch
    leveraged(window)
    window.session.use_scenario("SOL -20% over 5h")
    window.clock.set_speed(3600)
    with qtbot.waitSignal(watch.paused, timeout=WAIT_MS) as paused:
        click(qtbot, named(window.clock_bar, "Play", QPushButton))
    assert not window.clock.playing
    assert "Liquidated" in paused.args[0] and paused.args[0].startswith("Clock paused at")
    assert window.statusBar().currentMessage() == paused.args[0]
    assert gauge.liquidation.isVisible() and "Liquidated" in gauge.liquidation_text.text()
    assert "The clock is paused." in gauge.liquidation_text.text() and not gauge.notice.isVisible()
    assert any(a.level == RiskLevel.LIQUIDATION for a in watch.alerts)

    step_hour(window, qtbot)  # the notice outlives later ticks until acknowledged
    assert gauge.liquidation.isVisible()
    click(qtbot, named(gauge, "Acknowledge liquidation", QPushButton))
    assert not gauge.liquidation.isVisible()
