"""The ledger replays to the state at the edges of every bound (issue 19: "quantities within bounds that
every later computation can handle"): amounts from 1e-12 to 1e20 at any price from 1e-12 to 1e12, held,
lent, borrowed or as perp positions, advanced and liquidated — after each accepted step the recorded
changes, summed from the import, give back the state exactly, whatever decimal context the caller has.

The worked example is the hostile state machine's find: BTC borrowed 9999999999999999999 at 95000,
advanced an hour, replayed to "BTC borrowed -3.671E-9" in Python's default 28-digit context."""

from __future__ import annotations

import copy
import os
from datetime import timedelta
from decimal import Context, Decimal, localcontext

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from desktop.engine import InputError, advance_clock, move_prices
from desktop.engine.apply_contract import parse_state
from desktop.engine.boundary.bounds import MAX_AMOUNT
from desktop.engine.import_events import import_events
from desktop.engine.replay import apply_event, replay_events
from desktop.engine.vocabulary import EventType
from tests.engine.hostile_documents import GOOD_ACCOUNT
from tests.engine.util import example_parameters
from tests.hostile import assert_one_printable_line, tried

PARAMETERS = example_parameters()
ASSETS = list(PARAMETERS.assets)
PERPS = list(PARAMETERS.perps)
EXAMPLES = int(os.environ.get("MARGIN_DESK_REPLAY_EXAMPLES", "60"))
FIELDS = ("available", "locked", "lent", "borrowed", "pending_borrow")
PYTHON_DEFAULT = Context()  # 28 digits: what a caller's thread has unless it says otherwise

HOSTILE_BORROW = {
    **copy.deepcopy(GOOD_ACCOUNT),
    "balances": {**GOOD_ACCOUNT["balances"], "BTC": {"borrowed": "9999999999999999999"}},
    "markPrices": {"SOL": "150", "BTC": "95000"},
}


def replayed(state, outcomes):
    """The books the import and ``outcomes``' events give, summed in the caller's default context."""
    with localcontext(PYTHON_DEFAULT):
        books = replay_events(import_events(state), PARAMETERS.pools)
        for outcome in outcomes:
            for event in outcome.events:
                apply_event(books, event)
    return books


def assert_replays_to(books, state):
    held = {symbol: balance for symbol, balance in state.account.balances.items() if not balance.is_empty}
    assert books.non_empty_balances() == held
    assert books.pools == dict(state.pools)
    assert books.positions == dict(state.account.positions)


def test_the_hostile_borrow_advanced_an_hour_replays_to_the_state():
    state = parse_state(copy.deepcopy(HOSTILE_BORROW), PARAMETERS)
    outcome = advance_clock(state, PARAMETERS, state.time + timedelta(hours=1, minutes=7))
    assert outcome.accepted
    # 1e19 BTC owed against 10,000 USDC and 21 SOL: everything is sold, and the rest written off.
    bankruptcy = [event for event in outcome.events if event.type == EventType.BANKRUPTCY]
    assert [event.quantity for event in bankruptcy] == [Decimal("10000028538812785386.987893953671")]
    assert "BTC" not in outcome.state.account.balances or outcome.state.account.balances["BTC"].is_empty
    books = replayed(state, [outcome])
    assert books.non_empty_balances() == {}  # was {"BTC": borrowed -3.671E-9, available 0E-12}
    assert_replays_to(books, outcome.state)


def test_a_borrow_beyond_its_pool_no_longer_drives_interest_off_the_grid():
    """The pools know nothing of an imported 1e19 borrow. Repaying it used to drive the USDC pool
    negative, and an hour's interest then reached 2e25, beyond the 12-place grid. A pool's totals now
    stop at 0 (draft.move_pool), so the utilization and the interest stay finite and the advance is
    whole: accepted, and the ledger replays to the state."""
    document = {
        "balances": {
            "USDC": {"available": "0.0001", "borrowed": "9999999999999999999"},
            "USDT": {"available": "9999999999999999999", "borrowed": "0.0001"},
            "SOL": {"available": "9999999999999999999", "borrowed": "0.0001"},
        },
        "time": "2026-11-20T00:00:00Z",
    }
    state = parse_state(document, PARAMETERS)
    outcome = advance_clock(state, PARAMETERS, state.time + timedelta(hours=3))
    assert outcome.accepted
    for pool in outcome.state.pools.values():
        assert pool.lent_quantity >= 0 and pool.borrowed_quantity >= 0
    assert_replays_to(replayed(state, [outcome]), outcome.state)


