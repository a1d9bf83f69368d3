"""``grouped`` keeps its quantum and format per number of places: the text is the plain formatting's."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_EVEN, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.text.formatting import SCREEN, TERMINAL, grouped


def plain_grouped(value, places: int, rounding: str, style) -> str:
    number = value if isinstance(value, Decimal) else Decimal(value)
    quantum = Decimal(1).scaleb(-places)
    text = f"{number.quantize(quantum, rounding=rounding):,.{places}f}"
    return text.replace("-", style.minus)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.decimals(min_value=-(10**12), max_value=10**12, allow_nan=False, allow_infinity=False, places=10),
        st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
        st.sampled_from([Decimal("0E-8"), Decimal("-0.004"), Decimal("-0"), Decimal("999.995"), Decimal(0)]),
    ),
    st.integers(0, 8),
    st.sampled_from([ROUND_HALF_EVEN, ROUND_DOWN]),
    st.sampled_from([SCREEN, TERMINAL]),
)
def test_grouped_reads_as_the_plain_formatting(value, places, rounding, style):
    assert grouped(value, places, rounding, style) == plain_grouped(value, places, rounding, style)
