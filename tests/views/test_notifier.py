"""Risk alerts as desktop notifications (desktop/views/risk/notifier.py), offscreen: where no tray shows
messages (offscreen, a bare X server) the window's own notice says it; where one does, every alert is
a tray message with its level's title and icon. The tray is a recording stand-in here: a real
QSystemTrayIcon made offscreen warns (QPlatformNativeInterface has no tray signal)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QSystemTrayIcon

from desktop.models.risk_watch import RiskLevel
from desktop.views.risk import notifier
from desktop.views.risk.notifier import SHOWN_MS, Notifier, message_icon
from tests.views.test_risk_alerts import leveraged, step_hour
from tests.waits import WAIT_MS

Icon = QSystemTrayIcon.MessageIcon


class RecordingTray:
    """What the notifier asks of a QSystemTrayIcon, kept."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, str, QSystemTrayIcon.MessageIcon, int]] = []

    def showMessage(self, title, text, icon, shown_ms) -> None:  # noqa: N802 (Qt's name)
        self.messages.append((title, text, icon, shown_ms))


def test_offscreen_the_alert_is_the_windows_own_notice(window, qtbot):
    assert not notifier.tray_can_show_messages()  # offscreen: no tray, and asking warns of nothing
    shown = window.notifier
    assert shown.tray is None and shown.where == "in-window notice"
    with qtbot.waitSignal(window.risk_watch.alerted, timeout=WAIT_MS) as raised:
        leveraged(window)
    alert = raised.args[0]
    assert alert.level == RiskLevel.DANGER
    assert shown.last == f"⚠ Danger: {alert.text}"
    notice = window.risk_gauge.notice
    assert notice.isVisible() and alert.text in notice.text()


def test_with_a_tray_every_alert_is_a_tray_message(window, qtbot, monkeypatch):
    tray = RecordingTray()
    monkeypatch.setattr(notifier, "tray_can_show_messages", lambda: True)
    monkeypatch.setattr(notifier, "make_tray", lambda _window: tray)
    shown = Notifier(window.risk_watch, window)
    assert shown.tray is tray and shown.where == "system tray"

    window.session.use_scenario("SOL +4% over 1h\nthen +6% over 1h")
    with qtbot.waitSignal(window.risk_watch.alerted, timeout=WAIT_MS) as raised:
        leveraged(window)
    danger = raised.args[0]
    assert tray.messages == [("Margin Desk — ⚠ Danger", danger.text, Icon.Critical, SHOWN_MS)]
    assert shown.last == f"⚠ Danger: {danger.text}"

    step_hour(window, qtbot)  # clear of the threshold, not yet of the hysteresis: nothing new
    assert len(tray.messages) == 1
    with qtbot.waitSignal(window.risk_watch.alerted, timeout=WAIT_MS) as cleared:
        step_hour(window, qtbot)
    back = cleared.args[0]
    assert tray.messages[-1] == ("Margin Desk — ● Back to Safe", back.text, Icon.Information, SHOWN_MS)
    assert shown.last.startswith("● Back to Safe: ")


@pytest.mark.parametrize(
    ("level", "icon"),
    [
        (RiskLevel.SAFE, Icon.Information),
        (RiskLevel.WARNING, Icon.Warning),
        (RiskLevel.DANGER, Icon.Critical),
        (RiskLevel.LIQUIDATION, Icon.Critical),
    ],
)
def test_each_level_has_its_icon(level, icon):
    assert message_icon(level) == icon
