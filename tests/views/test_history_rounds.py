"""History shows a tick's settlements as one row (one per settlement round): "Settled 3 positions at
the marks: …", its tooltip each position's sentence. The ledger and the CSV export keep one row per
event; a liquidation's settlement (its step 2) stays a row of its own; the Settlement type ticked
alone shows the rounds; a round a page of the ledger ended inside reads whole once the next page is in."""

from __future__ import annotations

import csv
from decimal import Decimal as D

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from desktop.engine import move_prices
from desktop.engine.vocabulary import EventType
from desktop.models import history_model
from desktop.models.history_model import HistoryFilter, HistoryModel, SettlementRound, rows_of
from desktop.text.explain import explain, explain_round

PERPS = (("SOL_USDC_PERP", "Bid", D(20)), ("BTC_USDC_PERP", "Ask", D("0.02")), ("ETH_USDC_PERP", "Bid", D("0.5")))
WITHOUT_INTEREST = (EventType.INTEREST,)


def three_positions(window):
    session = window.session
    for symbol, side, quantity in PERPS:
        assert session.place_perp_order(symbol, side, "Market", quantity, None, False).accepted, symbol
    window.show_view(3)
    QApplication.processEvents()
    return window.history


def settled_ticks(session, rounds: int) -> None:
    """Minutes until ``rounds`` of them settled more than one position (the random walk moves most marks)."""
    done = 0
    for _ in range(40 * rounds):
        before = session.newest_number()
        session.tick(60)
        written = session.numbered_history(EventType.SETTLEMENT, after=before, limit=100)
        done += len(written) > 1
        if done == rounds:
            return
    raise AssertionError("the positions did not settle")


def texts(model, row: int) -> list[str]:
    return [model.index(row, column).data() for column in range(model.columnCount())]


def test_a_ticks_settlements_are_one_row_with_each_position_in_its_tooltip(window, qtbot):
    history = three_positions(window)
    model, session = history.model, window.session
    rows = model.rowCount()
    before = session.newest_number()
    settled_ticks(session, 1)
    QApplication.processEvents()
    written = session.numbered_history(excluded=WITHOUT_INTEREST, after=before, limit=100)
    settlements = [event for _number, event in written if event.type == EventType.SETTLEMENT]
    assert len(settlements) > 1
    round_ = next(row for row in model.rows if isinstance(row, SettlementRound))
    assert model.rowCount() == rows + len(written) - len(settlements) + 1  # the tick's settlements: one row
    assert list(round_.events) == settlements
    row = model.rows.index(round_)
    total = sum((event.quantity for event in settlements), D(0))  # exact: the sum of the events
    formats = session.formats
    amount = formats.quantity("USDC", abs(total))
    time, kind, market, sentence = texts(model, row)
    assert (kind, market) == ("Settlement", f"{len(settlements)} perps")
    assert time == settlements[0].time.strftime("%Y-%m-%d %H:%M:%S")
    assert sentence == (
        f"Settled {len(settlements)} positions at the marks: "
        f"{'received' if total >= 0 else 'paid'} {amount} USDC of PnL in all."
    )
    tip = model.index(row, model.COL_EXPLANATION).data(Qt.ItemDataRole.ToolTipRole)
    for event in settlements:  # each position's own sentence in the detail
        assert explain(event, formats).split(":")[0] in tip
    assert model.index(row, model.COL_TIME).data(Qt.ItemDataRole.ToolTipRole) == tip


def test_the_settlement_type_alone_shows_the_rounds_and_the_export_every_event(window, qtbot, tmp_path, monkeypatch):
    history = three_positions(window)
    session = window.session
    settled_ticks(session, 3)
    for action in history.type_actions.values():
        action.setChecked(False)
    history.type_actions[EventType.SETTLEMENT].setChecked(True)
    model = history.model
    assert history.type_button.text().startswith("1 of ")
    events = session.history(EventType.SETTLEMENT)
    assert model.rowCount() < len(events) and all(row.type == EventType.SETTLEMENT for row in model.rows)
    assert sum(len(row.events) if isinstance(row, SettlementRound) else 1 for row in model.rows) == len(events)
    assert sum(isinstance(row, SettlementRound) for row in model.rows) >= 3
    path = tmp_path / "settlements.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(path), "CSV files (*.csv)"))
    status = history.status
    history.export()  # the task is made here: wait on the status it writes at its end
    qtbot.waitUntil(lambda: status.text() != "", timeout=10_000)
    with open(path, encoding="utf-8") as handle:
        written = list(csv.reader(handle))[1:]
    assert len(written) == len(events)  # the export: one row per event, as the ledger
    assert {row[1] for row in written} == {EventType.SETTLEMENT}


