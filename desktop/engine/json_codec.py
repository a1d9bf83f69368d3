"""JSON text in and out without importing the ``json`` package: the same results, a faster start.

The ``json`` package compiles six regular expressions as it is imported (and imports ``re`` to do
so): a tenth of a ``margin-desk evaluate`` process. Reading here uses the C scanner that
``json.loads`` itself runs, with the same settings; writing produces ``json.dumps(value, indent=2,
ensure_ascii=False)`` for the plain values the engine's answers are made of, with json's own C
string encoder. Anything else (a malformed document, a value this writer does not take) goes to the
``json`` package, so results and error messages stay json's own.
"""

from __future__ import annotations

from _json import encode_basestring, make_scanner

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

_SPACE = " \t\n\r"  # what json skips between values
_CONSTANTS = {"-Infinity": float("-inf"), "Infinity": float("inf"), "NaN": float("nan")}


class _Settings:
    """What the C scanner reads from ``json.JSONDecoder`` (the defaults of ``json.loads``)."""

    strict = True
    object_hook = None
    object_pairs_hook = None

    def __init__(self, parse_float: Callable[[str], Any] | None, parse_int: Callable[[str], Any] | None) -> None:
        self.parse_float = parse_float or float
        self.parse_int = parse_int or int
        self.parse_constant = _CONSTANTS.__getitem__


def read_json(
    text: str, *, parse_float: Callable[[str], Any] | None = None, parse_int: Callable[[str], Any] | None = None
) -> Any:
    """``json.loads(text, parse_float=..., parse_int=...)``."""
    if isinstance(text, str):
        start = len(text) - len(text.lstrip(_SPACE))
        settings: Any = _Settings(parse_float, parse_int)  # read by attribute (typeshed wants a scanner)
        try:
            value, end = make_scanner(settings)(text, start)
        except Exception:  # json words the problem (or the C scanner is missing): ask it
            pass
        else:
            if end == len(text) or not text[end:].strip(_SPACE):
                return value
    import json

    return json.loads(text, parse_float=parse_float, parse_int=parse_int)


class _NotPlain(Exception):
    """A value the quick writer leaves to json (floats, non-string keys, unknown types)."""


def write_json(value: Any) -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False)``."""
    try:
        return _write(value, "\n")
    except (_NotPlain, RecursionError):
        import json

        return json.dumps(value, indent=2, ensure_ascii=False)


def _write(value: Any, newline: str) -> str:
    """``newline`` is a line break and the indent of the current level."""
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    inner = newline + "  "
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = []
        for key, item in value.items():
            if not isinstance(key, str):
                raise _NotPlain
            items.append(f"{encode_basestring(key)}: {_write(item, inner)}")
        return "{" + inner + ("," + inner).join(items) + newline + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        return "[" + inner + ("," + inner).join(_write(item, inner) for item in value) + newline + "]"
    raise _NotPlain
