"""Tables not on screen do no work per tick and read right once shown: a tab of the positions panel never
opened, ticked past, then opened, shows what a table built afresh shows; so does a tab left and come back
to, and a table whose figures or rows were kept across ticks (only the moved ones formatted again)."""

from __future__ import annotations

from decimal import Decimal as D

from PySide6.QtWidgets import QApplication

from desktop.models.borrow_lend_models import BorrowsModel, LendsModel
from desktop.models.history_model import HistoryModel
from desktop.models.lend_models import PoolsModel, PortfolioModel
from desktop.models.position_models import PositionsModel


def texts(model) -> list[list[str]]:
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def a_position_and_a_borrow(session) -> None:
    assert session.withdraw("ETH", D("0.4"), True).accepted  # a borrow
    assert session.place_perp_order("SOL_USDC_PERP", "Bid", "Market", D(20), None, False).accepted
    assert session.place_perp_order("BTC_USDC_PERP", "Ask", "Market", D("0.02"), None, False).accepted


def test_a_tab_never_opened_waits_and_then_reads_as_new(window):
    window.show_view(0)
    panel = window.spot.panel
    session = window.session
    panel.show_tab(panel.positions)
    QApplication.processEvents()
    a_position_and_a_borrow(session)
    assert not panel.borrows.isVisible() and not panel.borrows_model.active  # never shown: no work per tick
    assert panel.positions_model.active
    before = texts(panel.borrows_model)
    for _ in range(5):
        session.tick(3600)
    assert texts(panel.borrows_model) == before  # left as it was while hidden
    assert panel.tabs.tabText(1) == "Borrows (1)"  # the count reads the account itself

    panel.show_tab(panel.borrows)
    QApplication.processEvents()
    assert panel.borrows_model.active and not panel.positions_model.active
    assert texts(panel.borrows_model) == texts(BorrowsModel(session))

    for _ in range(3):  # the positions tab, left behind, catches up when shown again
        session.tick(3600)
    panel.show_tab(panel.positions)
    QApplication.processEvents()
    assert texts(panel.positions_model) == texts(PositionsModel(session))
    assert panel.positions_model.rowCount() == 2


def test_cells_kept_across_ticks_read_as_formatted_afresh(window):
    session = window.session
    a_position_and_a_borrow(session)
    positions, portfolio, history = PositionsModel(session), PortfolioModel(session), HistoryModel(session)
    texts(history)  # every text read once: kept by row number, moved down as new events come on top
    for _ in range(6):
        session.tick(1800)
        assert texts(positions) == texts(PositionsModel(session))
        assert texts(portfolio) == texts(PortfolioModel(session))
        assert texts(history) == texts(HistoryModel(session))


def test_pool_tables_keep_unmoved_cells_and_read_as_formatted_afresh(window):
    """Borrows, Lends and the Lend dashboard's pools format only the figures that moved (``READS``)."""
    session = window.session
    a_position_and_a_borrow(session)
    assert session.lend("USDC", D(500)).accepted
    kinds = (BorrowsModel, LendsModel, PoolsModel)
    models = [kind(session) for kind in kinds]
    for model in models:
        texts(model)  # every text read once, then kept while its figures stay
    for _ in range(6):
        session.tick(1800)
        for kind, model in zip(kinds, models):
            assert texts(model) == texts(kind(session)), kind.__name__
    assert session.lend("USDC", D(100)).accepted  # a quantity moves: its cell only
    for kind, model in zip(kinds, models):
        assert texts(model) == texts(kind(session)), kind.__name__
