"""History import: the last 30 days of fills, interest, funding and settlements, page by page, signed."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal as D

import pytest

from desktop.services.backpack.errors import BackpackResponseError
from desktop.services.backpack.history import read_history
from desktop.services.backpack.http import Transport
from desktop.services.backpack.private import AccountClient
from desktop.services.backpack.signing import SigningKey
from tests.standins.backpack_account_bodies import EXAMPLE_API_KEY, EXAMPLE_SECRET
from tests.standins.backpack_signed import paged

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def naive(moment):
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="milliseconds")


def fills(count, every):
    rows = []
    for n in range(count):
        row = {
            "fee": "0.01", "feeSymbol": "USDC", "isMaker": n % 2 == 0, "orderId": str(9000 + n), "price": "150",
            "quantity": "0.1", "side": "Bid", "symbol": "SOL_USDC", "timestamp": naive(NOW - n * every),
            "tradeId": 100000 + n,
        }  # fmt: skip
        if n % 500 == 7:
            row["systemOrderType"] = "LiquidatePositionOnBook"
        rows.append(row)
    return rows


def hourly(count, **row):
    return [row | {"timestamp": naive(NOW - timedelta(hours=n))} for n in range(count)]


@pytest.fixture
def history(signed_backpack):
    signed_backpack.bodies |= {
        "/wapi/v1/history/fills": paged(fills(2500, timedelta(minutes=23)), "timestamp"),  # ~40 days
        "/wapi/v1/history/interest": paged(
            hourly(
                1080,
                paymentType="Lend",
                interestRate="0.05",
                interval=3600000,
                marketSymbol="USDC_USDT",
                positionId="1",
                quantity="0.001",
                symbol="USDC",
            ),
            "timestamp",
        ),  # fmt: skip
        "/wapi/v1/history/funding": paged(
            [
                {
                    "userId": 1,
                    "symbol": "SOL_USDC_PERP",
                    "quantity": "-0.02",
                    "fundingRate": "0.0000125",
                    "intervalEndTimestamp": naive(NOW - timedelta(hours=n)),
                }
                for n in range(50)
            ],
            "intervalEndTimestamp",
        ),  # fmt: skip
        "/wapi/v1/history/settlement": paged(
            hourly(3, quantity="1.5", source="RealizePnl", userId=1)
            + [
                {
                    "quantity": "-2",
                    "source": "FundingPayment",
                    "userId": 1,
                    "timestamp": naive(NOW - timedelta(days=31)),
                }
            ],
            "timestamp",
        ),  # fmt: skip
    }
    return signed_backpack


@pytest.fixture
def client(history):
    with AccountClient(Transport(history.url), SigningKey(EXAMPLE_API_KEY, EXAMPLE_SECRET)) as opened:
        yield opened


def test_the_last_30_days_of_each_kind_page_by_page(history, client):
    progress = []
    result = read_history(client, now=lambda: NOW, progress=lambda *step: progress.append(step))
    since = NOW - timedelta(days=30)
    assert len(result.items["fills"]) == sum(1 for n in range(2500) if NOW - n * timedelta(minutes=23) >= since)
    assert len(result.items["interest"]) == 721  # hours 0…720: the page reached older rows and stopped
    assert len(result.items["funding"]) == 50 and len(result.items["settlements"]) == 3
    assert all(since <= item.time <= NOW for found in result.items.values() for item in found)
    assert result.items["fills"][0].time < result.items["fills"][-1].time  # oldest first
    fills_seen = history.seen("/wapi/v1/history/fills")
    assert [dict(r.query)["offset"] for r in fills_seen] == ["0", "1000"]  # 1,879 rows: a full page and a short one
    assert {dict(r.query)["sortDirection"] for r in fills_seen} == {"Desc"}
    assert len(history.seen("/wapi/v1/history/interest")) == 1
    assert progress[0] == ("fills: page 1 (0 rows so far)", 0, 4)
    assert progress[1] == ("fills: page 2 (1,000 rows so far)", 0, 4)
    assert progress[-1] == (f"{result.count():,} rows", 4, 4)
    assert result.pages == 5


def test_liquidation_fills_are_in_and_marked(client):
    result = read_history(client, now=lambda: NOW, kinds=["fills"])
    liquidations = [item for item in result.items["fills"] if item.liquidation]
    assert [item.raw["tradeId"] for item in liquidations] == [101507, 101007, 100507, 100007]
    assert liquidations[0].quantity == D("0.1") and liquidations[0].symbol == "SOL_USDC"


def test_every_page_is_signed_with_its_paging_parameters(history, client):
    read_history(client, now=lambda: NOW, kinds=["fills"], page_size=1000)
    strings = [s for s in history.signed_strings if s.startswith("instruction=fillHistoryQueryAll")]
    start, end = int((NOW - timedelta(days=30)).timestamp() * 1000), int(NOW.timestamp() * 1000)
    assert strings[1].startswith(
        f"instruction=fillHistoryQueryAll&from={start}&limit=1000&offset=1000&sortDirection=Desc&to={end}&timestamp="
    )


def test_raising_from_progress_cancels_before_the_next_page(history, client):
    class Cancelled(Exception):
        pass

    def cancel_on_second_page(what, done, total):
        if "page 2" in what:
            raise Cancelled

    with pytest.raises(Cancelled):
        read_history(client, now=lambda: NOW, progress=cancel_on_second_page)
    assert len(history.seen("/wapi/v1/history/fills")) == 1 and not history.seen("/wapi/v1/history/interest")


def test_a_server_that_ignores_the_offset_is_caught(history, client):
    history.bodies["/wapi/v1/history/fills"] = paged(fills(2500, timedelta(minutes=1)), "timestamp", ignore_offset=True)
    with pytest.raises(BackpackResponseError, match="the same page came back for the next offset"):
        read_history(client, now=lambda: NOW, kinds=["fills"])


def test_bad_arguments_are_refused_before_any_request(history, client):
    with pytest.raises(ValueError, match="unknown history kinds: trades"):
        read_history(client, kinds=["trades"])
    with pytest.raises(ValueError, match="page_size"):
        read_history(client, page_size=5000)
    assert history.requests == []
