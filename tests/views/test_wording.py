"""The words on screen: one name per thing (SOL/USDC, Available equity), messages in sentence case
with the refusal code kept to the tooltip, both reasons when a borrow breaks two limits, the Change
column's period, "Liquidation would start", no developer file in the status bar, tooltips that wrap,
and each definition shown once (as a tooltip), not repeated as permanent text."""

from __future__ import annotations

import re
from decimal import Decimal as D

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from desktop.engine.vocabulary import RefusalCode
from desktop.views import help_texts
from tests.views.util import click, named, said, type_into

CODES = tuple(code.value for code in RefusalCode)


def visible_texts(top: QWidget) -> list[str]:
    return [w.text() for w in top.findChildren(QLabel) if w.isVisible() and w.text()]


def column(table, number: int) -> list[str]:
    model = table.model()
    return [model.index(row, number).data() for row in range(model.rowCount())]


def test_a_market_is_named_base_slash_quote_everywhere(window, qtbot):
    desk = window.session
    desk.place_order("SOL_USDC", "Bid", "Limit", D(2), D(120), True)
    desk.place_order("BTC_USDC", "Bid", "Market", D("0.001"), None, False)
    spot = window.spot
    assert column(spot.markets, 0)[:2] == ["SOL/USDC", "BTC/USDC"]
    assert column(spot.orders, 1) == ["SOL/USDC"]
    assert column(spot.fills, 1) == ["BTC/USDC"]
    window.show_view(3)
    assert "SOL/USDC" in column(window.history.table, 2) and "BTC/USDC" in column(window.history.table, 2)
    window.show_view(0)
    everything = " ".join(visible_texts(window)) + " ".join(column(window.history.table, 3))
    assert "_USDC" not in everything
    assert spot.form.title.text() == "Spot — SOL/USDC"


def test_the_change_column_names_its_period_and_its_direction(window, qtbot):
    model = window.spot.markets.model()
    header = model.headerData(2, Qt.Orientation.Horizontal)
    assert "since" in header and "clock start" in header
    assert set(column(window.spot.markets, 2)) == {"0.00 %"}  # no arrow for no change
    window.clock.step_hour()
    moved = [text for text in column(window.spot.markets, 2) if text != "0.00 %"]
    assert moved and all(re.fullmatch(r"[▲▼] [+−]\d+\.\d\d %", text) for text in moved)


def test_available_means_available_equity_everywhere(window, qtbot):
    assert named(window.overview, "Available equity", QLabel).text().endswith("USD")
    form = window.spot.form
    assert named(form, "Available equity", QLabel).text().endswith("USD")
    assert named(form, "Balance", QLabel).text().endswith("USDC")  # the asset the order pays with


def test_refusals_read_as_sentences_with_the_code_in_the_tooltip(window, qtbot):
    form = window.spot.form
    click(qtbot, form.market_kind)
    type_into(qtbot, form.quantity, "80")
    message = form.message
    assert message.text()[0].isupper() and message.text().endswith(".")
    assert not any(code in message.text() for code in CODES)
    assert message.toolTip() == "Refusal code: INSUFFICIENT_FUNDS"


def test_a_borrow_over_both_limits_says_both(window, qtbot):
    window.show_view(1)
    tab = window.lend.borrow_tab
    window.lend.show_tab(tab)
    type_into(qtbot, tab.amount, "100000000")  # over the USDC pool's headroom (24 M) and the margin
    click(qtbot, tab.borrow_button)
    text = said(named(tab, "Borrow message", QLabel))
    assert text.startswith("The pool can lend at most ") and "; your margin allows at most " in text
    assert "[Refusal code: INSUFFICIENT_SUPPLY]" in text


def test_liquidation_would_start_in_words(window, qtbot):
    window.show_view(4)
    panel = window.risk.what_if
    assert panel.now_labels["liquidatable"].text() == "No"
    rows = [w.text() for w in panel.findChildren(QLabel)]
    assert "Liquidation would start" in rows and "Liquidatable?" not in rows


def test_the_status_bar_cites_no_file(window, qtbot):
    texts = " ".join(visible_texts(window.statusBar()))
    assert "Example parameters (not live)" in texts  # issue 15's words
    assert not re.search(r"\.(md|py|json)\b|§", texts)


def test_long_tooltips_wrap(window, qtbot):
    window.show_view(1)
    long_plain = [
        (w.accessibleName() or type(w).__name__, w.toolTip())
        for w in window.findChildren(QWidget)
        if len(w.toolTip()) > 80 and not w.toolTip().startswith("<")
    ]
    assert not long_plain


def test_definitions_are_tooltips_not_repeated_text(window, qtbot):
    first_sentences = [help_texts.INITIAL_MARGIN.split(". ")[0], help_texts.MAINTENANCE_MARGIN.split(". ")[0]]
    shown = " ".join(visible_texts(window))
    for sentence in first_sentences:
        assert sentence not in shown
    assert help_texts.INITIAL_MARGIN.split(". ")[0] in named(window.overview, "Initial Margin", QLabel).toolTip()
