"""The what-if panel writes a figure only when its value moved: what it shows after ticks, moves and
back is still each figure of the account now, at the moved marks, and the change between them."""

from __future__ import annotations

from decimal import Decimal as D

from desktop.views.risk.what_if_panel import FIGURES, change_text, figure_text
from tests.charts.test_what_if_panel import panel  # noqa: F401 (the fixture)


def assert_figures_follow(panel) -> None:  # noqa: F811
    now, moved = panel.session.valuation, panel.result.valuation
    for key, _caption, kind in FIGURES:
        assert panel.now_labels[key].text() == figure_text(now, key, kind), key
        assert panel.what_if_labels[key].text() == figure_text(moved, key, kind), key
        assert panel.change_labels[key].text() == change_text(now, moved, key, kind), key


def test_figures_follow_ticks_and_moves(qtbot, panel, desk):  # noqa: F811
    assert_figures_follow(panel)
    for move in (D(-20), D(0), D(15), D(15), D(0)):
        panel.set_move(move)
        desk.tick(3600)  # the account moves under the panel
        panel.recompute()
        assert_figures_follow(panel)
    panel.set_target("SOL")
    panel.set_move(D(-50))
    assert_figures_follow(panel)
    assert panel.change_labels["net_equity"].text().startswith("−")
