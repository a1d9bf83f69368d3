"""Backpack's signed read-only endpoints (reference/backpack-api.md §3) as typed rows.

``AccountClient`` signs every GET (``signing.py``). On "Request has expired" it reads Backpack's
clock at ``/api/v1/time``, corrects its timestamps by the difference and tries once more; if Backpack
still refuses, the error says how far the clocks are apart. A refused signature or key becomes
``BackpackRefused`` with one line for the user. Nothing here writes to the account.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ...engine.boundary.fields import is_symbol
from ...engine.boundary.text import describe
from .errors import BackpackHttpError, BackpackResponseError, ClockOff, clock_line, is_expired, refusal
from .fields import Row, rows
from .http import Transport, endpoint_label
from .signing import RequestSigner, SigningKey, normalized_params

CAPITAL = "/api/v1/capital"
COLLATERAL = "/api/v1/capital/collateral"
BORROW_LEND_POSITIONS = "/api/v1/borrowLend/positions"
ACCOUNT = "/api/v1/account"
POSITIONS = "/api/v1/position"
ORDERS = "/api/v1/orders"
TIME = "/api/v1/time"


@dataclass(frozen=True, slots=True)
class Balance:
    """``/api/v1/capital``: one asset's spot balance. Lends are not in it (§3.1, §8.1)."""

    symbol: str
    available: Decimal
    locked: Decimal
    staked: Decimal = Decimal(0)


@dataclass(frozen=True, slots=True)
class CollateralRow:
    """One ``collateral[]`` item of ``/api/v1/capital/collateral``; real bodies leave fields out."""

    symbol: str
    total_quantity: Decimal | None = None
    asset_mark_price: Decimal | None = None
    balance_notional: Decimal | None = None
    collateral_weight: Decimal | None = None
    collateral_value: Decimal | None = None
    open_order_quantity: Decimal | None = None
    lend_quantity: Decimal | None = None
    available_quantity: Decimal | None = None


SUMMARY_FIGURES = (
    "assetsValue",
    "borrowLiability",
    "liabilitiesValue",
    "unsettledEquity",
    "pnlUnrealized",
    "netEquity",
    "netEquityAvailable",
    "netEquityLocked",
    "netExposureFutures",
    "imf",
    "mmf",
    "marginFraction",
)


@dataclass(frozen=True, slots=True)
class MarginSummary:
    """``/api/v1/capital/collateral``: Backpack's own valuation; ``figures`` holds what it sent of SUMMARY_FIGURES."""

    figures: dict[str, Decimal | None]
    collateral: tuple[CollateralRow, ...]

    def figure(self, name: str) -> Decimal | None:
        return self.figures.get(name)


@dataclass(frozen=True, slots=True)
class BorrowLendPosition:
    """``/api/v1/borrowLend/positions``: ``net_quantity`` > 0 lends, < 0 borrows."""

    symbol: str
    net_quantity: Decimal
    mark_price: Decimal | None = None
    net_exposure_quantity: Decimal | None = None
    imf: Decimal | None = None
    mmf: Decimal | None = None
    est_liquidation_price: Decimal | None = None
    position_id: str | None = None


@dataclass(frozen=True, slots=True)
class AccountSettings:
    """``/api/v1/account``."""

    leverage_limit: Decimal | None
    auto_lend: bool
    auto_repay_borrows: bool
    auto_borrow_settlements: bool | None = None
    auto_realize_pnl: bool | None = None
    liquidating: bool = False
    futures_maker_fee: Decimal | None = None  # basis points
    futures_taker_fee: Decimal | None = None
    spot_maker_fee: Decimal | None = None
    spot_taker_fee: Decimal | None = None


@dataclass(frozen=True, slots=True)
class FuturePosition:
    """``/api/v1/position``: ``net_quantity`` > 0 long, < 0 short."""

    symbol: str
    net_quantity: Decimal
    entry_price: Decimal
    mark_price: Decimal
    pnl_unrealized: Decimal
    break_even_price: Decimal | None = None
    est_liquidation_price: Decimal | None = None
    net_exposure_quantity: Decimal | None = None
    net_exposure_notional: Decimal | None = None
    imf: Decimal | None = None
    mmf: Decimal | None = None
    pnl_realized: Decimal | None = None
    cumulative_funding_payment: Decimal | None = None


@dataclass(frozen=True, slots=True)
class OpenOrder:
    """``/api/v1/orders``: a Limit order has a price; a Market or trigger order may have none."""

    id: str
    symbol: str
    side: str
    order_type: str
    status: str | None
    quantity: Decimal | None
    executed_quantity: Decimal
    price: Decimal | None
    reduce_only: bool
    trigger_price: Decimal | None
    created_at: int | None

    @property
    def remaining(self) -> Decimal | None:
        return None if self.quantity is None else self.quantity - self.executed_quantity


