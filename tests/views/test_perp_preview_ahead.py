"""The Futures form's preview of a typed order is worked out once per state: again after each tick (never
stale), reused while nothing it reads moved, and on a played tick worked out on the tick worker (the GUI
thread shows it). The figures are those a preview worked out from scratch shows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from desktop.models.tick_worker import TICK_WORKER, TickWorker
from tests.views.test_futures_trading import futures_form
from tests.views.util import click, named, type_into
from tests.waits import WAIT_MS


def from_scratch(form) -> tuple[object, dict[str, str]]:
    """The preview and the figures the form shows when it forgets every preview it kept."""
    form._last_preview = None
    form.ahead.done = None
    form.update_preview()
    return form.shown, {key: label.text() for key, label in form.details.items()}


def figures(form) -> dict[str, str]:
    return {key: label.text() for key, label in form.details.items()}


def played_tick(qtbot, session) -> None:
    """One minute as the playing clock ticks it: worked out on the worker, written and told here."""
    worker = TickWorker(session, pytest.fail)
    with qtbot.waitSignal(session.changed, timeout=WAIT_MS):
        worker.tick(60)
        TICK_WORKER.submit(int).result(WAIT_MS / 1000)
        QApplication.sendPostedEvents(None, QEvent.Type.MetaCall)


def test_a_typed_order_is_previewed_once_per_state_and_again_after_a_tick(window, qtbot, monkeypatch):
    form = futures_form(window, qtbot)
    session = window.session
    click(qtbot, named(form, "Market"))
    type_into(qtbot, named(form, "Quantity", QLineEdit), "5")
    asked = []
    worked_out = session.preview_perp_order
    monkeypatch.setattr(session, "preview_perp_order", lambda *order: asked.append(order) or worked_out(*order))
    shown = form.shown
    form.update_preview()
    assert asked == [] and form.shown is shown  # nothing it reads moved: the same preview

    session.tick(3600)  # the marks move: previewed again, at the new prices
    assert len(asked) == 1 and form.shown is not shown
    after_tick = figures(form)
    assert from_scratch(form)[1] == after_tick

    type_into(qtbot, named(form, "Quantity", QLineEdit), "50")  # another order
    assert asked[-1][3] == 50 and form.details["position_after"].text() == "+50.00 SOL (long)"


def test_a_played_tick_previews_the_typed_order_on_the_worker(window, qtbot, monkeypatch):
    form = futures_form(window, qtbot)
    session = window.session
    type_into(qtbot, named(form, "Quantity", QLineEdit), "5")  # a limit long at the mark
    played_tick(qtbot, session)  # the worker learns the order at the first tick's preview
    asked = []
    worked_out = session.preview_perp_order
    monkeypatch.setattr(session, "preview_perp_order", lambda *order: asked.append(order) or worked_out(*order))
    played_tick(qtbot, session)
    assert form.ahead.done is not None and form.ahead.done[0] is session.state  # worked out for this very state
    assert asked == [] and form.shown is form.ahead.done[3]  # the GUI thread only showed it
    ahead, shown_ahead = form.ahead.done[3], figures(form)
    fresh, shown_fresh = from_scratch(form)
    assert fresh is not ahead and fresh == ahead and shown_fresh == shown_ahead


def test_a_hidden_form_has_nothing_previewed_ahead(window, qtbot):
    form = futures_form(window, qtbot)
    type_into(qtbot, named(form, "Quantity", QLineEdit), "5")
    assert form.ahead.asked is not None
    window.show_view(2)  # Portfolio
    assert form.ahead.asked is None
    window.show_view(0)
    assert form.ahead.asked is not None and form.ahead.asked[1][3] == 5
    qtbot.keyClick(named(form, "Quantity", QLineEdit), Qt.Key.Key_Escape)  # Esc clears the quantity
    assert form.ahead.asked is None  # nothing typed: nothing to preview
