"""A calm trading-desk look: Fusion, following the system's light or dark preference."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

DARK = {
    QPalette.ColorRole.Window: "#1c2128",
    QPalette.ColorRole.WindowText: "#d7dde4",
    QPalette.ColorRole.Base: "#161b21",
    QPalette.ColorRole.AlternateBase: "#1f252d",
    QPalette.ColorRole.Text: "#d7dde4",
    QPalette.ColorRole.Button: "#262d36",
    QPalette.ColorRole.ButtonText: "#d7dde4",
    QPalette.ColorRole.Highlight: "#3b6ea8",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.ToolTipBase: "#262d36",
    QPalette.ColorRole.ToolTipText: "#d7dde4",
    QPalette.ColorRole.PlaceholderText: "#7d8793",
}

STYLE = """
#panelTitle { font-weight: 600; font-size: 11pt; }
#refusal { color: palette(text); border-left: 3px solid #d0534a; padding: 4px 6px;
           background: rgba(208, 83, 74, 0.12); }
#refusal[kind="done"] { border-left: 3px solid #2e9e6b; background: rgba(46, 158, 107, 0.12); }
#liquidationBanner { padding: 6px; border-radius: 3px; font-weight: 600; color: #1c2128; }
#liquidationBanner[level="warning"] { background: #e8b949; }
#liquidationBanner[level="danger"] { background: #e0735f; }
#submitBuy { background: #2e9e6b; color: white; font-weight: 600; border-radius: 3px; }
#submitSell { background: #c9483f; color: white; font-weight: 600; border-radius: 3px; }
#buySide:checked { border-bottom: 3px solid #2e9e6b; font-weight: 600; }
#sellSide:checked { border-bottom: 3px solid #c9483f; font-weight: 600; }
#marginHelp { color: palette(placeholder-text); }
"""


def prefers_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hasattr(hints, "colorScheme") and hints.colorScheme() == Qt.ColorScheme.Dark


def apply_theme(app: QApplication, mode: str = "system") -> None:
    """``mode``: "system", "light" or "dark". Once per application and look: applying it re-polishes
    every existing widget, so a second window (or the same choice again) leaves the theme alone."""
    dark = prefers_dark() if mode == "system" else mode == "dark"
    look = "dark" if dark else "light"
    if app.property("marginDeskTheme") == look:
        return
    app.setStyle("Fusion")
    palette = app.style().standardPalette()
    if dark:
        for role, colour in DARK.items():
            palette.setColor(role, QColor(colour))
        palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#6b7480"))
        palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#6b7480"))
    app.setPalette(palette)
    app.setStyleSheet(STYLE)
    app.setProperty("marginDeskTheme", look)
