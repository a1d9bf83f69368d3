from tests.standins.backpack import backpack  # noqa: F401 (the fixture)
