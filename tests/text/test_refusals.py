"""Refusals in words: sentence case, the code kept apart, and both reasons for a borrow that the pool
and the margin both forbid."""

from decimal import Decimal as D

from desktop.engine import AccountState, Pool, Refusal, borrow
from desktop.engine.records import replace
from desktop.text.formatting import compact, signed_percent
from desktop.text.refusals import borrow_limits, borrow_refusal_text, code_tip, refusal_text, sentence
from tests.engine.util import account_with, example_parameters


def demo_state(pool_lent=None) -> AccountState:
    parameters = example_parameters()
    state = AccountState.opening(parameters, account_with(USDC={"available": "10000"}, SOL={"available": "20"}))
    if pool_lent is not None:
        pools = dict(state.pools)
        pools["USDC"] = Pool(D(pool_lent), D(0))
        state = replace(state, pools=pools)
    return state


def test_sentences_start_with_a_capital_and_end_with_a_stop():
    assert sentence("the quantity must be a multiple of 0.01") == "The quantity must be a multiple of 0.01."
    assert sentence("Done.") == "Done."


def test_the_generic_engine_words_become_the_traders_and_the_code_goes_to_a_tooltip():
    refusal = Refusal("INSUFFICIENT_FUNDS", "not enough of the asset; tick Margin to borrow the rest")
    text = refusal_text(refusal)
    assert text == "Not enough of the asset in the account. Tick Margin to borrow the rest."
    assert "INSUFFICIENT" not in text
    assert code_tip(refusal) == "Refusal code: INSUFFICIENT_FUNDS"


def test_a_borrow_far_over_both_limits_names_both():
    parameters = example_parameters()
    state = demo_state(pool_lent="1000000")  # the pool can lend 950,000 USDC
    pool_most, margin_most = borrow_limits(state, parameters, "USDC")
    assert pool_most == D(950000) and D(0) < margin_most < pool_most
    outcome = borrow(state, parameters, "USDC", D(2000000))
    assert outcome.refusal.code == "INSUFFICIENT_SUPPLY"  # the pool's check comes first (§5)
    text = borrow_refusal_text(outcome.refusal, state, parameters, "USDC", D(2000000))
    assert text.startswith("The pool can lend at most 950,000.0000 USDC now; your margin allows at most ")
    assert text.endswith(" USDC.")


def test_a_borrow_over_the_margin_only_blames_the_margin():
    parameters = example_parameters()
    state = demo_state()
    _pool, margin_most = borrow_limits(state, parameters, "USDC")
    quantity = margin_most + D(1)
    outcome = borrow(state, parameters, "USDC", quantity)
    assert outcome.refusal.code == "INSUFFICIENT_MARGIN"
    text = borrow_refusal_text(outcome.refusal, state, parameters, "USDC", quantity)
    assert text.startswith("Your margin allows at most ") and "pool" not in text


def test_large_pool_figures_read_short():
    assert compact(D("2100000"), "2,100,000") == "2.1 M"
    assert compact(D("5320"), "5,320") == "5,320"


def test_the_change_arrow_says_the_direction_and_no_change_has_no_arrow():
    assert signed_percent(D("0.0125")) == "▲ +1.25 %"
    assert signed_percent(D("-0.004")) == "▼ −0.40 %"
    assert signed_percent(D(0)) == "0.00 %"
