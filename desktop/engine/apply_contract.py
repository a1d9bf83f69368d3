"""``margin-desk apply`` (MARGIN_MODEL.md §8): ACCOUNT.json + ACTIONS.json in, account, pools, results out.

The output's ``account`` is ACCOUNT.json again (plus ``time`` and ``openOrders``), so it can be fed
back in. A bad quantity or unknown symbol is a refused result; a malformed file raises InputError.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal

from . import actions, clock, orders
from .boundary import fields
from .boundary.bounds import MAX_AMOUNT
from .boundary.fields import order_number
from .boundary.text import describe
from .boundary.times import iso_time as read_iso_time
from .contract import account_json, parse_account
from .errors import InputError
from .interest import pool_rates
from .numbers import engine_precision, parse_decimal, plain, round_owed
from .order_book import OrderBook
from .parameters import MarginParameters, parse_time
from .perp_contract import parse_perp_order, perp_order_json
from .positions import resting_sizes
from .records import replace
from .state import BID, SIDES, AccountState, Event, OpenOrder, Outcome
from .vocabulary import RefusalCode

TYPE_CHECKING = False  # typing costs start-up time; Any is for the type checker
if TYPE_CHECKING:
    from typing import Any

NOT_A_NUMBER = Decimal("NaN")


def parse_state(raw: Any, parameters: MarginParameters) -> AccountState:
    """ACCOUNT.json (with optional ``time`` and ``openOrders``) → AccountState on the snapshot's pools."""
    account, marks = parse_account(raw, parameters)
    time = parse_time(raw["time"], "time") if raw.get("time") is not None else parameters.snapshot_time
    open_orders = _parse_open_orders(raw.get("openOrders"), parameters, account)
    last_id = max((order_number(order.id) or 0 for order in open_orders), default=0)  # never int() an id
    if parameters.perps and open_orders:
        account = replace(account, resting_perps=resting_sizes(open_orders, parameters.perps))
    return AccountState(
        account=account,
        marks=marks,
        pools=dict(parameters.pools),
        time=time,
        orders=OrderBook.of(open_orders),
        last_order_id=last_id,
    )


def _parse_open_orders(raw: Any, parameters: MarginParameters, account) -> list[OpenOrder]:
    if raw is None:
        raw = []  # still checked below: a locked balance needs the orders that hold it
    fields.list_of(raw, "openOrders")
    locked_left: dict[str, Decimal] = {}
    parsed = []
    ids: set[str] = set()
    for index, entry in enumerate(raw):
        where = f"openOrders[{index}]"
        fields.object_of(entry, where)
        if entry.get("id") is None:
            raise InputError(f"{where}.id", "missing")
        order_id = fields.order_id(entry["id"], f"{where}.id")
        if order_id in ids:
            raise InputError(f"{where}.id", f"another open order already has the id {order_id!r}")
        ids.add(order_id)
        if isinstance(entry.get("symbol"), str) and entry["symbol"] in parameters.perps:
            parsed.append(parse_perp_order(entry, where, parameters))  # holds nothing back (§10)
            continue
        for key in ("id", "symbol", "side", "price", "quantity"):
            if entry.get(key) is None:
                raise InputError(f"{where}.{key}", "missing")
        market = parameters.markets.get(entry["symbol"]) if isinstance(entry["symbol"], str) else None
        if market is None:
            raise InputError(f"{where}.symbol", f"unknown market {describe(entry['symbol'])}")
        side = fields.text(entry["side"], f"{where}.side", SIDES)
        price = fields.price(entry["price"], f"{where}.price")
        quantity = fields.positive_amount(entry["quantity"], f"{where}.quantity")
        margin = _flag(entry, "margin", where)
        paying = market.quote if side == BID else market.base
        notional = quantity * price if side == BID else quantity  # what any venue holds back for it
        if notional * (1 + parameters.assumptions.maker_fee) > MAX_AMOUNT:
            raise InputError(where, f"the order would hold more than {plain(MAX_AMOUNT)} {paying}")
        amount = round_owed(notional * (1 + parameters.assumptions.maker_fee)) if side == BID else quantity
        if "locked" in entry or "pendingBorrow" in entry:
            locked = fields.amount(entry.get("locked", "0"), f"{where}.locked")
            pending = fields.amount(entry.get("pendingBorrow", "0"), f"{where}.pendingBorrow")
            if locked + pending < notional:  # a fill pays what the order holds: less would be money made up
                raise InputError(
                    where, f"holds {plain(locked + pending)} {paying}, less than the {plain(notional)} it is worth"
                )
            if pending and not margin:
                raise InputError(f"{where}.pendingBorrow", "only a Margin order can borrow at its fill")
        else:  # split the asset's locked balance among its orders, in file order
            left = locked_left.setdefault(paying, account.balance(paying).locked)
            locked = min(left, amount)
            locked_left[paying] = left - locked
            pending = amount - locked
            if pending and not margin:
                raise InputError(where, f"a resting order without Margin must be covered by balances.{paying}.locked")
        parsed.append(OpenOrder(order_id, market.symbol, side, price, quantity, margin, paying, locked, pending))
    _check_reservations(parsed, account, parameters)
    return parsed