@dataclass(frozen=True)
class AccountData:
    """One read of every endpoint the mirror needs."""

    balances: list[Balance]
    summary: MarginSummary
    borrow_lend: list[BorrowLendPosition]
    settings: AccountSettings
    positions: list[FuturePosition]
    orders: list[OpenOrder]
    clock_offset_ms: int = 0  # Backpack's clock minus ours, when a "Request has expired" made us look


def balance_rows(answer: Any, endpoint: str) -> list[Balance]:
    """``{"USDC": {"available", "locked", "staked"}, …}``; an empty object when nothing is held."""
    if not isinstance(answer, dict):
        raise BackpackResponseError(endpoint, "expected an object of asset → balance")
    found = []
    for symbol, value in answer.items():
        if not is_symbol(symbol):
            raise BackpackResponseError(
                endpoint, f"expected assets named by symbols (ASCII letters, digits, '_-.'), got {describe(symbol)}"
            )
        row = Row(value, endpoint, symbol)
        staked = row.optional_quantity("staked")
        found.append(
            Balance(
                symbol, row.quantity("available"), row.quantity("locked"), staked if staked is not None else Decimal(0)
            )
        )
    return found


def margin_summary(answer: Any, endpoint: str) -> MarginSummary:
    row = Row(answer, endpoint, "")
    figures = {name: row.optional_decimal(name) for name in SUMMARY_FIGURES}
    if figures["netEquity"] is None:
        raise row.error("netEquity", "missing")
    items = rows(row.value.get("collateral") or [], endpoint)
    collateral = tuple(
        CollateralRow(
            symbol=item.symbol("symbol"),
            total_quantity=item.optional_quantity("totalQuantity", signed=True),
            asset_mark_price=item.optional_price("assetMarkPrice"),
            balance_notional=item.optional_decimal("balanceNotional"),
            collateral_weight=item.optional_decimal("collateralWeight"),
            collateral_value=item.optional_decimal("collateralValue"),
            open_order_quantity=item.optional_quantity("openOrderQuantity"),
            lend_quantity=item.optional_quantity("lendQuantity"),
            available_quantity=item.optional_quantity("availableQuantity"),
        )
        for item in items
    )
    return MarginSummary(figures, collateral)


def borrow_lend_position(row: Row) -> BorrowLendPosition:
    return BorrowLendPosition(
        symbol=row.symbol("symbol"),
        net_quantity=row.quantity("netQuantity", signed=True),
        mark_price=row.optional_price("markPrice"),
        net_exposure_quantity=row.optional_decimal("netExposureQuantity"),
        imf=row.optional_decimal("imf"),
        mmf=row.optional_decimal("mmf"),
        est_liquidation_price=row.optional_decimal("estLiquidationPrice"),
        position_id=row.optional_text("id"),
    )


def account_settings(answer: Any, endpoint: str) -> AccountSettings:
    row = Row(answer, endpoint, "")
    return AccountSettings(
        leverage_limit=row.optional_decimal("leverageLimit"),
        auto_lend=row.optional_bool("autoLend") is True,
        auto_repay_borrows=row.optional_bool("autoRepayBorrows") is True,
        auto_borrow_settlements=row.optional_bool("autoBorrowSettlements"),
        auto_realize_pnl=row.optional_bool("autoRealizePnl"),
        liquidating=row.optional_bool("liquidating") is True,
        futures_maker_fee=row.optional_decimal("futuresMakerFee"),
        futures_taker_fee=row.optional_decimal("futuresTakerFee"),
        spot_maker_fee=row.optional_decimal("spotMakerFee"),
        spot_taker_fee=row.optional_decimal("spotTakerFee"),
    )


def future_position(row: Row) -> FuturePosition:
    return FuturePosition(
        symbol=row.symbol("symbol"),
        net_quantity=row.quantity("netQuantity", signed=True),
        entry_price=row.price("entryPrice"),
        mark_price=row.price("markPrice"),
        pnl_unrealized=row.decimal("pnlUnrealized"),
        break_even_price=row.optional_decimal("breakEvenPrice"),
        est_liquidation_price=row.optional_decimal("estLiquidationPrice"),
        net_exposure_quantity=row.optional_decimal("netExposureQuantity"),
        net_exposure_notional=row.optional_decimal("netExposureNotional"),
        imf=row.optional_decimal("imf"),
        mmf=row.optional_decimal("mmf"),
        pnl_realized=row.optional_decimal("pnlRealized"),
        cumulative_funding_payment=row.optional_decimal("cumulativeFundingPayment"),
    )


