"""A risk alert as a desktop notification: the system tray's message where a tray exists; otherwise
the Account Overview's in-window notice (the risk gauge shows every alert there anyway)."""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle, QSystemTrayIcon, QWidget

from ...models.risk_watch import Alert, RiskLevel, RiskWatch

SHOWN_MS = 10_000


def tray_can_show_messages() -> bool:
    """Whether the desktop has a system tray that shows messages (none offscreen, nor on a bare X)."""
    return QSystemTrayIcon.isSystemTrayAvailable() and QSystemTrayIcon.supportsMessages()


def make_tray(window: QWidget) -> QSystemTrayIcon:
    icon = QApplication.windowIcon()
    if icon.isNull():
        icon = window.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
    tray = QSystemTrayIcon(QIcon(icon), window)
    tray.setToolTip("Margin Desk: risk alerts")
    tray.show()
    return tray


def message_icon(level: RiskLevel) -> QSystemTrayIcon.MessageIcon:
    if level >= RiskLevel.DANGER:
        return QSystemTrayIcon.MessageIcon.Critical
    if level == RiskLevel.WARNING:
        return QSystemTrayIcon.MessageIcon.Warning
    return QSystemTrayIcon.MessageIcon.Information


def title_of(alert: Alert) -> str:
    """ "▲ Warning" as the level rises (and for a liquidation), "● Back to Safe" as it falls."""
    rising = alert.level > alert.previous or alert.level == RiskLevel.LIQUIDATION
    return f"{alert.level.mark} {alert.level.word}" if rising else f"{alert.level.mark} Back to {alert.level.word}"


class Notifier:
    def __init__(self, watch: RiskWatch, window: QWidget) -> None:
        self.window = window
        self.last = ""  # the last notification's words (what a test or a screen reader can check)
        self.tray: QSystemTrayIcon | None = make_tray(window) if tray_can_show_messages() else None
        watch.alerted.connect(self.notify)

    @property
    def where(self) -> str:
        return "system tray" if self.tray is not None else "in-window notice"

    def notify(self, alert: Alert) -> None:
        title = title_of(alert)
        self.last = f"{title}: {alert.text}"
        if self.tray is not None:
            self.tray.showMessage(f"Margin Desk — {title}", alert.text, message_icon(alert.level), SHOWN_MS)
