"""A strict JSON loader for every document from outside.

Beyond what ``json`` checks, it refuses what would later be read wrongly or not at all: a second
value for the same key (``json`` silently keeps the last), ``NaN`` and ``Infinity`` (not JSON),
nesting deeper than ``MAX_NESTING`` (``json`` recurses and dies around 1,000), text larger than the
document bound, and bytes that are not UTF-8. Numbers become exact ``Decimal``s, never floats.
"""

from __future__ import annotations

from decimal import Decimal

from ..errors import InputError
from .bounds import MAX_DOCUMENT_BYTES, MAX_NESTING
from .text import printable

TYPE_CHECKING = False  # typing and the json package cost start-up time; json is loaded for errors only
if TYPE_CHECKING:
    from typing import Any


class DocumentError(InputError):
    """A document that is not usable JSON at all (the ``field`` is the document's name)."""


def decode_utf8(data: bytes, source: str) -> str:
    """Bytes as UTF-8 text (a leading byte-order mark is dropped), or an error naming the line."""
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise DocumentError(source, f"line {line}: not UTF-8 text (byte 0x{data[error.start]:02x})") from None


def nesting_depth(value: Any) -> int:
    """How deeply lists and objects nest in a parsed ``value`` (0 for a bare value), without recursion."""
    deepest = 0
    stack = [(value, 1)] if isinstance(value, dict | list) else []
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        for child in node.values() if isinstance(node, dict) else node:
            if isinstance(child, dict | list):
                stack.append((child, depth + 1))
    return deepest


def _quoted(key: str) -> str:
    from _json import encode_basestring

    return encode_basestring(key)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _object_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    document = dict(pairs)
    if len(document) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return document


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class _Strict:
    """What the C scanner (the one ``json.loads`` runs) reads: exact numbers, no constants, no
    duplicate keys."""

    strict = True
    object_hook = None
    object_pairs_hook = staticmethod(_object_without_duplicates)
    parse_float = Decimal
    parse_int = Decimal
    parse_constant = staticmethod(_refuse_constant)


_SPACE = " \t\n\r"  # what JSON skips between values


def _decode(text: str) -> Any:
    """One JSON value filling ``text``; json's own decoder words any problem (ValueError)."""
    start = len(text) - len(text.lstrip(_SPACE))
    try:
        from _json import make_scanner

        settings: Any = _Strict  # read by attribute (typeshed wants a scanner)
        value, end = make_scanner(settings)(text, start)
    except (_DuplicateKey, RecursionError):
        raise
    except Exception:  # a malformed document (or no C scanner): json's decoder says what is wrong
        pass
    else:
        if not text[end:].strip(_SPACE):
            return value
    import json

    return json.JSONDecoder(
        parse_float=Decimal,
        parse_int=Decimal,
        parse_constant=_refuse_constant,
        object_pairs_hook=_object_without_duplicates,
    ).decode(text)


def loads(data: str | bytes, source: str = "document", limit: int = MAX_DOCUMENT_BYTES) -> Any:
    """Parse one JSON document strictly; ``source`` names it in the refusal (a DocumentError)."""
    if len(data) > limit:  # bytes, or characters of text already decoded
        raise DocumentError(source, f"larger than {limit // (1024 * 1024)} MiB")
    text = decode_utf8(data, source) if isinstance(data, bytes) else data.removeprefix("\ufeff")
    try:
        value = _decode(text)
    except _DuplicateKey as duplicate:
        raise DocumentError(
            source, f"unreadable JSON: the key {printable(_quoted(duplicate.key), 80)} appears twice in one object"
        ) from None
    except RecursionError:  # deeper than Python's recursion limit
        raise DocumentError(source, f"unreadable JSON: nested too deeply (at most {MAX_NESTING} levels)") from None
    except ValueError as error:  # JSONDecodeError, or a NaN / Infinity constant
        raise DocumentError(source, f"unreadable JSON: {printable(error, 160)}") from None
    # Parsing recursed up to Python's limit (about 1,000); deeper than MAX_NESTING is refused as well.
    # Fewer brackets than the bound cannot nest beyond it, so most documents skip the walk.
    if text.count("[") + text.count("{") > MAX_NESTING:
        depth = nesting_depth(value)
        if depth > MAX_NESTING:
            raise DocumentError(source, f"unreadable JSON: nested {depth} levels deep (at most {MAX_NESTING})")
    return value
