"""A calm trading-desk look: Fusion in a light or a dark palette (or the system's preference), with
visible field borders, check box and radio outlines and checked buttons (``desk_style``), and text
colours chosen so every text/background pair reads at 4.5:1 or better (tests compute the ratios)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from ..models.accents import ACCENTS
from .partials.desk_style import SIDE_COLOURS, DeskStyle

Role, Group = QPalette.ColorRole, QPalette.ColorGroup

LIGHT = {
    Role.Window: "#efefef",
    Role.WindowText: "#1a1a1a",
    Role.Base: "#ffffff",
    Role.AlternateBase: "#f5f6f7",
    Role.Text: "#1a1a1a",
    Role.Button: "#e9e9e9",
    Role.ButtonText: "#1a1a1a",
    Role.Highlight: "#2a6fb0",
    Role.HighlightedText: "#ffffff",
    Role.ToolTipBase: "#ffffdc",
    Role.ToolTipText: "#1a1a1a",
    Role.PlaceholderText: "#666666",
    Role.Link: "#1f5f9e",
    Role.LinkVisited: "#6a3d9a",
    Role.BrightText: "#ffffff",
}
DARK = {
    Role.Window: "#1c2128",
    Role.WindowText: "#d7dde4",
    Role.Base: "#161b21",
    Role.AlternateBase: "#1f252d",
    Role.Text: "#d7dde4",
    Role.Button: "#262d36",
    Role.ButtonText: "#d7dde4",
    Role.Highlight: "#345f91",
    Role.HighlightedText: "#ffffff",
    Role.ToolTipBase: "#262d36",
    Role.ToolTipText: "#d7dde4",
    Role.PlaceholderText: "#8b95a1",
    Role.Link: "#6cb2f5",
    Role.LinkVisited: "#b59ae6",
    Role.BrightText: "#ffffff",
}
DISABLED = {"light": "#8a8a8a", "dark": "#6b7480"}  # disabled controls are exempt from 4.5:1

STYLE = """
#panelTitle {{ font-weight: 600; font-size: 11pt; }}
#refusal {{ color: palette(window-text); border-left: 3px solid #d0534a; padding: 4px 6px;
           background: rgba(208, 83, 74, 0.12); }}
#refusal[kind="done"] {{ border-left: 3px solid #2e9e6b; background: rgba(46, 158, 107, 0.12); }}
#refusal[kind="note"] {{ border-left: 3px solid #3b7dd8; background: rgba(59, 125, 216, 0.12); }}
#refusal[kind="warning"] {{ border-left: 3px solid #d99a1e; background: rgba(232, 185, 73, 0.18); }}
#autoLendBadge {{ color: palette(placeholder-text); padding: 1px 4px; }}
#autoLendBadge[on="true"] {{ color: palette(window-text); border: 1px solid #2e9e6b; border-radius: 8px; background: rgba(46, 158, 107, 0.15); font-weight: 600; }}
#inputNote {{ color: {problem}; }}
QLineEdit[invalid="true"] {{ border: 1px solid {problem}; border-radius: 2px; padding: 1px 2px;
                            background: palette(base); }}
#liquidationBanner {{ padding: 6px; border-radius: 3px; font-weight: 600; color: #1c2128; }}
#liquidationBanner[level="warning"] {{ background: #e8b949; }}
#liquidationBanner[level="danger"] {{ background: #e0735f; }}
#liveBanner {{ padding: 3px 8px; border-radius: 3px; border-left: 4px solid #8b95a1;
               background: rgba(139, 149, 161, 0.14); }}
