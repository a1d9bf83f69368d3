"""Numbers written as text, read strictly: ASCII digits, one optional sign, point and exponent.

``Decimal()`` alone is loose: it takes ``"1_000"``, Arabic-Indic or fullwidth digits, surrounding
Unicode spaces, ``"NaN"`` and ``"Infinity"``. A price or quantity from outside must look like a
number a person or an exchange writes: ``"150"``, ``"-0.5"``, ``"1e-7"``, ``"2.50E+3"``. (Checked
with string methods, not ``re``: the engine's start-up stays free of it.)
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from .bounds import MAX_NUMBER_TEXT

MAX_EXPONENT_DIGITS = 9


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()  # ASCII 0-9 only: isdigit alone takes "²" and "٣"


def is_plain_number(text: str) -> bool:
    """``[+-]digits[.digits][e[+-]digits]`` with ASCII digits, at least one in the mantissa."""
    if not text or len(text) > MAX_NUMBER_TEXT or not text.isascii():
        return False
    mantissa, has_exponent, exponent = text.replace("E", "e").partition("e")
    if has_exponent:
        if exponent[:1] in ("+", "-"):
            exponent = exponent[1:]
        if len(exponent) > MAX_EXPONENT_DIGITS or not _digits(exponent):
            return False
    if mantissa[:1] in ("+", "-"):
        mantissa = mantissa[1:]
    whole, point, fraction = mantissa.partition(".")
    if not whole and not fraction:
        return False
    return (not whole or _digits(whole)) and (not fraction or _digits(fraction))


def decimal_from_text(text: str) -> Decimal | None:
    """The exact Decimal ``text`` writes, or None when it is not a plainly written finite number."""
    if not is_plain_number(text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # an exponent beyond what Decimal can hold
        return None
