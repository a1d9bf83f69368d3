"""The trader's actions (MARGIN_MODEL.md §5) as pure functions: state in, Outcome out.

Each action validates its input (check 1), is carried out on a Draft that notes every refusal
code it meets, and is then judged by the checks of §5 in their order; accepted, the automatic
rules (auto repay, Auto Lend) run. Refused, the old state is returned untouched.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from .account import AccountSettings
from .boundary.bounds import MAX_AMOUNT
from .draft import Draft
from .guard import within_bounds
from .numbers import engine_precision, is_multiple_of, plain
from .parameters import MarginParameters
from .records import replace
from .state import AccountState, Outcome, Refusal
from .valuation import AccountValuation, value_account
from .vocabulary import MAX_LEVERAGE_LIMIT, MIN_LEVERAGE_LIMIT, EventType, PoolState, RefusalCode

MESSAGES = {
    "INVALID_QUANTITY": "the quantity is not a positive multiple of the step, or is more than there is",
    "INVALID_PRICE": "the price is not a positive multiple of the tick size",
    "INVALID_SYMBOL": "unknown asset or market",
    "UNKNOWN_ORDER": "no open order has this id",
    "INVALID_TIME": "the clock cannot go backwards",
    "ACCOUNT_LIQUIDATING": "the account is being liquidated and this would lower its available equity",
    "TRADING_PAUSED": "the lending pool or market does not allow this now",
    "REDUCE_ONLY_NOT_REDUCED": "a reduce-only order must be on the other side of the position and no larger",
    "AUTO_LEND_ENABLED": "switch Auto Lend off in the Margin Overview menu first",
    "BORROW_REQUIRES_LEND_REDEEM": "redeem your lend of this asset before borrowing it",
    "LEND_REQUIRES_BORROW_REPAY": "repay your borrow of this asset before lending it",
    "INSUFFICIENT_FUNDS": "not enough of the asset; tick Margin to borrow the rest",
    "INSUFFICIENT_SUPPLY": "the lending pool cannot lend or release that much now",
    "INSUFFICIENT_MARGIN": "not enough available equity (initial margin) for this",
}


def refuse(state: AccountState, code: str, detail: str = "") -> Outcome:
    return Outcome(state=state, refusal=Refusal(code, detail or MESSAGES[code]))


def run_checked(
    state: AccountState,
    parameters: MarginParameters,
    carry_out: Callable[[Draft], None],
    before: AccountValuation | None = None,
) -> Outcome:
    """Carry out a trader's action and judge it by checks 2–8 of §5, in their order; an action that
    would leave the engine's exact range is refused as INVALID_QUANTITY (``guard``). ``before``: the
    valuation of ``state`` when the caller has it (a form previewing at every tick, a search trying
    many quantities on one state)."""
    return within_bounds(state, RefusalCode.INVALID_QUANTITY, lambda: _judged(state, parameters, carry_out, before))


def _judged(
    state: AccountState,
    parameters: MarginParameters,
    carry_out: Callable[[Draft], None],
    before: AccountValuation | None = None,
) -> Outcome:
    if before is None:
        before = value_account(state.account, parameters, state.marks)
    draft = Draft(state, parameters)
    carry_out(draft)
    after = draft.valuation()
    codes = set(draft.problems)
    if before.liquidatable and after.net_equity_available < before.net_equity_available:
        codes.add("ACCOUNT_LIQUIDATING")
    if after.net_equity_available < min(Decimal(0), before.net_equity_available):
        codes.add("INSUFFICIENT_MARGIN")
    if codes:
        return refuse(state, min(codes, key=lambda code: RefusalCode(code).rank))
    draft.apply_automatic_rules()
    return draft.outcome()


def asset_quantity_refusal(
    state: AccountState, parameters: MarginParameters, symbol: str, quantity: Decimal, whole: Decimal | None = None
) -> Outcome | None:
    """Check 1 for an asset action; ``whole`` (a whole balance) is accepted even off the step."""
    if not isinstance(symbol, str) or symbol not in parameters.assets:
        return refuse(state, "INVALID_SYMBOL", f"unknown asset {symbol!r}")
    if not isinstance(quantity, Decimal) or not quantity.is_finite() or quantity <= 0:
        return refuse(state, "INVALID_QUANTITY", "the quantity must be a number above 0")
    if quantity > MAX_AMOUNT:
        return refuse(state, "INVALID_QUANTITY", f"the quantity must be at most {plain(MAX_AMOUNT)}")
    step = parameters.assets[symbol].lending.step_size
    if not is_multiple_of(quantity, step) and quantity != whole:
        return refuse(state, "INVALID_QUANTITY", f"the quantity must be a multiple of {step}")
    return None


@engine_precision
def deposit(state: AccountState, parameters: MarginParameters, symbol: str, quantity: Decimal) -> Outcome:
    refused = asset_quantity_refusal(state, parameters, symbol, quantity)
    if refused:
        return refused

    def carry_out(draft: Draft) -> None:
        draft.change(symbol, available=quantity)
        draft.emit(EventType.DEPOSIT, symbol, quantity)

    return run_checked(state, parameters, carry_out)


@engine_precision
def withdraw(
    state: AccountState,
    parameters: MarginParameters,
    symbol: str,
    quantity: Decimal,
    margin: bool = False,
    before: AccountValuation | None = None,
) -> Outcome:
    """Spend available, then redeem the lend; with Margin ticked, borrow the rest (margin withdrawal).
    ``before``: the state's valuation when the caller has it (``run_checked``)."""
    balance = state.account.balance(symbol)
    refused = asset_quantity_refusal(state, parameters, symbol, quantity, whole=balance.available + balance.lent)
    if refused:
        return refused

    def carry_out(draft: Draft) -> None:
        draft.pay(symbol, quantity, margin, "margin withdrawal" if margin else "withdrawal")
        draft.emit(EventType.WITHDRAWAL, symbol, quantity, reason="margin withdrawal" if margin else None)

    return run_checked(state, parameters, carry_out, before)


