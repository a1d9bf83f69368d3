"""How a table paints a plain text cell: the text, elided, in the cell's font, colour and alignment —
what Fusion's item drawing shows for an unselected cell without an icon or a background, at a small
part of its cost (Fusion lays each text out anew, some 70 µs a cell; a tick repaints every figure
that moved). A selected, focused or hovered cell, one with an icon, a check box or a background, goes
to the style as before.

A row model's cell (``RowTableModel``) is read straight from the model's kept texts — no style
option filled in role by role through the sort proxy (half a cell's cost) — in the model's own font
(History's bold events) when it has one. A text that fits is drawn at its baseline: the pixels
``drawText`` in the cell's rectangle gives (tests compare them), without laying the text out in a
rectangle (20 µs of a cell); its width is measured once per text and font."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ...models.tables import FOREGROUND, RIGHT, RowTableModel
from .text_measures import ELLIPSIS, Measures

State = QStyle.StateFlag
Feature = QStyleOptionViewItem.ViewItemFeature
# What only the style draws (as ints: flag arithmetic on Python enums costs more than the drawing).
STYLED_STATES = (State.State_Selected | State.State_HasFocus | State.State_MouseOver).value
STYLED_FEATURES = (Feature.HasDecoration | Feature.HasCheckIndicator).value
ENABLED, ACTIVE = State.State_Enabled.value, State.State_Active.value
NO_BRUSH = Qt.BrushStyle.NoBrush
TEXT = QPalette.ColorRole.Text
NORMAL, INACTIVE, DISABLED = QPalette.ColorGroup.Normal, QPalette.ColorGroup.Inactive, QPalette.ColorGroup.Disabled
ITEM = QStyle.ControlElement.CE_ItemViewItem
FONT = int(Qt.ItemDataRole.FontRole)
RIGHT_TO_LEFT = Qt.LayoutDirection.RightToLeft
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)  # a table cell's alignment by default

# The roles a row model may answer and still be painted from its texts: none of them draws anything
# but the text in its colour and font (an icon, a check box or a background go to the style).
PLAIN_ROLES = RowTableModel.ROLES | {FOREGROUND, FONT, int(Qt.ItemDataRole.ToolTipRole)}


def colour_group(state: int) -> QPalette.ColorGroup:
    """The palette's colour group for a cell in ``state`` (an int), as the style picks it."""
    return NORMAL if state & ENABLED and state & ACTIVE else DISABLED if not state & ENABLED else INACTIVE


def plain_model(model) -> bool:
    """Whether ``model``'s cells are all text (colour, font) read as ``RowTableModel`` reads them."""
    kind = type(model)
    return (
        isinstance(model, RowTableModel)
        and kind.data is RowTableModel.data
        and kind.multiData is RowTableModel.multiData
        and model.ROLES <= PLAIN_ROLES
    )


def sorts_rows_only(proxy) -> bool:
    """Whether ``proxy`` only sorts and filters rows: its columns are its model's."""
    kind = type(proxy)
    return (
        isinstance(proxy, QSortFilterProxyModel)
        and kind.filterAcceptsColumn is QSortFilterProxyModel.filterAcceptsColumn
        and kind.mapToSource is QSortFilterProxyModel.mapToSource
    )


class Frame:
    """What a view's paint event gives each of its cells alike: the view's font (measured), its text
    colours by colour group (read when first needed) and its direction. Cells painted outside a view's
    paint event read them from their style option."""

    __slots__ = ("measures", "palette", "colours", "left_to_right", "font", "pen")

    def __init__(self, measures: Measures, palette: QPalette, direction: Qt.LayoutDirection) -> None:
        self.measures, self.palette = measures, palette
        self.colours: dict[QPalette.ColorGroup, QColor] = {}
        self.left_to_right = direction != RIGHT_TO_LEFT
        self.font: QFont | None = None  # what the last plain cell set on the painter (None: nothing yet)
        self.pen: QColor | None = None

    def text_colour(self, group: QPalette.ColorGroup) -> QColor:
        colour = self.colours.get(group)
        if colour is None:
            colour = self.colours[group] = self.palette.color(group, TEXT)
        return colour


