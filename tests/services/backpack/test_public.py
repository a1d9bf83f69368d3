"""The public endpoints read from the documented bodies: Decimal numbers, unknown fields ignored,
skipped market types, and a missing or malformed field named with its endpoint."""

from decimal import Decimal

import pytest

from desktop.services.backpack.errors import BackpackResponseError
from desktop.services.backpack.http import Transport
from desktop.services.backpack.public import PublicClient


@pytest.fixture
def client(backpack):
    with PublicClient(Transport(backpack.url, sleep=lambda seconds: None)) as opened:
        yield opened


def test_markets_keep_spot_and_perp_and_skip_every_other_type_unread(client):
    markets = {market.symbol: market for market in client.markets()}
    assert set(markets) == {
        "SOL_USDC", "BTC_USDC", "ETH_USDC", "JTO_USDC", "WIF_USDC", "SOL_USDC_PERP", "BTC_USDC_PERP", "DOGE_USDC_PERP"
    }  # fmt: skip
    sol_perp = markets["SOL_USDC_PERP"]  # the real [CX] body
    assert sol_perp.funding_interval == 28800000  # sent as the string "28800000"
    assert (sol_perp.imf_function.base, sol_perp.imf_function.factor) == (Decimal("0.02"), Decimal("0.0001275"))
    assert (sol_perp.mmf_function.base, sol_perp.mmf_function.factor) == (Decimal("0.0125"), Decimal("0.0000765"))
    assert (sol_perp.tick_size, sol_perp.step_size, sol_perp.min_quantity) == (Decimal("0.01"),) * 3
    assert sol_perp.visible and sol_perp.order_book_state == "Open"
    assert markets["BTC_USDC_PERP"].funding_interval == 3600000  # sent as a JSON number
    spot = markets["SOL_USDC"]
    assert spot.imf_function is None and spot.funding_interval is None  # spot ignores its null functions


def test_collateral_reads_both_haircut_kinds_and_numbers_sent_as_json_numbers(client):
    rows = {row.symbol: row for row in client.collateral()}
    assert list(rows) == ["USDC", "SOL", "BTC", "ETH", "JTO"]
    assert rows["USDC"].haircut_function.kind == "identity" and rows["USDC"].haircut_function.weight == 1
    sol = rows["SOL"].haircut_function
    assert (sol.kind, sol.weight, sol.base, sol.positive_curve_penalty) == (
        "inverseSqrt", Decimal("0.95"), Decimal("1.1"), Decimal("0.00025")
    )  # fmt: skip
    assert rows["BTC"].haircut_function.weight == Decimal("0.95")  # a JSON number, exactly
    assert rows["SOL"].imf_function.factor == Decimal("0.00006")


def test_borrow_lend_markets_read_the_real_fixture_exactly(client):
    usdc = next(row for row in client.borrow_lend_markets() if row.symbol == "USDC")
    assert usdc.asset_mark_price == Decimal("1.0001")
    assert usdc.borrowed_quantity == Decimal("1500000.50") and usdc.lent_quantity == Decimal("5000000.00")
    assert usdc.step_size == Decimal("0.0000000001")
    assert (usdc.optimal_utilization, usdc.throttle_utilization_bound) == (Decimal("0.9"), Decimal("0.95"))
    assert usdc.timestamp == "2026-07-30T00:53:00.000Z" and usdc.utilization == Decimal("0.30")


def test_mark_prices_for_perps_by_default_and_spot_on_request(backpack, client):
    perps = {mark.symbol: mark for mark in client.mark_prices()}
    btc = perps["BTC_USDC_PERP"]  # the real [CX] body
    assert btc.mark_price == Decimal("118343.51853741") and btc.next_funding_timestamp == 1753113600000
    assert perps["SOL_USDC_PERP"].funding_rate == Decimal("-0.0000039641039274236048482914")  # 29 digits kept
    assert perps["DOGE_USDC_PERP"].funding_rate == Decimal("0.0000125")  # JSON numbers
    spot = {mark.symbol: mark for mark in client.mark_prices("SPOT")}
    assert spot["JTO_USDC"].mark_price == Decimal("3.0123") and spot["JTO_USDC"].funding_rate is None
    assert [request.key for request in backpack.requests] == [
        "/api/v1/markPrices",
        "/api/v1/markPrices?marketType=SPOT",
    ]


def test_status_reads_ok_and_maintenance(backpack, client):
    assert client.status().ok
    backpack.routes["/api/v1/status"] = {"status": "Maintenance", "message": "Upgrading", "eta": 5}
    status = client.status()
    assert not status.ok and status.message == "Upgrading"


def test_function_types_backpack_may_add_are_kept_by_name(backpack, client):
    backpack.routes["/api/v1/collateral"][1]["imfFunction"] = {"type": "cubic", "a": "1"}
    backpack.routes["/api/v1/collateral"][2]["haircutFunction"]["kind"] = {"type": "stepwise"}
    rows = {row.symbol: row for row in client.collateral()}
    assert rows["SOL"].imf_function.type == "cubic" and rows["SOL"].imf_function.base is None
    assert rows["BTC"].haircut_function.kind == "stepwise"