@engine_precision
def borrow(state: AccountState, parameters: MarginParameters, symbol: str, quantity: Decimal) -> Outcome:
    """Manual Borrow from the Lend dashboard: the units land in ``available``."""
    refused = asset_quantity_refusal(state, parameters, symbol, quantity)
    if refused:
        return refused

    def carry_out(draft: Draft) -> None:
        if draft.settings.auto_lend:
            draft.problem("AUTO_LEND_ENABLED")
        if draft.balance(symbol).lent:
            draft.problem("BORROW_REQUIRES_LEND_REDEEM")
        draft.borrow(symbol, quantity, "manual borrow")

    return run_checked(state, parameters, carry_out)


@engine_precision
def repay(state: AccountState, parameters: MarginParameters, symbol: str, quantity: Decimal) -> Outcome:
    owed = state.account.balance(symbol).borrowed
    refused = asset_quantity_refusal(state, parameters, symbol, quantity, whole=owed)
    if refused:
        return refused
    if quantity > owed:
        return refuse(state, "INVALID_QUANTITY", f"the borrow is only {owed}")

    def carry_out(draft: Draft) -> None:
        if draft.pool_state(symbol) == PoolState.CLOSED:
            draft.problem("TRADING_PAUSED")
        if draft.balance(symbol).available < quantity:
            draft.problem("INSUFFICIENT_FUNDS")
            return  # nothing to value: a repay never lowers available equity, so check 2 cannot apply
        draft.repay(symbol, quantity, "manual repay")

    return run_checked(state, parameters, carry_out)


@engine_precision
def lend(state: AccountState, parameters: MarginParameters, symbol: str, quantity: Decimal) -> Outcome:
    refused = asset_quantity_refusal(state, parameters, symbol, quantity, whole=state.account.balance(symbol).available)
    if refused:
        return refused

    def carry_out(draft: Draft) -> None:
        if draft.settings.auto_lend:
            draft.problem("AUTO_LEND_ENABLED")
        if draft.balance(symbol).borrowed:
            draft.problem("LEND_REQUIRES_BORROW_REPAY")
        if draft.pool_state(symbol) != PoolState.OPEN:
            draft.problem("TRADING_PAUSED")
        if draft.balance(symbol).available < quantity:
            draft.problem("INSUFFICIENT_FUNDS")
            return  # a lend moves value within the account: check 2 cannot apply
        draft.lend(symbol, quantity, "manual lend")

    return run_checked(state, parameters, carry_out)


@engine_precision
def redeem(state: AccountState, parameters: MarginParameters, symbol: str, quantity: Decimal) -> Outcome:
    lent = state.account.balance(symbol).lent
    refused = asset_quantity_refusal(state, parameters, symbol, quantity, whole=lent)
    if refused:
        return refused
    if quantity > lent:
        return refuse(state, "INVALID_QUANTITY", f"the lend is only {lent}")

    def carry_out(draft: Draft) -> None:
        if draft.settings.auto_lend:
            draft.problem("AUTO_LEND_ENABLED")
        draft.redeem(symbol, quantity, "manual redeem")

    return run_checked(state, parameters, carry_out)


@engine_precision
def change_settings(
    state: AccountState,
    parameters: MarginParameters,
    leverage_limit: int | None = None,
    auto_lend: bool | None = None,
    auto_repay_borrows: bool | None = None,
) -> Outcome:
    """Max Account Leverage (under the margin rule), Auto Lend, auto repay."""
    current = state.account.settings
    settings = AccountSettings(
        leverage_limit=current.leverage_limit if leverage_limit is None else leverage_limit,
        auto_lend=current.auto_lend if auto_lend is None else auto_lend,
        auto_repay_borrows=current.auto_repay_borrows if auto_repay_borrows is None else auto_repay_borrows,
    )
    if not MIN_LEVERAGE_LIMIT <= settings.leverage_limit <= MAX_LEVERAGE_LIMIT:
        return refuse(state, "INVALID_QUANTITY", "Max Account Leverage must be a whole number from 1 to 50")

    def carry_out(draft: Draft) -> None:
        draft.settings = settings
        draft.emit(
            EventType.SETTINGS_CHANGED,
            "",
            reason=_settings_sentence(current, settings),
            leverageLimit=str(settings.leverage_limit),
            autoLend=settings.auto_lend,
            autoRepayBorrows=settings.auto_repay_borrows,
        )

    return run_checked(state, parameters, carry_out)


def _settings_sentence(old: AccountSettings, new: AccountSettings) -> str:
    parts = []
    if old.leverage_limit != new.leverage_limit:
        parts.append(f"Max Account Leverage {old.leverage_limit}x → {new.leverage_limit}x")
    if old.auto_lend != new.auto_lend:
        parts.append(f"Auto Lend {'on' if new.auto_lend else 'off'}")
    if old.auto_repay_borrows != new.auto_repay_borrows:
        parts.append(f"auto repay {'on' if new.auto_repay_borrows else 'off'}")
    return ", ".join(parts) or "no change"


def with_settings(state: AccountState, settings: AccountSettings) -> AccountState:
    return replace(state, account=replace(state.account, settings=settings))
