"""A panel that scrolls vertically when the window is short, instead of setting its minimum height;
its width follows the panel's own minimum, so nothing is cut at the side."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


class ScrollingPanel(QScrollArea):
    def __init__(self, panel: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidget(panel)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.panel = panel

    def minimumSizeHint(self):
        hint = super().minimumSizeHint()
        width = self.panel.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width()
        hint.setWidth(max(hint.width(), width))
        return hint