def _check_reservations(open_orders: list[OpenOrder], account, parameters: MarginParameters) -> None:
    """The orders must hold exactly what the balances say is locked and pending (perp orders hold nothing)."""
    held: dict[str, list[Decimal]] = {}
    for order in open_orders:
        if order.is_perp:
            continue
        totals = held.setdefault(order.paying_asset, [Decimal(0), Decimal(0)])
        totals[0] += order.locked
        totals[1] += order.pending_borrow
    for symbol in account.balances:
        held.setdefault(symbol, [Decimal(0), Decimal(0)])
    for symbol, (locked, pending) in held.items():
        balance = account.balance(symbol)
        if locked != balance.locked or pending != balance.pending_borrow:
            raise InputError(
                "openOrders",
                f"the resting orders hold {plain(locked)} {symbol} locked and {plain(pending)} pending borrow, but "
                f"balances.{symbol} has locked {plain(balance.locked)} and pendingBorrow {plain(balance.pending_borrow)}",
            )


def _flag(entry: Mapping[str, Any], key: str, where: str, default: bool = False) -> bool:
    return fields.flag(entry.get(key, default), f"{where}.{key}")


def _lenient_number(entry: Mapping[str, Any], key: str) -> Decimal:
    """A quantity or price; anything unusable becomes NaN so the action is refused (check 1)."""
    try:
        return parse_decimal(entry[key], key)
    except InputError:
        return NOT_A_NUMBER


def _required(entry: Mapping[str, Any], key: str, where: str) -> Any:
    if entry.get(key) is None:
        raise InputError(f"{where}.{key}", "missing")
    return entry[key]


def advance_target(entry: Mapping[str, Any], where: str):
    """An advance's ``to``: a readable ISO 8601 time (else exit 2); its span is judged by the engine."""
    return read_iso_time(_required(entry, "to", where), f"{where}.to", within=False)


AssetAction = Callable[[AccountState, MarginParameters, str, Decimal], Outcome]
ASSET_ACTIONS: dict[str, AssetAction] = {
    "deposit": actions.deposit,
    "borrow": actions.borrow,
    "repay": actions.repay,
    "lend": actions.lend,
    "redeem": actions.redeem,
}


