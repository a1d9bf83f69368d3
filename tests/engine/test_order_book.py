"""The indexed order book (issue 19, item 15): whatever the sequence of orders placed, cancelled and
filled, it answers exactly as a plain list would — same order, same lookups, the same orders crossing
a mark in the same oldest-first order — and every earlier book stays as it was."""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from desktop.engine import AccountState, OpenOrder, move_prices
from desktop.engine.boundary.fields import order_number
from desktop.engine.order_book import CHUNK, EMPTY_BOOK, OrderBook, SortedChunks, age_of
from desktop.engine.orders import market_price
from desktop.engine.positions import resting_sizes
from tests.engine.util import example_parameters
from tests.hostile import tried

MARKETS = ["SOL_USDC", "BTC_USDC", "SOL_USDC_PERP"]
IDS = st.one_of(st.integers(1, 10**6).map(str), st.text("AB:z-", min_size=1, max_size=3), st.sampled_from(["007", "7"]))


def order(order_id: str, symbol: str, side: str, price: int, reduce_only: bool = False) -> OpenOrder:
    quantity = D(price % 7 + 1) / 2
    if symbol.endswith("_PERP"):
        return OpenOrder(order_id, symbol, side, D(price) / 4, quantity, False, "USDC", D(0), D(0), reduce_only, "PERP")
    return OpenOrder(order_id, symbol, side, D(price) / 4, quantity, False, "USDC", quantity, D(0))


def naive_crossing(orders: list[OpenOrder], marks: dict[str, D]) -> list[OpenOrder]:
    """The engine's old rule: every order by age (placement order breaks ties), then the mark test."""
    by_age = sorted(enumerate(orders), key=lambda pair: (age_of(pair[1].id), pair[0]))
    return [
        o
        for _, o in by_age
        if (o.side == "Bid" and marks[o.symbol] <= o.price) or (o.side == "Ask" and marks[o.symbol] >= o.price)
    ]


class BookAgainstAList(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.book = EMPTY_BOOK
        self.model: list[OpenOrder] = []
        self.history: list[tuple[OrderBook, tuple[OpenOrder, ...]]] = []

    @rule(
        order_id=IDS,
        symbol=st.sampled_from(MARKETS),
        side=st.sampled_from(["Bid", "Ask"]),
        price=st.integers(1, 40),
        reduce_only=st.booleans(),
    )
    def place(self, order_id, symbol, side, price, reduce_only):
        tried("order book")
        new = order(order_id, symbol, side, price, reduce_only)
        if any(o.id == order_id for o in self.model):
            try:
                self.book.with_order(new)
            except ValueError:
                return
            raise AssertionError("a second order with the same id was accepted")
        self.history.append((self.book, tuple(self.model)))
        self.book = self.book.with_order(new)
        self.model.append(new)

    @rule(pick=st.integers(0, 10**6))
    def cancel(self, pick):
        tried("order book")
        if not self.model:
            return
        gone = self.model.pop(pick % len(self.model))
        self.history.append((self.book, tuple(self.model) + (gone,)))
        self.book = self.book.without(gone)

    @rule(sol=st.integers(1, 40), btc=st.integers(1, 40))
    def cross(self, sol, btc):
        tried("order book")
        marks = {"SOL_USDC": D(sol) / 4, "BTC_USDC": D(btc) / 4, "SOL_USDC_PERP": D(sol) / 4}
        assert self.book.crossing(marks.__getitem__) == naive_crossing(self.model, marks)

    @invariant()
    def same_as_the_list(self):
        assert list(self.book) == self.model and len(self.book) == len(self.model)
        for o in self.model:
            assert self.book.get(o.id) is o

    @invariant()
    def perp_totals_are_the_sums_over_the_list(self):
        """B and A of §10 kept by the book equal the walk over every order they replace."""
        perps = {"SOL_USDC_PERP": None}
        assert resting_sizes(self.book, perps) == resting_sizes(self.model, perps)

    @invariant()
    def earlier_books_are_unchanged(self):
        for book, orders in self.history[-3:]:
            assert sorted(book, key=lambda o: o.id) == sorted(orders, key=lambda o: o.id)


BookAgainstAList.TestCase.settings = settings(
    max_examples=40, stateful_step_count=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TestBookAgainstAList = BookAgainstAList.TestCase


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 5000), min_size=0, max_size=4 * CHUNK), st.data())
def test_sorted_chunks_stay_sorted_through_inserts_and_removes(items, data):
    tried("order book")
    chunks = SortedChunks.of(items[: len(items) // 2])
    expected = sorted(items[: len(items) // 2])
    for item in items[len(items) // 2 :]:
        chunks = chunks.insert(item)
        expected.append(item)
        expected.sort()
    for _ in range(data.draw(st.integers(0, len(expected)))):
        gone = expected.pop(data.draw(st.integers(0, len(expected) - 1)))
        chunks = chunks.remove(gone)
    assert list(chunks) == expected and len(chunks) == len(expected)
    floor = data.draw(st.integers(-1, 5001))
    assert list(chunks.from_item(floor)) == [item for item in expected if item >= floor]


def test_order_numbers_sort_before_other_ids_and_never_raise():
    assert age_of("2") < age_of("10") < age_of("A1") < age_of("B")
    assert age_of("²")[0] == age_of("A")[0] and order_number("²") is None


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(["Bid", "Ask"]), st.integers(120, 180)), min_size=1, max_size=120),
    st.integers(110, 190),
)
def test_a_price_move_fills_exactly_the_crossing_orders_oldest_first(orders, mark):
    """Through the engine: the fills of a price move are the old linear scan's, in its order."""
    tried("order book")
    parameters = example_parameters()
    resting = []
    locked = {"USDC": D(0), "SOL": D(0)}
    for number, (side, price) in enumerate(orders, start=1):
        paying = "USDC" if side == "Bid" else "SOL"
        amount = (D(price) * D("1.0008")).quantize(D("1e-12"), rounding="ROUND_CEILING") if side == "Bid" else D(1)
        resting.append(OpenOrder(str(number), "SOL_USDC", side, D(price), D(1), False, paying, amount, D(0)))
        locked[paying] += amount
    from desktop.engine import Account, AssetBalance

    account = Account(balances={s: AssetBalance(available=D(10**6), locked=held) for s, held in locked.items()})
    state = AccountState(account, dict(parameters.marks), dict(parameters.pools), parameters.snapshot_time, resting)
    outcome = move_prices(state, parameters, {"SOL": D(mark)})
    filled = [event.order_id for event in outcome.events if event.type == "Fill"]
    market = parameters.markets["SOL_USDC"]
    expected = naive_crossing(resting, {"SOL_USDC": market_price({**parameters.marks, "SOL": D(mark)}, market)})
    assert filled == [o.id for o in expected]
    assert [o.id for o in outcome.state.orders] == [o.id for o in resting if o.id not in set(filled)]
