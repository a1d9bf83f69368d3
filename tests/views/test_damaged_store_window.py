"""The window never writes a store that fails its integrity check (issue 19, item 8): it has no
read-only mode yet, so it refuses to open in one message that says why and names ``margin-desk verify``,
and the file stays byte for byte as it was (before, the window kept writing a store verify called
DAMAGED)."""

import pytest

from desktop.app import launch
from desktop.paths import DATABASE_FILE
from desktop.store.db import StoreError
from tests.hostile import tried
from tests.store.test_damaged_store import damage, dump


@pytest.mark.parametrize(
    "kind", ["a balance changed", "a ledger event deleted", "a balance written loosely", "a damaged page"]
)
def test_a_damaged_store_is_not_opened_by_the_window_and_not_written(qapp, tmp_path, kind):
    tried("store damage")
    data = tmp_path / "data"
    damage(data, kind)
    before = dump(data / DATABASE_FILE)
    with pytest.raises(StoreError) as refused:
        launch(data)
    message = str(refused.value)
    assert "margin-desk verify" in message and ("damaged" in message or "does not match" in message), message
    assert dump(data / DATABASE_FILE) == before
