"""History at each tick (issue 14): only what a tick added, inserted on top in place. A tick that
wrote nothing the view shows leaves it untouched; a trader reading older rows keeps them in sight,
and the selected event stays selected."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton

from desktop.engine.vocabulary import EventType
from desktop.text.explain import explain
from tests.views.test_futures_trading import futures_form
from tests.views.util import click, ledger_types, named, type_into

SIGNALS = (
    "modelAboutToBeReset",
    "modelReset",
    "layoutAboutToBeChanged",
    "layoutChanged",
    "rowsAboutToBeInserted",
    "rowsInserted",
    "rowsAboutToBeRemoved",
    "rowsRemoved",
    "dataChanged",
    "headerDataChanged",
)


def recorded(*models) -> list[tuple]:
    """Every signal the models send that moves rows or texts, in order, with its arguments."""
    heard: list[tuple] = []
    for model in models:
        for name in SIGNALS:
            getattr(model, name).connect(lambda *args, n=name, m=model: heard.append((m, n, *args)))
    return heard


def with_a_long(window, qtbot, *more: tuple[str, str]):
    """A SOL-PERP long (and ``more`` (perp, quantity) longs): each tick that moves SOL settles it (a
    Settlement event)."""
    for symbol, quantity in (("SOL_USDC_PERP", "20"), *more):
        form = futures_form(window, qtbot, symbol)
        click(qtbot, named(form, "Market"))
        type_into(qtbot, named(form, "Quantity", QLineEdit), quantity)
        click(qtbot, named(form, "Buy / Long", QPushButton))
        assert symbol in window.session.state.account.positions
    window.show_view(3)
    QApplication.processEvents()
    return window.history


def tick_until_settled(session) -> None:
    """Minutes until one settles the long (the random walk moves SOL in almost every one)."""
    before = ledger_types().count(EventType.SETTLEMENT)
    for _ in range(20):
        session.tick(60)
        if ledger_types().count(EventType.SETTLEMENT) > before:
            return
    raise AssertionError("twenty minutes and no settlement")


def test_a_tick_writing_no_event_the_view_shows_leaves_it_untouched(window, qtbot):
    history = with_a_long(window, qtbot)
    history.use_preset("Liquidations and alerts")
    history.type_actions[EventType.DEPOSIT].trigger()  # deposits only: rows shown, none written by a tick
    model, table = history.model, history.table
    shown = [model.display(row, column) for row in range(model.rowCount()) for column in range(4)]
    assert model.rowCount() > 0 and {model.display(row, 1) for row in range(model.rowCount())} == {"Deposit"}
    QApplication.processEvents()
    heard = recorded(model, table.model())
    tick_until_settled(window.session)  # settlements written: not shown here
    QApplication.processEvents()
    assert heard == []
    assert [model.display(row, column) for row in range(model.rowCount()) for column in range(4)] == shown


def test_a_ticks_events_are_inserted_on_top_with_their_texts(window, qtbot):
    history = with_a_long(window, qtbot)
    model = history.model
    before = list(model.rows)
    texts_before = [model.index(row, model.COL_EXPLANATION).data() for row in range(model.rowCount())]
    heard = recorded(model)
    tick_until_settled(window.session)
    added = model.rowCount() - len(before)
    assert added > 0
    assert [signal[1:] for signal in heard if signal[1] != "rowsAboutToBeInserted"] == [
        ("rowsInserted", signal[2], 0, added - 1) for signal in heard if signal[1] == "rowsInserted"
    ]
    assert sum(signal[4] - signal[3] + 1 for signal in heard if signal[1] == "rowsInserted") == added
    newest = window.session.history(excluded=(EventType.INTEREST,), limit=added)
    assert model.rows[:added] == newest and model.rows[added:] == before  # the old rows, the same events
    assert EventType.SETTLEMENT in {event.type for event in newest}
    formats = window.session.formats
    assert [model.index(row, model.COL_EXPLANATION).data() for row in range(added)] == [
        explain(event, formats) for event in newest
    ]
    assert [model.index(row, model.COL_EXPLANATION).data() for row in range(added, model.rowCount())] == texts_before
    assert model.rows == window.session.history(excluded=(EventType.INTEREST,), limit=500)  # as read anew


def test_a_trader_reading_older_rows_keeps_them_in_sight_and_selected(window, qtbot):
    history = with_a_long(window, qtbot)
    model, table = history.model, history.table
    bar = table.verticalScrollBar()
    while bar.maximum() < 8:  # enough rows to scroll down
        tick_until_settled(window.session)
        QApplication.processEvents()
    bar.setValue(4)  # reading older rows
    QApplication.processEvents()
    top_left = QPoint(2, 2)
    first_seen = table.model().data(table.indexAt(top_left), Qt.ItemDataRole.DisplayRole)
    seen_event = model.rows[table.indexAt(top_left).row()]
    chosen = table.model().index(table.indexAt(top_left).row() + 2, model.COL_EXPLANATION)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(chosen).center())
    chosen_event = model.rows[table.currentIndex().row()]
    rows = model.rowCount()
    tick_until_settled(window.session)
    QApplication.processEvents()
    assert model.rowCount() > rows
    assert model.rows[table.indexAt(top_left).row()] is seen_event  # the same row at the top: no jump
    assert table.model().data(table.indexAt(top_left), Qt.ItemDataRole.DisplayRole) == first_seen
    assert [model.rows[index.row()] for index in table.selectionModel().selectedRows()] == [chosen_event]
    assert model.rows[table.currentIndex().row()] is chosen_event
    bar.setValue(0)  # back at the top: the newest come into sight as they arrive
    QApplication.processEvents()
    tick_until_settled(window.session)
    QApplication.processEvents()
    assert bar.value() == 0 and table.indexAt(top_left).row() == 0
    assert model.rows[0] == window.session.history(excluded=(EventType.INTEREST,), limit=1)[0]


def on_screen(widget) -> QImage:
    """What the window's backing store holds for ``widget`` now (what the trader sees)."""
    window = widget.window()
    corner = widget.mapTo(window, QPoint(0, 0))
    screen = window.screen()
    shown = screen.grabWindow(window.winId(), corner.x(), corner.y(), widget.width(), widget.height())
    return shown.toImage().convertToFormat(QImage.Format.Format_RGB32)


def drawn_anew(widget) -> QImage:
    return widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def test_rows_kept_on_screen_show_what_painting_them_again_would(window, qtbot):
    history = with_a_long(window, qtbot, ("BTC_USDC_PERP", "0.1"))  # two settlements a tick: rows moved, not painted
    model, table = history.model, history.table
    viewport, bar = table.viewport(), table.verticalScrollBar()
    while bar.maximum() < 8:
        tick_until_settled(window.session)
        QApplication.processEvents()
    chosen = table.model().index(3, model.COL_ASSET)
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=table.visualRect(chosen).center())
    for scrolled in (0, 3):  # at the top: the rows shown move down; reading older rows: they stay
        bar.setValue(scrolled)
        for _ in range(4):
            rows = model.rowCount()
            tick_until_settled(window.session)
            QApplication.processEvents()
            assert model.rowCount() > rows
            assert on_screen(viewport) == drawn_anew(viewport)
