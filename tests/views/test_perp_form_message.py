"""The Futures form's "Order 1 filled … Position: +100.00 SOL (long)" stays while it is true, and goes
once the position changes elsewhere (closed from its row): it stood beside "Position none"."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from desktop.models.position_models import PositionsModel
from tests.views.test_positions_panel import open_long_through_the_form
from tests.views.util import click, click_row_button, named


def test_the_fill_message_goes_when_the_position_is_closed_elsewhere(window, qtbot):
    form = open_long_through_the_form(window, qtbot)
    assert form.message.isVisible() and "Position: +100.00 SOL (long)" in form.message.text()
    window.session.tick(3600)  # an hour of funding: the position is the same, the message stays
    assert form.message.isVisible()
    panel = window.spot.panel
    click_row_button(qtbot, panel.positions, 0, PositionsModel.COL_CLOSE)
    click(qtbot, named(panel.dialog, "Confirm close", QPushButton))
    assert not form.message.isVisible()
