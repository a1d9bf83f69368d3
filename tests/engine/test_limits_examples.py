"""Worked examples of the §4 limits, with the arithmetic written out."""

from decimal import Decimal as D

from desktop.engine import account_limits, value_account
from tests.engine.util import account_with, example_parameters, marks_with, parameters_with, pool_row


def limits_of(account, parameters=None, **marks):
    parameters = parameters or example_parameters()
    prices = dict(parameters.marks)
    prices.update({symbol: D(str(price)) for symbol, price in marks.items()})
    return account_limits(account, parameters, prices, parameters.pools)


def test_plain_deposits():
    """1,000 USDC + 20 SOL at 100 (NEA 2,900, no exposure)."""
    limits = limits_of(account_with(USDC={"available": 1000}, SOL={"available": 20}), SOL=100)
    usdc, sol = limits["USDC"], limits["SOL"]
    # Borrow q USDC, kept as available: NE unchanged, IM = 0.10·q → q = 2,900/0.10 = 29,000
    assert usdc.max_borrow_quantity == 29000
    # Withdraw: no exposure, so all of it
    assert usdc.max_withdrawal_quantity == 1000 and sol.max_withdrawal_quantity == 20
    # Margin withdrawal of USDC: 1,000 then borrow b: NEA = 1,900 − b − 0.10·b ≥ 0 → b = 1,727.2727…
    assert usdc.max_margin_withdrawal_quantity == D("2727.2727")
    # Of SOL: 20, then borrow b SOL: NEA = 1,000 − 100·b·(1 + 0.20) ≥ 0 → b = 8.333… → 8.33
    assert sol.max_margin_withdrawal_quantity == D("28.33")
    # Borrow SOL kept as available: at q = 116, V = 13,600 → weight 0.95, C = 12,920, L = 11,600,
    # IM = 11,600·0.20 = 2,320: NEA = 1,000 + 12,920 − 11,600 − 2,320 = 0 exactly
    assert sol.max_borrow_quantity == 116
    assert all(row.liquidation_price is None for row in limits.values())  # nothing borrowed


def test_spot_margin_long():
    """13.33 SOL at 150 held, 1,000 USDC borrowed (NEA 799.525)."""
    limits = limits_of(account_with(USDC={"borrowed": 1000}, SOL={"available": "13.33"}))
    # More USDC: IM grows by 0.10·q, NE unchanged → q = 7,995.25
    assert limits["USDC"].max_borrow_quantity == D("7995.25")
    assert limits["USDC"].max_withdrawal_quantity == 0
    # Margin-withdraw USDC: NE −b, IM +0.10·b → 799.525 − 1.1·b ≥ 0 → b = 726.84090… → 726.8409
    assert limits["USDC"].max_margin_withdrawal_quantity == D("726.8409")
    # Withdraw q SOL: (13.33 − q)·150·0.95 ≥ 1,000 + 100 → q ≤ 13.33 − 7.71929… = 5.61070… → 5.61
    assert limits["SOL"].max_withdrawal_quantity == D("5.61")
    # Liquidation: 13.33·p·0.95 = 1,000 + 50 → p = 1,050/12.6635 = 82.9154…
    expected = D(1050) / (D("13.33") * D("0.95"))
    assert abs(limits["SOL"].liquidation_price - expected) <= expected * D("1e-12")


def test_liquidation_price_of_a_borrowed_stable_coin():
    """USDC is borrowed, so its search goes upward: 1,000·p·(1 + 0.05) = 1,899.525 → p = 1.80907…"""
    limits = limits_of(account_with(USDC={"borrowed": 1000}, SOL={"available": "13.33"}))
    expected = D("1899.525") / D(1050)  # USDC price at which 1,000·p·(1 + 0.05) = 1,899.525
    assert abs(limits["USDC"].liquidation_price - expected) <= expected * D("1e-12")


def test_spot_short_liquidates_upward():
    """1,999 USDC held, 6.66 SOL borrowed: 1,999 = 6.66·p·(1 + 0.10) → p = 272.86…"""
    limits = limits_of(account_with(USDC={"available": 1999}, SOL={"borrowed": "6.66"}))
    expected = D(1999) / (D("6.66") * D("1.1"))
    assert abs(limits["SOL"].liquidation_price - expected) <= expected * D("1e-12")
    # USDC held: a falling dollar liquidates at 1,999·p = 999 + 99.9 → p = 0.54972…
    usdc = D("1098.9") / D(1999)
    assert abs(limits["USDC"].liquidation_price - usdc) <= usdc * D("1e-12")


def test_liquidatable_account_has_no_room_and_liquidates_at_the_mark():
    account = account_with(USDC={"borrowed": 1000}, SOL={"available": "13.33"})
    limits = limits_of(account, SOL=82)
    assert limits["SOL"].liquidation_price == 82
    assert all(row.max_borrow_quantity == 0 for row in limits.values())
    assert limits["SOL"].max_withdrawal_quantity == 0


