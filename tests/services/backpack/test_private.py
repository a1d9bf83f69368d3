"""Signed reads against the verifying stand-in: every endpoint, and the refusals Backpack gives."""

import base64
from decimal import Decimal as D

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desktop.services.backpack import signing
from desktop.services.backpack.errors import BackpackHttpError, BackpackRefused, ClockOff, clock_line
from desktop.services.backpack.http import Transport
from desktop.services.backpack.private import AccountClient, read_account
from desktop.services.backpack.signing import SigningKey
from tests.standins.backpack_account_bodies import (
    CAPITAL_CX,
    COLLATERAL_ALL_LENT,
    EXAMPLE_API_KEY,
    EXAMPLE_SECRET,
    POSITION_ETH_CX,
)


def client_for(standin, api_key=EXAMPLE_API_KEY, secret=EXAMPLE_SECRET):
    return AccountClient(Transport(standin.url, sleep=lambda seconds: None), SigningKey(api_key, secret))


@pytest.fixture
def client(signed_backpack):
    with client_for(signed_backpack) as opened:
        yield opened


def test_every_endpoint_reads_and_every_signature_verifies(signed_backpack, client):
    progress = []
    data = read_account(client, lambda what, done, total: progress.append((what, done, total)))
    assert [step[0] for step in progress] == [
        "account settings", "balances", "collateral", "lends and borrows", "perp positions", "open orders"
    ]  # fmt: skip
    assert data.settings.leverage_limit == 10 and data.settings.auto_repay_borrows is True
    assert {b.symbol: (b.available, b.locked) for b in data.balances}["USDC"] == (D(5000), D(1500))
    assert {p.symbol: p.net_quantity for p in data.borrow_lend} == {"SOL": D(8), "BTC": D("-0.01")}
    assert {p.symbol: p.net_quantity for p in data.positions} == {"SOL_USDC_PERP": D(2), "DOGE_USDC_PERP": D(-1000)}
    assert sorted(o.id for o in data.orders) == ["4228978101", "4228978102", "4228978103", "4228978104"]
    assert data.summary.figure("netEquity") > 0 and data.clock_offset_ms == 0
    signed = [r for r in signed_backpack.requests if "x-signature" in r.headers]
    assert len(signed) == 7  # six endpoints, open orders asked for SPOT and PERP
    assert all(r.headers["x-api-key"] == EXAMPLE_API_KEY and r.headers["x-window"] == "5000" for r in signed)
    assert "instruction=orderQueryAll&marketType=PERP&timestamp=" in " ".join(signed_backpack.signed_strings)


def test_a_key_backpack_does_not_know_is_refused_as_an_invalid_signature(signed_backpack):
    other_seed = bytes(range(32))  # a valid pair, but not the key the stand-in holds
    private = Ed25519PrivateKey.from_private_bytes(other_seed)
    other = SigningKey(signing.public_key_text(private.public_key()), base64.b64encode(other_seed).decode())
    with AccountClient(Transport(signed_backpack.url), other) as client, pytest.raises(BackpackRefused) as refused:
        client.balances()
    assert str(refused.value) == (
        "Backpack refused the signature (INVALID_CLIENT_REQUEST: Invalid signature) on GET /api/v1/capital"
    )
    assert refused.value.cause.status == 400


def test_a_wrong_instruction_is_refused_the_same_way(signed_backpack, client, monkeypatch):
    monkeypatch.setitem(signing.INSTRUCTIONS, "/api/v1/capital", "balanceQueryAll")
    with pytest.raises(BackpackRefused, match=r"refused the signature \(INVALID_CLIENT_REQUEST: Invalid signature\)"):
        client.balances()
    assert len(signed_backpack.seen("/api/v1/capital")) == 1  # a refusal is not retried


def test_a_stale_timestamp_is_synced_with_backpacks_clock_and_tried_once_more(signed_backpack, client):
    signed_backpack.clock_offset_ms = 7_000  # Backpack's clock 7 s ahead: a 5 s window has run out
    assert client.balances()
    assert [r.path for r in signed_backpack.requests] == ["/api/v1/capital", "/api/v1/time", "/api/v1/capital"]
    assert 6_000 < client.signer.offset_ms < 8_000
    client.collateral()  # later requests use the corrected clock: no second sync
    assert len(signed_backpack.seen("/api/v1/time")) == 1
    assert clock_line(client.signer.offset_ms) == "the clock is 7 s off Backpack's"


def test_still_expired_after_the_sync_says_how_far_off_the_clock_is(signed_backpack, client):
    signed_backpack.clock_offset_ms = 7_000
    signed_backpack.expire_everything = True
    with pytest.raises(ClockOff) as refused:
        client.balances()
    assert str(refused.value).startswith("the clock is 7 s off Backpack's and Backpack still refused the request")
    assert "GET /api/v1/capital: HTTP 401 UNAUTHORIZED: Request has expired" in str(refused.value)
    assert len(signed_backpack.seen("/api/v1/capital")) == 2  # retried once, not more


def test_a_plain_text_expired_answer_is_recognised(signed_backpack, client):
    signed_backpack.fail("/api/v1/account", 401, "Request has expired")
    assert client.account().leverage_limit == 10
    assert len(signed_backpack.seen("/api/v1/time")) == 1


def test_an_unauthorized_key_is_named_as_such(signed_backpack, client):
    signed_backpack.fail("/api/v1/orders", 401, {"code": "UNAUTHORIZED", "message": "Unauthorized"})
    with pytest.raises(BackpackRefused, match=r"refused the API key \(UNAUTHORIZED: Unauthorized\) on GET /api"):
        client.open_orders()


def test_other_errors_pass_through_and_no_open_position_is_an_empty_list(signed_backpack, client):
    signed_backpack.fail("/api/v1/position", 404, {"code": "RESOURCE_NOT_FOUND", "message": "Position not found"})
    assert client.positions() == []
    signed_backpack.fail("/api/v1/capital", 400, {"code": "INVALID_CLIENT_REQUEST", "message": "Bad request"})
    with pytest.raises(BackpackHttpError) as failed:
        client.balances()
    assert not isinstance(failed.value, BackpackRefused)


def test_real_bodies_parse(signed_backpack, client):
    signed_backpack.bodies |= {
        "/api/v1/capital": CAPITAL_CX,
        "/api/v1/capital/collateral": COLLATERAL_ALL_LENT,
        "/api/v1/position": [POSITION_ETH_CX],
    }
    assert [(b.symbol, b.available) for b in client.balances()] == [("USDC", D(120))]
    summary = client.collateral()
    assert summary.figure("netEquity") == D("20.282501237292616743") and summary.figure("imf") is None
    assert [row.lend_quantity for row in summary.collateral] == [D("10.6524044577"), D("0.0699302874")]
    (eth,) = client.positions()
    assert (eth.net_quantity, eth.pnl_unrealized, eth.mark_price) == (D("0.0036"), D("-0.141914"), D("3787.46813304"))
