"""Counting the hostile cases the tests try (issue 19 asks for the number).

A test that feeds hostile input calls ``tried(kind)`` once per case; the session's terminal summary
prints the totals (``tests/conftest.py``). Hypothesis-driven tests call it inside the test body, so
each generated example counts once.
"""

from __future__ import annotations

import unicodedata
from collections import Counter

TRIED: Counter[str] = Counter()


def tried(kind: str, count: int = 1) -> None:
    TRIED[kind] += count


UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def assert_one_printable_line(message: str, limit: int = 800) -> None:
    """What every refusal must be: one line, no control/format characters, a readable length."""
    assert message, "an empty message"
    assert len(message) <= limit, f"a {len(message)}-character message"
    bad = [character for character in message if unicodedata.category(character) in UNSAFE_CATEGORIES]
    assert not bad, f"unprintable characters {bad!r} in {message!r}"
