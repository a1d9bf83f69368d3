"""Every refusal code of §5 reached through ``apply``, and the order of the checks when two apply."""

import pytest

from desktop.engine.apply_contract import apply
from tests.engine.util import example_parameters, example_snapshot, parameters_with, pool_row

FUNDED = {"balances": {"USDC": {"available": "1000"}}}
LENDER = {"balances": {"USDC": {"available": "100", "lent": "1000"}}}
# 13.33 SOL at 82 against 1,000 USDC borrowed: NE 38.41 ≤ MM 50, liquidatable.
LIQUIDATABLE = {"balances": {"USDC": {"borrowed": "1000"}, "SOL": {"available": "13.33"}}, "markPrices": {"SOL": "82"}}
LIMIT_BID = {"type": "order", "symbol": "SOL_USDC", "side": "Bid", "orderType": "Limit", "price": "100"}


def error_of(account, action, parameters=None):
    result = apply(account, [action], parameters or example_parameters())
    (row,) = result["results"]
    assert not row["ok"], row
    return row["error"]


def paused(symbol, state):
    return parameters_with(lambda snapshot: pool_row(snapshot, symbol).update(state=state))


def thin_pool(symbol, lent, borrowed):
    return parameters_with(
        lambda snapshot: pool_row(snapshot, symbol).update(lentQuantity=lent, borrowedQuantity=borrowed)
    )


@pytest.mark.parametrize(
    ("account", "action", "code"),
    [
        (FUNDED, {"type": "deposit", "symbol": "USDC", "quantity": "0"}, "INVALID_QUANTITY"),
        (FUNDED, {"type": "deposit", "symbol": "USDC", "quantity": "-5"}, "INVALID_QUANTITY"),
        (FUNDED, {"type": "deposit", "symbol": "USDC", "quantity": "lots"}, "INVALID_QUANTITY"),
        (FUNDED, {"type": "deposit", "symbol": "USDC", "quantity": "0.00001"}, "INVALID_QUANTITY"),
        (FUNDED, {**LIMIT_BID, "quantity": "0.001"}, "INVALID_QUANTITY"),
        (FUNDED, {"type": "repay", "symbol": "USDC", "quantity": "1"}, "INVALID_QUANTITY"),
        (FUNDED, {"type": "deposit", "symbol": "DOGE", "quantity": "1"}, "INVALID_SYMBOL"),
        (FUNDED, {**LIMIT_BID, "symbol": "DOGE_USDC", "quantity": "1"}, "INVALID_SYMBOL"),
        (FUNDED, {"type": "price", "symbol": "PEPE", "markPrice": "1"}, "INVALID_SYMBOL"),  # DOGE: a perp base
        (FUNDED, {**LIMIT_BID, "price": "100.001", "quantity": "1"}, "INVALID_PRICE"),
        (FUNDED, {"type": "price", "symbol": "SOL", "markPrice": "0"}, "INVALID_PRICE"),
        (FUNDED, {"type": "cancel", "orderId": "7"}, "UNKNOWN_ORDER"),
        (FUNDED, {"type": "advance", "to": "2026-11-19T00:00:00Z"}, "INVALID_TIME"),
        (LIQUIDATABLE, {"type": "borrow", "symbol": "USDC", "quantity": "10"}, "ACCOUNT_LIQUIDATING"),
        (LIQUIDATABLE, {"type": "withdraw", "symbol": "SOL", "quantity": "1"}, "ACCOUNT_LIQUIDATING"),
        (FUNDED, {"type": "settings", "autoLend": True}, None),
        (LENDER, {"type": "redeem", "symbol": "USDC", "quantity": "2000"}, "INVALID_QUANTITY"),
        (
            {"balances": {"USDC": {"available": "1000", "borrowed": "10"}}},
            {"type": "lend", "symbol": "USDC", "quantity": "100"},
            "LEND_REQUIRES_BORROW_REPAY",
        ),
        (LENDER, {"type": "borrow", "symbol": "USDC", "quantity": "10"}, "BORROW_REQUIRES_LEND_REDEEM"),
        (FUNDED, {"type": "withdraw", "symbol": "USDC", "quantity": "1001"}, "INSUFFICIENT_FUNDS"),
        (FUNDED, {"type": "lend", "symbol": "USDC", "quantity": "1001"}, "INSUFFICIENT_FUNDS"),
        (
            {"balances": {"USDC": {"available": "5", "borrowed": "10"}}},
            {"type": "repay", "symbol": "USDC", "quantity": "10"},
            "INSUFFICIENT_FUNDS",
        ),
        (FUNDED, {**LIMIT_BID, "quantity": "20"}, "INSUFFICIENT_FUNDS"),
        (
            FUNDED,
            {"type": "order", "symbol": "SOL_USDC", "side": "Ask", "orderType": "Market", "quantity": "1"},
            "INSUFFICIENT_FUNDS",
        ),
        (FUNDED, {"type": "borrow", "symbol": "USDC", "quantity": "10001"}, "INSUFFICIENT_MARGIN"),
        (FUNDED, {"type": "withdraw", "symbol": "SOL", "quantity": "100", "margin": True}, "INSUFFICIENT_MARGIN"),
        (FUNDED, {**LIMIT_BID, "quantity": "200", "margin": True}, "INSUFFICIENT_MARGIN"),
    ],
)
def test_refusal_codes(account, action, code):
    if code is None:
        assert apply(account, [action], example_parameters())["results"][0]["ok"]
    else:
        assert error_of(account, action) == code


