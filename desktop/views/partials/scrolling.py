"""A panel that scrolls vertically when the window is short, instead of setting its minimum height;
its width follows the panel's own minimum, so nothing is cut at the side."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


class ScrollingPanel(QScrollArea):
    def __init__(self, panel: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.panel = panel  # before setWidget: the area's own filter on the panel comes here at once
        self._panel_width = panel.minimumSizeHint().width()
        self.setWidget(panel)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The panel grew wider (the Futures preview's figures as a trader typed): the splitter hears of
        # the new minimum, or the panel outgrew the area and its right edge was cut (no sideways bar).
        if watched is self.panel and event.type() == QEvent.Type.LayoutRequest:
            width = self.panel.minimumSizeHint().width()
            if width != self._panel_width:
                self._panel_width = width
                self.updateGeometry()
        return super().eventFilter(watched, event)

    def minimumSizeHint(self):
        hint = super().minimumSizeHint()
        width = self.panel.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width()
        hint.setWidth(max(hint.width(), width))
        return hint
