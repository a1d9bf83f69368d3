"""The always-visible chrome does each tick only the work whose inputs moved (issue 14): the Account
Overview writes a figure when its value moved, the order forms preview again only an order typed in,
the clock writes its date once a day, the risk gauge re-styles only for another level. Here: after
ticks, deposits, a hidden form, a typed order and a font change, every figure reads as if it had been
worked out afresh — nothing skipped is ever stale."""

from datetime import timedelta
from decimal import Decimal as D

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton

from desktop.models.risk_watch import RiskLevel, RiskReading
from desktop.text.formatting import leverage, percent, usd
from desktop.views.partials.figures import Fit, same_value, set_figure, show_value
from desktop.views.risk.risk_gauge import level_style
from tests.views.test_futures_trading import futures_form
from tests.views.util import click, named, type_into

OVERVIEW = {
    "net_equity": lambda v: f"{usd(v.net_equity)} USD",
    "available": lambda v: f"{usd(v.net_equity_available)} USD",
    "initial_margin": lambda v: f"{usd(v.initial_margin)} USD",
    "maintenance_margin": lambda v: f"{usd(v.maintenance_margin)} USD",
    "margin_fraction": lambda v: percent(v.margin_fraction),
    "imr": lambda v: percent(v.imr),
    "mmr": lambda v: percent(v.mmr),
    "leverage": lambda v: leverage(v.leverage),
    "pnl_unrealized": lambda v: f"{usd(v.pnl_unrealized)} USD",
    "futures_exposure": lambda v: f"{usd(v.net_exposure_futures)} USD",
}


def overview_is_fresh(window) -> None:
    valuation = window.session.valuation
    for key, write in OVERVIEW.items():
        assert window.overview.values[key].text() == write(valuation), key


def spot_holdings_are_fresh(window) -> None:
    form, session = window.spot.form, window.session
    rules = form._rules()
    paying = rules.quote if form.buy_side.isChecked() else rules.base
    balance = session.state.account.balance(paying).available
    assert form.details["available"].text() == f"{session.formats.quantity(paying, balance)} {paying}"
    assert form.details["equity"].text() == f"{usd(session.valuation.net_equity_available)} USD"
    rate = percent(session.borrow_apr(paying)) if form.margin.isChecked() else percent(None)
    assert form.details["rate"].text() == rate


def texts(labels: dict[str, QLabel]) -> dict[str, str]:
    return {key: label.text() for key, label in labels.items()}


def test_a_value_that_writes_another_text_is_not_the_same():
    assert same_value(D("1.0"), D("1.00"))  # equal numbers write equal texts
    assert not same_value(D("0"), D("-0"))  # "−0.00" is not "0.00"
    assert not same_value(("USDC", D("0")), ("USDC", D("-0")))
    assert same_value(None, None) and not same_value(None, D(0))


def test_the_overview_and_the_empty_form_follow_every_tick(window, qtbot):
    window.show_view(0)
    session = window.session
    for _ in range(5):
        session.tick(60)
        overview_is_fresh(window)
        spot_holdings_are_fresh(window)
    assert session.deposit("USDC", D("1234.56")).accepted  # a balance moves without a tick
    overview_is_fresh(window)
    spot_holdings_are_fresh(window)
    click(qtbot, window.spot.form.margin)  # the borrow rate now shows, and follows the pools
    for _ in range(3):
        session.tick(3600)
        spot_holdings_are_fresh(window)
    click(qtbot, window.spot.form.sell_side)  # another asset pays
    session.tick(60)
    spot_holdings_are_fresh(window)


def test_a_hidden_spot_form_catches_up_when_shown(window):
    window.show_view(1)  # Lend: the Spot form is hidden and skips its ticks
    form = window.spot.form
    assert not form.isVisible()
    before = form.details["equity"].text()
    for _ in range(3):
        window.session.tick(600)
    assert window.session.deposit("USDC", D(5000)).accepted
    assert form.details["equity"].text() == before  # nothing done while hidden
    window.show_view(0)
    assert form.isVisible()
    spot_holdings_are_fresh(window)


