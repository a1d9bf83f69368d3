"""A guard for the test process against a reference-counting defect of the Qt binding."""

from __future__ import annotations

import ctypes
import sys

_pinned = False


def pin_interpreter_singletons() -> None:
    """PySide6-Essentials 6.12.0 (the cp310-abi3 wheel) on CPython 3.11 drops a reference to ``None`` on
    every call of a method that returns nothing, and to ``True`` in places, as if they were immortal
    (they are only from 3.12 on). A chart repaint makes hundreds of such calls, so a test process dies
    with "Fatal Python error: none_dealloc" after a few thousand of them (the running app too: about
    250 clock ticks with the main window open). Give the three singletons references enough for any
    process. Nothing to do on 3.12 and later."""
    global _pinned
    if _pinned or sys.version_info >= (3, 12):
        return
    _pinned = True
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 40
