"""Clock → Move price… and Clock → Run scenario… through their menu items: the mark moves in one
transaction, each step is in History, a bad line is named before anything runs."""

from __future__ import annotations

from decimal import Decimal as D

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDoubleSpinBox, QLabel, QLineEdit, QPlainTextEdit, QPushButton

from desktop.engine import move_prices
from desktop.engine.vocabulary import EventType
from desktop.services.integrity import verify_store
from tests.views.test_fast_forward_menu import clock_menu_action
from tests.views.util import click, ledger_types, named, type_into
from tests.waits import WAIT_MS


def type_lines(qtbot, editor, text: str) -> None:
    """Type ``text`` as a trader would, Enter between the lines (keyClicks takes no newline)."""
    for number, line in enumerate(text.split("\n")):
        if number:
            qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.keyClicks(editor, line)


def open_dialog(window, qtbot, name: str) -> QDialog:
    qtbot.waitUntil(
        lambda: any(d.objectName() == name and d.isVisible() for d in window.findChildren(QDialog)), timeout=WAIT_MS
    )
    return next(d for d in window.findChildren(QDialog) if d.objectName() == name and d.isVisible())


def test_move_price_sets_a_mark_and_moves_one_by_a_percentage(window, qtbot):
    session = window.session
    start_time = session.state.time
    clock_menu_action(window, "Move price…").trigger()
    dialog = open_dialog(window, qtbot, "movePrice")
    named(dialog, "Asset").setCurrentText("SOL")
    type_into(qtbot, named(dialog, "New mark", QLineEdit), "120")
    assert "120.00 USD" in named(dialog, "New mark", QLabel).text()
    click(qtbot, named(dialog, "Move", QPushButton))
    assert session.state.marks["SOL"] == D("120")
    assert session.state.time == start_time  # the clock did not move
    assert ledger_types(notes=True)[-1] == EventType.PRICE_MOVED
    assert window.prices.last_summary == "SOL mark 120.00 USD: set from the window."
    window.show_view(3)
    history = window.history.model
    assert "SOL mark set from" in history.cell(history.rows[0], history.COL_EXPLANATION)
    assert "to 120.00 USD (set from the window)" in history.cell(history.rows[0], history.COL_EXPLANATION)

    clock_menu_action(window, "Move price…").trigger()
    dialog = open_dialog(window, qtbot, "movePrice")
    named(dialog, "Asset").setCurrentText("SOL")
    click(qtbot, named(dialog, "Move by a percentage"))
    spin = named(dialog, "Percentage", QDoubleSpinBox)
    spin.selectAll()
    qtbot.keyClicks(spin, "-25")
    click(qtbot, named(dialog, "Move", QPushButton))
    assert session.state.marks["SOL"] == D("90")
    assert verify_store(window.session._service).whole  # replay skips the notes


def test_move_price_offers_the_mark_as_shown_and_keeps_it_exact_until_edited(window, qtbot):
    session = window.session
    exact = D("151.2345678912")
    assert session.act(lambda s, p: move_prices(s, p, {"SOL": exact})).accepted
    clock_menu_action(window, "Move price…").trigger()
    dialog = open_dialog(window, qtbot, "movePrice")
    named(dialog, "Asset").setCurrentText("SOL")
    field = named(dialog, "New mark", QLineEdit)
    assert field.text() == "151.23"  # as "Mark now" reads it, not ten decimals
    assert named(dialog, "Mark now", QLabel).text() == "151.23 USD"
    assert named(dialog, "New mark", QLabel).text() == "151.23 USD (0.00 %)"
    click(qtbot, named(dialog, "Move", QPushButton))
    assert session.state.marks["SOL"] == exact  # unedited, the offered text stands for the mark itself


def test_a_scenario_runs_from_the_editor_with_each_step_in_history(window, qtbot):
    session = window.session
    start = session.state.time
    clock_menu_action(window, "Run scenario…").trigger()
    dialog = open_dialog(window, qtbot, "scenarioEditor")
    editor = named(dialog, "Scenario", QPlainTextEdit)
    run = named(dialog, "Run scenario", QPushButton)
    type_lines(qtbot, editor, "SOL -10% over 2h\nthen -5 percent")
    check = named(dialog, "Scenario check", QLabel)
    assert check.text().startswith("✗ line 2: cannot read") and not run.isEnabled()
    editor.clear()
    type_lines(qtbot, editor, "SOL -10% over 2h\nwait 1h\nthen +5%")
    assert check.text().startswith("✓ 3 steps over 3 h") and run.isEnabled()
    click(qtbot, run)
    qtbot.waitUntil(lambda: window.prices.last_summary != "", timeout=WAIT_MS)
    assert window.prices.task.wait(WAIT_MS / 1000)
    assert window.prices.last_summary == "Scenario: 3 steps run, no liquidation (each step is in History)."
    assert abs(session.state.marks["SOL"] - session.start_marks["SOL"] * D("0.945")) < D("0.0001")
    steps = session.history(EventType.PRICE_MOVED)
    assert [e.reason.split(":")[0] for e in reversed(steps)] == [
        "scenario line 1",
        "Scenario line 2",
        "scenario line 3",
    ]
    assert (session.state.time - start).total_seconds() == 3 * 3600 + 1
    assert window.clock_bar.feed.text() == "Prices: scenario"


def test_replay_csv_from_the_menu_and_a_bad_line_named(window, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    session = window.session
    good = tmp_path / "prices.csv"
    start = session.state.time
    good.write_text(
        "time,symbol,price\n"
        f"{(start.replace(minute=30)).isoformat().replace('+00:00', 'Z')},SOL,140\n"
        f"{(start.replace(hour=start.hour + 1, minute=30)).isoformat().replace('+00:00', 'Z')},SOL,130\n"
    )
    bad = tmp_path / "bad.csv"
    bad.write_text("time,symbol,price\n2026-11-20T00:30:00Z,SOL,140\n2026-11-20T01:30:00Z,XYZ,1\n")
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    clock_menu_action(window, "Replay CSV…").trigger()
    assert warnings and "bad.csv cannot be replayed: line 3: unknown asset 'XYZ'" in warnings[0]
    assert window.clock_bar.feed.text().startswith("Prices: random walk")  # nothing changed

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(good), ""))
    clock_menu_action(window, "Replay CSV…").trigger()
    assert window.clock_bar.feed.text() == "Prices: CSV replay"
    assert session.history(EventType.PRICE_FEED_CHANGED, limit=1)[0].reason == "Prices: replay of prices.csv"
    session.tick(3600)
    assert session.state.marks["SOL"] == D("140")
    session.tick(3600)
    assert session.state.marks["SOL"] == D("130")
    clock_menu_action(window, "Random-walk prices").trigger()
    assert window.clock_bar.feed.text().startswith("Prices: random walk")
