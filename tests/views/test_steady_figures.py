"""Live figures cost one label's repaint a tick: a new number asks no layout of the Account Overview
(whose relayout repainted the whole window), a selectable figure draws as plain text while nobody is
at it, and a figure that outgrows its label, or a risk line that needs another line, still shows whole."""

from __future__ import annotations

from decimal import Decimal as D

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QEnterEvent
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from desktop.models.risk_watch import RiskLevel, RiskReading
from desktop.text.formatting import usd
from desktop.views.partials.figures import RESTING, SELECTABLE, SelectableFigure, SteadyBox, set_figure


class LayoutRequests(QObject):
    """Counts the layout requests that reach ``widgets``."""

    def __init__(self, *widgets: QWidget) -> None:
        super().__init__()
        self.seen: list[str] = []
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.seen.append(type(watched).__name__)
        return False


def settle() -> None:
    """Let a change of size run its course up the layouts (each step posts the next)."""
    for _ in range(5):
        QApplication.sendPostedEvents()
        QApplication.processEvents()


def reading(distance: str, symbol: str = "SOL") -> RiskReading:
    return RiskReading(RiskLevel.SAFE, D("0.1234"), D("0.2345"), (symbol, D(distance)))


def test_a_tick_that_changes_no_size_asks_the_overview_for_no_layout(window, qtbot):
    window.resize(1024, 700)
    session = window.session
    assert session.deposit("SOL", D(10)).accepted  # its net equity moves with SOL's mark
    for _ in range(3):  # the figures find their sizes
        session.tick(60)
        QApplication.processEvents()
    overview, gauge = window.overview, window.risk_gauge
    requests = LayoutRequests(overview, gauge, overview.parentWidget())
    figures = [label.text() for label in overview.values.values()]
    for _ in range(3):
        session.tick(60)
        QApplication.processEvents()
    assert [label.text() for label in overview.values.values()] != figures
    assert requests.seen == []
    gauge.show_reading(reading("0.1234"))
    settle()
    requests.seen.clear()  # that line may have needed another number of lines
    gauge.show_reading(reading("0.2345"))  # another distance, as every tick brings
    QApplication.processEvents()
    assert "23.45" in gauge.distance.text()
    assert requests.seen == []


def test_a_risk_line_that_needs_more_lines_still_shows_whole(window, qtbot):
    window.resize(1024, 700)
    QApplication.processEvents()
    gauge = window.risk_gauge
    gauge.show_reading(reading("0.1234"))
    settle()
    one_line = gauge.distance.height()
    gauge.show_reading(reading("0.1234", symbol="A_VERY_LONG_ASSET_NAME_THAT_WRAPS " * 4))
    settle()
    label = gauge.distance
    assert label.height() > one_line
    assert label.height() >= label.heightForWidth(label.width())  # every line in sight
    assert label.parentWidget().height() == label.height()


