"""Backpack's own figures beside the engine's for the same account, with the difference and its reasons.

``difference`` is engine − Backpack. A difference is flagged when it is above 0.1 % of Backpack's net
equity (money figures) or 0.1 % of Backpack's figure (fractions and weights); each flag carries the
reasons that can be named from what was read, and ``explained`` says whether any was found.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ...engine.numbers import ENGINE_CONTEXT, plain
from .account_mapping import NOT_RESTING, MappedAccount
from .private import AccountData

ZERO = Decimal(0)
SHARE = Decimal("0.001")  # 0.1 %
MONEY = ("netEquity", "netEquityAvailable", "netEquityLocked", "pnlUnrealized", "assetsValue", "borrowLiability")
FRACTIONS = ("imf", "mmf", "marginFraction")
FIGURES: tuple[str, ...] = ("netEquity", "netEquityAvailable", "netEquityLocked", "imf", "mmf", "marginFraction")
FIGURES += ("pnlUnrealized", "assetsValue", "borrowLiability")
ASSET_FIGURES = ("collateralWeight", "collateralValue")
HAIRCUT_RULE = "min(weight, base / (1 + positiveCurvePenalty·√V))"


@dataclass
class Flag:
    figure: str  # "netEquity" or "collateral.SOL.collateralValue"
    difference: Decimal
    reasons: list[str] = field(default_factory=list)

    def as_json(self, net_equity: Decimal | None) -> dict[str, Any]:
        share = None
        if net_equity and self.figure.split(".")[-1] in (*MONEY, "collateralValue"):
            share = plain(ENGINE_CONTEXT.divide(abs(self.difference), abs(net_equity)))
        return {
            "figure": self.figure,
            "difference": plain(self.difference),
            "shareOfNetEquity": share,
            "explained": bool(self.reasons),
            "reasons": self.reasons or ["not explained by anything read from Backpack or the parameters"],
        }


@dataclass
class Reconciliation:
    backpack: dict[str, Any]
    engine: dict[str, Any]
    difference: dict[str, Any]
    flags: list[Flag]
    notes: list[str]
    net_equity: Decimal | None

    def as_json(self) -> dict[str, Any]:
        return {
            "backpack": self.backpack,
            "engine": self.engine,
            "difference": self.difference,
            "flagged": [flag.as_json(self.net_equity) for flag in self.flags],
            "notes": self.notes,
        }

    @property
    def unexplained(self) -> list[Flag]:
        return [flag for flag in self.flags if not flag.reasons]


def _number(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _text(value: Decimal | None) -> str | None:
    return None if value is None else plain(value)


def _minus(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    return None if a is None or b is None else ENGINE_CONTEXT.subtract(a, b)


def reconcile(
    data: AccountData, mapped: MappedAccount, snapshot: Mapping[str, Any], evaluated: Mapping[str, Any]
) -> Reconciliation:
    """Backpack's ``/api/v1/capital/collateral`` beside ``evaluate``'s answer for the mapped account."""
    return _Reconciler(data, mapped, snapshot, evaluated).run()


class _Reconciler:
    def __init__(self, data, mapped, snapshot, evaluated) -> None:
        self.data: AccountData = data
        self.mapped: MappedAccount = mapped
        self.snapshot = snapshot
        self.figures = evaluated["collateral"]
        self.engine_rows = {row["symbol"]: row for row in self.figures["collateral"]}
        self.engine_positions = {row["symbol"]: row for row in evaluated.get("positions", [])}
        self.backpack_rows = {row.symbol: row for row in data.summary.collateral}
        self.haircuts = {row["symbol"]: row["haircutFunction"] for row in snapshot.get("collateral", [])}
        self.net_equity = data.summary.figure("netEquity")

    def run(self) -> Reconciliation:
        backpack: dict[str, Any] = {name: _text(self.data.summary.figure(name)) for name in FIGURES}
        engine: dict[str, Any] = {name: self.figures.get(name) for name in FIGURES}
        difference: dict[str, Any] = {}
        flags: list[Flag] = []
        for name in FIGURES:
            gap = _minus(_number(engine[name]), _number(backpack[name]))
            difference[name] = _text(gap)
            if gap is not None and self.flagged(name, gap, _number(backpack[name])):
                flags.append(Flag(name, gap, self.reasons(name, gap)))
        backpack["collateral"], engine["collateral"], difference["collateral"] = {}, {}, {}
        for symbol in dict.fromkeys([*self.backpack_rows, *self.engine_rows]):
            ours, theirs = self.engine_rows.get(symbol, {}), self.backpack_rows.get(symbol)
            backpack["collateral"][symbol] = {
                "collateralWeight": _text(theirs.collateral_weight if theirs else None),
                "collateralValue": _text(theirs.collateral_value if theirs else None),
            }
            engine["collateral"][symbol] = {name: ours.get(name) for name in ASSET_FIGURES}
            gaps = {}
            for name in ASSET_FIGURES:
                mine = _number(engine["collateral"][symbol][name])
                bp = _number(backpack["collateral"][symbol][name])
                if symbol not in self.engine_rows and bp is not None:
                    mine = ZERO if name == "collateralValue" else None  # left out: the engine counts nothing
                gap = _minus(mine, bp)
                gaps[name] = _text(gap)
                if gap is not None and self.flagged(name, gap, bp):
                    flags.append(Flag(f"collateral.{symbol}.{name}", gap, self.asset_reasons(symbol)))
            difference["collateral"][symbol] = gaps
        return Reconciliation(backpack, engine, difference, flags, list(self.mapped.notes), self.net_equity)

    def flagged(self, name: str, gap: Decimal, backpack: Decimal | None) -> bool:
        if name in (*MONEY, "collateralValue"):
            bound = abs(self.net_equity or ZERO) * SHARE
        else:
            bound = abs(backpack or ZERO) * SHARE
        return abs(gap) > bound if bound else gap != 0

    # --- reasons ------------------------------------------------------------------------

    def asset_reasons(self, symbol: str) -> list[str]:
        reasons = []
        theirs, ours = self.backpack_rows.get(symbol), self.engine_rows.get(symbol)
        if ours is None:
            why = self.mapped.left_out.get(symbol, "no balance the engine counts")
            return [f"{symbol} is in Backpack's collateral but not valued by the engine ({why})"]
        if theirs is None:
            return [f"Backpack's collateral view has no row for {symbol}"]
        quantity = _number(ours["totalQuantity"])
        if theirs.total_quantity is not None and quantity is not None and theirs.total_quantity != quantity:
            reasons.append(
                f"{symbol}: Backpack counts {plain(theirs.total_quantity)} held, the engine {plain(quantity)}"
            )
        mark = _number(ours["assetMarkPrice"])
        if theirs.balance_notional is not None and theirs.total_quantity:
            price = ENGINE_CONTEXT.divide(theirs.balance_notional, theirs.total_quantity)
            if mark is not None and abs(price - mark) > abs(mark) * SHARE:
                reasons.append(
                    f"{symbol}: Backpack valued it at {plain(price)} (balanceNotional / totalQuantity; its index "
                    f"price, reference §9.8), the engine at the mark {plain(mark)}"
                )
        weight = _number(ours["collateralWeight"])
        if theirs.collateral_weight is not None and weight is not None and theirs.collateral_weight != weight:
            kind = self.haircuts.get(symbol, {}).get("kind", {}).get("type")
            if kind == "inverseSqrt":
                reasons.append(
                    f"Backpack's haircut curve for {symbol} is not public: the engine's weight {plain(weight)} "
                    f"follows the assumed {HAIRCUT_RULE} (MARGIN_MODEL.md §3), Backpack applied "
                    f"{plain(theirs.collateral_weight)}"
                )
            else:
                reasons.append(
                    f"{symbol}: Backpack applied the weight {plain(theirs.collateral_weight)}, the parameters say "
                    f"{plain(weight)} (they may have changed between the two reads)"
                )
        return reasons

    def pnl_reasons(self) -> list[str]:
        reasons = []
        documented = self.mapped.document.get("positions", {})
        marks = {**self.snapshot.get("markPrices", {}), **self.mapped.document.get("markPrices", {})}
        bases = {row["symbol"]: row["baseSymbol"] for row in self.snapshot.get("markets", [])}
        total = ZERO
        for position in self.data.positions:
            total += position.pnl_unrealized
            if position.symbol not in documented:
                if position.net_quantity:
                    why = self.mapped.left_out.get(f"position {position.symbol}", "left out")
                    reasons.append(
                        f"{position.symbol} (pnlUnrealized {plain(position.pnl_unrealized)}) is not in the "
                        f"engine's account: {why}"
                    )
                continue
            base = bases.get(position.symbol)
            base_mark = _number(marks.get(base)) if base else None
            if base_mark is not None and base_mark != position.mark_price:
                basis = ENGINE_CONTEXT.multiply(position.net_quantity, base_mark - position.mark_price)
                reasons.append(
                    f"{position.symbol} is valued at {base}'s mark {plain(base_mark)} (one price per underlying, "
                    f"MARGIN_MODEL.md §10), Backpack at the perp's mark {plain(position.mark_price)}: "
                    f"{plain(position.net_quantity)} × {plain(base_mark - position.mark_price)} = {plain(basis)}"
                )
        account = self.data.summary.figure("pnlUnrealized")
        if account is not None and self.data.positions and account != total:
            reasons.append(
                f"Backpack's account pnlUnrealized {plain(account)} is not the sum of its positions' ({plain(total)})"
            )
        if self.data.positions and "positions" not in self.figures and not self.engine_positions:
            reasons.append("this build's engine values no perp positions (MARGIN_MODEL.md §10 not yet in it)")
        return reasons

    def margin_reasons(self) -> list[str]:
        reasons = []
        if self.figures.get("totalExposure") == "0":
            reasons.append(
                "no exposure: the engine reports imf = 1/leverageLimit, mmf = 0 and no marginFraction by "
                "convention (MARGIN_MODEL.md §3); Backpack's convention for an account without exposure is not "
                "documented"
            )
        orders = [
            what for what, why in self.mapped.left_out.items() if what.startswith("order ") and NOT_RESTING not in why
        ]
        if orders:
            reasons.append(f"orders left out of the engine's account: {', '.join(orders)}")
        for note in self.mapped.notes:
            if "pendingBorrow" in note or "leverageLimit" in note:
                reasons.append(note.rstrip("."))
        for position in self.data.positions:
            ours = self.engine_positions.get(position.symbol)
            if ours and position.imf is not None and _number(ours.get("imf")) != position.imf:
                reasons.append(f"{position.symbol}: Backpack's IMF {plain(position.imf)}, the engine's {ours['imf']}")
            mark = _number(ours.get("markPrice")) if ours else None
            if mark is not None and mark != position.mark_price:
                reasons.append(
                    f"{position.symbol}'s exposure is valued at its base's mark {plain(mark)}, Backpack's at the "
                    f"perp's mark {plain(position.mark_price)}"
                )
        return reasons

    def reasons(self, name: str, gap: Decimal) -> list[str]:
        if name == "pnlUnrealized":
            return self.pnl_reasons()
        if name == "assetsValue":
            return [reason for symbol in self.backpack_rows for reason in self.asset_reasons(symbol)]
        if name == "borrowLiability":
            return [f"{note.rstrip('.')}" for note in self.mapped.notes if "borrow" in note.lower()]
        if name in ("netEquityLocked", "imf", "mmf"):
            return self.margin_reasons() + self.pnl_reasons()
        reasons = []
        unsettled = self.data.summary.figure("unsettledEquity")
        if unsettled:
            reasons.append(
                f"Backpack's unsettledEquity {plain(unsettled)} (a claim on its liquidity fund) is 0 in the engine "
                "(MARGIN_MODEL.md §10, precision 5)"
            )
        for symbol in dict.fromkeys([*self.backpack_rows, *self.engine_rows]):
            reasons += self.asset_reasons(symbol) if self._asset_differs(symbol) else []
        reasons += self.pnl_reasons()
        if name in ("netEquityAvailable", "marginFraction"):
            reasons += self.margin_reasons()
        return reasons

    def _asset_differs(self, symbol: str) -> bool:
        theirs, ours = self.backpack_rows.get(symbol), self.engine_rows.get(symbol)
        if theirs is None or ours is None:
            return True
        return theirs.collateral_value is not None and theirs.collateral_value != _number(ours["collateralValue"])
