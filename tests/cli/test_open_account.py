"""``margin-desk --account NAME`` and ``desktop.app.launch(account=…)``: the window opens on that
account (an imported one with perp positions here), whatever was open last time."""

import json
from decimal import Decimal

import pytest

from desktop.cli import build_parser, run
from desktop.services.accounts import AccountService
from desktop.services.writes import ServiceError
from desktop.store.db import open_store
from tests.cli.test_import_export_cli import ACCOUNT
from tests.conftest import delete_closed_widgets
from tests.waits import on_screen


def closed(window) -> None:
    window.clock.pause()
    store = window.store
    window.close()
    window.deleteLater()
    delete_closed_widgets()
    store.close()


@pytest.fixture
def imported(tmp_path, capsys):
    """A data directory holding Demo and an account imported with perp positions and perp orders."""
    data = tmp_path / "data"
    store = open_store(data)
    try:
        AccountService(store).ensure_demo_account()
    finally:
        store.close()
    source = tmp_path / "account.json"
    source.write_text(json.dumps(ACCOUNT))
    assert run(["import", str(source), "--name", "Imported", "--data-dir", str(data)]) == 0
    capsys.readouterr()
    return data


def test_launch_opens_the_named_account_with_its_positions(qtbot, imported):
    from desktop.app import launch

    first = launch(imported)
    first.switch_account("Demo")  # the window remembers the account open last; --account wins over it
    closed(first)
    window = launch(imported, account="Imported")
    try:
        on_screen(qtbot, window)
        assert window.account_box.currentText() == "Imported"
        assert window.session.name == "Imported"
        assert window.session.origin == "imported"
        positions = window.session.state.account.positions
        assert positions["SOL_USDC_PERP"].net_quantity == -3 and positions["BTC_USDC_PERP"].net_quantity == Decimal(
            "0.01"
        )
        assert {order.id for order in window.session.state.orders} == {"7", "9"}
        table = window.spot.orders_model  # the open orders as the Spot view lists them
        markets = {table.index(row, table.COL_MARKET).data() for row in range(table.rowCount())}
        assert markets == {"SOL-PERP", "ETH-PERP"}
    finally:
        closed(window)


def test_launch_refuses_an_unknown_account_and_leaves_the_store_closed(qapp, imported):
    from desktop.app import launch

    with pytest.raises(ServiceError, match="no account named 'Nope'"):
        launch(imported, account="Nope")
    # The store was released: another launch can open it.
    window = launch(imported, account="Imported")
    closed(window)


def test_the_command_line_takes_account_for_the_window():
    arguments = build_parser().parse_args(["--account", "Imported", "--data-dir", "somewhere"])
    assert arguments.open_account == "Imported" and arguments.handler.__name__ == "handle"
    simulate = build_parser().parse_args(["simulate", "--hours", "1"])
    assert simulate.account == "Demo"  # simulate's own --account is left as it was
