"""Fitting rateAtOptimal to one live point of the §6 curve (baseRate 0, maxRate 1.5 [assumed])."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.services.backpack.rates import curve_rate, fit_rate_at_optimal


def test_below_the_kink_the_rate_scales_with_utilization():
    fit = fit_rate_at_optimal(D("0.0612"), D("240000"), D("600000"), D("0.8"))
    assert fit.exact and fit.rate_at_optimal == D("0.1224") and fit.utilization == D("0.4")


def test_above_the_kink_the_steep_part_is_taken_into_account():
    fit = fit_rate_at_optimal(D("0.45"), D("765"), D("900"), D("0.8"))  # x = 0.25
    assert fit.exact and fit.rate_at_optimal == D("0.1")


@pytest.mark.parametrize(
    ("rate", "borrowed", "lent", "optimal", "expected", "reason"),
    [
        ("0.05", "0", "100", "0.8", "0.05", "utilization 0"),
        ("0.05", "10", "0", "0.8", "0.05", "utilization 0"),
        ("1.5", "100", "100", "0.8", "1.5", "utilization ≥ 1"),
        ("0.2", "95", "100", "0.8", "0", "live rate below the curve's least"),
        ("0.2", "10", "100", "1", "0.2", "optimalUtilization outside"),
    ],
)
def test_where_no_rate_can_hit_the_live_point_the_fallback_says_so(rate, borrowed, lent, optimal, expected, reason):
    fit = fit_rate_at_optimal(D(rate), D(borrowed), D(lent), D(optimal))
    assert not fit.exact and fit.rate_at_optimal == D(expected) and reason in fit.reason


decimals = st.decimals(min_value=D("0.000001"), max_value=D("1000000000"), places=6)


@given(
    rate=st.decimals(min_value=D("0"), max_value=D("1.5"), places=6),
    lent=decimals,
    share=st.decimals(min_value=D("0.001"), max_value=D("0.999"), places=3),
    optimal=st.decimals(min_value=D("0.05"), max_value=D("0.95"), places=2),
)
def test_an_exact_fit_puts_the_curve_through_the_live_point(rate, lent, share, optimal):
    fit = fit_rate_at_optimal(rate, lent * share, lent, optimal)
    if fit.exact:
        assert fit.rate_at_optimal >= 0
        assert abs(curve_rate(fit.rate_at_optimal, fit.utilization, optimal) - rate) <= D("1e-28")