def _drop(route_body, symbol, path):
    row = next(item for item in route_body if item.get("symbol") == symbol)
    *parents, last = path.split(".")
    for key in parents:
        row = row[key]
    del row[last]


@pytest.mark.parametrize(
    ("route", "symbol", "path", "read", "message"),
    [
        ("/api/v1/collateral", "SOL", "haircutFunction.weight", "collateral",
         "GET /api/v1/collateral: SOL.haircutFunction.weight: missing"),
        ("/api/v1/collateral", "SOL", "haircutFunction.kind.positiveCurvePenalty", "collateral",
         "GET /api/v1/collateral: SOL.haircutFunction.kind.positiveCurvePenalty: missing"),
        ("/api/v1/collateral", "USDC", "mmfFunction", "collateral", "GET /api/v1/collateral: USDC.mmfFunction: missing"),
        ("/api/v1/markets", "SOL_USDC_PERP", "filters.price.tickSize", "markets",
         "GET /api/v1/markets: SOL_USDC_PERP.filters.price.tickSize: missing"),
        ("/api/v1/markets", "SOL_USDC_PERP", "mmfFunction.factor", "markets",
         "GET /api/v1/markets: SOL_USDC_PERP.mmfFunction.factor: missing"),
        ("/api/v1/markets", "BTC_USDC", "filters.quantity.stepSize", "markets",
         "GET /api/v1/markets: BTC_USDC.filters.quantity.stepSize: missing"),
        ("/api/v1/borrowLend/markets", "USDC", "lentQuantity", "borrow_lend_markets",
         "GET /api/v1/borrowLend/markets: USDC.lentQuantity: missing"),
        ("/api/v1/markPrices", "BTC_USDC_PERP", "markPrice", "mark_prices",
         "GET /api/v1/markPrices: BTC_USDC_PERP.markPrice: missing"),
    ],
)  # fmt: skip
def test_a_missing_required_field_names_the_endpoint_and_the_field(
    backpack, client, route, symbol, path, read, message
):
    _drop(backpack.routes[route], symbol, path)
    with pytest.raises(BackpackResponseError) as raised:
        getattr(client, read)()
    assert str(raised.value) == message


def test_a_row_without_a_symbol_is_named_by_its_place(backpack, client):
    del backpack.routes["/api/v1/borrowLend/markets"][2]["symbol"]
    with pytest.raises(BackpackResponseError, match=r"^GET /api/v1/borrowLend/markets: \[2\]\.symbol: missing$"):
        client.borrow_lend_markets()


def test_a_missing_status_is_named(backpack, client):
    backpack.routes["/api/v1/status"] = {"message": None}
    with pytest.raises(BackpackResponseError, match="^GET /api/v1/status: status: missing$"):
        client.status()


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("abc", 'not a number: "abc"'),
        ("1_000", 'not a number: "1_000"'),
        ("١٢", 'not a number: "١٢"'),  # Arabic-Indic digits
        ("１２", 'not a number: "１２"'),  # fullwidth digits
        (" 12", 'not a number: " 12"'),
        ("NaN", 'not a number: "NaN"'),
        ("Infinity", 'not a number: "Infinity"'),
        ("", 'not a number: ""'),
        ("1e999999", 'out of range (|x| must lie between 1e-24 and 1e24): "1e999999"'),
        ("9" * 30, 'out of range (|x| must lie between 1e-24 and 1e24): "999999999999999999999999999999"'),
        ("1\x1b[2J", 'not a number: "1\\x1b[2J"'),
        (True, "expected a number, got true"),
        (None, "missing"),
        ({"v": 1}, "expected a number, got an object"),
        ([1], "expected a number, got a list"),
    ],
)
def test_a_number_that_is_not_one_is_named(backpack, client, value, problem):
    backpack.routes["/api/v1/borrowLend/markets"][1]["fee"] = value
    with pytest.raises(BackpackResponseError) as raised:
        client.borrow_lend_markets()
    assert str(raised.value) == f"GET /api/v1/borrowLend/markets: SOL.fee: {problem}"


def test_a_whole_number_field_refuses_a_fraction(backpack, client):
    backpack.routes["/api/v1/markets"][5]["fundingInterval"] = "3600000.5"
    with pytest.raises(BackpackResponseError, match=r"SOL_USDC_PERP\.fundingInterval: expected a whole number"):
        client.markets()


@pytest.mark.parametrize("body", [{"markets": []}, "pong", 42])
def test_an_object_where_a_list_belongs_is_named(backpack, client, body):
    backpack.routes["/api/v1/markets"] = body
    with pytest.raises(BackpackResponseError, match=r"^GET /api/v1/markets: (expected a JSON array|malformed JSON)"):
        client.markets()
