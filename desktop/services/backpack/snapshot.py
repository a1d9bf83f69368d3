"""Backpack's public answers turned into a parameter snapshot (MARGIN_MODEL.md §1 and §10).

- Assets are the ``/api/v1/collateral`` rows. An asset's mark is its borrow-lend market's
  ``assetMarkPrice``; one with no borrow-lend market takes its ``BASE_USDC`` spot mark and a
  ``Closed`` pool with zero quantities and the spot market's step.
- Spot markets whose base and quote are both assets; PERP markets quoted in USDC, with
  ``fundingInterval`` from ``/api/v1/markets`` and ``fundingRate`` from ``/api/v1/markPrices``.
  A perp whose base is not an asset (a perp-only base) has its mark from that perp's ``markPrice``.
- ``rateModel`` is fitted (``rates.py``) **[assumed]**, and the snapshot says so under ``notes``.

Every row is checked with the engine's own loader before it goes in: a row the model cannot use is
left out and named (with the engine's reason) instead of spoiling the whole snapshot.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from ...engine import ParameterError, load_parameters
from .public import PERP, SPOT, BorrowLendMarket, CollateralSummary, Market, MarkPrice, PublicClient
from .rates import BASE_RATE, MAX_RATE, fit_rate_at_optimal
from .reading import Progress, PublicData, read_public_data
from .summary import SnapshotSummary, iso_time

__all__ = ["SOURCE", "PublicData", "SnapshotRejected", "SnapshotSummary", "build_snapshot", "fetch_snapshot"]

SOURCE = "Backpack public API"
QUOTE = "USDC"
HOUR_MS = 3_600_000
DEFAULT_FUNDING_INTERVAL = HOUR_MS  # §10's default, when a perp row does not carry one
OPEN_BOOK_STATES = {"Open", "LimitOnly", "PostOnly"}  # orders can still be placed; §10 knows Open/Closed
POOL_STATES = {"Open", "Closed", "RepayOnly"}
# A pool Backpack does not run: nothing can be borrowed or lent, so these only need to be valid.
CLOSED_POOL = {"fee": "0", "maxUtilization": "1", "optimalUtilization": "0.8"}
CLOSED_POOL |= {"throttleUtilizationThreshold": "1", "throttleUtilizationBound": "1"}

RATE_MODEL_NOTE = (
    "[assumed] rateModel: Backpack does not publish its rate curve. baseRate 0 and maxRate 1.5 are fixed, "
    "and rateAtOptimal is fitted so that the curve of MARGIN_MODEL.md §6 gives each pool's live "
    "borrowInterestRate at its live utilization (borrowedQuantity / lentQuantity)."
)
FEES_NOTE = "[assumed] futuresMakerFee/futuresTakerFee are account fees, not public: the model's defaults apply."
CONSTANT_NOTE = "Marks, pools and funding rates are as fetched at snapshotTime; they do not move by themselves."


def text(number: Decimal) -> str:
    """A decimal as positional text, keeping the digits Backpack sent (``1E-10`` → ``0.0000000001``)."""
    return format(number, "f")


def fetch_snapshot(
    client: PublicClient, now: Callable[[], datetime] = lambda: datetime.now(UTC), progress: Progress | None = None
) -> tuple[dict[str, Any], SnapshotSummary]:
    """Read Backpack and build a snapshot that ``desktop.engine.load_parameters`` accepts.

    Raises BackpackError (a request failed: one line naming it) or SnapshotRejected.
    """
    data = read_public_data(client, progress)
    return build_snapshot(data, now(), client.transport.base_url)


def _engine_problem(snapshot: dict[str, Any]) -> str | None:
    try:
        load_parameters(snapshot)
    except ParameterError as error:
        return f"{error.field}: {error.problem}"
    return None


class _Builder:
    def __init__(self, data: PublicData, fetched_at: datetime, base_url: str) -> None:
        self.data = data
        self.time = iso_time(fetched_at)
        self.base_url = base_url
        self.marks: dict[str, str] = {}
        self.collateral: list[dict[str, Any]] = []
        self.pools: list[dict[str, Any]] = []
        self.markets: list[dict[str, Any]] = []
        self.left_out: dict[str, str] = {}
        self.skipped: dict[str, str] = {}
        self.notes: list[str] = [RATE_MODEL_NOTE]
        self.perp_only: list[str] = []

    def frame(self, marks, collateral, pools, markets) -> dict[str, Any]:
        return {
            "snapshotTime": self.time,
            "source": SOURCE,
            "markPrices": marks,
            "collateral": collateral,
            "borrowLendMarkets": pools,
            "markets": markets,
        }

    # --- assets -------------------------------------------------------------------------

    def add_assets(self) -> None:
        pools = {pool.symbol: pool for pool in self.data.borrow_lend_markets}
        spot = {m.symbol: m for m in self.data.markets if m.market_type == SPOT}
        spot_marks = {mark.symbol: mark.mark_price for mark in self.data.spot_marks}
        for summary in self.data.collateral:
            symbol = summary.symbol
            pool = pools.get(symbol)
            mark: Decimal | None
            if pool is not None:
                mark = pool.asset_mark_price
                pool_row, notes = self.pool_row(pool)
            else:
                pair = spot.get(f"{symbol}_{QUOTE}")
                mark = spot_marks.get(pair.symbol) if pair else None
                if pair is None or mark is None:
                    why = "no borrow-lend market and no " + (
                        f"{symbol}_{QUOTE} spot market" if pair is None else f"{pair.symbol} spot mark"
                    )
                    if pair is not None and self.data.spot_marks_problem:
                        why += f" ({self.data.spot_marks_problem})"
                    self.left_out[symbol] = why
                    continue
                pool_row, notes = self.closed_pool_row(symbol, pair.step_size)
            row = self.collateral_row(summary)
            if row is None:
                continue
            problem = _engine_problem(self.frame({symbol: text(mark)}, [row], [pool_row], []))
            if problem:
                self.left_out[symbol] = problem
                continue
            self.marks[symbol] = text(mark)
            self.collateral.append(row)
            self.pools.append(pool_row)
            self.notes += notes

    def collateral_row(self, summary: CollateralSummary) -> dict[str, Any] | None:
        for name, function in (("imfFunction", summary.imf_function), ("mmfFunction", summary.mmf_function)):
            if function.type != "sqrt":
                self.left_out[summary.symbol] = f"{name} of unknown type {function.type!r}"
                return None
        haircut = summary.haircut_function
        if haircut.kind == "identity":
            kind: dict[str, Any] = {"type": "identity"}
        elif haircut.kind == "inverseSqrt":
            assert haircut.base is not None and haircut.positive_curve_penalty is not None  # public.py reads both
            kind = {
                "type": "inverseSqrt",
                "base": text(haircut.base),
                "positiveCurvePenalty": text(haircut.positive_curve_penalty),
            }
        else:
            self.left_out[summary.symbol] = f"haircut kind of unknown type {haircut.kind!r}"
            return None
        return {
            "symbol": summary.symbol,
            "imfFunction": _function(summary.imf_function),
            "mmfFunction": _function(summary.mmf_function),
            "haircutFunction": {"weight": text(haircut.weight), "kind": kind},
        }

    def pool_row(self, pool: BorrowLendMarket) -> tuple[dict[str, Any], list[str]]:
        """The pool as §1 wants it, and the notes it needs if it goes in."""
        notes = []
        fit = fit_rate_at_optimal(
            pool.borrow_interest_rate, pool.borrowed_quantity, pool.lent_quantity, pool.optimal_utilization
        )
        if not fit.exact:
            notes.append(f"[assumed] {pool.symbol} rateModel: {fit.reason}.")
        state = pool.state
        if state not in POOL_STATES:
            notes.append(f"{pool.symbol}: borrow-lend state {state!r} is not one the model knows; taken as Closed.")
            state = "Closed"
        row = {
            "symbol": pool.symbol,
            "state": state,
            "stepSize": text(pool.step_size),
            "lentQuantity": text(pool.lent_quantity),
            "borrowedQuantity": text(pool.borrowed_quantity),
            "fee": text(pool.fee),
            "maxUtilization": text(pool.max_utilization),
            "optimalUtilization": text(pool.optimal_utilization),
            "throttleUtilizationThreshold": text(pool.throttle_utilization_threshold),
            "throttleUtilizationBound": text(pool.throttle_utilization_bound),
            "rateModel": {
                "baseRate": text(BASE_RATE),
                "rateAtOptimal": text(fit.rate_at_optimal),
                "maxRate": text(MAX_RATE),
                "assumed": True,
            },
            # As fetched, for display and for checking the fit; the engine ignores them.
            "assetMarkPrice": text(pool.asset_mark_price),
            "borrowInterestRate": text(pool.borrow_interest_rate),
        }
        for key, value in (("lendInterestRate", pool.lend_interest_rate), ("utilization", pool.utilization)):
            if value is not None:
                row[key] = text(value)
        if pool.timestamp:
            row["timestamp"] = pool.timestamp
        return row, notes

    def closed_pool_row(self, symbol: str, step: Decimal) -> tuple[dict[str, Any], list[str]]:
        note = (
            f"[assumed] {symbol}: no borrow-lend market on Backpack; mark from {symbol}_{QUOTE}'s spot mark, "
            "pool Closed with zero quantities and the spot market's step."
        )
        row = {
            "symbol": symbol,
            "state": "Closed",
            "stepSize": text(step),
            "lentQuantity": "0",
            "borrowedQuantity": "0",
            **CLOSED_POOL,
            "rateModel": {"baseRate": "0", "rateAtOptimal": "0", "maxRate": text(MAX_RATE), "assumed": True},
        }
        return row, [note]

    # --- markets ------------------------------------------------------------------------

    def add_spot_markets(self) -> None:
        assets = set(self.marks)
        for market in self.data.markets:
            if market.market_type != SPOT or market.base_symbol not in assets or market.quote_symbol not in assets:
                continue
            if not market.visible:
                self.skipped[market.symbol] = "not visible on Backpack"
                continue
            self.add_market(market, _market_row(market))

    def add_perps(self) -> None:
        marks = {mark.symbol: mark for mark in self.data.perp_marks}
        missing_rates = []
        for market in self.data.markets:
            if market.market_type != PERP:
                continue
            why = self.perp_problem(market, marks.get(market.symbol))
            if why:
                self.skipped[market.symbol] = why
                continue
            mark = marks.get(market.symbol)
            row = _market_row(market)
            row["imfFunction"] = _function(market.imf_function)
            row["mmfFunction"] = _function(market.mmf_function)
            row["fundingInterval"] = market.funding_interval or DEFAULT_FUNDING_INTERVAL
            if mark is None or mark.funding_rate is None:
                missing_rates.append(market.symbol)
            row["fundingRate"] = text(mark.funding_rate) if mark and mark.funding_rate is not None else "0"
            base = market.base_symbol
            new_base = base not in self.marks
            if new_base:
                assert mark is not None  # perp_problem() skipped a perp-only base without one
                self.marks[base] = text(mark.mark_price)
            if self.add_market(market, row):
                if new_base:
                    self.perp_only.append(base)
            elif new_base:
                del self.marks[base]
        if missing_rates:
            self.notes.append(f"No fundingRate from Backpack for {', '.join(missing_rates)}: 0 used.")

    def perp_problem(self, market: Market, mark: MarkPrice | None) -> str | None:
        if not market.visible:
            return "not visible on Backpack"
        if market.quote_symbol != QUOTE:
            return f"quoted in {market.quote_symbol}, not {QUOTE}"
        if QUOTE not in self.marks:
            return f"{QUOTE} is not an asset of this snapshot"
        for name, function in (("imfFunction", market.imf_function), ("mmfFunction", market.mmf_function)):
            if function is None:
                return f"no {name}"
            if function.type != "sqrt":
                return f"{name} of unknown type {function.type!r}"
        interval = market.funding_interval
        if interval is not None and (interval <= 0 or interval % HOUR_MS):
            return f"fundingInterval {interval} ms is not a whole number of hours"
        if market.base_symbol not in self.marks and (mark is None or mark.mark_price <= 0):
            return "perp-only base without a mark price"
        return None

    def add_market(self, market: Market, row: dict[str, Any]) -> bool:
        """Add ``row`` if the engine takes it next to the assets it names; else skip it, saying why."""
        needed = {market.base_symbol, market.quote_symbol}
        collateral = [r for r in self.collateral if r["symbol"] in needed]
        pools = [r for r in self.pools if r["symbol"] in needed]
        marks = {s: m for s, m in self.marks.items() if s in needed}
        problem = _engine_problem(self.frame(marks, collateral, pools, [row]))
        if problem:
            self.skipped[market.symbol] = problem
            return False
        self.markets.append(row)
        return True

    # --- the whole ----------------------------------------------------------------------

    def without_collateral_functions(self) -> tuple[str, ...]:
        named = {pool.symbol for pool in self.data.borrow_lend_markets}
        for market in self.data.markets:
            if market.market_type == SPOT:
                named |= {market.base_symbol, market.quote_symbol}
        return tuple(sorted(named - {row.symbol for row in self.data.collateral}))

    def build(self) -> tuple[dict[str, Any], SnapshotSummary]:
        self.add_assets()
        self.add_spot_markets()
        self.add_perps()
        if any(row.get("marketType") == PERP for row in self.markets):
            self.notes += [FEES_NOTE]
        self.notes.append(CONSTANT_NOTE)
        if not self.data.status.ok:
            message = f": {self.data.status.message}" if self.data.status.message else ""
            self.notes.append(f"Backpack reported status {self.data.status.status}{message} when this was fetched.")
        snapshot = self.frame(self.marks, self.collateral, self.pools, self.markets)
        snapshot = {
            "snapshotTime": self.time,
            "source": SOURCE,
            "sourceUrl": self.base_url,
            "notes": self.notes,
        } | snapshot
        summary = SnapshotSummary(
            fetched_at=datetime.fromisoformat(self.time.replace("Z", "+00:00")),
            assets=tuple(row["symbol"] for row in self.collateral),
            spot_markets=tuple(row["symbol"] for row in self.markets if row["marketType"] == SPOT),
            perps=tuple(row["symbol"] for row in self.markets if row["marketType"] == PERP),
            perp_only_bases=tuple(self.perp_only),
            without_collateral_functions=self.without_collateral_functions(),
            left_out=dict(self.left_out),
            skipped_markets=dict(self.skipped),
            notes=tuple(self.notes),
            status=self.data.status,
        )
        return snapshot, summary


class SnapshotRejected(ValueError):
    """The built snapshot does not load: a bug here or in the engine, never Backpack's fault alone."""


def build_snapshot(
    data: PublicData, fetched_at: datetime, base_url: str = ""
) -> tuple[dict[str, Any], SnapshotSummary]:
    """The snapshot and its summary; raises SnapshotRejected if the engine would refuse the whole."""
    snapshot, summary = _Builder(data, fetched_at, base_url).build()
    if not snapshot["collateral"]:
        raise SnapshotRejected("no usable collateral asset in Backpack's answers")
    problem = _engine_problem(snapshot)
    if problem:
        raise SnapshotRejected(f"the built snapshot does not load: {problem}")
    return snapshot, summary


def _function(function: Any) -> dict[str, str]:
    return {"type": "sqrt", "base": text(function.base), "factor": text(function.factor)}


def _market_row(market: Market) -> dict[str, Any]:
    return {
        "symbol": market.symbol,
        "baseSymbol": market.base_symbol,
        "quoteSymbol": market.quote_symbol,
        "marketType": market.market_type,
        "filters": {
            "price": {"tickSize": text(market.tick_size)},
            "quantity": {"stepSize": text(market.step_size), "minQuantity": text(market.min_quantity)},
        },
        "orderBookState": "Open" if market.order_book_state in OPEN_BOOK_STATES else "Closed",
    }
