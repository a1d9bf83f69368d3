"""The one formatting module: money, percentages and leverage in the window's style and the terminal's."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from desktop.text.formatting import DASH, SCREEN, TERMINAL, grouped, leverage, percent, signed_percent, usd


def test_screen_and_terminal_styles():
    assert usd(Decimal("-1234.565")) == "−1,234.56"  # half-even, a real minus sign
    assert usd(Decimal("-1234.565"), TERMINAL) == "-1,234.56"
    assert percent(Decimal("0.038412")) == "3.84 %" and percent(Decimal("-0.5"), style=TERMINAL) == "-50.00 %"
    assert percent(Decimal("0.5"), places=0) == "50 %"
    assert leverage(Decimal("2.5")) == "2.50×" and leverage(Decimal("1234.5"), TERMINAL) == "1,234.50x"
    assert signed_percent(Decimal("0.01")) == "▲ +1.00 %" and signed_percent(Decimal("-0.01")) == "▼ −1.00 %"
    for text in (usd(None), percent(None), leverage(None, TERMINAL), signed_percent(None)):
        assert text == DASH


@given(st.decimals(min_value=-(10**15), max_value=10**15, places=6))
def test_money_reads_as_the_format_the_commands_used(value):
    """overview and simulate wrote ``f"{value:,.2f}"``: the formatter's TERMINAL style is the same text."""
    assert usd(value, TERMINAL) == f"{value:,.2f}"
    assert usd(value, SCREEN) == f"{value:,.2f}".replace("-", "−")


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
def test_a_float_reads_as_pythons_own_format(value):
    """Charts hand over floats (their coordinates): taken at their exact value, they round as ``format``."""
    assert grouped(value, 2) == f"{value:,.2f}".replace("-", "−")
