"""Live figures without a relayout of the window on every tick.

``QLabel.setText`` asks every layout up to the main window to lay out again, and the window then
repaints all of it: 5–9 ms a tick for the Account Overview's eight numbers alone. A label of fixed
size does not ask, so a figure label keeps a fixed size that only grows (with room for two more
digits): a new number repaints the label alone, and the layout runs only when a number outgrows it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget

ROOM = "00"  # what a figure may grow by before its label must be laid out again

# Where a figure label sits in a wider cell: its text keeps the alignment it had when it filled the cell.
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

SELECTABLE = Qt.TextInteractionFlag.TextSelectableByMouse
RESTING = Qt.TextInteractionFlag.NoTextInteraction


class SelectableFigure(QLabel):
    """A label whose text the trader selects and copies with the mouse, as with ``TextSelectableByMouse``.

    A selectable QLabel keeps a text document: every new text is parsed, laid out and drawn through
    it (the Account Overview's ten figures cost about a millisecond a tick that way). This one is
    selectable from the moment the pointer enters it, and goes back to Qt's plain drawing at its next
    new text once the pointer, the focus, a selection and any context menu have left it."""

    def enterEvent(self, event) -> None:
        self.setTextInteractionFlags(SELECTABLE)
        super().enterEvent(event)

    def setText(self, text: str) -> None:
        if self.textInteractionFlags() != RESTING and self.at_rest():
            self.setTextInteractionFlags(RESTING)
        super().setText(text)

    def at_rest(self) -> bool:
        """Nobody at it: not under the pointer, without focus or selection, no menu of its own open."""
        return not (self.underMouse() or self.hasFocus() or self.hasSelectedText() or QApplication.activePopupWidget())


def set_figure(label: QLabel, text: str) -> None:
    """Show ``text`` in ``label``, laying the window out again only when the text outgrows the label."""
    if label.text() == text:
        return
    label.setText(text)
    fits = label.minimumSize() == label.maximumSize()
    if fits:  # the text's advance is cheap to measure; the label's size hint is not
        overhead = getattr(label, "_figure_overhead", None)
        fits = overhead is not None and label.fontMetrics().horizontalAdvance(text) + overhead <= label.maximumWidth()
    if not fits:
        hint = label.sizeHint()
        label._figure_overhead = hint.width() - label.fontMetrics().horizontalAdvance(text)
        label.setFixedSize(hint.width() + label.fontMetrics().horizontalAdvance(ROOM), hint.height())


class SteadyBox(QWidget):
    """Holds one word-wrapped label whose text changes often (a chart's caption): the label's requests
    to lay out again stop here unless it needs another number of lines, so a new caption repaints the
    caption alone. (A wrapped label cannot keep a fixed size: its width follows the window.)"""

    def __init__(self, label: QLabel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = label
        label.setParent(self)
        self.setSizePolicy(label.sizePolicy())
        self._height = 0

    def sizeHint(self) -> QSize:
        return self.label.sizeHint()

    def minimumSizeHint(self) -> QSize:
        return self.label.minimumSizeHint()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self.label.heightForWidth(width)

    def resizeEvent(self, event) -> None:
        self.label.setGeometry(self.rect())
        self._height = self.height()
        super().resizeEvent(event)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # the label's text changed
            if self.heightForWidth(self.width()) != self._height:
                self.updateGeometry()
            return True
        return super().event(event)
