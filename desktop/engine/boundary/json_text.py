"""A strict JSON loader for every document from outside.

Beyond what ``json`` checks, it refuses what would later be read wrongly or not at all: a second
value for the same key (``json`` silently keeps the last), ``NaN`` and ``Infinity`` (not JSON),
nesting deeper than ``MAX_NESTING`` (``json`` recurses and dies around 1,000), text larger than the
document bound, and bytes that are not UTF-8. Numbers become exact ``Decimal``s, never floats.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from itertools import accumulate
from typing import Any

from ..errors import InputError
from .bounds import MAX_DOCUMENT_BYTES, MAX_NESTING
from .text import printable

# Strings hold any bracket; drop them before counting the nesting of the rest.
_STRINGS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKETS = re.compile(r"[^\[\]{}]+")
_DEPTH_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


class DocumentError(InputError):
    """A document that is not usable JSON at all (the ``field`` is the document's name)."""


def decode_utf8(data: bytes, source: str) -> str:
    """Bytes as UTF-8 text (a leading byte-order mark is dropped), or an error naming the line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise DocumentError(source, f"line {line}: not UTF-8 text (byte 0x{data[error.start]:02x})") from None


def nesting_depth(text: str) -> int:
    """How deeply arrays and objects nest in ``text`` (0 for a bare value), without recursion."""
    brackets = _BRACKETS.sub("", _STRINGS.sub("", text))
    if not brackets:
        return 0
    return max(accumulate(_DEPTH_STEP[character] for character in brackets))


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


_DECODER = json.JSONDecoder(
    parse_float=Decimal,
    parse_int=Decimal,
    parse_constant=_refuse_constant,
    object_pairs_hook=_object_without_duplicates,
)


def loads(data: str | bytes, source: str = "document", limit: int = MAX_DOCUMENT_BYTES) -> Any:
    """Parse one JSON document strictly; ``source`` names it in the refusal (a DocumentError)."""
    if len(data) > limit:  # bytes, or characters of text already decoded
        raise DocumentError(source, f"larger than {limit // (1024 * 1024)} MiB")
    text = decode_utf8(data, source) if isinstance(data, bytes) else data.removeprefix("\ufeff")
    depth = nesting_depth(text)
    if depth > MAX_NESTING:
        raise DocumentError(source, f"unreadable JSON: nested {depth} levels deep (at most {MAX_NESTING})")
    try:
        return _DECODER.decode(text)
    except _DuplicateKey as duplicate:
        raise DocumentError(
            source, f"unreadable JSON: the key {printable(json.dumps(duplicate.key), 80)} appears twice in one object"
        ) from None
    except RecursionError:  # unbalanced brackets can still fool the depth count
        raise DocumentError(source, "unreadable JSON: nested too deeply") from None
    except ValueError as error:  # JSONDecodeError, or a NaN / Infinity constant
        raise DocumentError(source, f"unreadable JSON: {printable(error, 160)}") from None
