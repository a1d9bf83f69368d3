"""Properties of valuation and limits over random accounts (hypothesis)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.engine import account_limits, value_account
from desktop.engine.contract import account_json, evaluate, parse_account
from desktop.engine.limits import pool_borrow_headroom, redeemable_lend
from desktop.engine.numbers import load_json
from tests.engine.strategies import SYMBOLS, accounts, marks
from tests.engine.util import dumps, example_parameters

PARAMETERS = example_parameters()
POOLS = PARAMETERS.pools


def available_after(account, prices, symbol, balance):
    return value_account(account.with_balance(symbol, balance), PARAMETERS, prices).net_equity_available


def borrowed(balance, q):
    return balance.changed(available=balance.available + q, borrowed=balance.borrowed + q)


def withdrawn(balance, q):
    """Spend available, then lent; with Margin the rest becomes a borrow."""
    from_available = min(q, balance.available)
    from_lent = min(q - from_available, balance.lent)
    rest = q - from_available - from_lent
    return balance.changed(
        available=balance.available - from_available, lent=balance.lent - from_lent, borrowed=balance.borrowed + rest
    )


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(accounts(), marks(), st.sampled_from(SYMBOLS))
def test_max_borrow_is_the_largest_step_that_keeps_margin(account, prices, symbol):
    limit = account_limits(account, PARAMETERS, prices, POOLS)[symbol].max_borrow_quantity
    rules, balance = PARAMETERS.assets[symbol], account.balance(symbol)
    step, headroom = rules.lending.step_size, pool_borrow_headroom(rules, POOLS[symbol])
    assert limit % step == 0 and limit <= headroom
    if balance.lent:
        assert limit == 0
        return
    if limit:
        assert available_after(account, prices, symbol, borrowed(balance, limit)) >= 0
    one_more = limit + step
    assert one_more > headroom or available_after(account, prices, symbol, borrowed(balance, one_more)) < 0


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(accounts(), marks(), st.sampled_from(SYMBOLS))
def test_max_withdrawals_are_the_largest_steps_that_keep_margin(account, prices, symbol):
    limits = account_limits(account, PARAMETERS, prices, POOLS)[symbol]
    rules, balance = PARAMETERS.assets[symbol], account.balance(symbol)
    step = rules.lending.step_size
    spendable = balance.available + redeemable_lend(rules, POOLS[symbol], balance.lent)

    plain = limits.max_withdrawal_quantity
    assert plain % step == 0 and plain <= spendable
    if plain:
        assert available_after(account, prices, symbol, withdrawn(balance, plain)) >= 0
    more = plain + step
    assert more > spendable or available_after(account, prices, symbol, withdrawn(balance, more)) < 0

    margin = limits.max_margin_withdrawal_quantity
    assert margin >= plain and margin % step == 0
    if margin > plain:
        assert redeemable_lend(rules, POOLS[symbol], balance.lent) == balance.lent
        assert available_after(account, prices, symbol, withdrawn(balance, margin)) >= 0
        headroom = pool_borrow_headroom(rules, POOLS[symbol], redeemed=balance.lent)
        more = margin + step
        borrow = more - balance.available - balance.lent
        assert borrow > headroom or available_after(account, prices, symbol, withdrawn(balance, more)) < 0


@settings(max_examples=100, deadline=None)
@given(accounts(), marks(), st.sampled_from(SYMBOLS), st.integers(1, 10**6))
def test_liquidation_price_is_the_first_liquidatable_price_on_the_path(account, prices, symbol, where):
    valuation = value_account(account, PARAMETERS, prices)
    price = account_limits(account, PARAMETERS, prices, POOLS)[symbol].liquidation_price
    balance, mark = account.balance(symbol), prices[symbol]
    if price is None:
        if balance.holding or balance.borrowed:
            assert not valuation.liquidatable
        return
    if valuation.liquidatable:
        assert price == mark
        return

    def liquidatable_at(p):
        return value_account(account, PARAMETERS, {**prices, symbol: p}).liquidatable

    assert liquidatable_at(price)
    # Just short of it, and anywhere between it and the mark, the account is not liquidatable.
    nearer = price * (1 + D("2e-12")) if price < mark else price * (1 - D("2e-12"))
    assert not liquidatable_at(nearer)
    between = nearer + (mark - nearer) * D(where) / D(10**6)
    assert not liquidatable_at(between)


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(accounts(), marks(), st.sampled_from(SYMBOLS), st.integers(1, 10**9))
def test_more_borrow_never_raises_available(account, prices, symbol, units):
    balance = account.balance(symbol)
    if balance.lent:
        return
    q = units * PARAMETERS.assets[symbol].lending.step_size
    before = value_account(account, PARAMETERS, prices).net_equity_available
    assert available_after(account, prices, symbol, borrowed(balance, q)) <= before


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(accounts(), marks(), st.sampled_from(SYMBOLS), st.integers(101, 1000))
def test_a_higher_price_of_a_held_unborrowed_asset_never_lowers_net_equity(account, prices, symbol, percent):
    if account.balance(symbol).borrowed:
        return
    before = value_account(account, PARAMETERS, prices).net_equity
    higher = {**prices, symbol: prices[symbol] * percent / 100}
    assert value_account(account, PARAMETERS, higher).net_equity >= before


@settings(max_examples=100, deadline=None)
@given(accounts(), marks(), st.randoms(use_true_random=False))
def test_valuation_does_not_depend_on_the_order_of_balances(account, prices, random):
    items = list(account.balances.items())
    random.shuffle(items)
    shuffled = type(account)(balances=dict(items), settings=account.settings)
    one, other = value_account(account, PARAMETERS, prices), value_account(shuffled, PARAMETERS, prices)
    for field in (
        "assets_value",
        "liabilities_value",
        "net_equity",
        "total_exposure",
        "initial_margin",
        "maintenance_margin",
        "net_equity_available",
        "margin_fraction",
        "liquidatable",
    ):
        assert getattr(one, field) == getattr(other, field), field


@settings(max_examples=100, deadline=None)
@given(accounts(), marks())
def test_account_json_round_trips_and_evaluate_prints_exact_plain_numbers(account, prices):
    document = load_json(dumps(account_json(account, prices)))
    parsed, parsed_marks = parse_account(document, PARAMETERS)
    assert {s: b for s, b in parsed.balances.items()} == dict(account.balances)
    assert parsed.settings == account.settings and parsed_marks == prices

    result = evaluate(document, PARAMETERS)
    valuation = value_account(account, PARAMETERS, prices)
    text = dumps(result)
    assert "E+" not in text and "E-" not in text and "e-" not in text
    assert D(result["collateral"]["netEquity"]) == valuation.net_equity
    assert D(result["collateral"]["initialMargin"]) == valuation.initial_margin
    assert set(result["limits"]) == set(PARAMETERS.assets) | set(PARAMETERS.perp_only_bases)  # §10 precision 16
    shown = {row["symbol"] for row in result["collateral"]["collateral"]}
    assert shown == {symbol for symbol, balance in account.balances.items() if not balance.is_empty}
