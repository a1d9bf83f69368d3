"""Live figures without a relayout of the window on every tick.

``QLabel.setText`` asks every layout up to the main window to lay out again, and the window then
repaints all of it: 5–9 ms a tick for the Account Overview's eight numbers alone. A label of fixed
size does not ask, so a figure label keeps a fixed size that only grows (with room for two more
digits): a new number repaints the label alone, and the layout runs only when a number outgrows it.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QFontMetricsF, QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from .desk_style import plain_fusion_for

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

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self._selectable = False  # whether the pointer made it selectable (kept here: reading Qt's flags costs more)
        self.setTextInteractionFlags(RESTING)

    def enterEvent(self, event) -> None:
        self._selectable = True
        self.setTextInteractionFlags(SELECTABLE)
        super().enterEvent(event)

    def setText(self, text: str) -> None:
        if self._selectable and self.at_rest():
            self._selectable = False
            self.setTextInteractionFlags(RESTING)
        super().setText(text)

    def at_rest(self) -> bool:
        """Nobody at it: not under the pointer, without focus or selection, no menu of its own open."""
        return not (self.underMouse() or self.hasFocus() or self.hasSelectedText() or QApplication.activePopupWidget())


UNSHOWN = object()  # a figure's value before it is first shown


def same_value(shown, value) -> bool:
    """Whether ``value`` writes the text ``shown`` wrote: equal, and of the same sign (−0 writes a minus);
    a tuple (a figure's inputs) item by item."""
    if type(value) is tuple:
        return type(shown) is tuple and len(shown) == len(value) and all(map(same_value, shown, value))
    return shown == value and (not isinstance(value, Decimal) or shown.is_signed() == value.is_signed())


def show_value(label: QLabel, value, write: Callable[..., str]) -> None:
    """``set_figure(label, write(value))``, unless ``label`` shows ``value`` already: the text is worked out
    only when its inputs moved. Every writer of ``label`` must come through here."""
    if same_value(getattr(label, "_figure_value", UNSHOWN), value):
        return
    label._figure_value = value
    set_figure(label, write(value))


class Fit:
    """What fits in a figure label whose size ``set_figure`` fixed: text as wide as ``widest`` pixels.

    Measuring a new number's advance costs as much as setting it. The sum of its characters' advances
    (with two pixels to spare for kerning and rounding) is a few additions, so a number that stays inside the room its
    label was given is never measured; near the edge it is measured exactly. A font change (the
    application's: figure labels have no font of their own) makes every label measure again."""

    __slots__ = ("fonts_seen", "widest", "metrics", "widths")

    SPARE = 2.0  # pixels: what kerning and rounding to whole pixels could add to the characters' own advances
    fonts = 0  # how many times the application's font changed
    watching = False

    def __init__(self, label: QLabel, widest: int) -> None:
        if not Fit.watching:
            Fit.watching = True
            QGuiApplication.instance().fontChanged.connect(Fit.font_changed)
        self.fonts_seen, self.widest = Fit.fonts, widest
        self.metrics = QFontMetricsF(label.font())
        self.widths: dict[str, float] = {}

    @staticmethod
    def font_changed(_font=None) -> None:
        Fit.fonts += 1

    def holds(self, label: QLabel, text: str) -> bool:
        """Whether ``text`` fits the label (False: its font changed, or the text outgrew it)."""
        if self.fonts_seen != Fit.fonts:
            return False
        widths, total = self.widths, self.SPARE
        for char in text:
            width = widths.get(char)
            if width is None:
                width = widths[char] = self.metrics.horizontalAdvance(char)
            total += width
        return total <= self.widest or label.fontMetrics().horizontalAdvance(text) <= self.widest


def set_figure(label: QLabel, text: str) -> None:
    """Show ``text`` in ``label``, laying the window out again only when the text outgrows the label."""
    if label.text() == text:
        return
    label.setText(text)
    fit: Fit | None = getattr(label, "_figure_fit", None)  # None until this function fixes the label's size
    if fit is not None and fit.holds(label, text):
        return
    # The label's size hint is dear: asked only when the text outgrows the label (or the font changed).
    metrics, hint = label.fontMetrics(), label.sizeHint()
    overhead = hint.width() - metrics.horizontalAdvance(text)
    width = hint.width() + metrics.horizontalAdvance(ROOM)
    label.setFixedSize(width, hint.height())
    label._figure_fit = Fit(label, width - overhead)


class SteadyBox(QWidget):
    """Holds one word-wrapped label whose text changes often (a chart's caption): the label's requests
    to lay out again stop here unless it needs another number of lines, so a new caption repaints the
    caption alone. (A wrapped label cannot keep a fixed size: its width follows the window.)

    Asking the label its height for a new text lays the text out, wrapped: as dear as drawing it. A
    text that differs from the last one measured only in its digits breaks into the same lines when
    the font's digits are all equally wide (as in the desk's fonts): it is not asked again."""

    def __init__(self, label: QLabel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = label
        label.setParent(self)
        self.setSizePolicy(label.sizePolicy())
        self._height = 0
        self._measured: tuple[str, int, str] | None = None  # (the text's shape, Fit.fonts, its font) last measured here

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
        self._measured = None  # another width: lines broken anew
        super().resizeEvent(event)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # the label's text changed
            label = self.label
            shape = (label.text().translate(DIGITS_AS_ZERO), Fit.fonts, label.font().key())
            if shape != self._measured:
                self._measured = shape if tabular_digits(self.label) else None
                if self.heightForWidth(self.width()) != self._height:
                    self.updateGeometry()
            return True
        return super().event(event)


DIGITS_AS_ZERO = str.maketrans("123456789", "000000000")


def tabular_digits(label: QLabel) -> bool:
    """Whether the label's font draws every digit equally wide (a new number then wraps as the old)."""
    metrics = QFontMetricsF(label.font())
    return len({metrics.horizontalAdvance(digit) for digit in "0123456789"}) == 1


def on_its_own_ground(label: QLabel) -> None:
    """A figure that moves at each tick repaints its label alone, on its own ground (the window's
    colour, as what is behind it), not the panel and stack behind it too; drawn by Fusion itself, as
    the desk style changes nothing in a label."""
    label.setAutoFillBackground(True)
    plain_fusion_for(label)