def test_leverage_limit_binds_the_max_borrow():
    """1,000 USDC: at 10x IM = 0.10·q → 10,000; at 2x IM = 0.50·q → 2,000; at 1x → 1,000."""
    for leverage, expected in ((10, 10000), (2, 2000), (1, 1000)):
        account = account_with(leverage_limit=leverage, USDC={"available": 1000})
        assert limits_of(account)["USDC"].max_borrow_quantity == expected


def test_lend_limits_follow_the_pool():
    """USDC pool 1,000,000 lent / 940,000 borrowed, Umax 0.95.

    Redeemable: 1,000,000 − 940,000/0.95 = 10,526.3157…; a lender of 20,000 can take 100 + 10,526.3157.
    No margin borrow either, since the lend cannot be redeemed whole first. Lending blocks borrowing.
    """

    def small_pool(snapshot):
        pool_row(snapshot, "USDC").update(lentQuantity="1000000", borrowedQuantity="940000")

    parameters = parameters_with(small_pool)
    limits = limits_of(account_with(USDC={"available": 100, "lent": 20000}), parameters)
    assert limits["USDC"].max_withdrawal_quantity == D("10626.3157")
    assert limits["USDC"].max_margin_withdrawal_quantity == D("10626.3157")
    assert limits["USDC"].max_borrow_quantity == 0


def test_pool_headroom_caps_the_borrow():
    """SOL pool 1,000 lent / 940 borrowed: headroom 1,000·0.95 − 940 = 10 SOL, whatever the margin."""

    def thin_sol(snapshot):
        pool_row(snapshot, "SOL").update(lentQuantity="1000", borrowedQuantity="940")

    parameters = parameters_with(thin_sol)
    limits = limits_of(account_with(USDC={"available": 1_000_000}), parameters)
    assert limits["SOL"].max_borrow_quantity == 10
    # Margin withdrawal: nothing held, so all of it is the borrow → also 10
    assert limits["SOL"].max_margin_withdrawal_quantity == 10


def test_margin_withdrawal_redeems_the_whole_lend_before_borrowing():
    """100 USDC available + 900 lent; the pool lets the whole lend go, headroom measured after it."""

    def tight(snapshot):
        # Umax 0.95: redeemable bound 10,000 − 9,000/0.95 = 526.3… < 900 lent → no borrow at all
        pool_row(snapshot, "USDC").update(lentQuantity="10000", borrowedQuantity="9000")

    limits = limits_of(account_with(USDC={"available": 100, "lent": 900}), parameters_with(tight))
    assert limits["USDC"].max_margin_withdrawal_quantity == limits["USDC"].max_withdrawal_quantity
    assert limits["USDC"].max_withdrawal_quantity == D("100") + D("526.3157")


def test_repay_only_and_closed_pools():
    def states(snapshot):
        pool_row(snapshot, "SOL")["state"] = "RepayOnly"
        pool_row(snapshot, "USDC")["state"] = "Closed"

    parameters = parameters_with(states)
    limits = limits_of(account_with(USDC={"available": 100, "lent": 500}, SOL={"lent": 10}), parameters)
    assert limits["SOL"].max_borrow_quantity == 0
    assert limits["SOL"].max_withdrawal_quantity == 10  # RepayOnly allows redeem
    assert limits["SOL"].max_margin_withdrawal_quantity == 10  # …but no borrow
    assert limits["USDC"].max_withdrawal_quantity == 100  # Closed: the lend is stuck


def test_inverse_sqrt_withdrawal_meets_the_margin_exactly():
    """10,000 SOL at 150 (weight on the curve) against 1,000,000 USDC borrowed."""
    account = account_with(USDC={"borrowed": 1_000_000}, SOL={"available": 10_000})
    parameters = example_parameters()
    limit = limits_of(account)["SOL"].max_withdrawal_quantity
    assert limit > 0

    def available_after(quantity):
        changed = account.with_balance("SOL", account.balance("SOL").changed(available=D(10_000) - quantity))
        return value_account(changed, parameters, marks_with()).net_equity_available

    assert available_after(limit) >= 0
    assert available_after(limit + D("0.01")) < 0


def test_the_withdrawal_max_leaves_room_for_the_entry_fee():
    """The §4 limit ignores fees, so withdrawing exactly it is refused; the dialog's Max is accepted."""
    from desktop.engine import withdraw
    from desktop.engine.apply_contract import parse_state
    from desktop.engine.form_max import max_accepted_withdrawal

    parameters = example_parameters()
    state = parse_state({"balances": {"USDC": {"available": 1000}, "SOL": {"available": 20}}}, parameters)
    limit = limits_of(state.account)["USDC"].max_margin_withdrawal_quantity
    assert withdraw(state, parameters, "USDC", limit, True).refusal.code == "INSUFFICIENT_MARGIN"
    most = max_accepted_withdrawal(state, parameters, "USDC", True)
    assert withdraw(state, parameters, "USDC", most, True).accepted
    assert not withdraw(state, parameters, "USDC", most + D("0.0001"), True).accepted
    assert limit - most < D("0.05")  # about the entry fee on the 2,590.9 USDC borrow
