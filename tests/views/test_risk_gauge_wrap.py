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
