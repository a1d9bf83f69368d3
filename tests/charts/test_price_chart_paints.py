"""A refresh of the price chart paints its plot once, whether the view's range moved (its matrix is
settled before the paint, not in it) or not (nothing is settled for nothing)."""

from __future__ import annotations

from decimal import Decimal as D

from PySide6.QtWidgets import QApplication

from tests.views.test_opaque_totals import Paints


def refreshed(chart) -> tuple[int, bool]:
    """How many times the plot painted for one refresh, and whether the view's range moved."""
    QApplication.processEvents()
    before = chart.view.viewRange()
    paints = Paints()
    viewport = chart.plot_widget.viewport()
    viewport.installEventFilter(paints)
    try:
        chart.refresh()
        QApplication.processEvents()
    finally:
        viewport.removeEventFilter(paints)
    return paints.widgets.count(viewport), chart.view.viewRange() != before


def test_a_refresh_that_moves_the_range_paints_once(chart, desk):
    chart.refresh()
    desk.move_price("SOL", desk.state.marks["SOL"] * 3, "a test")  # far above the bounds: the range grows
    assert refreshed(chart) == (1, True)
    assert not chart.view._matrixNeedsUpdate


def test_a_refresh_at_the_same_range_paints_once_and_settles_nothing(chart, desk, monkeypatch):
    chart.refresh()
    QApplication.processEvents()
    desk.move_price("SOL", desk.state.marks["SOL"] * D("1.0001"), "a test")
    settled = []
    scene = chart.plot_widget.scene()
    real = scene.prepareForPaint
    monkeypatch.setattr(scene, "prepareForPaint", lambda: settled.append(1) or real())
    count, moved = refreshed(chart)
    assert (count, moved) == (1, False)
    assert len(settled) == 1  # the paint's own, not one more before it