def test_trading_paused_by_pool_state():
    assert (
        error_of(FUNDED, {"type": "borrow", "symbol": "SOL", "quantity": "1"}, paused("SOL", "RepayOnly"))
        == "TRADING_PAUSED"
    )
    assert (
        error_of(FUNDED, {"type": "lend", "symbol": "USDC", "quantity": "1"}, paused("USDC", "RepayOnly"))
        == "TRADING_PAUSED"
    )
    assert (
        error_of(LENDER, {"type": "redeem", "symbol": "USDC", "quantity": "1"}, paused("USDC", "Closed"))
        == "TRADING_PAUSED"
    )
    repay_only = paused("USDC", "RepayOnly")
    ok = apply(LENDER, [{"type": "redeem", "symbol": "USDC", "quantity": "1"}], repay_only)["results"][0]
    assert ok["ok"]  # RepayOnly allows repay and redeem


def test_auto_lend_enabled_refuses_manual_borrow_lend_and_redeem():
    auto = {"settings": {"autoLend": True}, **LENDER}
    for kind in ("borrow", "lend", "redeem"):
        assert error_of(auto, {"type": kind, "symbol": "USDC", "quantity": "1"}) == "AUTO_LEND_ENABLED"


def test_insufficient_supply_from_headroom_and_redemption_bound():
    thin = thin_pool("SOL", "1000", "940")  # headroom 1,000·0.95 − 940 = 10
    big = {"balances": {"USDC": {"available": "100000"}}}
    assert error_of(big, {"type": "borrow", "symbol": "SOL", "quantity": "11"}, thin) == "INSUFFICIENT_SUPPLY"
    assert apply(big, [{"type": "borrow", "symbol": "SOL", "quantity": "10"}], thin)["results"][0]["ok"]
    bound = thin_pool("USDC", "10000", "9000")  # redeemable: 10,000 − 9,000/0.95 = 526.3…
    assert error_of(LENDER, {"type": "redeem", "symbol": "USDC", "quantity": "600"}, bound) == "INSUFFICIENT_SUPPLY"
    assert error_of(LENDER, {"type": "withdraw", "symbol": "USDC", "quantity": "700"}, bound) == "INSUFFICIENT_SUPPLY"


@pytest.mark.parametrize(
    ("account", "action", "parameters", "code", "why"),
    [
        # liquidating (2) before insufficient margin (8)
        (
            LIQUIDATABLE,
            {"type": "borrow", "symbol": "USDC", "quantity": "100000"},
            None,
            "ACCOUNT_LIQUIDATING",
            "2 before 7 and 8",
        ),
        # paused (3) before auto lend (4)
        (
            {"settings": {"autoLend": True}, **FUNDED},
            {"type": "borrow", "symbol": "SOL", "quantity": "1"},
            ("SOL", "RepayOnly"),
            "TRADING_PAUSED",
            "3 before 4",
        ),
        # auto lend (4) before borrow-requires-redeem (5)
        (
            {"settings": {"autoLend": True}, **LENDER},
            {"type": "borrow", "symbol": "USDC", "quantity": "1"},
            None,
            "AUTO_LEND_ENABLED",
            "4 before 5",
        ),
        # funds (6) before margin (8): a withdrawal beyond the balance that would also break the margin
        (
            {"balances": {"USDC": {"available": "1000"}, "SOL": {"borrowed": "5"}}},
            {"type": "withdraw", "symbol": "USDC", "quantity": "5000"},
            None,
            "INSUFFICIENT_FUNDS",
            "6 before 8",
        ),
        # supply (7) before margin (8)
        (
            FUNDED,
            {"type": "borrow", "symbol": "SOL", "quantity": "11"},
            ("SOL", "thin"),
            "INSUFFICIENT_SUPPLY",
            "7 before 8",
        ),
    ],
)
def test_order_of_checks(account, action, parameters, code, why):
    if parameters == ("SOL", "thin"):
        params = thin_pool("SOL", "1000", "940")
    elif parameters:
        params = paused(*parameters)
    else:
        params = None
    assert error_of(account, action, params) == code, why


