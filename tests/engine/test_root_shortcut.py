"""The valuation skips a square root when its size term cannot win; the figures stay digit for digit
those of the formula that takes the root (``numbers.size_scaled``, ``Haircut.weight_at``)."""

from __future__ import annotations

from decimal import Decimal as D
from decimal import InvalidOperation, localcontext

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.engine.numbers import ENGINE_CONTEXT, size_scaled
from desktop.engine.parameters import Haircut, MarginFunction

# How far from the point where the size term takes over: from exactly on it to far either side.
NUDGES = st.sampled_from(["0", "1e-30", "-1e-30", "1e-16", "-1e-16", "1e-14", "-1e-14", "0.001", "-0.001", "0.5"])


def rooted_size_scaled(function: MarginFunction, exposure: D, floor: D) -> D:
    return max(function.base, floor, function.factor * exposure.sqrt())


def rooted_weight(haircut: Haircut, notional: D) -> D:
    curve = haircut.curve_base / (1 + haircut.positive_curve_penalty * notional.sqrt())
    return curve if curve < haircut.weight else haircut.weight


@settings(max_examples=400, deadline=None)
@given(
    base=st.integers(0, 1000).map(lambda n: D(n) / 1000),
    factor=st.integers(0, 10**6).map(lambda n: D(n) / 10**9),
    floor=st.sampled_from([D(0), D(1) / 50, D("0.1"), D(1)]),
    nudge=NUDGES,
    far=st.integers(0, 10**12),
)
def test_a_skipped_root_gives_the_same_margin_fraction(base, factor, floor, nudge, far):
    with localcontext(ENGINE_CONTEXT):
        function = MarginFunction(base, factor)
        cap = max(base, floor)
        # Exposures near where factor·√E meets the cap, and anywhere at all.
        near = (cap / factor) ** 2 * (1 + D(nudge)) if factor and cap else D(far)
        for exposure in (near, D(far), D(far) / 7):
            if exposure > 0:
                assert str(size_scaled(function, exposure, floor)) == str(rooted_size_scaled(function, exposure, floor))


@settings(max_examples=400, deadline=None)
@given(
    weight=st.integers(0, 100).map(lambda n: D(n) / 100),
    curve_base=st.integers(0, 2000).map(lambda n: D(n) / 1000),
    penalty=st.integers(0, 10**5).map(lambda n: D(n) / 10**7),
    nudge=NUDGES,
    far=st.integers(0, 10**12),
)
def test_a_skipped_root_gives_the_same_collateral_weight(weight, curve_base, penalty, nudge, far):
    with localcontext(ENGINE_CONTEXT):
        haircut = Haircut(weight, "inverseSqrt", curve_base, penalty)
        room = curve_base / weight - 1 if weight else D(0)
        near = (room / penalty) ** 2 * (1 + D(nudge)) if room > 0 and penalty else D(far)
        for notional in (near, D(far), D(far) / 7, D(0)):
            if notional >= 0:
                assert str(haircut.weight_at(notional)) == str(rooted_weight(haircut, notional))


def test_a_negative_figure_still_raises_as_its_root_did():
    """The guard (``guard.within_bounds``) turns a figure gone wrong into a refusal; skipping the root
    must not hide it."""
    with localcontext(ENGINE_CONTEXT):
        for call in (
            lambda: size_scaled(MarginFunction(D("0.1"), D("0.00002")), D(-5)),
            lambda: Haircut(D("0.95"), "inverseSqrt", D("1.1"), D("0.00025")).weight_at(D(-5)),
        ):
            try:
                call()
            except InvalidOperation:
                continue
            raise AssertionError("a negative figure was valued")
