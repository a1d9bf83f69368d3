from tests.standins.backpack import backpack  # noqa: F401 (the fixture)
from tests.standins.backpack_signed import signed_backpack  # noqa: F401 (the fixture)
