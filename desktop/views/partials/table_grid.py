"""A table's grid lines, drawn only where the repainted area holds them.

Qt's table draws, for each rectangle of the area to repaint, the line under each of its rows and
beside each of its columns — clipped to the whole area, which a tick makes of many cells apart: the
slow, clipped path for every line, though a changed cell's rectangle holds no grid line (it stops a
pixel short of them). The table's own grid pass is left empty (``Qt.PenStyle.NoPen``: its cells keep
their size and place) and ``TableGrid`` draws the same lines, each only across a rectangle that
holds it: the same pixels, and nothing for a tick's changed cells. Where the lines fall is kept
between paints, read again when a section moves, resizes, comes or goes, or the table scrolls."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from PySide6.QtCore import QLine, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QRegion
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionViewItem, QTableView


def line_positions(header: QHeaderView, at_start: bool = False) -> list[int]:
    """Where the grid line of each shown section falls in the viewport (the section's last pixel;
    its first when ``at_start``, as columns right to left), in order."""
    positions = []
    for section in range(header.count()):
        if not header.isSectionHidden(section):
            at = header.sectionViewportPosition(section)
            positions.append(at if at_start else at + header.sectionSize(section) - 1)
    return sorted(positions)


class TableGrid:
    """``view``'s grid lines, drawn by ``draw`` within its paint event."""

    def __init__(self, view: QTableView) -> None:
        self.view = view
        # (what they were read for, the columns' lines, the rows' lines, the columns' first and last
        # pixels, the rows' last pixel, every line's pixels as one region)
        self._kept: tuple | None = None
        for header in (view.horizontalHeader(), view.verticalHeader()):
            for signal in (header.sectionResized, header.sectionMoved, header.sectionCountChanged):
                signal.connect(self.forget)

    def forget(self, *_args) -> None:
        self._kept = None

    def _lines_at(self):
        view = self.view
        across, down = view.horizontalHeader(), view.verticalHeader()
        right_to_left = view.isRightToLeft()
        width = view.viewport().width()
        key = (across.offset(), down.offset(), across.length(), down.length(), right_to_left, width)
        kept = self._kept
        if kept is None or kept[0] != key:
            columns_width = across.length() - across.offset()
            # the columns' first and last pixels: right to left, they end at the viewport's right edge
            extent = (width - columns_width, width) if right_to_left else (0, columns_width - 1)
            bottom = down.length() - down.offset() - 1
            xs, ys = line_positions(across, right_to_left), line_positions(down)
            where = QRegion()  # every line's pixels, to tell at once whether a region holds any
            for at in xs:
                where += QRect(at, 0, 1, bottom + 1)
            for at in ys:
                where += QRect(extent[0], at, extent[1] - extent[0] + 1, 1)
            kept = self._kept = (key, xs, ys, extent, bottom, where)
        return kept[1:]

    def lines(self, region: QRegion) -> list[QLine]:
        """The grid lines in ``region`` of the viewport, as Qt's table draws them: under each row and
        beside each column (at its right, or its left right to left); each across only the
        rectangle of ``region`` that holds it."""
        view = self.view
        if view.horizontalHeader().count() == 0 or view.verticalHeader().count() == 0:
            return []
        xs, ys, (left_end, right_end), bottom_end, where = self._lines_at()
        if not region.intersects(where):  # a tick's changed cells: no line among them
            return []
        lines = []
        for rect in region:
            x, y, width, height = rect.getRect()
            left, right = max(x, left_end), min(x + width - 1, right_end)
            top, bottom = y, min(y + height - 1, bottom_end)
            if right < left or bottom < top:
                continue
            for at in ys[bisect_left(ys, top) : bisect_right(ys, bottom)]:
                lines.append(QLine(left, at, right, at))
            for at in xs[bisect_left(xs, left) : bisect_right(xs, right)]:
                lines.append(QLine(at, top, at, bottom))
        return lines

    def draw(self, region: QRegion, style) -> None:
        """Draw the grid lines in ``region`` in pen ``style``."""
        lines = self.lines(region)
        if not lines:
            return
        view = self.view
        painter = QPainter(view.viewport())
        painter.setPen(QPen(grid_colour(view), 0, style))
        painter.drawLines(lines)
        painter.end()


def grid_colour(view: QTableView) -> QColor:
    """The style's grid colour for ``view``, as Qt's table asks it."""
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    return QColor.fromRgba(view.style().styleHint(QStyle.StyleHint.SH_Table_GridLineColor, option, view) & 0xFFFFFFFF)


class GridTableView(QTableView):
    """A table whose grid ``TableGrid`` draws: Qt's own pass is left empty (``NoPen``), and the style
    set on the table (``setGridStyle``) is the one drawn. On a screen scaled other than 1:1 a line
    may share device pixels with the cells beside it, which only Qt's pass redraws at every repaint:
    there Qt's pass draws the grid, as before."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._grid_style = Qt.PenStyle.SolidLine
        self._grid = TableGrid(self)
        self._ours = True  # whether ``TableGrid`` draws the grid (the screen 1:1) rather than Qt's pass
        super().setGridStyle(Qt.PenStyle.NoPen)

    def setModel(self, model) -> None:
        super().setModel(model)
        if model is not None:
            for signal in (model.modelReset, model.layoutChanged, model.rowsInserted, model.rowsRemoved):
                signal.connect(self._grid.forget)  # where the rows' lines fall, read again

    def setGridStyle(self, style: Qt.PenStyle) -> None:
        self._grid_style = style
        if self._ours:
            self.viewport().update()
        else:
            super().setGridStyle(style)

    def gridStyle(self) -> Qt.PenStyle:
        return self._grid_style

    def one_to_one(self) -> bool:
        """Whether the table is painted one device pixel to a pixel (the screen not scaled)."""
        return self.viewport().devicePixelRatioF() == 1.0

    def paintEvent(self, event) -> None:
        ours = self.one_to_one()
        if ours != self._ours:  # moved to a screen of another scale: the other pass draws (repainted once)
            self._ours = ours
            super().setGridStyle(Qt.PenStyle.NoPen if ours else self._grid_style)
        super().paintEvent(event)
        if ours and self.showGrid() and self._grid_style != Qt.PenStyle.NoPen:
            self._grid.draw(event.region(), self._grid_style)
