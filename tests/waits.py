"""How long a test waits for work off the GUI thread or on a timer (a throttled redraw, the playing
clock). Generous, because CI is a loaded 2-core machine; a wait that succeeds costs only the time the
work takes. Arm every wait before the action that triggers it, or wait on an end state (waitUntil)."""

WAIT_MS = 30_000


def on_screen(qtbot, widget) -> None:
    """Wait until ``widget``'s window is exposed. pytest-qt's ``waitExposed`` is a context manager
    only: called bare after ``show()`` it waits for nothing."""
    qtbot.waitUntil(lambda: (handle := widget.windowHandle()) is not None and handle.isExposed(), timeout=WAIT_MS)
