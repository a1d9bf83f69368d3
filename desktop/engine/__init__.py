"""The margin engine (`bp-cross-v1`, MARGIN_MODEL.md): pure Python over Decimal, no Qt, no database.

The API the services and the UI call:

- ``load_parameters(json_object)`` → ``MarginParameters`` (a validated snapshot)
- ``value_account(account, parameters, marks)`` → ``AccountValuation`` (net equity, IM, MM, …)
- ``account_limits(account, parameters, marks, pools)`` → ``{symbol: AssetLimits}``
- ``contract.evaluate(account_json, parameters)`` → the ``margin-desk evaluate`` object
"""

from .account import Account, AccountSettings, AssetBalance
from .errors import InputError, ParameterError
from .limits import AssetLimits, account_limits, asset_limits
from .parameters import AssetRules, MarginParameters, ModelAssumptions, Pool, SpotMarket, load_parameters
from .valuation import AccountValuation, AssetTerms, AssetValuation, value_account

MODEL_VERSION = "bp-cross-v1"

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
    "Pool",
    "SpotMarket",
    "account_limits",
    "asset_limits",
    "load_parameters",
    "value_account",
]
