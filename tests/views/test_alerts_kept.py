"""Alerts as a trader meets them: thresholds set in Risk alerts… and kept in the ledger, each alert an
entry in History (highlighted with a sign, not colour alone) and a notification, the liquidation
notice kept across a restart until acknowledged, and the History filter without interest."""

from __future__ import annotations

from decimal import Decimal as D

from PySide6.QtWidgets import QCheckBox, QDoubleSpinBox, QLabel, QPushButton

from desktop.app import launch
from desktop.engine.vocabulary import EventType
from desktop.models.risk_watch import RiskLevel
from tests.views.test_fast_forward_menu import clock_menu_action
from tests.views.test_risk_alerts import leveraged, step_hour
from tests.views.test_steer_prices import open_dialog
from tests.views.util import click, named
from tests.waits import WAIT_MS


def set_percent(qtbot, dialog, name: str, text: str) -> None:
    box = named(dialog, name, QDoubleSpinBox)
    box.selectAll()
    qtbot.keyClicks(box, text)


def test_thresholds_from_the_dialog_are_kept_and_an_alert_is_in_history(window, qtbot):
    watch = window.risk_watch
    clock_menu_action(window, "Risk alerts…").trigger()
    dialog = open_dialog(window, qtbot, "alertSettings")
    set_percent(qtbot, dialog, "Warning at MMR", "90")  # above danger: refused in words
    click(qtbot, named(dialog, "Save alerts", QPushButton))
    assert "below the danger MMR" in named(dialog, "Alert settings problem", QLabel).text()
    set_percent(qtbot, dialog, "Warning at MMR", "20")
    set_percent(qtbot, dialog, "Danger at MMR", "30")
    click(qtbot, named(dialog, "Pause the clock on danger", QCheckBox))
    click(qtbot, named(dialog, "Save alerts", QPushButton))
    assert watch.settings.warn_mmr == D("0.2") and watch.settings.pause_on_danger
    assert window.session.latest(EventType.ALERT_SETTINGS).details["dangerMmr"] == "0.3"

    with qtbot.waitSignal(watch.alerted, timeout=WAIT_MS) as raised:
        leveraged(window)
    assert raised.args[0].level == RiskLevel.DANGER
    assert window.notifier.last.startswith(f"{raised.args[0].level.mark} {raised.args[0].level.word}")
    window.show_view(3)
    model = window.history.model
    top = model.rows[0]
    assert top.type == EventType.RISK_ALERT
    assert model.cell(top, model.COL_TYPE).startswith(f"{raised.args[0].level.mark} Alert: ")
    assert model.data(model.index(0, model.COL_TYPE), 6).bold()  # FontRole: bold as well as the sign

    watch.thresholds.clear()  # as after a restart: read back from the ledger
    assert watch.settings.danger_mmr == D("0.3") and watch.settings.pause_on_danger


def test_a_danger_alert_pauses_the_clock_when_asked_to(window, qtbot):
    from desktop.models.risk_watch import AlertThresholds

    window.risk_watch.set_thresholds(AlertThresholds(pause_on_danger=True))
    window.session.use_scenario("SOL -3% over 1h\nthen -3% over 1h\nthen -3% over 1h")
    most = window.session.max_order_quantity("SOL_USDC", "Bid", None, True)
    window.session.place_order("SOL_USDC", "Bid", "Market", (most * D("0.6")).quantize(D("0.01")), None, True)
    window.clock.set_speed(3600)
    with qtbot.waitSignal(window.risk_watch.paused, timeout=WAIT_MS) as paused:
        click(qtbot, named(window.clock_bar, "Play", QPushButton))
    assert not window.clock.playing and "Danger" in paused.args[0]


def test_the_liquidation_notice_outlives_a_restart_until_acknowledged(qtbot, tmp_path):
    directory = tmp_path / "data"
    window = launch(directory)
    qtbot.addWidget(window)
    leveraged(window)
    window.session.use_scenario("SOL -20% over 5h")
    for _ in range(5):
        step_hour(window, qtbot)
    assert window.session.last_liquidation is not None
    window.close()
    window.store.close()

    window = launch(directory)
    qtbot.addWidget(window)
    window.show()
    gauge = window.risk_gauge
    assert gauge.liquidation.isVisible() and "Liquidated:" in gauge.liquidation_text.text()
    assert any(a.level == RiskLevel.LIQUIDATION for a in window.risk_watch.alerts)  # the alerts came back too
    window.show_view(3)
    assert window.alert_log.count() >= 1
    click(qtbot, named(gauge, "Acknowledge liquidation", QPushButton))
    assert not gauge.liquidation.isVisible()
    window.close()
    window.store.close()

    window = launch(directory)
    qtbot.addWidget(window)
    window.show()
    assert not window.risk_gauge.liquidation.isVisible()
    window.close()
    window.store.close()


def test_history_leaves_interest_out_and_its_dates_follow_the_clock(window, qtbot):
    session = window.session
    window.show()
    window.show_view(3)
    assert session.borrow("USDC", D("1000")).accepted
    history = window.history
    assert history.type_button.text().startswith("All but interest")
    for _ in range(26):
        session.tick(3600)  # a day and more of hourly interest
    shown = {history.model.cell(e, 1) for e in history.model.rows}
    assert "Interest" not in shown and "Borrow" in shown
    history.preset_actions["All events"].trigger()
    assert "Interest" in {history.model.cell(e, 1) for e in history.model.rows}
    now = session.state.time
    assert history.until.date().toPython() == now.date()  # followed the clock over midnight
    assert history.since.date().daysTo(history.until.date()) == 7


def test_auto_lend_badge_beside_the_leverage(window, qtbot):
    badge = named(window.overview, "Auto Lend state", QLabel)
    assert badge.text() == "Auto Lend off"
    window.overview.auto_lend.trigger()  # the switch stays in the Margin Overview menu
    assert badge.text() == "⟳ Auto Lend"


def test_a_borrow_into_danger_asks_first(window, qtbot):
    from PySide6.QtWidgets import QLineEdit

    from desktop.models.risk_watch import AlertThresholds
    from tests.views.util import ledger_types, type_into

    window.risk_watch.set_thresholds(AlertThresholds(warn_mmr=D("0.001"), danger_mmr=D("0.002"), hysteresis=D(0)))
    window.show_view(1)
    tab = window.lend.borrow_tab
    window.lend.show_tab(tab)
    type_into(qtbot, named(tab, "Amount to borrow", QLineEdit), "1500")
    click(qtbot, named(tab, "Borrow", QPushButton))
    question = tab.question
    assert question.isVisible() and "Danger" in question.text() and "MMR after" in question.informativeText()
    assert ledger_types()[-1] == "Deposit"
    click(qtbot, named(question, "Borrow anyway", QPushButton))
    assert ledger_types()[-2:] == ["Borrow", "EntryFee"]
    assert "Borrowed 1,500" in named(tab, "Borrow message", QLabel).text()