def test_a_refused_action_changes_nothing_and_the_next_one_runs():
    result = apply(
        FUNDED,
        [
            {"type": "borrow", "symbol": "USDC", "quantity": "999999"},
            {"type": "deposit", "symbol": "USDC", "quantity": "1"},
        ],
        example_parameters(),
    )
    assert [row["ok"] for row in result["results"]] == [False, True]
    assert result["account"]["balances"]["USDC"]["available"] == "1001"
    assert result["account"]["balances"]["USDC"]["borrowed"] == "0"
    untouched = next(p for p in result["pools"] if p["symbol"] == "USDC")
    assert untouched["borrowedQuantity"] == "52000000"


def test_example_snapshot_is_untouched_by_helpers():
    assert pool_row(example_snapshot(), "SOL")["state"] == "Open"


def test_a_shortfall_without_margin_is_insufficient_funds_even_in_a_paused_pool():
    """Without Margin nothing would be borrowed, so the pool's state is not what stops it (check 6)."""
    account = {"balances": {"SOL": {"available": "5"}}}
    repay_only = paused("SOL", "RepayOnly")
    assert (
        error_of(account, {"type": "withdraw", "symbol": "SOL", "quantity": "10"}, repay_only) == "INSUFFICIENT_FUNDS"
    )
    sell = {"type": "order", "symbol": "SOL_USDC", "side": "Ask", "orderType": "Market", "quantity": "10"}
    assert error_of(account, sell, repay_only) == "INSUFFICIENT_FUNDS"


def test_lend_and_repay_check_the_pool_before_the_funds():
    account = {"balances": {"SOL": {"available": "5"}}}
    assert (
        error_of(account, {"type": "lend", "symbol": "SOL", "quantity": "10"}, paused("SOL", "RepayOnly"))
        == "TRADING_PAUSED"
    )
    owing = {"balances": {"SOL": {"available": "1", "borrowed": "3"}}}
    assert (
        error_of(owing, {"type": "repay", "symbol": "SOL", "quantity": "3"}, paused("SOL", "Closed"))
        == "TRADING_PAUSED"
    )


def test_nonsense_symbols_and_numbers_are_refused_not_crashed():
    assert error_of(FUNDED, {"type": "deposit", "symbol": ["USDC"], "quantity": "1"}) == "INVALID_SYMBOL"
    assert error_of(FUNDED, {"type": "deposit", "symbol": "USDC", "quantity": "1e40"}) == "INVALID_QUANTITY"
    assert error_of(FUNDED, {**LIMIT_BID, "symbol": 7, "quantity": "1"}) == "INVALID_SYMBOL"


def test_open_orders_must_match_the_balances_they_reserve():
    from desktop.engine import InputError

    order = {"id": "7", "symbol": "SOL_USDC", "side": "Bid", "price": "100", "quantity": "1", "margin": False}
    with pytest.raises(InputError, match="locked"):
        apply(
            {"balances": {"USDC": {"available": "10000"}}, "openOrders": [order]},
            [{"type": "cancel", "orderId": "7"}],
            example_parameters(),
        )
    reserved = {"balances": {"USDC": {"available": "9899.92", "locked": "100.08"}}, "openOrders": [order]}
    result = apply(reserved, [{"type": "cancel", "orderId": "7"}], example_parameters())
    assert result["results"][0]["ok"] and result["account"]["balances"]["USDC"]["available"] == "10000"


def test_automatic_rules_run_after_price_and_clock_actions():
    account = {"settings": {"autoLend": True}, "balances": {"USDC": {"available": "1000"}}}
    result = apply(account, [{"type": "price", "symbol": "SOL", "markPrice": "140"}], example_parameters())
    assert [e["type"] for e in result["results"][0]["events"]] == ["Lend"]
    assert result["account"]["balances"]["USDC"]["lent"] == "1000"