def test_a_perp_liquidation_reads_in_full_beside_the_round_that_came_before_it(window, qtbot):
    """The price move settles every position (one round row), then each close is a row of its own
    (a liquidation's own step 2, "liquidation: positions settled", is never grouped: see the last test)."""
    history = three_positions(window)
    session = window.session
    most = session.max_order_quantity("SOL_USDC_PERP", "Bid", None, False)
    size = (most * D("0.95")).quantize(D("0.01"))
    assert session.place_perp_order("SOL_USDC_PERP", "Bid", "Market", size, None, False).accepted
    outcome = session.act(lambda s, p: move_prices(s, p, {"SOL": s.marks["SOL"] * D("0.7")}))
    closes = [event for event in outcome.events if event.type == EventType.LIQUIDATION]
    assert len(closes) > 1
    QApplication.processEvents()
    model = history.model
    sentences = [model.index(row, model.COL_EXPLANATION).data() for row in range(model.rowCount())]
    newest = sentences[: len(outcome.events)]
    for event in closes:  # every step of the liquidation, in its own words
        assert explain(event, session.formats) in newest
    assert sum(sentence.startswith("Liquidation, step 3") for sentence in newest) == len(closes) - 1  # a perp each
    settled = [event for event in outcome.events if event.type == EventType.SETTLEMENT]
    assert f"Settled {len(settled)} positions at the marks: " in " ".join(newest)


def test_a_round_a_page_ended_inside_reads_whole_once_the_next_page_is_in(window, qtbot, monkeypatch):
    three_positions(window)
    session = window.session
    settled_ticks(session, 4)
    whole = HistoryModel(session, history_filter=HistoryFilter(excluded=WITHOUT_INTEREST))
    monkeypatch.setattr(history_model, "PAGE", 2)  # every round of three is cut by a page
    paged = HistoryModel(session, history_filter=HistoryFilter(excluded=WITHOUT_INTEREST))
    changed: list[int] = []
    paged.dataChanged.connect(lambda first, _last, _roles=(): changed.append(first.row()))
    while paged.canFetchMore():
        paged.fetchMore()
    assert changed, "a page ended inside a round"
    assert [texts(paged, row) for row in range(paged.rowCount())] == [
        texts(whole, row) for row in range(whole.rowCount())
    ]
    numbered = session.numbered_history(excluded=WITHOUT_INTEREST)
    assert [events_of(row) for *_numbers, row in rows_of(numbered)] == [events_of(row) for row in whole.rows]
    assert [events_of(row) for row in paged.rows] == [events_of(row) for row in whole.rows]


def events_of(row) -> tuple:
    return row.events if isinstance(row, SettlementRound) else (row,)


def test_rounds_need_the_same_time_and_no_event_between():
    from datetime import UTC, datetime

    from desktop.engine import Event

    def settled(symbol: str, amount: str, minute: int, reason: str = "PnL settled at the mark") -> Event:
        when = datetime(2026, 1, 1, 0, minute, tzinfo=UTC)
        return Event(EventType.SETTLEMENT, symbol, when, D(amount), D(1), None, reason, {"netQuantity": "1"})

    fill = Event(EventType.FILL, "SOL_USDC_PERP", datetime(2026, 1, 1, tzinfo=UTC), D(1), D(1))
    step = settled("SOL_USDC_PERP", "-1", 2, "liquidation: the account fell to its maintenance margin")
    numbered = [
        (10, settled("SOL_USDC_PERP", "1.5", 2)),
        (9, settled("BTC_USDC_PERP", "-0.25", 2)),
        (8, step),  # a liquidation's step 2: never part of a round
        (7, settled("ETH_USDC_PERP", "2", 2)),
        (6, settled("SOL_USDC_PERP", "1", 1)),  # another minute
        (5, settled("BTC_USDC_PERP", "1", 1)),
        (3, settled("ETH_USDC_PERP", "1", 1)),  # number 4 is another event, filtered out
        (2, fill),
    ]
    rows = rows_of(numbered)
    assert [(newest, oldest) for newest, oldest, _row in rows] == [(10, 9), (8, 8), (7, 7), (6, 5), (3, 3), (2, 2)]
    first = rows[0][2]
    assert isinstance(first, SettlementRound) and first.events == (numbered[0][1], numbered[1][1])
    assert rows[1][2] is step and rows[5][2] is fill

    class Formats:  # what explain_round reads of the formats
        @staticmethod
        def quantity(symbol: str, value: D) -> str:
            return f"{value:.4f}"

    assert (
        explain_round(first.events, Formats) == "Settled 2 positions at the marks: received 1.2500 USDC of PnL in all."
    )
    losing = (numbered[1][1], numbered[1][1])
    assert explain_round(losing, Formats) == "Settled 2 positions at the marks: paid 0.5000 USDC of PnL in all."


def test_the_rows_stripes_and_texts_look_as_qts_own_drawing(window, qtbot):
    """Drawn from the kept texts on the rows' own stripes, History looks as the table drew it with
    Qt's alternating colours and each cell's roles read (right after a reading, the stripes agree)."""
    from desktop.views.partials.text_cells import TextCellDelegate

    history = three_positions(window)
    settled_ticks(window.session, 2)
    history.apply_filter()  # read anew: the top row's stripe is Qt's first
    QApplication.processEvents()
    table = history.table
    assert history.model.rowCount() > 6
    table.fit_columns()
    QApplication.processEvents()
    viewport = table.viewport()
    ours = viewport.grab().toImage()
    table.setItemDelegate(TextCellDelegate(table))
    table.setAlternatingRowColors(True)
    QApplication.processEvents()
    assert viewport.grab().toImage() == ours
