"""``margin-desk import`` and ``export``: an ACCOUNT.json with perp positions and perp orders becomes an
account and comes back out identically; ``evaluate`` and ``apply`` read the export; a bad file is
one line naming the field, exit 2, and nothing is created."""

import copy
import json
import subprocess
import sys
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.cli import run
from desktop.engine.vocabulary import AccountOrigin
from desktop.services.accounts import AccountService
from desktop.services.integrity import verify_store
from desktop.store.db import open_store

ACCOUNT = {
    "settings": {"leverageLimit": "8", "autoLend": False, "autoRepayBorrows": False},
    "balances": {
        "USDC": {"available": "5000", "locked": "0", "lent": "0", "borrowed": "0", "pendingBorrow": "0"},
        "SOL": {"available": "10", "locked": "0", "lent": "0", "borrowed": "0", "pendingBorrow": "0"},
    },
    "markPrices": {"SOL": "140"},
    "time": "2026-11-21T03:00:00Z",
    "positions": {
        "SOL_USDC_PERP": {"netQuantity": "-3", "entryPrice": "150", "settledPrice": "145"},
        "BTC_USDC_PERP": {"netQuantity": "0.01", "entryPrice": "94000"},
    },
    "openOrders": [
        {"id": "7", "symbol": "SOL_USDC_PERP", "side": "Bid", "price": "130", "quantity": "1", "reduceOnly": True},
        {"id": "9", "symbol": "ETH_USDC_PERP", "side": "Ask", "price": "4000", "quantity": "0.5"},
    ],
}


def write(path, document) -> str:
    path.write_text(document if isinstance(document, str) else json.dumps(document))
    return str(path)


def exported(capsys, data, name: str) -> dict:
    capsys.readouterr()
    assert run(["export", name, "--data-dir", str(data)]) == 0
    return json.loads(capsys.readouterr().out)


def refused(capsys, *arguments: str) -> str:
    capsys.readouterr()
    assert run(list(arguments)) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("margin-desk: "), captured.err
    return lines[0]


def test_import_then_export_gives_the_file_back_with_positions_and_perp_orders(capsys, tmp_path):
    data = tmp_path / "data"
    source = write(tmp_path / "account.json", ACCOUNT)
    assert run(["import", source, "--name", "Imported", "--data-dir", str(data)]) == 0
    assert "2 perp position(s), 2 open order(s)" in capsys.readouterr().out
    document = exported(capsys, data, "Imported")
    assert document["positions"] == {
        "BTC_USDC_PERP": {"netQuantity": "0.01", "entryPrice": "94000", "settledPrice": "94000"},
        "SOL_USDC_PERP": {"netQuantity": "-3", "entryPrice": "150", "settledPrice": "145"},
    }
    assert document["openOrders"] == [
        {"id": "7", "symbol": "SOL_USDC_PERP", "side": "Bid", "price": "130", "quantity": "1", "reduceOnly": True},
        {"id": "9", "symbol": "ETH_USDC_PERP", "side": "Ask", "price": "4000", "quantity": "0.5", "reduceOnly": False},
    ]
    assert document["balances"] == ACCOUNT["balances"] and document["settings"] == ACCOUNT["settings"]
    assert document["time"] == ACCOUNT["time"] and document["markPrices"]["SOL"] == "140"

    again = write(tmp_path / "exported.json", document)
    assert run(["import", again, "--name", "Again", "--data-dir", str(data)]) == 0
    assert exported(capsys, data, "Again") == document

    store = open_store(data)
    try:
        accounts = AccountService(store)
        assert verify_store(accounts).whole
        assert accounts.load("Imported").row.origin == AccountOrigin.IMPORTED
    finally:
        store.close()


