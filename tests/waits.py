"""How long a test waits for work off the GUI thread or on a timer (a throttled redraw, the playing
clock). Generous, because CI is a loaded 2-core machine; a wait that succeeds costs only the time the
work takes. Arm every wait before the action that triggers it, or wait on an end state (waitUntil)."""

WAIT_MS = 30_000
