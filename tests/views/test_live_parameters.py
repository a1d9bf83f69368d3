"""File → Load live parameters… against the loopback Backpack stand-in: the fetch in the background with
progress and Cancel, the summary, the snapshot kept, the account moved (or a new one opened), faults."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from desktop.engine.vocabulary import EventType
from desktop.services.integrity import verify_store
from desktop.services.live_parameters import stored_live_snapshots
from desktop.store import models
from tests.views.util import click, ledger_types, type_into
from tests.waits import WAIT_MS


@pytest.fixture
def standin(backpack, monkeypatch):
    monkeypatch.setenv("MARGIN_DESK_BACKPACK_URL", backpack.url)
    return backpack


def file_menu_action(window, text: str):
    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions() if a.menu()}
    found = [a for a in menus["File"].actions() if a.text() == text]
    assert found, f"no {text!r} in the File menu"
    return found[0]


def open_dialog(window, qtbot):
    file_menu_action(window, "Load live parameters…").trigger()
    qtbot.waitUntil(lambda: getattr(window, "live_parameters_dialog", None) is not None, timeout=WAIT_MS)
    return window.live_parameters_dialog


def wait_fetched(dialog, qtbot) -> None:
    qtbot.waitUntil(lambda: dialog.apply_button.isVisible() or dialog.retry_button.isVisible(), timeout=WAIT_MS)


def snapshots_kept(window) -> int:
    return models.ParameterSnapshot.select().count()


def test_loading_live_parameters_moves_the_account_onto_them(window, qtbot, standin):
    dialog = open_dialog(window, qtbot)
    assert dialog.isVisible() and dialog.cancel_button.text() == "Cancel"
    wait_fetched(dialog, qtbot)
    assert dialog.apply_button.isVisible(), dialog.problem.text()
    summary = dialog.summary.toPlainText()
    assert "5 assets: USDC, SOL, BTC, ETH, JTO" in summary
    assert "3 perps: SOL_USDC_PERP, BTC_USDC_PERP, DOGE_USDC_PERP (perp-only bases: DOGE)" in summary
    assert "WIF: no collateral functions" in summary
    assert "[assumed] rateModel: Backpack does not publish its rate curve" in summary
    assert len(stored_live_snapshots(window.accounts._service)) == 1  # kept as soon as fetched
    balances = dict(window.session.state.account.balances)
    assert dialog.move_choice.isChecked() and "Move “Demo” onto them" in dialog.move_choice.text()
    click(qtbot, dialog.apply_button)
    qtbot.waitUntil(lambda: window.session.parameters.source == "Backpack public API", timeout=WAIT_MS)
    parameters = window.session.parameters
    assert dict(window.session.state.account.balances) == balances
    assert window.clock_bar.parameters.text() == f"Backpack live parameters, {parameters.snapshot_time:%H:%M} UTC"
    assert "rate curve [assumed]" in window.live_banner.text()
    assert "[assumed] rateModel" in window.live_banner.toolTip()
    assert window.statusBar().currentMessage().startswith("Moved onto the Backpack public API snapshot of ")
    assert ledger_types()[-1] == EventType.PARAMETERS_CHANGED
    window.show_view(3)
    history = window.history.model
    texts = [history.data(history.index(row, column)) for row in range(history.rowCount()) for column in range(4)]
    assert any(str(text).startswith("Moved onto the Backpack public API snapshot") for text in texts)
    assert verify_store(window.accounts._service).whole


def test_a_new_account_on_live_parameters(window, qtbot, standin):
    dialog = open_dialog(window, qtbot)
    wait_fetched(dialog, qtbot)
    type_into(qtbot, dialog.new_name, "Live plan")
    assert dialog.new_choice.isChecked()
    click(qtbot, dialog.apply_button)
    qtbot.waitUntil(lambda: window.session.name == "Live plan", timeout=WAIT_MS)
    assert window.session.parameters.source == "Backpack public API"
    assert "Live plan" in [window.account_box.itemText(i) for i in range(window.account_box.count())]
    window.switch_account("Demo")
    assert window.clock_bar.parameters.text() == "Example parameters (not live)"


def test_a_move_the_snapshot_cannot_value_is_refused_naming_it(window, qtbot, standin):
    window.session.deposit("BONK", D(1_000_000))
    dialog = open_dialog(window, qtbot)
    wait_fetched(dialog, qtbot)
    click(qtbot, dialog.apply_button)
    assert dialog.isVisible()
    assert "it holds a BONK balance, which that snapshot cannot value" in dialog.problem.text()
    assert "Nothing changed" in dialog.problem.text()
    assert window.session.parameters.source.startswith("example parameters")
    click(qtbot, dialog.cancel_button)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)


@pytest.mark.parametrize(
    ("fault", "words"),
    [
        (
            lambda s: s.fail("/api/v1/collateral", 500, times=3),
            "GET /api/v1/collateral: HTTP 500 SERVER_ERROR: Stand-in",
        ),
        (lambda s: s.truncate("/api/v1/markets"), "GET /api/v1/markets: malformed JSON"),
        (lambda s: s.routes["/api/v1/borrowLend/markets"][0].pop("lentQuantity"), "lentQuantity"),
        (lambda s: s.delay("/api/v1/status", 30), "GET /api/v1/status: no answer within 0.3 s (after 3 tries)"),
    ],
    ids=["500", "truncated JSON", "missing field", "timeout"],
)
def test_a_failed_fetch_says_why_in_one_line_and_keeps_nothing(window, qtbot, standin, fault, words):
    window.live_fetch_timeout = 0.3
    fault(standin)
    before = snapshots_kept(window)
    dialog = open_dialog(window, qtbot)
    wait_fetched(dialog, qtbot)
    assert dialog.retry_button.isVisible() and not dialog.apply_button.isVisible()
    assert words in dialog.problem.text() and "\n" not in dialog.problem.text()
    assert "Traceback" not in dialog.problem.text()
    assert dialog.step.text() == "Nothing was loaded; the parameters in use are unchanged."
    assert snapshots_kept(window) == before
    assert window.session.parameters.source.startswith("example parameters")
    standin.release()
    click(qtbot, dialog.cancel_button)


def test_a_429_is_retried_and_the_fetch_succeeds(window, qtbot, standin):
    standin.fail("/api/v1/borrowLend/markets", 429, times=1, headers={"Retry-After": "0"})
    dialog = open_dialog(window, qtbot)
    wait_fetched(dialog, qtbot)
    assert dialog.apply_button.isVisible(), dialog.problem.text()
    assert len(standin.seen("/api/v1/borrowLend/markets")) == 2
    click(qtbot, dialog.cancel_button)


def test_cancel_stops_the_fetch_and_keeps_nothing(window, qtbot, standin):
    standin.delay("/api/v1/markets", 30)
    before = snapshots_kept(window)
    dialog = open_dialog(window, qtbot)
    qtbot.waitUntil(lambda: len(standin.seen("/api/v1/markets")) == 1, timeout=WAIT_MS)  # the request is under way
    with qtbot.waitSignal(dialog.finished, timeout=WAIT_MS):
        click(qtbot, dialog.cancel_button)
        assert dialog.step.text() == "Cancelling…"
        standin.release()  # the request under way answers; the next step sees Cancel
    assert not dialog.isVisible()
    assert dialog.task.wait(WAIT_MS / 1000)
    assert snapshots_kept(window) == before
    assert window.session.parameters.source.startswith("example parameters")


def test_the_gui_thread_is_free_while_fetching(window, qtbot, standin):
    standin.delay("/api/v1/collateral", 30)
    dialog = open_dialog(window, qtbot)
    qtbot.waitUntil(lambda: dialog.step.text() == "Reading collateral functions…", timeout=WAIT_MS)
    window.show_view(2)  # the window answers while the request waits
    assert window.stack.currentIndex() == 2
    standin.release()
    wait_fetched(dialog, qtbot)
    assert dialog.apply_button.isVisible()
    click(qtbot, dialog.cancel_button)


def test_starting_offline_works_on_the_last_stored_snapshot(qtbot, tmp_path, backpack, monkeypatch):
    from desktop.app import launch

    monkeypatch.setenv("MARGIN_DESK_BACKPACK_URL", backpack.url)
    directory = tmp_path / "data"
    window = launch(directory)
    qtbot.addWidget(window)
    dialog = open_dialog(window, qtbot)
    wait_fetched(dialog, qtbot)
    click(qtbot, dialog.apply_button)
    qtbot.waitUntil(lambda: window.session.parameters.source == "Backpack public API", timeout=WAIT_MS)
    marks = dict(window.session.state.marks)
    window.close()
    window.store.close()
    backpack.stop()  # Backpack is gone: the next start is offline
    window = launch(directory)
    qtbot.addWidget(window)
    assert window.session.parameters.source == "Backpack public API"
    assert dict(window.session.state.marks) == marks
    assert not window.live.on and window.live_banner.text().startswith("<b>SIMULATED</b>")
    assert window.clock_bar.parameters.text().startswith("Backpack live parameters, ")
    window.close()
    window.store.close()