class TextCellDelegate(QStyledItemDelegate):
    """Plain cells painted directly; the rest as the style draws them."""

    at_baseline = True  # a text that fits drawn at its baseline (tests compare it with the rectangle's layout)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._margin: int | None = None  # the style's text margin, read once
        self._proxy = None  # the model last painted, and its plain row model (None: not plain)
        self._source: RowTableModel | None = None
        self._rows: dict[int, int] | None = None  # a sort proxy's row → its model's, kept until rows move
        self._measures: Measures | None = None  # the view's font (most cells)
        self._other_fonts: dict[str, Measures] = {}  # a model's own fonts, by key
        self._frame: Frame | None = None  # what every cell of the view's paint event shares
        # the model's (row, column) → (room, text, colour) each plain cell was last painted with on
        # screen, kept while the sort proxy's rows stay where they are (see ``shows_already``)
        self._drawn: dict[tuple[int, int], tuple[int, str, QColor | None]] = {}

    def begin_paint(self, view) -> None:
        """The view's paint event starts: its font, text colours and direction, read once for all
        its cells (read from each cell's style option, they were a third of a cell's cost)."""
        self._frame = Frame(self._measures_of(view.font(), True), view.palette(), view.layoutDirection())

    def end_paint(self) -> None:
        self._frame = None

    def _plain_source(self, model):
        if model is not self._proxy:
            source = model.sourceModel() if hasattr(model, "sourceModel") else model
            self._proxy, self._source = model, source if plain_model(source) else None
            self._rows = None
            self._drawn = {}
            if self._source is not None and source is not model and sorts_rows_only(model):
                # Qt's mapToSource asks the Python model its size (some 5 µs a cell): rows looked up
                # once until the proxy's rows change, sort or filter.
                self._rows = {}
                for signal in (
                    model.layoutAboutToBeChanged,
                    model.layoutChanged,
                    model.modelAboutToBeReset,
                    model.modelReset,
                    model.rowsInserted,
                    model.rowsRemoved,
                    model.rowsMoved,
                ):
                    signal.connect(self._forget_rows)
        return self._source

    def _forget_rows(self, *_args) -> None:
        if self._rows:
            self._rows = {}
        if self._drawn:
            self._drawn = {}

    def paint(self, painter, option, index) -> None:
        state = option.state.value
        if state & STYLED_STATES:
            if self._drawn:  # what the style draws is not known
                model = index.model()
                cell = model.mapToSource(index) if hasattr(model, "mapToSource") else index
                self._drawn.pop((cell.row(), cell.column()), None)
            self._styled(painter, option, index)
            return
        model = index.model()
        source = self._source if model is self._proxy else self._plain_source(model)
        if source is None:
            self.initStyleOption(option, index)
            if option.features.value & STYLED_FEATURES or option.backgroundBrush.style() != NO_BRUSH:
                self._draw_styled(painter, option)
                return
            colour = option.palette.color(colour_group(state), TEXT)  # the model's foreground, if any
            self._draw(painter, option, state, option.text, option.displayAlignment.value, colour, option.font, True)
            return
        column = index.column()
        kept = self._rows
        if source is model:
            number = index.row()
        elif kept is not None:
            row = index.row()
            number = kept.get(row)
            if number is None:
                number = kept[row] = model.mapToSource(index).row()
        else:
            cell = model.mapToSource(index)
            number, column = cell.row(), cell.column()
        at = (number, column) if kept is not None else None  # kept while the proxy's rows stay
        rows = source.rows
        if not 0 <= number < len(rows):
            return
        text = source.display(number, column)
        if not text:
            self._drawn.pop(at, None)
            return
        roles = source.ROLES
        colour = source.extra(rows[number], column, FOREGROUND) if FOREGROUND in roles else None
        own = source.extra(rows[number], column, FONT) if FONT in roles else None
        if own is None:
            font = None  # the view's
        else:  # as the style option takes a model's font: resolved against the view's
            font = own.resolve(option.font)
        alignment = RIGHT if column in source.NUMERIC else LEFT
        self._draw(painter, option, state, text, alignment, colour, font, own is None, at)

    def _measures_of(self, font: QFont, views: bool) -> Measures:
        if views:
            measures = self._measures
            if measures is None or font != measures.font:  # another font: its measures anew
                measures = self._measures = Measures(font)
            return measures
        key = font.key()
        measures = self._other_fonts.get(key)
        if measures is None:
            measures = self._other_fonts[key] = Measures(font)
        return measures

    def _draw(
        self, painter, option, state: int, text: str, alignment: int, colour, font=None, views: bool = True, at=None
    ) -> None:
        """``font``: the option's own (``views``; None: read from the option) or a model's, resolved.
        ``at``: the cell's (row, column) in the model, to keep what it shows (a cell of the view's
        paint event in the view's font)."""
        if not text:
            return
        frame = self._frame
        if at is not None and (frame is None or font is not None):
            self._drawn.pop(at, None)  # painted off screen, or in a font of its own: not kept
            at = None
        model_colour = colour
        if font is None and frame is not None:  # the view's font, as the option's is
            measures = frame.measures
            font = measures.font
        else:
            if font is None:
                font = option.font
            measures = self._measures_of(font, views)
        if self._margin is None:  # as Qt's item text: the focus frame's margin and one pixel each side
            widget = option.widget
            style = widget.style() if widget is not None else QApplication.style()
            self._margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        margin = self._margin
        rect = option.rect
        left, top, cell_width, height = rect.getRect()
        room = cell_width - 2 * margin
        elided = measures.elided.get((text, room))
        if elided is not None and elided != text:  # known to be too wide (elided as it is wider): not measured
            width = room + 1
        else:
            width = measures.widths.get(text)
            seen = width is not None  # drawn before: its kept glyphs drawn again
            if not seen:
                width = measures.width(text)
        if width > room:  # elided: a narrow column's figure often reads as drawn before ("94,8…")
            text = measures.shown(text, room, measures.whole_pixels)
            width = measures.widths.get(text)
            seen = width is not None
            if not seen:
                width = measures.width(text)
        if colour is None:  # the view's text colour (a cell whose option was filled in passes its own)
            group = colour_group(state)
            colour = option.palette.color(group, TEXT) if frame is None else frame.text_colour(group)
        if at is not None:
            self._drawn[at] = (room, text, model_colour)
        # No save()/restore(): the view's painter keeps its font for every cell, and whatever draws
        # after a cell (the next cell, the grid, a style's item) sets the pen it needs. In the view's
        # paint event the painter keeps what the last plain cell set (the grid puts its pen back, a
        # style's item restores the painter): set again only when it differs.
        if frame is None:
            painter.setFont(font)
            painter.setPen(colour)
        else:
            if frame.font is not font:
                painter.setFont(font)
                frame.font = font
            if frame.pen is not colour:
                painter.setPen(colour)
                frame.pen = colour
        if (
            self.at_baseline
            and width <= room
            and measures.height <= height
            and (alignment == LEFT or alignment == RIGHT)
            and (frame.left_to_right if frame is not None else painter.layoutDirection() != RIGHT_TO_LEFT)
        ):  # the text fits: drawn at its baseline where the rectangle's layout puts it (no clipping)
            x = left + margin + (room - width if alignment == RIGHT else 0)
            top += (height - measures.height) / 2
            measures.draw(painter, x, top, text, seen)
        else:
            painter.drawText(rect.adjusted(margin, 0, -margin, 0), alignment, text)

    def shows_already(self, number: int, column: int) -> bool:
        """Whether the cell of the model's row ``number`` and ``column`` already shows what painting it
        now would: the model's text, elided as it would be in the cell's room, in the same colour (the
        view's font). A tick changes a figure's text, but a narrow column's "1,51…" often reads as
        before. Whatever else changes a cell's look (its width, the palette, the font, the state, rows
        moving) repaints the whole view, and the cell is kept again when that paint draws it."""
        drawn = self._drawn.get((number, column))
        source = self._source
        if drawn is None or source is None:
            return False
        room, shown, colour = drawn
        rows, measures = source.rows, self._measures
        if not 0 <= number < len(rows) or measures is None:
            return False
        text = source.display(number, column)
        if not text:
            return False
        elided = None
        if shown.endswith(ELLIPSIS):  # elided before: most likely again, told without measuring the text
            elided = measures.shown(text, room, measures.whole_pixels)
        if elided is None or elided == text:  # what ``_draw`` would draw: the text if it fits, else elided
            elided = text if measures.measure(text) <= room else measures.shown(text, room, measures.whole_pixels)
        return elided == shown and self._same_colour(source, number, column, colour)

    @staticmethod
    def _same_colour(source: RowTableModel, number: int, column: int, colour: QColor | None) -> bool:
        """Whether the model's cell reads in ``colour`` (None: the view's) and the view's font."""
        rows = source.rows
        roles = source.ROLES
        if FONT in roles and source.extra(rows[number], column, FONT) is not None:
            return False
        if FOREGROUND in roles:
            now = source.extra(rows[number], column, FOREGROUND)
            return now is colour or (now is not None and colour is not None and now == colour)
        return colour is None

    def _styled(self, painter, option, index) -> None:
        self.initStyleOption(option, index)
        self._draw_styled(painter, option)

    @staticmethod
    def _draw_styled(painter, option) -> None:
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(ITEM, option, painter, widget)
