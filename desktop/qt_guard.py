"""A guard against a reference-counting defect of the Qt binding.

PySide6-Essentials 6.12.0 (the abi3 wheel) on CPython 3.11 drops a reference to ``None`` (and to
``True``/``False`` in places) on every call of a method that returns nothing, as if they were
immortal — they are only from Python 3.12 on. The process then aborts with "Fatal Python error:
none_dealloc" after a few hundred clock ticks with the window open. pyproject.toml keeps PySide6
below 6.12; if a broken build is installed anyway, this check finds it at start-up and gives the
three singletons references enough for any process (what 3.12 does by making them immortal).
"""

from __future__ import annotations

import ctypes
import logging
import sys

log = logging.getLogger(__name__)
_PROBES = 64
_guarded = False


def binding_drops_references() -> bool:
    """Call a void Qt method a few times and see whether ``None`` lost references."""
    if sys.version_info >= (3, 12):
        return False
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(_PROBES):
        probe.setObjectName("probe")
    return sys.getrefcount(None) <= before - _PROBES // 2


def guard_against_binding_refcount_defect() -> bool:
    """Pin None/True/False if the installed binding drops their references. True if it did."""
    global _guarded
    if _guarded or not binding_drops_references():
        return _guarded
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 40
    _guarded = True
    import PySide6

    log.warning(
        "PySide6 %s drops references to None on Python %s; pinned None/True/False so the app "
        "does not abort. Install PySide6-Essentials < 6.12 (pyproject.toml does) or use Python 3.12+.",
        PySide6.__version__,
        sys.version.split()[0],
    )
    return True