def test_an_amount_off_the_12_place_grid_is_refused_naming_the_field():
    for written in ("1E-24", "0.0000000000001", "99999999999999999999.9999999999999"):
        document = {"balances": {"SOL": {"available": "1", "lent": written}}}
        try:
            parse_state(document, PARAMETERS)
        except InputError as error:
            assert error.field == "balances.SOL.lent" and "12 decimal places" in error.problem
        else:
            raise AssertionError(f"{written} was accepted")


def magnitude(low: int, high: int, digits: int):
    """Numbers of ``digits`` significant digits from 1e``low`` to below 1e``high``, on the 12-place grid."""
    return st.builds(
        lambda mantissa, exponent: str(Decimal(mantissa).scaleb(exponent - digits + 1)),
        st.integers(10 ** (digits - 1), 10**digits - 1),
        st.integers(low + digits - 1, high - 1),
    )


amounts = st.one_of(
    st.sampled_from(["1e-12", "9999999999999999999", "1e20", "99999999999999999999.999999999999"]),
    magnitude(-12, 20, 4),
    magnitude(-12, 20, 32),  # every digit a 1e20 balance on the grid can have
)
prices = st.one_of(st.sampled_from(["1e-12", "1e12", "95000"]), magnitude(-12, 12, 4), magnitude(-12, 12, 24))


@st.composite
def extreme_accounts(draw):
    balances = {}
    for symbol in draw(st.lists(st.sampled_from(ASSETS), min_size=1, max_size=4, unique=True)):
        held = {"available": draw(amounts)}
        held[draw(st.sampled_from(["lent", "borrowed"]))] = draw(amounts)
        balances[symbol] = held
    positions = {}
    for symbol in draw(st.lists(st.sampled_from(PERPS), max_size=2, unique=True)):
        size = draw(amounts)
        positions[symbol] = {
            "netQuantity": size if draw(st.booleans()) else f"-{size}",
            "entryPrice": draw(prices),
            "settledPrice": draw(prices),
        }
    marks = {symbol: draw(prices) for symbol in draw(st.lists(st.sampled_from(ASSETS), max_size=4, unique=True))}
    return {
        "settings": {"leverageLimit": "10", "autoLend": draw(st.booleans()), "autoRepayBorrows": draw(st.booleans())},
        "balances": balances,
        "positions": positions,
        "markPrices": marks,
        "time": "2026-11-20T00:00:00Z",
    }


steps = st.lists(st.one_of(st.integers(1, 72), st.tuples(st.sampled_from(ASSETS), prices)), min_size=1, max_size=4)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(extreme_accounts(), steps)
@example(HOSTILE_BORROW, [1])
def test_extreme_amounts_at_extreme_prices_replay_to_the_state_after_advances_and_liquidations(document, moves):
    tried("extreme replays")
    try:
        start = parse_state(copy.deepcopy(document), PARAMETERS)
    except InputError as error:  # e.g. a position too large for its market: refused naming the field
        assert_one_printable_line(str(error))
        return
    state, accepted = start, []
    for move in moves:
        if isinstance(move, int):
            outcome = advance_clock(state, PARAMETERS, state.time + timedelta(hours=move))
        else:
            outcome = move_prices(state, PARAMETERS, {move[0]: Decimal(move[1])})
        if not outcome.accepted:
            assert outcome.state is state and outcome.events == ()
            assert_one_printable_line(outcome.refusal.message)
            continue
        accepted.append(outcome)
        state = outcome.state
        for balance in state.account.balances.values():
            assert all(getattr(balance, name) <= MAX_AMOUNT for name in FIELDS)
        assert_replays_to(replayed(start, accepted), state)


def test_an_imported_borrow_larger_than_its_pool_earns_no_negative_interest():
    """Found by the property above: repaying 5.9e12 USDC of an imported 1e13 borrow drives the USDC
    pool's borrowed total below 0; its utilization and the hour's interest once turned negative and the
    account's USDC borrowed ended at -2.1e11. Now the advance is refused or leaves nothing negative."""
    document = {
        "balances": {
            "USDC": {"available": "1e-12", "borrowed": "1e13"},
            "SOL": {"available": "1e-12", "lent": "9999999999999999999"},
        },
        "positions": {"BTC_USDC_PERP": {"netQuantity": "-1", "entryPrice": "1e-12", "settledPrice": "1e-12"}},
        "time": "2026-11-20T00:00:00Z",
    }
    state = parse_state(document, PARAMETERS)
    outcome = advance_clock(state, PARAMETERS, state.time + timedelta(hours=2))
    if not outcome.accepted:
        assert outcome.state is state and outcome.events == ()
        return
    assert_replays_to(replayed(state, [outcome]), outcome.state)
    for balance in outcome.state.account.balances.values():
        assert all(getattr(balance, name) >= 0 for name in FIELDS)
