"""Numbers written as text, read strictly: ASCII digits, one optional sign, point and exponent.

``Decimal()`` alone is loose: it takes ``"1_000"``, Arabic-Indic or fullwidth digits, surrounding
Unicode spaces, ``"NaN"`` and ``"Infinity"``. A price or quantity from outside must look like a
number a person or an exchange writes: ``"150"``, ``"-0.5"``, ``"1e-7"``, ``"2.50E+3"``.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from .bounds import MAX_NUMBER_TEXT

NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,9})?", re.ASCII)


def decimal_from_text(text: str) -> Decimal | None:
    """The exact Decimal ``text`` writes, or None when it is not a plainly written finite number."""
    if len(text) > MAX_NUMBER_TEXT or not NUMBER.fullmatch(text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # an exponent beyond what Decimal can hold
        return None
