"""The parameters' margin curves as plain functions of one number, built once per rules object: the
MMF of an exposure (``size_scaled`` without a floor) and the collateral weight of a notional
(``Haircut.weight_at``). What does not depend on that number (squares, the room below the curve) is
worked out once; the rest runs the same operations on the same numbers, so each gives the same result
to the last digit. The liquidation price's search evaluates them a dozen times an asset.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, localcontext

from .numbers import _ROOT_SKIP_MARGIN, ENGINE_CONTEXT, ONE, ZERO
from .parameters import _ROOM_WORTH_A_SHORTCUT, Haircut

# The parameters outlive the ticks: their functions are built once per margin function or haircut,
# keyed by identity (the object is kept beside its function, so an id is never reused while cached).
_FUNCTIONS: dict[int, tuple[object, Callable[[Decimal], Decimal]]] = {}
_MOST_FUNCTIONS = 512


def mmf_function(function) -> Callable[[Decimal], Decimal]:
    """``size_scaled(function, E)`` as a function of E, for one margin function (``_mmf_of``)."""
    return _kept(function, _mmf_of)


def weight_function(haircut: Haircut) -> Callable[[Decimal], Decimal]:
    """``haircut.weight_at`` as a function of the notional, for one haircut (``_weight_of``)."""
    return _kept(haircut, _weight_of)


def _kept(rules, build) -> Callable[[Decimal], Decimal]:
    """``build(rules)``, worked out once per rules object (kept by identity, with the object itself so
    that a new object at a freed address is not taken for the old)."""
    found = _FUNCTIONS.get(id(rules))
    if found is None or found[0] is not rules:
        if len(_FUNCTIONS) > _MOST_FUNCTIONS:  # snapshots come and go: do not keep their rules alive
            _FUNCTIONS.clear()
        with localcontext(ENGINE_CONTEXT):
            found = _FUNCTIONS[id(rules)] = (rules, build(rules))
    return found[1]


def _mmf_of(function) -> Callable[[Decimal], Decimal]:
    """``size_scaled(function, E)`` (no floor) with what does not depend on E worked out once: the
    same operations on the same numbers, so the same result to the last digit."""
    base, factor = function.base, function.factor
    cap = max(base, ZERO)
    factor_squared, cap_squared = factor * factor, cap * cap

    def mmf(exposure: Decimal) -> Decimal:
        if exposure >= 0 and factor_squared * exposure * _ROOT_SKIP_MARGIN < cap_squared:
            return cap
        return max(base, ZERO, factor * exposure.sqrt())

    return mmf


def _weight_of(haircut: Haircut) -> Callable[[Decimal], Decimal]:
    """``haircut.weight_at`` with what does not depend on the notional worked out once (as ``_mmf_of``)."""
    weight = haircut.weight
    if haircut.is_identity or not weight:
        return lambda notional: weight
    base, penalty = haircut.curve_base, haircut.positive_curve_penalty
    room = base / weight - ONE
    shortcut = room > _ROOM_WORTH_A_SHORTCUT
    penalty_squared, room_squared = penalty * penalty, room * room

    def weight_at(notional: Decimal) -> Decimal:
        if shortcut and notional >= 0 and penalty_squared * notional * _ROOT_SKIP_MARGIN < room_squared:
            return weight
        curve = base / (ONE + penalty * notional.sqrt())
        return curve if curve < weight else weight

    return weight_at
