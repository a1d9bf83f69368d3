"""Polling for a Live clock: marks and pools, the server going away and coming back."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal as D

import pytest

from desktop.services.backpack.errors import BackpackHttpError, BackpackUnavailable
from desktop.services.backpack.http import Transport
from desktop.services.backpack.live import LiveFeed
from desktop.services.backpack.public import PublicClient

SYMBOLS = ("USDC", "SOL", "BTC", "ETH", "JTO", "DOGE")


class Clock:
    def __init__(self):
        self.now = datetime(2026, 11, 20, 12, 3, 5, tzinfo=UTC)

    def __call__(self):
        self.now += timedelta(seconds=5)
        return self.now


@pytest.fixture
def feed(backpack):
    client = PublicClient(Transport(backpack.url, tries=1))
    yield LiveFeed(client, SYMBOLS, now=Clock())
    client.transport.close()


def test_marks_from_spot_then_perp_and_funding_rates(feed):
    reading = feed.poll_marks()
    assert reading.marks == {
        "SOL": D("150.10"),  # SOL_USDC's spot mark
        "BTC": D("95010.1"),
        "ETH": D("3500.9"),
        "JTO": D("3.0123"),
        "DOGE": D("0.40021"),  # no DOGE_USDC spot mark: the perp's
    }
    assert reading.funding_rates["BTC_USDC_PERP"] == D("0.0001")
    assert feed.health.running and feed.health.last_ok_at == reading.at


def test_pools_give_marks_only_for_what_the_marks_poll_cannot_price(feed):
    feed.poll_marks()
    pools = feed.poll_pools()
    assert set(pools.pools) == {"USDC", "SOL", "BTC", "ETH"}  # not WIF: not in the snapshot
    assert pools.marks == {"USDC": D("1.0001")}
    assert pools.pools["SOL"].lent_quantity == D("600000")


def test_the_server_going_away_stops_live_prices_and_keeps_the_last_reading(backpack, feed):
    first = feed.poll_marks()
    backpack.stop()
    with pytest.raises(BackpackUnavailable):
        feed.poll_marks()
    assert feed.last_marks is first
    assert not feed.health.running and feed.health.failures == 1
    message = feed.health.stopped_message()
    assert message.startswith(f"Live prices stopped: GET /api/v1/markPrices: cannot reach {backpack.url} (")
    assert message.endswith(", last at 12:03:10")
    with pytest.raises(BackpackUnavailable):
        feed.poll_pools()
    assert feed.health.failures == 2 and feed.last_pools is None

    backpack.start()  # back on the same port
    again = feed.poll_marks()
    assert again.marks == first.marks and again.at > first.at
    assert feed.health.running and feed.health.stopped_message() is None and feed.health.failures == 0


def test_a_refused_spot_marks_request_is_not_asked_again(backpack, feed):
    backpack.fail("/api/v1/markPrices?marketType=SPOT", 400, {"code": "INVALID_MARKET", "message": "Bad type"})
    reading = feed.poll_marks()
    assert reading.marks == {"SOL": D("173.35998175"), "BTC": D("118343.51853741"), "DOGE": D("0.40021")}
    feed.poll_marks()
    assert len(backpack.seen("/api/v1/markPrices?marketType=SPOT")) == 1


def test_a_server_error_on_spot_marks_is_a_failed_poll(backpack, feed):
    backpack.fail("/api/v1/markPrices?marketType=SPOT", 503)
    with pytest.raises(BackpackHttpError, match="HTTP 503"):
        feed.poll_marks()
    assert not feed.health.running
    assert feed.poll_marks().marks["SOL"] == D("150.10")  # asked again next time
