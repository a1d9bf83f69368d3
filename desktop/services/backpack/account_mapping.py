"""A Backpack account read (``private.AccountData``) as the ACCOUNT.json of MARGIN_MODEL.md §8 and §10.

Mapping choices (each one is said again in ``MappedAccount.notes`` when it changes a figure):

- ``available``/``locked`` from ``/api/v1/capital``. An asset missing there (the all-lent account of
  reference §8.1 reads all zeros) takes ``availableQuantity``/``openOrderQuantity`` from the collateral
  view when that shows some.
- ``lent``/``borrowed`` from ``/api/v1/borrowLend/positions``' signed ``netQuantity`` (netted per
  asset). An asset with no borrow-lend row but a ``lendQuantity`` in the collateral view is taken as lent.
- Only the assets of the parameters; anything else held is left out and named.
- ``positions``: ``settledPrice = markPrice − pnlUnrealized / netQuantity`` (the position's own perp
  mark), so ``q·(mark − settledPrice)`` is Backpack's unsettled PnL. A position on a perp the parameters
  (or this build's engine) do not have, or off the market's step, is left out and named.
- ``markPrices``: Backpack's ``assetMarkPrice`` of each asset, and a position's mark for a perp-only base,
  so the engine values the account at the marks Backpack valued it at.
- ``openOrders``: resting Limit orders (remaining quantity = ``quantity − executedQuantity``). A spot
  order holds ``remaining·price`` of the quote (Bid) or ``remaining`` of the base (Ask); each asset's
  ``locked`` is shared out over its orders oldest first, what is short is the order's ``pendingBorrow``
  (a Margin order) and what is over stays on its last order. Locked with no order left to hold it
  (trigger or market orders, unknown markets) moves to ``available``: the holding, so the valuation, is
  unchanged. Trigger orders not yet triggered and market orders are left out.
- ``settings``: ``leverageLimit`` as a whole number 1–50 (rounded down, which only raises the IMF
  floor), ``autoLend`` and ``autoRepayBorrows`` as Backpack has them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from ...engine.numbers import ENGINE_CONTEXT, is_multiple_of, plain
from .private import AccountData, FuturePosition, OpenOrder
from .summary import iso_time

ZERO = Decimal(0)
MIN_LEVERAGE, MAX_LEVERAGE, DEFAULT_LEVERAGE = 1, 50, 10
RESTING = {None, "New", "PartiallyFilled"}
NOT_RESTING = "not resting on the book"  # such orders hold no margin on Backpack either


@dataclass
class MappedAccount:
    document: dict[str, Any]  # ACCOUNT.json
    notes: list[str] = field(default_factory=list)  # every choice that changed or dropped something
    left_out: dict[str, str] = field(default_factory=dict)  # asset, perp or order → why
    settled_prices: dict[str, Decimal] = field(default_factory=dict)


class SnapshotView:
    """What the mapping needs to know of the parameters: assets, markets, perps (from the raw snapshot)."""

    def __init__(self, snapshot: Mapping[str, Any], engine_perps: Iterable[str] | None = None) -> None:
        self.assets = [row["symbol"] for row in snapshot.get("collateral", [])]
        markets = snapshot.get("markets", [])
        self.spot = {row["symbol"]: row for row in markets if row.get("marketType", "SPOT") == "SPOT"}
        perps = {row["symbol"]: row for row in markets if row.get("marketType") == "PERP"}
        # A perp is usable only if this build's engine reads perps (MARGIN_MODEL.md §10).
        self.perps = {s: row for s, row in perps.items() if engine_perps is not None and s in set(engine_perps)}
        self.perps_unsupported = engine_perps is None
        self.perp_only_bases = {row["baseSymbol"] for row in self.perps.values()} - set(self.assets)

    def perp_step(self, symbol: str) -> Decimal:
        return Decimal(str(self.perps[symbol]["filters"]["quantity"]["stepSize"]))


def _text(number: Decimal) -> str:
    return plain(number)


def map_account(
    data: AccountData, snapshot: Mapping[str, Any], fetched_at: datetime, engine_perps: Iterable[str] | None = None
) -> MappedAccount:
    """ACCOUNT.json for the engine, with notes; ``engine_perps`` = the perp symbols the engine loaded (None: none)."""
    return _Mapper(data, SnapshotView(snapshot, engine_perps), fetched_at).build()


class _Mapper:
    def __init__(self, data: AccountData, view: SnapshotView, fetched_at: datetime) -> None:
        self.data = data
        self.view = view
        self.fetched_at = fetched_at
        self.result = MappedAccount(document={})
        self.balances: dict[str, dict[str, Decimal]] = {}

    def note(self, text: str) -> None:
        self.result.notes.append(text)

    def leave_out(self, what: str, why: str) -> None:
        self.result.left_out[what] = why
        self.note(f"{what} left out: {why}.")

    # --- balances -----------------------------------------------------------------------

    def add_balances(self) -> None:
        capital = {row.symbol: row for row in self.data.balances}
        collateral = {row.symbol: row for row in self.data.summary.collateral}
        net: dict[str, Decimal] = {}
        for position in self.data.borrow_lend:
            net[position.symbol] = net.get(position.symbol, ZERO) + position.net_quantity
        symbols = list(dict.fromkeys([*capital, *net, *collateral]))
        for symbol in symbols:
            row = capital.get(symbol)
            available = row.available if row else ZERO
            locked = row.locked if row else ZERO
            seen = collateral.get(symbol)
            if not (available or locked) and seen is not None:
                from_view = (seen.available_quantity or ZERO, seen.open_order_quantity or ZERO)
                if any(from_view):
                    available, locked = from_view
                    self.note(
                        f"{symbol}: /api/v1/capital shows nothing; available {_text(available)} and locked "
                        f"{_text(locked)} taken from the collateral view."
                    )
            quantity = net.get(symbol)
            if quantity is None and seen is not None and seen.lend_quantity:
                quantity = seen.lend_quantity
                self.note(f"{symbol}: no borrow-lend position; lent {_text(quantity)} from the collateral view.")
            quantity = quantity or ZERO
            fields = {
                "available": available,
                "locked": locked,
                "lent": max(quantity, ZERO),
                "borrowed": max(-quantity, ZERO),
            }
            if not any(fields.values()):
                continue
            if symbol not in self.view.assets:
                held = ", ".join(f"{name} {_text(value)}" for name, value in fields.items() if value)
                self.leave_out(symbol, f"{held}; not an asset of the parameters")
                continue
            self.balances[symbol] = fields | {"pendingBorrow": ZERO}

    # --- orders -------------------------------------------------------------------------

    def resting(self) -> list[OpenOrder]:
        kept = []
        for order in sorted(self.data.orders, key=lambda o: (o.created_at or 0, o.id)):
            label = f"order {order.id} ({order.symbol} {order.side})"
            remaining = order.remaining
            if order.status not in RESTING:
                self.leave_out(label, f"status {order.status}: {NOT_RESTING}")
            elif order.order_type != "Limit" or order.price is None or not order.price > 0:
                self.leave_out(label, f"a {order.order_type} order without a limit price: {NOT_RESTING}")
            elif remaining is None or not remaining > 0:
                self.leave_out(label, f"nothing left to fill: {NOT_RESTING}")
            elif order.symbol in self.view.perps or order.symbol in self.view.spot:
                kept.append(order)
            else:
                self.leave_out(label, self._unknown_market(order.symbol))
        return kept

    def _unknown_market(self, symbol: str) -> str:
        if self.view.perps_unsupported and symbol.endswith("_PERP"):
            return "this build's engine has no perps (MARGIN_MODEL.md §10)"
        return "not a market of the parameters"

    def add_orders(self) -> list[dict[str, Any]]:
        orders = self.resting()
        entries: list[dict[str, Any]] = []
        by_asset: dict[str, list[dict[str, Any]]] = {}
        for order in orders:
            assert order.price is not None and order.remaining is not None  # resting() kept only these
            entry: dict[str, Any] = {
                "id": order.id,
                "symbol": order.symbol,
                "side": order.side,
                "price": _text(order.price),
                "quantity": _text(order.remaining),
            }
            if order.symbol in self.view.perps:
                entry["reduceOnly"] = order.reduce_only
            else:
                market = self.view.spot[order.symbol]
                paying = market["quoteSymbol"] if order.side == "Bid" else market["baseSymbol"]
                need = order.remaining * order.price if order.side == "Bid" else order.remaining
                entry["_paying"], entry["_need"] = paying, need
                by_asset.setdefault(paying, []).append(entry)
            entries.append(entry)
        for asset, held_by in by_asset.items():
            self._share_locked(asset, held_by)
        for asset, fields in self.balances.items():
            if fields["locked"] and asset not in by_asset:
                fields["available"] += fields["locked"]
                self.note(
                    f"{asset}: locked {_text(fields['locked'])} is held by no resting order the engine can "
                    "carry; counted as available (same holding, same valuation)."
                )
                fields["locked"] = ZERO
        for entry in entries:
            entry.pop("_paying", None)
            entry.pop("_need", None)
        return entries

    def _share_locked(self, asset: str, held_by: list[dict[str, Any]]) -> None:
        fields = self.balances.setdefault(
            asset, {"available": ZERO, "locked": ZERO, "lent": ZERO, "borrowed": ZERO, "pendingBorrow": ZERO}
        )
        left = fields["locked"]
        pending_total = ZERO
        for entry in held_by:
            share = min(left, entry["_need"])
            left -= share
            entry["locked"] = share
            entry["pendingBorrow"] = entry["_need"] - share
            entry["margin"] = entry["pendingBorrow"] > 0
            pending_total += entry["pendingBorrow"]
        if left > 0:
            held_by[-1]["locked"] += left
            self.note(
                f"{asset}: locked {_text(left)} more than its resting orders need; kept on order {held_by[-1]['id']}."
            )
        if pending_total:
            self.note(
                f"{asset}: resting orders need {_text(pending_total)} more than is locked; taken as Margin orders "
                "that would borrow it (pendingBorrow)."
            )
        fields["pendingBorrow"] = pending_total
        for entry in held_by:
            entry["locked"] = _text(entry["locked"])
            entry["pendingBorrow"] = _text(entry["pendingBorrow"])

    # --- positions and marks ------------------------------------------------------------

    def add_positions(self) -> dict[str, Any]:
        positions: dict[str, Any] = {}
        for position in self.data.positions:
            label = f"position {position.symbol}"
            if not position.net_quantity:
                continue
            if position.symbol not in self.view.perps:
                why = self._unknown_market(position.symbol)
                self.leave_out(label, f"netQuantity {_text(position.net_quantity)}; {why}")
                continue
            step = self.view.perp_step(position.symbol)
            if not is_multiple_of(position.net_quantity, step):
                self.leave_out(
                    label, f"netQuantity {_text(position.net_quantity)} is not a multiple of the step {_text(step)}"
                )
                continue
            settled = settled_price(position)
            if not settled > 0 or not position.entry_price > 0:
                self.leave_out(
                    label, f"its settled price {_text(settled)} (mark − pnlUnrealized / netQuantity) is not > 0"
                )
                continue
            self.result.settled_prices[position.symbol] = settled
            positions[position.symbol] = {
                "netQuantity": _text(position.net_quantity),
                "entryPrice": _text(position.entry_price),
                "settledPrice": _text(settled),
            }
        return positions

    def marks(self, positions: Mapping[str, Any]) -> dict[str, str]:
        marks = {}
        for row in self.data.summary.collateral:
            if row.symbol not in self.view.assets:
                continue
            mark = row.asset_mark_price
            if mark is None and row.total_quantity:  # a trimmed body: the price Backpack valued it at
                if row.balance_notional is not None:
                    mark = ENGINE_CONTEXT.divide(row.balance_notional, row.total_quantity)
                elif row.collateral_value is not None and row.collateral_weight:
                    mark = ENGINE_CONTEXT.divide(row.collateral_value, row.collateral_weight * row.total_quantity)
                if mark is not None and mark > 0:
                    self.note(f"{row.symbol}: no assetMarkPrice; {_text(mark)} (the price Backpack valued it at) used.")
            if mark is not None and mark > 0:
                marks[row.symbol] = _text(mark)
        for position in self.data.positions:
            base = self.view.perps.get(position.symbol, {}).get("baseSymbol")
            if position.symbol in positions and base in self.view.perp_only_bases:
                marks[base] = _text(position.mark_price)
        return marks

    def settings(self) -> dict[str, Any]:
        read = self.data.settings
        limit = read.leverage_limit
        if limit is None:
            self.note(f"Backpack sent no leverageLimit; {DEFAULT_LEVERAGE} (the model's default) used.")
            limit = Decimal(DEFAULT_LEVERAGE)
        whole = int(limit.to_integral_value(rounding=ROUND_FLOOR))
        kept = min(max(whole, MIN_LEVERAGE), MAX_LEVERAGE)
        if Decimal(kept) != limit:
            self.note(f"leverageLimit {_text(limit)} taken as {kept} (the engine takes whole numbers 1–50).")
        if read.liquidating:
            self.note("Backpack reports this account as liquidating.")
        return {"leverageLimit": str(kept), "autoLend": read.auto_lend, "autoRepayBorrows": read.auto_repay_borrows}

    def build(self) -> MappedAccount:
        settings = self.settings()
        self.add_balances()
        orders = self.add_orders()
        positions = self.add_positions()
        document: dict[str, Any] = {
            "time": iso_time(self.fetched_at),
            "settings": settings,
            "balances": {
                symbol: {key: _text(value) for key, value in fields.items()} for symbol, fields in self.balances.items()
            },
            "markPrices": self.marks(positions),
        }
        if positions:
            document["positions"] = positions
        if orders:
            document["openOrders"] = orders
        document["backpack"] = {"fetchedAt": document["time"], "notes": list(self.result.notes)}
        self.result.document = document
        return self.result


def settled_price(position: FuturePosition) -> Decimal:
    """``markPrice − pnlUnrealized / netQuantity``: the price up to which Backpack has settled the PnL."""
    return ENGINE_CONTEXT.subtract(
        position.mark_price, ENGINE_CONTEXT.divide(position.pnl_unrealized, position.net_quantity)
    )