def run_action(state: AccountState, parameters: MarginParameters, entry: Any, index: int) -> Outcome:
    where = f"actions[{index}]"
    if not isinstance(entry, dict):
        raise InputError(where, "expected an object")
    kind = _required(entry, "type", where)
    if not isinstance(kind, str):
        raise InputError(f"{where}.type", f"expected an action type, got {describe(kind)}")
    if kind in ASSET_ACTIONS or kind == "withdraw":
        symbol = _required(entry, "symbol", where)
        _required(entry, "quantity", where)
        if not isinstance(symbol, str):
            return actions.refuse(state, RefusalCode.INVALID_SYMBOL, f"unknown asset {describe(symbol)}")
        quantity = _lenient_number(entry, "quantity")
        if kind == "withdraw":
            return actions.withdraw(state, parameters, symbol, quantity, _flag(entry, "margin", where))
        return ASSET_ACTIONS[kind](state, parameters, symbol, quantity)
    if kind == "order":
        for key in ("symbol", "side", "orderType", "quantity"):
            _required(entry, key, where)
        price = _lenient_number(entry, "price") if entry.get("price") is not None else None
        return orders.place_order(
            state,
            parameters,
            entry["symbol"],
            entry["side"],
            entry["orderType"],
            _lenient_number(entry, "quantity"),
            price,
            _flag(entry, "margin", where),
            _flag(entry, "reduceOnly", where),
        )
    if kind == "cancel":
        order_id = _required(entry, "orderId", where)
        if isinstance(order_id, Decimal) and order_id.is_finite() and order_id == order_id.to_integral_value():
            order_id = plain(order_id)  # a JSON number 7 means the id "7"
        if not fields.is_order_id(order_id):
            return actions.refuse(state, RefusalCode.UNKNOWN_ORDER, f"no open order {describe(order_id)}")
        return orders.cancel_order(state, parameters, order_id)
    if kind == "settings":
        leverage = None
        if entry.get("leverageLimit") is not None:
            number = _lenient_number(entry, "leverageLimit")
            leverage = int(number) if number.is_finite() and number == number.to_integral_value() else 0
        return actions.change_settings(
            state,
            parameters,
            leverage_limit=leverage,
            auto_lend=_flag(entry, "autoLend", where, state.account.settings.auto_lend),
            auto_repay_borrows=_flag(entry, "autoRepayBorrows", where, state.account.settings.auto_repay_borrows),
        )
    if kind == "price":
        symbol = _required(entry, "symbol", where)
        _required(entry, "markPrice", where)
        if not isinstance(symbol, str):
            return actions.refuse(state, RefusalCode.INVALID_SYMBOL, f"unknown asset {describe(symbol)}")
        return clock.move_prices(state, parameters, {symbol: _lenient_number(entry, "markPrice")})
    if kind == "advance":
        return clock.advance_clock(state, parameters, advance_target(entry, where))
    raise InputError(f"{where}.type", f"unknown action type {kind!r}")


def event_json(event: Event) -> dict[str, Any]:
    document: dict[str, Any] = {"type": event.type, "symbol": event.symbol, "time": iso_time(event.time)}
    for key, value in (
        ("quantity", event.quantity),
        ("price", event.price),
        ("orderId", event.order_id),
        ("reason", event.reason),
    ):
        if value is not None:
            document[key] = plain(value) if isinstance(value, Decimal) else value
    for key, value in event.details.items():
        document[key] = plain(value) if isinstance(value, Decimal) else value
    return document


def iso_time(moment) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def state_json(state: AccountState) -> dict[str, Any]:
    document = account_json(state.account, state.marks)
    document["time"] = iso_time(state.time)
    document["openOrders"] = [
        perp_order_json(order)
        if order.is_perp
        else {
            "id": order.id,
            "symbol": order.symbol,
            "side": order.side,
            "price": plain(order.price),
            "quantity": plain(order.quantity),
            "margin": order.margin,
            "locked": plain(order.locked),
            "pendingBorrow": plain(order.pending_borrow),
        }
        for order in state.orders
    ]
    return document


def pools_json(state: AccountState, parameters: MarginParameters) -> list[dict[str, Any]]:
    rows = []
    for symbol, rules in parameters.assets.items():
        lending, pool = rules.lending, state.pools[symbol]
        rates = pool_rates(lending, pool)
        row = {
            "symbol": symbol,
            "state": lending.state,
            "stepSize": plain(lending.step_size),
            "lentQuantity": plain(pool.lent_quantity),
            "borrowedQuantity": plain(pool.borrowed_quantity),
            "fee": plain(lending.fee),
            "maxUtilization": plain(lending.max_utilization),
            "optimalUtilization": plain(lending.optimal_utilization),
            "throttleUtilizationBound": plain(lending.throttle_bound),
            "rateModel": {
                "baseRate": plain(lending.rate_model.base_rate),
                "rateAtOptimal": plain(lending.rate_model.rate_at_optimal),
                "maxRate": plain(lending.rate_model.max_rate),
            },
            "utilization": plain(rates.utilization),
            "borrowInterestRate": plain(rates.borrow_apr),
            "lendInterestRate": plain(rates.lend_apr),
        }
        if lending.throttle_threshold is not None:
            row["throttleUtilizationThreshold"] = plain(lending.throttle_threshold)
        rows.append(row)
    return rows


@engine_precision
def apply(raw_account: Any, raw_actions: Any, parameters: MarginParameters) -> dict[str, Any]:
    """Run every action in order; a refused one changes nothing and the next still runs."""
    from .apply_stream import ResultList, run_actions  # the same run the command line streams

    results = ResultList()
    state = run_actions(raw_account, raw_actions, parameters, results)
    return {"account": state_json(state), "pools": pools_json(state, parameters), "results": results.results}


__all__ = ["apply", "event_json", "parse_state", "pools_json", "state_json"]