def test_a_figure_that_outgrows_its_label_shows_whole(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    label = QLabel(parent)
    set_figure(label, "1.00 USD")
    small = label.width()
    set_figure(label, "1,234,567,890.12 USD")
    assert label.width() > small
    assert label.width() >= label.fontMetrics().horizontalAdvance(label.text())
    set_figure(label, "2.00 USD")  # a shorter figure keeps the size: no layout
    assert label.width() >= label.fontMetrics().horizontalAdvance("1,234,567,890.12 USD")


def enter(label: QLabel) -> None:
    centre = QPointF(label.rect().center())
    QApplication.sendEvent(label, QEnterEvent(centre, centre, QPointF(label.mapToGlobal(centre))))


def test_a_selectable_figure_draws_plain_until_the_pointer_comes(qtbot):
    label = SelectableFigure()
    qtbot.addWidget(label)
    label.show()
    set_figure(label, "12,345.67 USD")
    assert label.textInteractionFlags() == RESTING  # plain drawing: no text document behind it
    enter(label)
    assert label.textInteractionFlags() == SELECTABLE
    assert label.focusPolicy() == Qt.FocusPolicy.ClickFocus  # as a selectable QLabel's
    label.setSelection(0, 6)
    assert label.selectedText() == "12,345"
    QApplication.sendEvent(label, QEvent(QEvent.Type.Leave))
    label.setAttribute(Qt.WidgetAttribute.WA_UnderMouse, False)
    set_figure(label, "12,345.68 USD")  # a selection keeps it selectable
    assert label.textInteractionFlags() == SELECTABLE
    label.setSelection(0, 0)  # as a click elsewhere clears it
    set_figure(label, "12,345.69 USD")  # nobody at it any more
    assert label.textInteractionFlags() == RESTING
    assert label.focusPolicy() == Qt.FocusPolicy.NoFocus
    assert label.text() == "12,345.69 USD"


def test_the_overview_figures_can_be_selected(window, qtbot):
    value = window.overview.values["net_equity"]
    assert isinstance(value, SelectableFigure)
    enter(value)
    value.setSelection(0, 1)
    assert value.hasSelectedText()


def test_a_tick_keeps_the_what_if_target_and_follows_the_prices(window, qtbot):
    """A tick's interest moves a balance on every tick: the target list stays (it was refilled each tick),
    the figures follow, and a holding that goes is no longer a target."""
    session = window.session
    assert session.deposit("USDC", D(10000)).accepted
    assert session.deposit("SOL", D(10)).accepted
    assert session.withdraw("ETH", D(1), True).accepted  # a borrow: interest on every tick
    window.show()
    window.show_view(4)
    QApplication.processEvents()
    panel = window.risk.what_if
    assert panel.isVisible()
    panel.set_target("SOL")
    panel.set_move(D(-10))
    targets = [panel.target.itemText(i) for i in range(panel.target.count())]
    before = panel.now_labels["net_equity"].text()
    refills = []
    refill = panel._fill_targets
    panel._fill_targets = lambda: (refills.append(1), refill())
    changes = []
    session.changed.connect(changes.append)
    for _ in range(3):
        session.tick(3600)  # an hour: interest on the borrow
    assert all(change.balances for change in changes)
    assert refills == []
    assert panel.throttle.pending  # the figures follow within a quarter second, not at each tick
    panel.throttle.flush()
    assert panel.target_name == "SOL" and panel.move == D(-10)
    assert panel.now_labels["net_equity"].text() == f"{usd(session.valuation.net_equity)} USD" != before
    all_sol = session.state.account.balances["SOL"].available
    assert session.withdraw("SOL", all_sol, False).accepted  # not on a tick: the targets at once
    assert "SOL" not in [panel.target.itemText(i) for i in range(panel.target.count())]
    assert targets[0] == panel.target.itemText(0)


def caption_in_a_box(qtbot, monkeypatch) -> tuple[QLabel, list[int]]:
    """A wrapped caption in a 180 px SteadyBox on screen, and the widths its height is asked for
    from now on."""
    label = QLabel("SOL 150.00 USD at 2026-11-20 00:00 UTC · entry 149.92")
    label.setWordWrap(True)
    box = SteadyBox(label)
    qtbot.addWidget(box)
    box.resize(180, 60)
    box.show()
    settle()
    asked: list[int] = []
    measure = box.heightForWidth
    monkeypatch.setattr(box, "heightForWidth", lambda width: asked.append(width) or measure(width))
    return label, asked


def test_a_caption_whose_digits_alone_change_is_not_laid_out_again(qtbot, monkeypatch):
    label, asked = caption_in_a_box(qtbot, monkeypatch)
    label.setText("SOL 151.37 USD at 2026-11-20 00:01 UTC · entry 149.92")
    settle()
    assert asked == [180]  # the first text at this width is measured
    label.setText("SOL 148.05 USD at 2026-11-20 00:02 UTC · entry 149.92")  # digits alone: the same lines
    settle()
    assert asked == [180]
    label.setText("SOL 1,048.05 USD at 2026-11-20 00:03 UTC · entry 149.92")  # longer: measured
    settle()
    assert asked == [180, 180]
    label.parentWidget().resize(400, 60)  # another width breaks the lines anew
    settle()
    label.setText("SOL 1,048.06 USD at 2026-11-20 00:04 UTC · entry 149.92")
    settle()
    assert asked[-1] == 400


def test_a_caption_in_a_font_of_its_own_is_measured_again(qtbot, monkeypatch):
    label, asked = caption_in_a_box(qtbot, monkeypatch)
    label.setText("SOL 151.37 USD at 2026-11-20 00:01 UTC · entry 149.92")
    settle()
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    label.setFont(font)  # the label's own: the application's font stays
    label.setText("SOL 151.38 USD at 2026-11-20 00:02 UTC · entry 149.92")  # digits alone changed
    settle()
    assert asked == [180, 180]  # a larger font wraps otherwise: measured again
