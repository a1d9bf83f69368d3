"""Worked examples of §3 valuation, computed by hand here with the arithmetic shown.

Bundled example parameters (MARGIN_MODEL.md §9): USDC weight 1 identity, imf 0.10/0.00002, mmf 0.05/0.000012;
SOL weight 0.95 inverseSqrt 1.1/0.00025, imf 0.20/0.00006, mmf 0.10/0.000036; JTO weight 0.7 inverseSqrt
1.0/0.001, imf 0.33/0.0002, mmf 0.20/0.00012.
"""

from decimal import Decimal as D
from decimal import localcontext

import pytest

from desktop.engine import value_account
from desktop.engine.numbers import ENGINE_CONTEXT
from tests.engine.util import account_with, example_parameters, marks_with


@pytest.fixture(autouse=True)
def engine_precision():
    with localcontext(ENGINE_CONTEXT):
        yield


def value(account, **marks):
    return value_account(account, example_parameters(), marks_with(**marks))


def sol_weight(notional: D) -> D:
    """SOL's haircut: min(0.95, 1.1 / (1 + 0.00025·√V))."""
    return min(D("0.95"), D("1.1") / (1 + D("0.00025") * notional.sqrt()))


def test_plain_deposits_have_no_margin_and_null_fractions():
    """1,000 USDC and 20 SOL at 100: collateral only, no exposure, so no margin at all."""
    v = value(account_with(USDC={"available": 1000}, SOL={"available": 20}), SOL=100)
    # SOL: V = 20·100 = 2,000; curve 1.1/(1 + 0.00025·√2000) = 1.1/1.01118 = 1.0878 > 0.95 → weight 0.95
    assert sol_weight(D(2000)) == D("0.95")
    assert v.assets_value == 1000 + D(2000) * D("0.95") == D(2900)
    assert v.net_equity == D(2900) and v.net_equity_available == D(2900)
    assert v.total_exposure == 0 and v.initial_margin == 0 and v.maintenance_margin == 0
    assert v.imf == D("0.1")  # 1/leverageLimit with TEN = 0
    assert v.mmf == 0 and v.margin_fraction is None
    assert v.imr == 0 and v.mmr == 0 and v.leverage == 0
    assert not v.liquidatable


def test_backpack_spot_margin_example():
    """Hold 1,000 USDC, buy 2,000 USDC of SOL at 150 with Margin: 13.33 SOL held, 1,000 USDC borrowed."""
    v = value(account_with(USDC={"borrowed": 1000}, SOL={"available": "13.33"}))
    notional = D("13.33") * 150  # 1,999.5
    collateral = notional * D("0.95")  # curve 1.0878 does not bite: 1,899.525
    assert v.assets_value == collateral == D("1899.525")
    assert v.liabilities_value == D(1000)
    net_equity = collateral - 1000  # 899.525
    # USDC borrow exposure 1,000: imf = max(0.10, 1/10, 0.00002·√1000 = 0.00063) = 0.10 → IM 100
    #                            mmf = max(0.05, 0.000012·√1000 = 0.00038) = 0.05 → MM 50
    assert v.total_exposure == 1000
    assert v.initial_margin == 100 and v.maintenance_margin == 50
    assert v.net_equity == net_equity
    assert v.net_equity_available == net_equity - 100 == D("799.525")
    assert v.margin_fraction == net_equity / 1000
    assert v.imr == 100 / net_equity and v.mmr == 50 / net_equity and v.leverage == 1000 / net_equity
    assert v.imf == D("0.1") and v.mmf == D("0.05")
    assert not v.liquidatable


def test_spot_short_borrows_the_coin():
    """Sell 6.66 borrowed SOL at 150 beside 1,000 USDC: 1,999 USDC held, 6.66 SOL owed."""
    v = value(account_with(USDC={"available": 1999}, SOL={"borrowed": "6.66"}))
    exposure = D("6.66") * 150  # 999
    # SOL borrow: imf = max(0.20, 0.10, 0.00006·√999 = 0.0019) = 0.20; mmf = max(0.10, 0.000036·√999) = 0.10
    assert v.total_exposure == exposure == 999
    assert v.initial_margin == D("199.8") and v.maintenance_margin == D("99.9")
    assert v.net_equity == 1999 - 999 == 1000
    assert v.net_equity_available == D("800.2")
    assert v.margin_fraction == D(1000) / 999


def test_a_lend_counts_as_collateral_without_exposure():
    """5,000 USDC lent and 500 available: all 5,500 is collateral; lends carry no exposure."""
    v = value(account_with(USDC={"available": 500, "lent": 5000}))
    assert v.assets_value == 5500 and v.net_equity == 5500
    assert v.total_exposure == 0 and v.initial_margin == 0
    (row,) = v.assets
    assert row.balance.holding == 5500 and row.terms.exposure == 0