#liveBanner[mode="live"] {{ border-left: 4px solid #2e9e6b; background: rgba(46, 158, 107, 0.16); }}
#liveBanner[mode="stopped"] {{ border-left: 4px solid #b8860b; background: #e8b949; color: #1c2128; }}
#storeBanner {{ padding: 3px 8px; border-radius: 3px; border-left: 4px solid #d0534a; background: rgba(208, 83, 74, 0.16); }}
#submitBuy {{ background: {buy}; color: white; font-weight: 600; border-radius: 3px; }}
#submitSell {{ background: {sell}; color: white; font-weight: 600; border-radius: 3px; }}
#submitBuy:focus, #submitSell:focus {{ border: 2px solid palette(highlight); }}
#submitBuy:disabled, #submitSell:disabled {{ background: palette(button); color: {disabled}; }}
#marginHelp, #emptyState {{ color: palette(placeholder-text); }}
#mirrorBadge {{ padding: 4px 6px; border-radius: 3px; font-weight: 600; color: #ffffff; background: #3f6fb0; }}
#reconciliationFlag {{ border-left: 3px solid #e8b949; padding: 2px 6px; }}
"""


def prefers_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hasattr(hints, "colorScheme") and hints.colorScheme() == Qt.ColorScheme.Dark


def resolve(mode: str) -> str:
    """``"system"``, ``"light"`` or ``"dark"`` → the theme to show."""
    if mode == "system":
        return "dark" if prefers_dark() else "light"
    return "dark" if mode == "dark" else "light"


def palette_for(theme: str) -> QPalette:
    palette = QPalette()
    for role, colour in (DARK if theme == "dark" else LIGHT).items():
        palette.setColor(role, QColor(colour))
    light, dark = QColor(palette.color(Role.Window)).lighter(125), QColor(palette.color(Role.Window)).darker(160)
    for role, colour in ((Role.Light, light), (Role.Midlight, light), (Role.Dark, dark), (Role.Mid, dark)):
        palette.setColor(role, colour)
    palette.setColor(Role.Shadow, QColor("#000000"))
    disabled = QColor(DISABLED[theme])
    for role in (Role.Text, Role.ButtonText, Role.WindowText):
        palette.setColor(Group.Disabled, role, disabled)
    return palette


def apply_theme(app: QApplication, mode: str = "system") -> str:
    """Apply ``mode`` ("system", "light" or "dark") to the whole application; returns the theme shown."""
    theme = resolve(mode)
    if app.property("deskTheme") == theme:
        return theme
    if not isinstance(app.style(), DeskStyle):
        app.setStyle(DeskStyle())
    app.setProperty("deskTheme", theme)
    app.setPalette(palette_for(theme))
    app.setStyleSheet(STYLE.format(**ACCENTS[theme], disabled=DISABLED[theme]))
    return theme


# -- contrast (WCAG 2.x) -----------------------------------------------------------------------------
def relative_luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast_ratio(foreground: QColor, background: QColor) -> float:
    lighter, darker = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


TEXT_PAIRS = (
    ("window text", Role.WindowText, Role.Window),
    ("field text", Role.Text, Role.Base),
    ("table stripes", Role.Text, Role.AlternateBase),
    ("button text", Role.ButtonText, Role.Button),
    ("selected text", Role.HighlightedText, Role.Highlight),
    ("tooltip text", Role.ToolTipText, Role.ToolTipBase),
    ("placeholder and notes", Role.PlaceholderText, Role.Base),
    ("notes on the window", Role.PlaceholderText, Role.Window),
    ("links", Role.Link, Role.Base),
)


def text_contrasts(theme: str) -> dict[str, float]:
    """Every text/background pair the theme paints, with its contrast ratio."""
    palette = palette_for(theme)
    ratios = {name: contrast_ratio(palette.color(fg), palette.color(bg)) for name, fg, bg in TEXT_PAIRS}
    white = QColor("#ffffff")
    grounds = [palette.color(role) for role in (Role.Window, Role.Base, Role.AlternateBase)]
    accents = ACCENTS[theme]
    ratios["buy button"] = contrast_ratio(white, QColor(accents["buy"]))
    ratios["sell button"] = contrast_ratio(white, QColor(accents["sell"]))
    for name, ground in (("warning banner", "#e8b949"), ("danger banner", "#e0735f")):
        ratios[name] = contrast_ratio(QColor("#1c2128"), QColor(ground))
    for side, colour in SIDE_COLOURS.items():
        ratios[f"chosen {side}"] = contrast_ratio(white, colour)
    for name, key in (("input problem", "problem"), ("gain in tables", "gain"), ("loss in tables", "loss")):
        ratios[name] = min(contrast_ratio(QColor(accents[key]), ground) for ground in grounds)
    return ratios
