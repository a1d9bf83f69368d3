"""Fusion with the outlines a dark palette loses: Fusion draws field frames and check box and radio
outlines a little darker than the window, which on a dark window is dark on dark. This style draws
them in a colour halfway between the window and its text (3:1 or better against both themes'
windows), and fills a checked push button (Buy/Sell, 1 h/1 d/…) with the selection colour so the
chosen one stands out. Everything else is Fusion's own drawing."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleFactory, QStyleOption, QStyleOptionButton

PE, CE, CC = QStyle.PrimitiveElement, QStyle.ControlElement, QStyle.ComplexControl
State = QStyle.StateFlag
Role = QPalette.ColorRole

INDICATORS = frozenset({PE.PE_IndicatorCheckBox, PE.PE_IndicatorRadioButton})
FIELD_FRAMES = frozenset({PE.PE_PanelLineEdit})
FRAMED_CONTROLS = frozenset({CC.CC_SpinBox, CC.CC_ComboBox})
SIDE_COLOURS = {"buySide": QColor("#16704b"), "sellSide": QColor("#b23a32")}  # white text: 5.3:1 and more


def outline_colour(palette: QPalette) -> QColor:
    """Halfway between the window and its text: visible on either theme."""
    window, text = palette.color(Role.Window), palette.color(Role.WindowText)
    return QColor(
        (window.red() + text.red()) // 2, (window.green() + text.green()) // 2, (window.blue() + text.blue()) // 2
    )


class DeskStyle(QProxyStyle):
    def __init__(self) -> None:
        super().__init__(QStyleFactory.create("Fusion"))
        self.setObjectName("DeskStyle")

    def _outline(self, option: QStyleOption, painter: QPainter, rect: QRectF, round_: bool = False) -> None:
        focused = bool(option.state & State.State_HasFocus) and bool(option.state & State.State_Enabled)
        colour = option.palette.color(Role.Highlight) if focused else outline_colour(option.palette)
        if not option.state & State.State_Enabled:
            colour.setAlpha(110)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(colour, 1.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if round_:
            painter.drawEllipse(rect)
        else:
            painter.drawRoundedRect(rect, 2.0, 2.0)
        painter.restore()

    def drawPrimitive(self, element, option, painter, widget=None) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element in INDICATORS:
            rect = QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5)
            self._outline(option, painter, rect, round_=element == PE.PE_IndicatorRadioButton)
        elif element in FIELD_FRAMES:
            parent = widget.parent() if widget is not None else None
            if parent is not None and (parent.inherits("QAbstractSpinBox") or parent.inherits("QComboBox")):
                return  # the spin box or combo box draws the frame around its whole self
            self._outline(option, painter, QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5))
        elif element == PE.PE_PanelButtonCommand and option.state & State.State_On:
            colour = QColor(option.palette.color(Role.Highlight))
            if widget is not None and widget.objectName() in SIDE_COLOURS:
                colour = QColor(SIDE_COLOURS[widget.objectName()])
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRoundedRect(QRectF(option.rect).adjusted(1, 1, -1, -1), 2.0, 2.0)
            painter.restore()

    def drawControl(self, element, option, painter, widget=None) -> None:
        if element == CE.CE_PushButtonLabel and option.state & State.State_On:
            checked = QStyleOptionButton(option)
            checked.palette.setColor(Role.ButtonText, option.palette.color(Role.HighlightedText))
            painter.save()
            font = painter.font()
            font.setBold(True)
            painter.setFont(font)
            super().drawControl(element, checked, painter, widget)
            painter.restore()
            return
        super().drawControl(element, option, painter, widget)

    def drawComplexControl(self, control, option, painter, widget=None) -> None:
        super().drawComplexControl(control, option, painter, widget)
        if control in FRAMED_CONTROLS and getattr(option, "frame", True):
            self._outline(option, painter, QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5))


def plain_fusion_for(widget) -> None:
    """Give ``widget`` — and, under the app's style sheet, its children — Fusion itself when the app
    draws with ``DeskStyle``: for widgets that draw nothing this style changes (a table: its cells,
    rows, grid, headers, scroll bars and delegate-drawn buttons, none checked), so each element they
    draw does not pass through this style's Python methods (some 15 µs a table cell, 0.4 ms a
    scroll bar, on every tick's repaint). The pixels are Fusion's either way (tests compare them)."""
    app = QApplication.instance()
    if app is None or not app.property("deskTheme"):  # no desk theme (``theme.apply_theme``): no DeskStyle
        return
    plain = app.findChild(QStyle, PLAIN_FUSION)
    if plain is None:
        plain = QStyleFactory.create("Fusion")
        plain.setObjectName(PLAIN_FUSION)
        plain.setParent(app)  # kept (a widget does not own its style) as long as the app
    widget.setStyle(plain)


PLAIN_FUSION = "plainFusion"