def open_order(row: Row) -> OpenOrder:
    identifier = row.order_id("id")
    reduce_only = row.optional_bool("reduceOnly")
    executed = row.optional_quantity("executedQuantity")
    return OpenOrder(
        id=identifier,
        symbol=row.symbol("symbol"),
        side=row.text("side"),
        order_type=row.optional_text("orderType") or "Limit",
        status=row.optional_text("status"),
        quantity=row.optional_quantity("quantity"),
        executed_quantity=executed if executed is not None else Decimal(0),
        price=row.optional_price("price"),
        reduce_only=reduce_only is True,
        trigger_price=row.optional_price("triggerPrice"),
        created_at=row.optional_integer("createdAt"),
    )


class AccountClient:
    """The signed endpoints over one Transport, for one API key (it closes the transport as a context manager)."""

    def __init__(self, transport: Transport, key: SigningKey, *, signer: RequestSigner | None = None) -> None:
        self.transport = transport
        self.signer = signer or RequestSigner(key)
        self.synced = False

    def __enter__(self) -> AccountClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.transport.close()

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        """The decoded answer; on "Request has expired" the clock is synced and the request tried once more."""
        sent = normalized_params(params) or None
        try:
            return self.transport.get_json(path, sent, signer=self.signer)
        except BackpackHttpError as error:
            if not is_expired(error):
                raise refusal(error) from None
        self.sync_clock()
        try:
            return self.transport.get_json(path, sent, signer=self.signer)
        except BackpackHttpError as error:
            if not is_expired(error):
                raise refusal(error) from None
            offset = self.signer.offset_ms
            raise ClockOff(
                f"{clock_line(offset)} and Backpack still refused the request as expired after correcting "
                f"for it ({error.endpoint}: {error.problem})",
                error,
                offset,
            ) from None

    def server_time_ms(self) -> int:
        answer = self.transport.get_json(TIME)
        if isinstance(answer, str) and answer.isascii() and answer.isdigit() and len(answer) <= 15:
            return int(answer)  # Backpack answers its clock as text
        if isinstance(answer, int | Decimal) and not isinstance(answer, bool) and 0 <= answer < 10**15:
            if answer == int(answer):  # whole milliseconds, before the year 33658
                return int(answer)
        raise BackpackResponseError(f"GET {TIME}", f"expected milliseconds as a whole number, got {describe(answer)}")

    def sync_clock(self) -> int:
        """Backpack's clock minus ours (ms), measured against the middle of the round trip; used from now on."""
        before = self.signer.clock_ms()
        server = self.server_time_ms()
        after = self.signer.clock_ms()
        self.signer.offset_ms = server - (before + after) // 2
        self.synced = True
        return self.signer.offset_ms

    def _rows(self, path: str, params: dict[str, Any] | None = None) -> list[Row]:
        return rows(self.get(path, params), endpoint_label("GET", path, normalized_params(params) or None))

    # --- the endpoints ------------------------------------------------------------------

    def balances(self) -> list[Balance]:
        return balance_rows(self.get(CAPITAL), f"GET {CAPITAL}")

    def collateral(self) -> MarginSummary:
        return margin_summary(self.get(COLLATERAL), f"GET {COLLATERAL}")

    def borrow_lend_positions(self) -> list[BorrowLendPosition]:
        return [borrow_lend_position(row) for row in self._rows(BORROW_LEND_POSITIONS)]

    def account(self) -> AccountSettings:
        return account_settings(self.get(ACCOUNT), f"GET {ACCOUNT}")

    def positions(self) -> list[FuturePosition]:
        try:
            found = self._rows(POSITIONS)
        except BackpackHttpError as error:
            if error.status == 404:  # "Position not found" (§3.6): no open position
                return []
            raise
        return [future_position(row) for row in found]

    def open_orders(self) -> list[OpenOrder]:
        """Spot and perp orders, asked for by market type so neither depends on the endpoint's default."""
        seen: dict[str, OpenOrder] = {}
        for market_type in ("SPOT", "PERP"):
            for row in self._rows(ORDERS, {"marketType": market_type}):
                order = open_order(row)
                seen.setdefault(order.id, order)
        return list(seen.values())


Progress = Callable[[str, int, int], None]


def read_account(client: AccountClient, progress: Progress | None = None) -> AccountData:
    """Every endpoint, in order; ``progress(what, done, total)`` before each (raise from it to cancel)."""
    steps: list[tuple[str, Callable[[], Any]]] = [
        ("account settings", client.account),
        ("balances", client.balances),
        ("collateral", client.collateral),
        ("lends and borrows", client.borrow_lend_positions),
        ("perp positions", client.positions),
        ("open orders", client.open_orders),
    ]
    answers = []
    for done, (what, read) in enumerate(steps):
        if progress:
            progress(what, done, len(steps))
        answers.append(read())
    settings, balances, summary, borrow_lend, positions, orders = answers
    offset = client.signer.offset_ms if client.synced else 0
    return AccountData(balances, summary, borrow_lend, settings, positions, orders, offset)