def test_sqrt_size_term_bites_on_a_large_borrow():
    """A 1,000,000 JTO short at 3 (exposure 3,000,000) beside 4,000,000 USDC."""
    v = value(account_with(USDC={"available": 4_000_000}, JTO={"borrowed": 1_000_000}))
    exposure = D(3_000_000)
    root = exposure.sqrt()  # 1,732.0508…
    imf = D("0.0002") * root  # 0.34641 > base 0.33: the size term bites
    mmf = D("0.00012") * root  # 0.20785 > base 0.20
    assert imf > D("0.33") and mmf > D("0.20")
    assert v.initial_margin == exposure * imf
    assert v.maintenance_margin == exposure * mmf
    # account imf = IM/TEN: equal to the position imf up to the 34th significant digit
    assert abs(v.imf - imf) < D("1e-32") and abs(v.mmf - mmf) < D("1e-32")
    assert v.net_equity == 4_000_000 - 3_000_000


def test_inverse_sqrt_haircut_bites_on_a_large_holding():
    """10,000 SOL at 150 (V = 1,500,000): weight 1.1/(1 + 0.00025·√1.5e6) = 0.8421 < 0.95."""
    v = value(account_with(SOL={"available": 10_000}))
    notional = D(1_500_000)
    weight = D("1.1") / (1 + D("0.00025") * notional.sqrt())
    assert D("0.842") < weight < D("0.843")
    (row,) = v.assets
    assert row.terms.weight == weight
    assert v.assets_value == notional * weight


def test_account_below_maintenance_is_liquidatable():
    """The spot-margin long after SOL falls to 82: NE = 13.33·82·0.95 − 1,000 = 38.41 ≤ MM 50."""
    v = value(account_with(USDC={"borrowed": 1000}, SOL={"available": "13.33"}), SOL=82)
    assert v.net_equity == D("13.33") * 82 * D("0.95") - 1000 == D("38.4070")
    assert v.maintenance_margin == 50
    assert v.liquidatable
    assert v.mmr == 50 / v.net_equity and v.mmr > 1


def test_negative_equity_has_null_ratios():
    """SOL at 70: NE = 13.33·70·0.95 − 1,000 = −113.5549: IMR, MMR and leverage are undefined."""
    v = value(account_with(USDC={"borrowed": 1000}, SOL={"available": "13.33"}), SOL=70)
    assert v.net_equity == D("-113.5550")
    assert v.imr is None and v.mmr is None and v.leverage is None
    assert v.liquidatable
    assert v.margin_fraction == v.net_equity / 1000


def test_leverage_limit_raises_the_initial_margin_floor():
    """Max Account Leverage 2x: a 1,000 USDC borrow needs IM = 1,000·max(0.10, 1/2) = 500, MM unchanged."""
    base = account_with(USDC={"available": 2000, "borrowed": 1000})
    at_10x = value(base)
    at_2x = value(account_with(leverage_limit=2, USDC={"available": 2000, "borrowed": 1000}))
    assert at_10x.initial_margin == 100 and at_2x.initial_margin == 500
    assert at_2x.maintenance_margin == at_10x.maintenance_margin == 50
    assert at_2x.net_equity_available == 1000 - 500


def test_pending_borrow_adds_exposure_but_no_liability():
    """A resting margin buy that would borrow 300 USDC: exposure 300 → IM 30, but nothing owed yet."""
    v = value(account_with(USDC={"available": 1000, "pending_borrow": 300}))
    assert v.total_exposure == 300 and v.initial_margin == 30 and v.liabilities_value == 0
    assert v.net_equity == 1000 and v.net_equity_available == 970


def test_inverse_sqrt_with_no_penalty_still_caps_the_weight_at_its_base():
    """min(weight, base/(1 + 0·√V)) = min(0.95, 0.5) = 0.5, also for an empty balance's row."""
    from tests.engine.util import parameters_with

    def flat_curve(snapshot):
        row = next(r for r in snapshot["collateral"] if r["symbol"] == "SOL")
        row["haircutFunction"]["kind"] = {"type": "inverseSqrt", "base": "0.5", "positiveCurvePenalty": "0"}

    parameters = parameters_with(flat_curve)
    v = value_account(account_with(SOL={"available": 10}), parameters, parameters.marks)
    assert v.assets[0].terms.weight == D("0.5") and v.assets_value == 750


def test_tiny_borrows_give_one_initial_margin_in_every_order_of_balances():
    """Leverage limit 3: each E·imf is E/3, which does not terminate (ETH 0.0001·875/3, BTC 0.00001·23750/3,
    SOL 0.01·37.50/3). Summed in the balances' order the 34th digit came out …333 or …334; the account
    figures are now summed in symbol order, so every order gives the same initial margin."""
    from itertools import permutations

    balances = {"ETH": {"pending_borrow": "0.0001"}, "BTC": {"borrowed": "0.00001"}, "SOL": {"borrowed": "0.01"}}
    marks = marks_with(SOL="37.50", BTC=23750, ETH=875)
    margins = {
        value_account(account_with(3, **{s: balances[s] for s in order}), example_parameters(), marks).initial_margin
        for order in permutations(balances)
    }
    assert len(margins) == 1
    assert margins.pop() == D("0.2333333333333333333333333333333333")  # (0.0875 + 0.2375 + 0.375)/3, 34 digits
