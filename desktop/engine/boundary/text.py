"""Messages that are safe to print: one line, no control characters, a readable length.

Field names and values in messages come from outside (a JSON key can hold a newline or an ANSI
escape), so every message is passed through ``printable`` before it reaches a terminal, a log or a
dialog: control, format and separator characters become visible escapes (``\\n``, ``\\x1b``,
``\\u202e``), and long text is cut with an ellipsis.
"""

from __future__ import annotations

from decimal import Decimal

TYPE_CHECKING = False  # typing costs start-up time; these names are for the type checker
if TYPE_CHECKING:
    from typing import Any

MAX_MESSAGE = 400  # characters of one whole message
MAX_QUOTED = 60  # characters of one quoted value inside a message

# Unicode categories that must never reach a terminal raw: controls (C0, C1, DEL), format characters
# (bidi overrides, zero-width joiners), surrogates, private use, unassigned, line and paragraph separators.
_UNSAFE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def _escape(character: str) -> str:
    code = ord(character)
    if character == "\n":
        return "\\n"
    if character == "\r":
        return "\\r"
    if character == "\t":
        return "\\t"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def printable(text: Any, limit: int = MAX_MESSAGE) -> str:
    """``text`` on one line with every unsafe character escaped, cut to ``limit`` characters."""
    text = str(text)
    if len(text) > limit * 4:  # never walk a huge text character by character
        text = text[: limit * 4]
    if text.isprintable():  # no Other or Separator character but the space: nothing to escape
        cleaned = text
    else:
        import unicodedata  # only for text that needs it: a start-up cost otherwise

        cleaned = "".join(
            _escape(character) if unicodedata.category(character) in _UNSAFE else character for character in text
        )
    if len(cleaned) > limit:
        cleaned = cleaned[: limit - 1] + "…"
    return cleaned


def describe(value: Any) -> str:
    """A short, printable description of a JSON value, for "expected …, got …" messages."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)):
        return printable(value, MAX_QUOTED)
    if isinstance(value, str):
        shown = printable(value, MAX_QUOTED)
        return f'"{shown}"'
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, (list, tuple)):
        return "a list"
    return f"a {type(value).__name__}"
