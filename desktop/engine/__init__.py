"""The margin engine (`bp-cross-v2`, MARGIN_MODEL.md): pure Python over Decimal, no Qt, no database.

`bp-cross-v2` is v1 plus perpetual futures in the same cross margin (§10): positions and perp
orders in the account, settlement, funding, and liquidation that closes positions first.

The API the services and the UI call:

- ``load_parameters(json_object)`` → ``MarginParameters`` (a validated snapshot)
- ``value_account(account, parameters, marks)`` → ``AccountValuation`` (net equity, IM, MM, …)
- ``account_limits(account, parameters, marks, pools)`` → ``{symbol: AssetLimits}``
- ``contract.evaluate(account_json, parameters)`` → the ``margin-desk evaluate`` object
- ``place_order(state, parameters, symbol, …, reduce_only=False)``: a spot order, or a perp order on
  a ``parameters.perps`` market; ``move_prices`` settles positions, ``advance_clock`` pays funding
"""

from importlib import import_module

from .account import Account, AccountSettings, AssetBalance
from .errors import InputError, ParameterError
from .limits import AssetLimits, account_limits, asset_limits
from .parameters import AssetRules, MarginParameters, ModelAssumptions, Pool, SpotMarket, load_parameters
from .perp_parameters import PerpMarket
from .positions import Position, PositionTerms, RestingSize
from .valuation import AccountValuation, AssetTerms, AssetValuation, PositionValuation, value_account

MODEL_VERSION = "bp-cross-v2"

__all__ = [
    "Account",
    "AccountSettings",
    "AccountValuation",
    "AssetBalance",
    "AssetLimits",
    "AssetRules",
    "AssetTerms",
    "AssetValuation",
    "InputError",
    "MODEL_VERSION",
    "MarginParameters",
    "ModelAssumptions",
    "ParameterError",
    "PerpMarket",
    "Pool",
    "Position",
    "PositionTerms",
    "PositionValuation",
    "RestingSize",
    "SpotMarket",
    "account_limits",
    "asset_limits",
    "load_parameters",
    "value_account",
]

# The actions, the clock and the order book load on first use: ``margin-desk evaluate`` values an
# account and needs none of them, and its start-up time is a budget (PRODUCT.md §5).
_LATER = {
    "borrow": "actions",
    "change_settings": "actions",
    "deposit": "actions",
    "lend": "actions",
    "redeem": "actions",
    "repay": "actions",
    "withdraw": "actions",
    "advance_clock": "clock",
    "move_prices": "clock",
    "PoolRates": "interest",
    "pool_rates": "interest",
    "cancel_order": "orders",
    "max_order_quantity": "orders",
    "place_order": "orders",
    "AccountState": "state",
    "Event": "state",
    "OpenOrder": "state",
    "Outcome": "state",
    "Refusal": "state",
}
__all__ += [
    "AccountState",
    "Event",
    "OpenOrder",
    "Outcome",
    "PoolRates",
    "Refusal",
    "advance_clock",
    "borrow",
    "cancel_order",
    "change_settings",
    "deposit",
    "lend",
    "max_order_quantity",
    "move_prices",
    "place_order",
    "pool_rates",
    "redeem",
    "repay",
    "withdraw",
]


def __getattr__(name: str) -> object:
    module = _LATER.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LATER))


TYPE_CHECKING = False  # (typing is itself a start-up cost)
if TYPE_CHECKING:
    from .actions import borrow, change_settings, deposit, lend, redeem, repay, withdraw
    from .clock import advance_clock, move_prices
    from .interest import PoolRates, pool_rates
    from .orders import cancel_order, max_order_quantity, place_order
    from .state import AccountState, Event, OpenOrder, Outcome, Refusal