def test_the_export_goes_to_a_file_that_evaluate_and_apply_read(capsys, tmp_path):
    data = tmp_path / "data"
    assert run(["import", write(tmp_path / "a.json", ACCOUNT), "--name", "A", "--data-dir", str(data)]) == 0
    out = tmp_path / "out.json"
    capsys.readouterr()
    assert run(["export", "A", "--out", str(out), "--data-dir", str(data)]) == 0
    assert capsys.readouterr().out == ""
    assert not list(tmp_path.glob(".out.json.*"))  # the temporary file was renamed into place
    capsys.readouterr()
    assert run(["evaluate", str(out)]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert [row["symbol"] for row in figures["positions"]] == ["BTC_USDC_PERP", "SOL_USDC_PERP"]
    actions = write(tmp_path / "actions.json", [{"type": "price", "symbol": "SOL", "markPrice": "135"}])
    assert run(["apply", str(out), actions]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["results"][0]["ok"] and "SOL_USDC_PERP" in result["account"]["positions"]


BAD_FILES = [
    (
        {"positions": {"SOL_USDC_PERP": {"netQuantity": "0", "entryPrice": "150"}}},
        "positions.SOL_USDC_PERP.netQuantity",
    ),
    ({"positions": {"XYZ_USDC_PERP": {"netQuantity": "1", "entryPrice": "1"}}}, "positions.XYZ_USDC_PERP"),
    ({"positions": {"SOL_USDC_PERP": {"netQuantity": "0.001", "entryPrice": "1"}}}, "netQuantity"),
    ({"positions": {"SOL_USDC_PERP": {"netQuantity": "1", "entryPrice": "-1"}}}, "positions.SOL_USDC_PERP.entryPrice"),
    ({"balances": {"USDC": {"available": "-5"}}}, "balances.USDC.available"),
    ({"openOrders": [{"id": "1", "symbol": "SOL_USDC_PERP", "side": "Up", "price": "1", "quantity": "1"}]}, "side"),
    ({"openOrders": [{"id": "1", "symbol": "SOL_USDC_PERP", "side": "Bid", "price": "1"}]}, "openOrders[0].quantity"),
    ("{not json", "account.json"),
]


@pytest.mark.parametrize(("document", "field"), BAD_FILES)
def test_a_bad_file_is_one_line_naming_the_field_and_creates_nothing(capsys, tmp_path, document, field):
    if isinstance(document, dict):
        document = {"balances": {"USDC": {"available": "100"}}, **document}
    source = write(tmp_path / "account.json", document)
    data = tmp_path / "data"
    line = refused(capsys, "import", source, "--name", "Bad", "--data-dir", str(data))
    assert field in line
    assert not data.exists()  # the file was refused before the store was opened


def test_a_taken_name_or_an_unknown_account_is_one_line(capsys, tmp_path):
    data = tmp_path / "data"
    source = write(tmp_path / "a.json", ACCOUNT)
    assert run(["import", source, "--name", "A", "--data-dir", str(data)]) == 0
    assert "already an account named 'A'" in refused(capsys, "import", source, "--name", "A", "--data-dir", str(data))
    assert "no account named 'B'" in refused(capsys, "export", "B", "--data-dir", str(data))
    capsys.readouterr()
    with pytest.raises(SystemExit) as stopped:  # argparse's own refusal, worded in one line too
        run(["import", source, "--data-dir", str(data)])
    assert stopped.value.code == 2
    assert capsys.readouterr().err.splitlines() == [
        "margin-desk import: the following arguments are required: --name (see margin-desk --help)"
    ]


def test_the_process_exits_2_with_one_line(tmp_path):
    source = write(tmp_path / "a.json", {"positions": {"SOL_USDC_PERP": {"netQuantity": "1"}}})
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "import", source, "--name", "X", "--data-dir", str(tmp_path / "d")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [f"margin-desk: {source}: positions.SOL_USDC_PERP.entryPrice: missing"]


PERPS = {
    "SOL_USDC_PERP": (D("0.01"), D("0.01")),
    "BTC_USDC_PERP": (D("0.0001"), D("0.1")),
    "DOGE_USDC_PERP": (D(1), D("0.00001")),
}


@st.composite
def positions(draw):
    chosen = draw(st.lists(st.sampled_from(sorted(PERPS)), unique=True, max_size=3))
    result = {}
    for symbol in chosen:
        step, tick = PERPS[symbol]
        steps = draw(st.integers(min_value=1, max_value=10**6)) * draw(st.sampled_from([1, -1]))
        entry = draw(st.integers(min_value=1, max_value=10**7)) * tick
        settled = draw(st.integers(min_value=1, max_value=10**7)) * tick
        result[symbol] = {"netQuantity": str(steps * step), "entryPrice": str(entry), "settledPrice": str(settled)}
    return result


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(held=positions(), reduce_only=st.booleans())
def test_any_few_positions_round_trip_through_import_and_export(capsys, tmp_path_factory, held, reduce_only):
    tmp_path = tmp_path_factory.mktemp("round")
    data = tmp_path / "data"
    document = copy.deepcopy(ACCOUNT)
    document["positions"] = held
    document["openOrders"][0]["reduceOnly"] = reduce_only
    assert run(["import", write(tmp_path / "a.json", document), "--name", "P", "--data-dir", str(data)]) == 0
    first = exported(capsys, data, "P")
    assert {
        symbol: tuple(D(row[key]) for key in ("netQuantity", "entryPrice", "settledPrice"))
        for symbol, row in first.get("positions", {}).items()
    } == {
        symbol: tuple(D(row[key]) for key in ("netQuantity", "entryPrice", "settledPrice"))
        for symbol, row in held.items()
    }
    assert run(["import", write(tmp_path / "b.json", first), "--name", "Q", "--data-dir", str(data)]) == 0
    assert exported(capsys, data, "Q") == first
