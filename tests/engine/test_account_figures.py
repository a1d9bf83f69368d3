"""The derived figures of one state, worked out lazily, are the limits' own to the last digit, whichever
order they are read in; one asset's liquidation price does not cost its max borrow search; and the
valuation a price move brings is the moved state's own."""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.engine import (
    Account,
    AccountSettings,
    AccountState,
    AssetBalance,
    account_limits,
    move_prices,
    value_account,
)
from desktop.engine import limits as engine_limits
from desktop.engine.account_figures import AccountFigures
from desktop.engine.clock import move_prices_valued
from desktop.engine.limits import AssetLimits, liquidation_prices
from tests.engine.strategies import accounts, marks, perp_accounts
from tests.engine.util import example_parameters

PARAMETERS = example_parameters()


def state_of(account: Account, prices: dict[str, D]) -> AccountState:
    return AccountState(account, {**PARAMETERS.marks, **prices}, dict(PARAMETERS.pools), PARAMETERS.snapshot_time)


@settings(max_examples=100, deadline=None)
@given(st.one_of(accounts(), perp_accounts()), marks(), st.booleans())
def test_every_figure_is_the_limits_own(account, prices, liquidation_first):
    state = state_of(account, prices)
    figures = AccountFigures(state, PARAMETERS)
    expected = account_limits(state.account, PARAMETERS, state.marks, state.pools)
    if liquidation_first:  # read in another order: the figures do not depend on it
        assert figures.liquidation_prices == liquidation_prices(state.account, PARAMETERS, state.marks)
    assert figures.valuation == value_account(state.account, PARAMETERS, state.marks)
    assert dict(figures.limits) == expected
    assert {symbol: figures.asset_limits(symbol) for symbol in expected} == expected
    assert figures.liquidation_prices == liquidation_prices(state.account, PARAMETERS, state.marks)


@settings(max_examples=60, deadline=None)
@given(perp_accounts(), marks())
def test_one_lazy_limit_read_alone_is_the_records_figure(account, prices):
    state = state_of(account, prices)
    expected = account_limits(state.account, PARAMETERS, state.marks, state.pools)
    for symbol, limits in expected.items():
        figures = AccountFigures(state, PARAMETERS)  # fresh: nothing else worked out before
        assert figures.limits[symbol].max_margin_withdrawal_quantity == limits.max_margin_withdrawal_quantity
        assert AccountFigures(state, PARAMETERS).limits[symbol].max_borrow_quantity == limits.max_borrow_quantity
        assert AccountFigures(state, PARAMETERS).liquidation_price(symbol) == limits.liquidation_price


def test_a_liquidation_price_is_worked_out_once_and_without_the_searches(monkeypatch):
    account = Account({"USDC": AssetBalance(available=D(3000)), "SOL": AssetBalance(borrowed=D(10))}, AccountSettings())
    state = state_of(account, {})
    calls = []
    for name in ("max_borrow_quantity", "max_withdrawal_quantity", "max_margin_withdrawal_quantity"):
        monkeypatch.setattr(f"desktop.engine.account_figures.{name}", lambda *a, name=name: calls.append(name))
    real = engine_limits.liquidation_price
    monkeypatch.setattr(
        "desktop.engine.account_figures.liquidation_price", lambda *a: calls.append("liquidation") or real(*a)
    )
    figures = AccountFigures(state, PARAMETERS)
    price = figures.limits["SOL"].liquidation_price
    assert price == figures.liquidation_price("SOL") > state.marks["SOL"]
    assert calls == ["liquidation"]  # one search for SOL, none for USDC, and none of SOL's max searches…
    assert list(figures.liquidation_prices) == ["USDC", "SOL"] and figures.liquidation_prices["SOL"] == price
    assert calls == ["liquidation", "liquidation"]  # …until every price is asked for, each once


def test_the_valuation_given_is_the_one_kept():
    account = Account({"USDC": AssetBalance(available=D(1000))}, AccountSettings())
    state = state_of(account, {})
    valuation = value_account(account, PARAMETERS, state.marks)
    assert AccountFigures(state, PARAMETERS, valuation).valuation is valuation


def test_lazy_limits_compare_and_read_as_the_records():
    account = Account({"USDC": AssetBalance(available=D(1000)), "SOL": AssetBalance(available=D(5))})
    state = state_of(account, {})
    lazy = AccountFigures(state, PARAMETERS).limits
    expected = account_limits(account, PARAMETERS, state.marks, state.pools)
    assert set(lazy) == set(expected) and len(lazy) == len(expected)
    assert lazy["SOL"] == expected["SOL"] and expected["SOL"] == lazy["SOL"]
    assert lazy["SOL"] != AssetLimits(D(0), D(0), D(0), None)
    assert "NOPE" not in lazy and lazy.get("NOPE") is None
    assert repr(lazy["SOL"]) == repr(expected["SOL"])


