"""A risk alert as a desktop notification: the system tray's message where a tray exists; otherwise
the Account Overview's in-window notice (the risk gauge shows every alert there anyway)."""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle, QSystemTrayIcon, QWidget

from ...models.risk_watch import Alert, RiskLevel, RiskWatch

SHOWN_MS = 10_000


class Notifier:
    def __init__(self, watch: RiskWatch, window: QWidget) -> None:
        self.window = window
        self.last = ""  # the last notification's words (what a test or a screen reader can check)
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable() and QSystemTrayIcon.supportsMessages():
            icon = QApplication.windowIcon()
            if icon.isNull():
                icon = window.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            self.tray = QSystemTrayIcon(QIcon(icon), window)
            self.tray.setToolTip("Margin Desk: risk alerts")
            self.tray.show()
        watch.alerted.connect(self.notify)

    @property
    def where(self) -> str:
        return "system tray" if self.tray is not None else "in-window notice"

    def notify(self, alert: Alert) -> None:
        rising = alert.level > alert.previous or alert.level == RiskLevel.LIQUIDATION
        title = f"{alert.level.mark} {alert.level.word}" if rising else f"{alert.level.mark} Back to {alert.level.word}"
        self.last = f"{title}: {alert.text}"
        if self.tray is not None:
            icon = (
                QSystemTrayIcon.MessageIcon.Critical
                if alert.level >= RiskLevel.DANGER
                else QSystemTrayIcon.MessageIcon.Warning
                if alert.level == RiskLevel.WARNING
                else QSystemTrayIcon.MessageIcon.Information
            )
            self.tray.showMessage(f"Margin Desk — {title}", alert.text, icon, SHOWN_MS)
