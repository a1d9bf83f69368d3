"""The headless JSON contract (MARGIN_MODEL.md §8): ACCOUNT.json in, the ``evaluate`` object out.

Pure translation between JSON values and engine objects; the command line lives in ``desktop.cli``.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from .account import MAX_LEVERAGE_LIMIT, MIN_LEVERAGE_LIMIT, Account, AccountSettings, AssetBalance
from .boundary.fields import amount, price
from .errors import InputError
from .limits import AssetLimits, account_limits
from .numbers import engine_precision, parse_decimal, plain
from .parameters import MarginParameters, Pool
from .perp_contract import account_positions_json, parse_positions, positions_json, resting_perps_of
from .records import replace
from .valuation import AccountValuation, value_account

TYPE_CHECKING = False  # typing costs start-up time; Any is for the type checker
if TYPE_CHECKING:
    from typing import Any

BALANCE_FIELDS = {
    "available": "available",
    "locked": "locked",
    "lent": "lent",
    "borrowed": "borrowed",
    "pendingBorrow": "pending_borrow",
}


def parse_settings(raw: Any, base: AccountSettings | None = None, where: str = "settings") -> AccountSettings:
    """Settings from JSON; keys left out keep ``base`` (the defaults of §2 when None)."""
    settings = base or AccountSettings()
    if raw is None:
        return settings
    if not isinstance(raw, dict):
        raise InputError(where, "expected an object")
    leverage = settings.leverage_limit
    if "leverageLimit" in raw:
        leverage = parse_leverage_limit(raw["leverageLimit"], f"{where}.leverageLimit")
    flags = {}
    for key, attribute in (("autoLend", "auto_lend"), ("autoRepayBorrows", "auto_repay_borrows")):
        value = raw.get(key, getattr(settings, attribute))
        if not isinstance(value, bool):
            raise InputError(f"{where}.{key}", f"expected true or false, got {value!r}")
        flags[attribute] = value
    return AccountSettings(leverage_limit=leverage, **flags)


def parse_leverage_limit(value: Any, where: str) -> int:
    number = parse_decimal(value, where)
    if number != number.to_integral_value() or not MIN_LEVERAGE_LIMIT <= number <= MAX_LEVERAGE_LIMIT:
        raise InputError(
            where, f"must be a whole number from {MIN_LEVERAGE_LIMIT} to {MAX_LEVERAGE_LIMIT}, got {value!r}"
        )
    return int(number)


def parse_balances(raw: Any, parameters: MarginParameters) -> dict[str, AssetBalance]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise InputError("balances", "expected an object of asset → balance")
    balances: dict[str, AssetBalance] = {}
    for symbol, fields in raw.items():
        where = f"balances.{symbol}"
        if symbol in parameters.perp_only_bases:
            raise InputError(where, f"{symbol} is only the underlying of a perp, not an asset: it has no balance")
        if symbol not in parameters.assets:
            raise InputError(where, f"unknown asset {symbol!r}")
        if not isinstance(fields, dict):
            raise InputError(where, "expected an object")
        values = {
            attribute: amount(fields[key], f"{where}.{key}")
            for key, attribute in BALANCE_FIELDS.items()
            if key in fields
        }
        balance = AssetBalance(**values)
        if balance.lent and balance.borrowed:
            raise InputError(f"{where}.lent", "an asset cannot be lent and borrowed at once")
        balances[symbol] = balance
    return balances


def parse_mark_overrides(raw: Any, parameters: MarginParameters) -> dict[str, Decimal]:
    """The snapshot's marks with ACCOUNT.json's ``markPrices`` laid over them."""
    marks = dict(parameters.marks)
    if raw is None:
        return marks
    if not isinstance(raw, dict):
        raise InputError("markPrices", "expected an object of asset → price")
    for symbol, value in raw.items():
        if symbol not in parameters.assets and symbol not in parameters.perp_only_bases:
            raise InputError(f"markPrices.{symbol}", f"unknown asset {symbol!r}")
        marks[symbol] = price(value, f"markPrices.{symbol}")
    return marks


def parse_account(raw: Any, parameters: MarginParameters) -> tuple[Account, dict[str, Decimal]]:
    """ACCOUNT.json (parsed) → (account, marks); positions included, resting perp orders not."""
    if not isinstance(raw, dict):
        raise InputError("account", "expected a JSON object")
    account = Account(
        balances=parse_balances(raw.get("balances"), parameters),
        settings=parse_settings(raw.get("settings")),
        positions=parse_positions(raw.get("positions"), parameters),
    )
    return account, parse_mark_overrides(raw.get("markPrices"), parameters)


def _optional(number: Decimal | None) -> str | None:
    return None if number is None else plain(number)


def valuation_json(valuation: AccountValuation, parameters: MarginParameters) -> dict[str, Any]:
    order = {symbol: index for index, symbol in enumerate(parameters.assets)}
    rows = sorted(valuation.assets, key=lambda row: order[row.symbol])
    return {
        "assetsValue": plain(valuation.assets_value),
        "borrowLiability": plain(valuation.borrow_liability),
        "liabilitiesValue": plain(valuation.liabilities_value),
        "pnlUnrealized": plain(valuation.pnl_unrealized),
        "unsettledEquity": "0",
        "netEquity": plain(valuation.net_equity),
        "netEquityLocked": plain(valuation.net_equity_locked),
        "netEquityAvailable": plain(valuation.net_equity_available),
        "imf": plain(valuation.imf),
        "mmf": plain(valuation.mmf),
        "marginFraction": _optional(valuation.margin_fraction),
        "totalExposure": plain(valuation.total_exposure),
        "netExposureFutures": plain(valuation.net_exposure_futures),
        "initialMargin": plain(valuation.initial_margin),
        "maintenanceMargin": plain(valuation.maintenance_margin),
        "imr": _optional(valuation.imr),
        "mmr": _optional(valuation.mmr),
        "leverage": _optional(valuation.leverage),
        "liquidatable": valuation.liquidatable,
        "collateral": [
            {
                "symbol": row.symbol,
                "assetMarkPrice": plain(row.mark),
                "totalQuantity": plain(row.balance.holding),
                "balanceNotional": plain(row.terms.notional),
                "collateralWeight": plain(row.terms.weight),
                "collateralValue": plain(row.terms.collateral_value),
                "availableQuantity": plain(row.balance.available),
                "openOrderQuantity": plain(row.balance.locked),
                "lendQuantity": plain(row.balance.lent),
                "borrowQuantity": plain(row.balance.borrowed),
            }
            for row in rows
        ],
    }


def limits_json(limits: Mapping[str, AssetLimits]) -> dict[str, Any]:
    return {
        symbol: {
            "maxBorrowQuantity": plain(row.max_borrow_quantity),
            "maxWithdrawalQuantity": plain(row.max_withdrawal_quantity),
            "maxMarginWithdrawalQuantity": plain(row.max_margin_withdrawal_quantity),
            "liquidationPrice": _optional(row.liquidation_price),
        }
        for symbol, row in limits.items()
    }


@engine_precision
def evaluate(raw_account: Any, parameters: MarginParameters, pools: Mapping[str, Pool] | None = None) -> dict[str, Any]:
    """The whole ``margin-desk evaluate`` answer for a parsed ACCOUNT.json."""
    account, marks = parse_account(raw_account, parameters)
    resting = resting_perps_of(raw_account.get("openOrders"), parameters)  # precision 4: nothing fills
    if resting:
        account = replace(account, resting_perps=resting)
    pools = pools if pools is not None else parameters.pools
    valuation = value_account(account, parameters, marks)
    limits = account_limits(account, parameters, marks, pools)
    prices = {symbol: row.liquidation_price for symbol, row in limits.items()}
    return {
        "collateral": valuation_json(valuation, parameters),
        "limits": limits_json(limits),
        "positions": positions_json(valuation, prices),
    }


def account_json(account: Account, marks: Mapping[str, Decimal] | None = None) -> dict[str, Any]:
    """An Account in the ACCOUNT.json shape (``parse_account`` reads it back to the same account)."""
    settings = account.settings
    document: dict[str, Any] = {
        "settings": {
            "leverageLimit": str(settings.leverage_limit),
            "autoLend": settings.auto_lend,
            "autoRepayBorrows": settings.auto_repay_borrows,
        },
        "balances": {
            symbol: {key: plain(getattr(balance, attribute)) for key, attribute in BALANCE_FIELDS.items()}
            for symbol, balance in account.balances.items()
        },
    }
    if account.positions:
        document["positions"] = account_positions_json(account.positions)
    if marks is not None:
        document["markPrices"] = {symbol: plain(price) for symbol, price in marks.items()}
    return document