@settings(max_examples=100, deadline=None)
@given(st.one_of(accounts(), perp_accounts()), marks(), marks())
def test_a_price_move_brings_the_valuation_of_the_state_it_leaves(account, opening, moved):
    """The liquidation check's valuation, reused, is the valuation of the moved state, to the last digit
    (liquidations, automatic rules and refusals included)."""
    state = state_of(account, opening)
    expected = move_prices(state, PARAMETERS, moved)
    outcome, valuation = move_prices_valued(state, PARAMETERS, moved)
    assert outcome == expected
    assert valuation == value_account(outcome.state.account, PARAMETERS, outcome.state.marks)
    assert str(valuation.net_equity) == str(
        value_account(outcome.state.account, PARAMETERS, outcome.state.marks).net_equity
    )


def test_a_quiet_price_move_values_the_account_once(monkeypatch):
    import desktop.engine.draft as draft_module

    calls = []
    real = draft_module.value_account
    monkeypatch.setattr(draft_module, "value_account", lambda *a: calls.append(1) or real(*a))
    account = Account({"USDC": AssetBalance(available=D(3000)), "SOL": AssetBalance(borrowed=D(10))})
    state = state_of(account, {})
    outcome, valuation = move_prices_valued(state, PARAMETERS, {"SOL": D(151)})
    assert outcome.accepted and not outcome.events and len(calls) == 1  # the check's valuation is the tick's
    assert valuation == value_account(outcome.state.account, PARAMETERS, outcome.state.marks)


@settings(max_examples=80, deadline=None)
@given(
    st.one_of(accounts(), perp_accounts()),
    marks(),
    st.sampled_from(["SOL_USDC", "BTC_USDC", "SOL_USDC_PERP", "BTC_USDC_PERP"]),
    st.sampled_from(["Bid", "Ask"]),
    st.sampled_from([None, D("0.8"), D("1.2")]),  # market, or a limit below or above the mark
    st.integers(1, 40),
)
def test_a_previews_liquidation_prices_read_lazily_are_the_engines(account, prices, symbol, side, limit, size):
    """The preview's liquidation prices after, worked out when read, are those of the state it shows: the
    outcome's, or for a resting spot limit the state once it fills at its price."""
    from desktop.engine.orders import place_order
    from desktop.engine.preview import as_if_filled, preview

    state = state_of(account, prices)
    market = PARAMETERS.perps.get(symbol) or PARAMETERS.markets[symbol]
    quantity = market.step_size * size
    price = None if limit is None else (state.marks[market.base] * limit).quantize(market.tick_size)
    outcome = place_order(
        state, PARAMETERS, symbol, side, "Market" if price is None else "Limit", quantity, price, True
    )
    shown = preview(state, outcome, PARAMETERS)
    assert shown == preview(state, outcome, PARAMETERS, value_account(account, PARAMETERS, state.marks))
    if not outcome.accepted:
        return
    after = outcome.state
    resting = [e for e in outcome.events if e.details.get("resting") and symbol in PARAMETERS.markets]
    if resting:
        after = as_if_filled(after, PARAMETERS, resting[0].order_id).state
    assert dict(shown.liquidation_prices_after) == liquidation_prices(after.account, PARAMETERS, after.marks)
    some = list(shown.liquidation_prices_after)[:1]
    fresh = preview(state, outcome, PARAMETERS).liquidation_prices_after  # read one alone
    assert [fresh[s] for s in some] == [shown.liquidation_prices_after[s] for s in some]


@settings(max_examples=100, deadline=None)
@given(st.one_of(accounts(), perp_accounts()), marks(), marks(), st.sets(st.sampled_from(sorted(PARAMETERS.marks))))
def test_a_revaluation_is_the_valuation_afresh(account, opening, shocked, moved):
    """The stress grid's cells value only the marks their shock moved: the same figures, to the digit."""
    from desktop.engine.valuation import revalue

    state = state_of(account, opening)
    now = value_account(state.account, PARAMETERS, state.marks)
    prices = dict(state.marks)
    for symbol in moved:
        prices[symbol] = shocked.get(symbol, prices[symbol] * D("0.9"))
    again = revalue(now, state.account, PARAMETERS, prices)
    afresh = value_account(state.account, PARAMETERS, prices)
    assert again == afresh and repr(again) == repr(afresh)  # the same digits, not only equal values
