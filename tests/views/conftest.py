"""UI tests use the ``window`` fixture of tests/conftest.py: the real main window, offscreen."""
