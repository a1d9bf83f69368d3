"""The risk level in a 1024 px window's Account Overview wraps between its parts, never inside a figure:
the "%" of "MMR 85.12 %" went onto a line of its own."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextLayout, QTextOption
from PySide6.QtWidgets import QApplication

from desktop.models.risk_watch import RiskLevel, RiskReading


def lines_of(label) -> list[str]:
    """The lines ``label`` shows its text in, laid out as a word-wrapping QLabel does at its width."""
    text = label.text()
    layout = QTextLayout(text, label.font())
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    width = label.contentsRect().width() - 2 * label.margin() - 12  # the style sheet's padding, 6 px a side
    layout.beginLayout()
    lines = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        lines.append(text[line.textStart() : line.textStart() + line.textLength()].strip())
    layout.endLayout()
    return lines


@pytest.mark.parametrize("level", list(RiskLevel))
def test_the_risk_level_never_breaks_a_figure_at_1024(window, qtbot, level):
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(1024, 700)
    QApplication.processEvents()
    gauge = window.risk_gauge
    gauge.show_reading(RiskReading(level, D("0.8512"), D("1.0034"), ("BONK", D("0.0487"))))
    QApplication.processEvents()
    lines = lines_of(gauge.level)
    assert all(not line.startswith(("%", "·")) for line in lines), lines
    assert not any(line.endswith(("MMR", "IMR")) for line in lines), lines
    assert "85.12\u00a0%" in gauge.level.text() and "100.34\u00a0%" in gauge.level.text()
    distance = lines_of(gauge.distance)
    assert all(not line.startswith("%") for line in distance), distance


def test_the_liquidation_notice_reads_in_three_lines_at_1024(window, qtbot):
    """Beside its Acknowledge button the notice ran to five lines in the Overview; above it, three."""
    from desktop.engine import move_prices
    from tests.views.test_risk_alerts import leveraged

    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(1024, 700)
    leveraged(window)
    outcome = window.session.act(lambda s, p: move_prices(s, p, {"SOL": s.marks["SOL"] * D("0.8")}))
    assert outcome.accepted
    QApplication.processEvents()
    gauge = window.risk_gauge
    text, button = gauge.liquidation_text, gauge.acknowledge
    assert gauge.liquidation.isVisible() and text.text().startswith("✖ Liquidated")
    assert button.y() >= text.y() + text.height()  # under the words
    assert len(lines_of(text)) <= 3, lines_of(text)