def test_a_typed_order_is_previewed_again_each_tick(window, qtbot):
    window.show_view(0)
    form = window.spot.form
    type_into(qtbot, form.quantity, "0.5")
    for _ in range(3):
        window.session.tick(600)
        shown = texts(form.details)
        form.update_preview()  # worked out afresh: the same
        assert texts(form.details) == shown
    form.quantity.setText("0.25")  # set without an edit signal: the next tick previews it
    window.session.tick(60)
    shown = texts(form.details)
    form.update_preview()
    assert texts(form.details) == shown
    form.quantity.setText("")
    window.session.tick(60)
    assert form.details["imr"].text() == "—" and form.details["borrow"].text() == "—"


def test_a_form_refusal_goes_at_the_next_tick_as_before(window, qtbot):
    window.show_view(0)
    form = window.spot.form
    click(qtbot, form.submit)  # nothing typed
    assert "Enter a quantity above 0." in form.message.text()
    window.session.tick(60)
    assert form.message.text() == "" and not form.message.isVisibleTo(form)


def test_the_futures_form_follows_ticks_and_a_typed_order(window, qtbot):
    form = futures_form(window, qtbot)
    session = window.session
    for _ in range(3):
        session.tick(600)
        assert form.details["equity"].text() == f"{usd(session.valuation.net_equity_available)} USD"
        assert form.details["position"].text() == "none"
    click(qtbot, named(form, "Market"))
    type_into(qtbot, named(form, "Quantity", QLineEdit), "10")
    click(qtbot, named(form, "Buy / Long", QPushButton))
    assert form.details["position"].text() == "+10.00 SOL (long)"  # a position moved: written at once
    type_into(qtbot, named(form, "Quantity", QLineEdit), "5")
    for _ in range(3):
        session.tick(600)
        shown = texts(form.details)
        form.update_preview()
        assert texts(form.details) == shown


def test_the_clock_reads_the_simulated_time_across_midnight(window):
    session = window.session
    start = session.state.time
    session.tick(int((timedelta(days=1) - timedelta(hours=start.hour, minutes=start.minute)).total_seconds()) - 30)
    for _ in range(3):  # to 23:59:30, then over midnight
        assert window.clock_bar.time.text() == session.state.time.strftime("%Y-%m-%d %H:%M:%S UTC")
        session.tick(20)


def test_the_gauge_restyles_only_for_another_level_and_shows_every_reading(window):
    gauge = window.risk_gauge
    for level, mmr in ((RiskLevel.SAFE, "0.1"), (RiskLevel.SAFE, "0.2"), (RiskLevel.WARNING, "0.85")):
        gauge.show_reading(RiskReading(level, D(mmr), D("0.3"), ("SOL", D("0.5"))))
        assert f"MMR {percent(D(mmr))}".replace(" ", "\u00a0") in gauge.level.text()
        assert gauge.level.styleSheet() == level_style(level)
    gauge.show_reading(RiskReading(RiskLevel.WARNING, D("0.85"), D("0.3"), ("SOL", D("0.25"))))
    assert "25.00" in gauge.distance.text()
    gauge.show_reading(RiskReading(RiskLevel.WARNING, D("0.85"), D("0.3"), None))
    assert gauge.distance.text() == "Nearest liquidation price: none"


def test_a_figure_measures_again_after_the_font_grows(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    label.show()
    set_figure(label, "1,234.56 USD")
    app = QApplication.instance()
    before = QFont(app.font())
    try:
        bigger = QFont(before)
        bigger.setPointSizeF(before.pointSizeF() * 2)
        app.setFont(bigger)
        set_figure(label, "1,234.57 USD")
        assert label.width() >= label.fontMetrics().horizontalAdvance("1,234.57 USD")
    finally:
        app.setFont(before)


def test_show_value_writes_only_when_its_inputs_moved(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    written = []

    def write(value):
        written.append(value)
        return f"{usd(value)} USD"

    for value in (D("1.5"), D("1.50"), D("2"), D("2")):
        show_value(label, value, write)
    assert written == [D("1.5"), D("2")] and label.text() == "2.00 USD"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet="0123456789,.-−% USDCSOLETHBTCnoe()+×", min_size=1, max_size=24))
def test_the_characters_advances_bound_the_text(qtbot, text):
    """A figure is not measured while the sum of its characters' advances fits: that sum must never
    be less than the text's own advance (in the font the tests draw with)."""
    label = QLabel()
    fit = Fit(label, 10_000)
    bound = fit.SPARE + sum(fit.metrics.horizontalAdvance(char) for char in text)
    assert bound >= label.fontMetrics().horizontalAdvance(text)
