"""UI tests use the ``window`` fixture of tests/conftest.py: the real main window, offscreen."""

from tests.screenshots import themed_window  # noqa: E402, F401 (the fixture: the window, light again afterwards)
from tests.standins.backpack import backpack  # noqa: E402, F401 (the fixture: a loopback Backpack stand-in)
