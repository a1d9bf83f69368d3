"""The what-if panel's liquidation table updated in place (only the cells shown whose figure moved are
formatted again) reads, cell for cell, as a table given the same points afresh — and repaints exactly
the shown cells whose text changed."""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.engine.what_if import LiquidationPoint
from desktop.models.what_if_model import LiquidationTableModel
from desktop.text.formatting import AssetFormats
from tests.engine.util import example_parameters

FORMATS = AssetFormats(example_parameters())
SYMBOLS = ("BTC", "ETH", "SOL", "USDC")
COLUMNS = range(len(LiquidationTableModel.HEADERS))

figure = st.sampled_from([D("140"), D("140.001"), D("140.01"), D("105"), D("0.5"), D("-0"), D("0")])
maybe = st.one_of(st.none(), figure)
points = st.tuples(*(st.builds(LiquidationPoint, st.just(s), figure, maybe, maybe) for s in SYMBOLS))
# which cells a view read before the update (painted, asked by a screen reader): the rest were never formatted
read = st.sets(st.tuples(st.integers(0, len(SYMBOLS) - 1), st.sampled_from(list(COLUMNS))))


def every_text(model) -> list[list[str]]:
    return [[model.index(row, column).data() for column in COLUMNS] for row in range(model.rowCount())]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(points, read), min_size=1, max_size=5))
def test_in_place_reads_as_afresh_and_repaints_what_changed(steps):
    model = LiquidationTableModel(FORMATS)
    repainted: list[tuple[int, int, int]] = []
    model.dataChanged.connect(lambda top, bottom, _roles: repainted.append((top.row(), bottom.row(), top.column())))
    for new, cells in steps:
        for row, column in cells:  # what was on screen before this update
            if row < model.rowCount():
                model.index(row, column).data()
        before = {cell: text for cell, text in model._texts.items()}
        repainted.clear()
        model.set_points(new)
        fresh = LiquidationTableModel(FORMATS)
        fresh.set_points(new)
        assert every_text(model) == every_text(fresh)
        if before:  # in place: each shown cell whose text changed repainted alone, the others not
            changed = sorted(
                (column, row) for (row, column), text in before.items() if text != fresh.index(row, column).data()
            )
            assert sorted((column, top) for top, bottom, column in repainted if top == bottom) == changed


class FourPlaces(AssetFormats):
    def price_places(self, symbol: str) -> int:
        return 4


def test_other_formats_write_every_cell_again():
    model = LiquidationTableModel(FORMATS)
    point = (LiquidationPoint("SOL", D("140.123456"), D("105"), D("-0.25")),)
    model.set_points(point)
    assert model.index(0, LiquidationTableModel.COL_MARK).data() == "140.12"
    other = FourPlaces(example_parameters())  # another account's decimals
    model.formats = other
    model.set_points(point)
    assert model.index(0, LiquidationTableModel.COL_MARK).data() == "140.1235"
