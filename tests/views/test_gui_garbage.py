"""The app collects reference cycles from its event loop, never in the middle of a paint."""

import gc
import weakref

from desktop.app import application
from desktop.gui_garbage import GuiGarbageCollector
from tests.waits import WAIT_MS


class Node:
    pass


def test_the_app_turns_automatic_collection_off_and_collects_cycles_between_events(qtbot, qapp):
    application()
    collector = qapp.findChild(GuiGarbageCollector)
    assert collector is not None and collector.timer.isActive()
    application()
    assert len(qapp.findChildren(GuiGarbageCollector)) == 1  # installed once however often it is asked
    assert not gc.isenabled()

    cycle = Node()
    cycle.itself = cycle
    gone = weakref.ref(cycle)
    del cycle
    kept = [[] for _ in range(gc.get_threshold()[0] * 2)]  # enough young objects for a collection
    assert gone() is not None  # nothing collects it outside the event loop
    qtbot.waitUntil(lambda: gone() is None, timeout=WAIT_MS)
    assert kept
