"""The resting orders of an account, indexed: by id, in placement order, and per market and side by
price, so a cancel costs O(log n) and a price move O(log n + matches) however many orders rest.

An ``OrderBook`` is an immutable value, like the ``AccountState`` that holds it: a change returns a
new book that shares all but a few small pieces with the old one (states before a refused action,
previews and checkpoints stay valid for free). The indexes are sorted sequences kept in chunks of
about ``CHUNK`` items, and the id map is a two-level tree of small dicts; a change copies one chunk,
one small dict and the short lists above them, never the whole book.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Iterable, Iterator
from decimal import Context, Decimal

from .boundary.fields import order_number
from .vocabulary import Side

TYPE_CHECKING = False  # typing costs start-up time; these names are for the type checker
if TYPE_CHECKING:
    from typing import Any

    from .state import OpenOrder

WIDE = Context(prec=100)  # the perp totals' sums stay exact (amounts are bounded to 1e20 at 1e-24 steps)
CHUNK = 256
FANOUT = 64  # the id map: 64 × 64 dicts, a few dozen orders each at 100,000 orders
_LAST = 1 << 62  # ids that are not counter values fill after every numbered one


def age_of(order_id: str) -> tuple[int, str]:
    """Fill order: ids are "1", "2", … in placement order; any other id comes after them, by text."""
    number = order_number(order_id)
    return (number, "") if number is not None else (_LAST, order_id)


class IdMap:
    """An immutable map id → value: 64 branches of 64 dicts; ``set`` and ``pop`` copy one small dict."""

    __slots__ = ("_branches",)

    def __init__(self, branches: tuple | None = None) -> None:
        self._branches = branches if branches is not None else _EMPTY_BRANCHES

    @staticmethod
    def _path(key: str) -> tuple[int, int]:
        code = hash(key)
        return code % FANOUT, (code // FANOUT) % FANOUT

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, Any]]) -> IdMap:
        branches: list[list[dict[str, Any]]] = [[{} for _ in range(FANOUT)] for _ in range(FANOUT)]
        for key, value in pairs:
            top, leaf = cls._path(key)
            if key in branches[top][leaf]:
                raise ValueError(f"two open orders share the id {key!r}")
            branches[top][leaf][key] = value
        return cls(tuple(tuple(branch) for branch in branches))

    def get(self, key: str) -> Any:
        top, leaf = self._path(key)
        return self._branches[top][leaf].get(key)

    def _changed(self, key: str, change: Callable[[dict], None]) -> IdMap:
        top, leaf = self._path(key)
        branch = self._branches[top]
        table = dict(branch[leaf])
        change(table)
        branch = branch[:leaf] + (table,) + branch[leaf + 1 :]
        return IdMap(self._branches[:top] + (branch,) + self._branches[top + 1 :])

    def set(self, key: str, value: Any) -> IdMap:
        return self._changed(key, lambda table: table.__setitem__(key, value))

    def pop(self, key: str) -> IdMap:
        return self._changed(key, lambda table: table.pop(key))


_EMPTY_BRANCHES: tuple[tuple[dict[str, Any], ...], ...] = (({},) * FANOUT,) * FANOUT


class SortedChunks:
    """An immutable sorted sequence in chunks; ``insert`` and ``remove`` return a new sequence."""

    __slots__ = ("_chunks", "_firsts", "_size")

    def __init__(self, chunks: list[list] | None = None, firsts: list | None = None, size: int = 0) -> None:
        self._chunks = chunks or []
        self._firsts = firsts or []
        self._size = size

    @classmethod
    def of(cls, items: Iterable) -> SortedChunks:
        ordered = sorted(items)
        chunks = [ordered[start : start + CHUNK] for start in range(0, len(ordered), CHUNK)]
        return cls(chunks, [chunk[0] for chunk in chunks], len(ordered))

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator:
        for chunk in self._chunks:
            yield from chunk

    def _chunk_of(self, item: Any) -> int:
        return max(bisect_right(self._firsts, item) - 1, 0)

    def insert(self, item: Any) -> SortedChunks:
        if not self._chunks:
            return SortedChunks([[item]], [item], 1)
        index = self._chunk_of(item)
        chunk = list(self._chunks[index])
        insort(chunk, item)
        chunks, firsts = list(self._chunks), list(self._firsts)
        if len(chunk) > 2 * CHUNK:
            chunks[index : index + 1] = [chunk[:CHUNK], chunk[CHUNK:]]
            firsts[index : index + 1] = [chunk[0], chunk[CHUNK]]
        else:
            chunks[index], firsts[index] = chunk, chunk[0]
        return SortedChunks(chunks, firsts, self._size + 1)

    def remove(self, item: Any) -> SortedChunks:
        index = self._chunk_of(item) if self._chunks else 0
        chunk = self._chunks[index] if self._chunks else []
        position = bisect_left(chunk, item)
        if position == len(chunk) or chunk[position] != item:
            raise KeyError(item)
        remaining = chunk[:position] + chunk[position + 1 :]
        chunks, firsts = list(self._chunks), list(self._firsts)
        if remaining:
            chunks[index], firsts[index] = remaining, remaining[0]
        else:
            del chunks[index], firsts[index]
        return SortedChunks(chunks, firsts, self._size - 1)

    def from_item(self, item: Any) -> Iterator:
        """Every item ≥ ``item``, in order."""
        if not self._chunks:
            return
        index = self._chunk_of(item)
        chunk = self._chunks[index]
        yield from chunk[bisect_left(chunk, item) :]
        for chunk in self._chunks[index + 1 :]:
            yield from chunk


class OrderBook:
    """Resting orders by id, in placement order, and by price per (market, side). Immutable."""

    __slots__ = ("_ids", "_placed", "_ladders", "_perps", "_next_seq", "_tuple")

    def __init__(self) -> None:
        self._ids = IdMap()  # id → (seq, order)
        self._placed = SortedChunks()  # (seq, order): seq is unique, so orders are never compared
        self._ladders: dict[tuple[str, str], SortedChunks] = {}  # (price, age, seq, id)
        self._perps: dict[str, tuple[int, Decimal, Decimal]] = {}  # perp → (orders, bid size, ask size)
        self._next_seq = 0
        self._tuple: tuple[OpenOrder, ...] | None = ()

    @classmethod
    def of(cls, orders: Iterable[OpenOrder]) -> OrderBook:
        if isinstance(orders, OrderBook):
            return orders
        book = cls()
        entries: list[tuple[str, tuple[int, OpenOrder]]] = []
        placed: list[tuple[int, OpenOrder]] = []
        ladders: dict[tuple[str, str], list[tuple]] = {}
        for seq, order in enumerate(orders):
            entries.append((order.id, (seq, order)))
            placed.append((seq, order))
            ladders.setdefault((order.symbol, order.side), []).append(_ladder_item(order, seq))
            book._perps = _perp_totals_with(book._perps, order, 1)
        book._ids = IdMap.of(entries)
        book._placed = SortedChunks.of(placed)
        book._ladders = {key: SortedChunks.of(items) for key, items in ladders.items()}
        book._next_seq = len(placed)
        book._tuple = None
        return book

    # -- reading ---------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._placed)

    def __bool__(self) -> bool:
        return len(self._placed) > 0

    def __iter__(self) -> Iterator[OpenOrder]:
        for _, order in self._placed:
            yield order

    def as_tuple(self) -> tuple[OpenOrder, ...]:
        if self._tuple is None:
            self._tuple = tuple(self)
        return self._tuple

    def __getitem__(self, index):
        return self.as_tuple()[index]

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if isinstance(other, OrderBook):
            return len(self) == len(other) and self.as_tuple() == other.as_tuple()
        if isinstance(other, tuple | list):
            return self.as_tuple() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.as_tuple())

    def __repr__(self) -> str:
        return f"OrderBook({list(self)!r})"

    def _entry(self, order_id: str) -> tuple[int, OpenOrder]:
        return self._ids.get(order_id)

    def get(self, order_id: Any) -> OpenOrder | None:
        if not isinstance(order_id, str):
            return None
        entry = self._ids.get(order_id)
        return None if entry is None else entry[1]

    def perp_totals(self) -> dict[str, tuple[Decimal, Decimal]]:
        """Per perp market, the sizes of its resting Bids and Asks that are not reduce-only (B and A of
        MARGIN_MODEL.md §10), kept as orders come and go rather than summed over the whole book."""
        return {symbol: (bids, asks) for symbol, (_, bids, asks) in self._perps.items()}

    def crossing(self, price_of: Callable[[str], Decimal | None]) -> list[OpenOrder]:
        """Orders the marks have reached (Bid: mark ≤ price; Ask: mark ≥ price), oldest first.

        ``price_of(market)`` is the market's mark in units of its quote asset; None for a market whose
        orders cross by another rule, whose orders are then all returned for the caller to judge."""
        matched: list[tuple] = []
        for (symbol, side), ladder in self._ladders.items():
            if not ladder:
                continue
            mark = price_of(symbol)
            if mark is None:
                matched.extend(ladder)
            elif side == Side.BID:
                matched.extend(ladder.from_item((mark,)))
            elif side == Side.ASK:
                for item in ladder:
                    if item[0] > mark:
                        break
                    matched.append(item)
        matched.sort(key=lambda item: (item[1], item[2]))
        return [self._entry(item[3])[1] for item in matched]

    # -- changing (each returns a new book) -------------------------------------------------------
    def _copy(self) -> OrderBook:
        book = OrderBook.__new__(OrderBook)
        book._ids, book._placed, book._ladders, book._perps = self._ids, self._placed, self._ladders, self._perps
        book._next_seq, book._tuple = self._next_seq, None
        return book

    def with_order(self, order: OpenOrder) -> OrderBook:
        if self.get(order.id) is not None:
            raise ValueError(f"an open order already has the id {order.id!r}")
        seq = self._next_seq
        book = self._copy()
        book._ids = self._ids.set(order.id, (seq, order))
        book._placed = self._placed.insert((seq, order))
        book._perps = _perp_totals_with(self._perps, order, 1)
        key = (order.symbol, order.side)
        book._ladders = {**self._ladders, key: self._ladders.get(key, SortedChunks()).insert(_ladder_item(order, seq))}
        book._next_seq = seq + 1
        return book

    def without(self, order: OpenOrder) -> OrderBook:
        """The book without ``order`` (by id); ValueError when it does not rest here."""
        entry = self._ids.get(order.id)
        if entry is None:
            raise ValueError(f"no open order {order.id!r}")
        seq, resting = entry
        book = self._copy()
        book._ids = self._ids.pop(order.id)
        book._placed = self._placed.remove((seq, resting))
        book._perps = _perp_totals_with(self._perps, resting, -1)
        key = (resting.symbol, resting.side)
        book._ladders = {**self._ladders, key: self._ladders[key].remove(_ladder_item(resting, seq))}
        return book

    def editable(self) -> BookDraft:
        return BookDraft(self)


def _perp_totals_with(totals: dict, order: OpenOrder, sign: int) -> dict:
    """``totals`` with ``order`` added (sign 1) or taken out (-1), when it is a perp order that counts."""
    if not getattr(order, "is_perp", False) or getattr(order, "reduce_only", False):
        return totals
    count, bids, asks = totals.get(order.symbol, (0, Decimal(0), Decimal(0)))
    size = order.quantity if sign > 0 else -order.quantity
    if order.side == Side.BID:
        bids = WIDE.add(bids, size)
    else:
        asks = WIDE.add(asks, size)
    changed = dict(totals)
    if count + sign:
        changed[order.symbol] = (count + sign, bids, asks)
    else:
        del changed[order.symbol]
    return changed


def _ladder_item(order: OpenOrder, seq: int) -> tuple:
    return (order.price, age_of(order.id), seq, order.id)


class BookDraft:
    """The orders of a Draft: list-like (``append``, ``remove``, iteration) over successive books."""

    __slots__ = ("book",)

    def __init__(self, book: OrderBook) -> None:
        self.book = book

    def append(self, order: OpenOrder) -> None:
        self.book = self.book.with_order(order)

    def remove(self, order: OpenOrder) -> None:
        self.book = self.book.without(order)

    def get(self, order_id: Any) -> OpenOrder | None:
        return self.book.get(order_id)

    def perp_totals(self) -> dict[str, tuple[Decimal, Decimal]]:
        return self.book.perp_totals()

    def __iter__(self) -> Iterator[OpenOrder]:
        return iter(self.book)

    def __len__(self) -> int:
        return len(self.book)

    def __bool__(self) -> bool:
        return bool(self.book)

    def __getitem__(self, index):
        return self.book[index]


EMPTY_BOOK = OrderBook()
