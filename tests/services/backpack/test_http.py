"""The transport against the loopback stand-in: base-URL rules, retries, faults, one-line errors."""

from decimal import Decimal

import pytest

from desktop import __version__
from desktop.services.backpack.errors import (
    BackpackHttpError,
    BackpackResponseError,
    BackpackTimeout,
    BackpackUnavailable,
    BadBaseUrl,
)
from desktop.services.backpack.http import DEFAULT_BASE_URL, Transport, check_base_url, resolve_base_url

STATUS = "/api/v1/status"
MARKETS = "/api/v1/markets"


@pytest.fixture
def waits():
    """The backoff sleeps a transport asked for (none really taken)."""
    return []


@pytest.fixture
def transport(backpack, waits):
    with Transport(backpack.url, sleep=waits.append) as opened:
        yield opened


def test_sends_a_margin_desk_user_agent_and_reads_json_numbers_as_decimal(backpack, transport):
    markets = transport.get_json(MARKETS)
    seen = backpack.seen(MARKETS)[0]
    assert seen.headers["user-agent"] == f"margin-desk/{__version__}"
    assert seen.headers["accept"] == "application/json"
    assert markets[0]["fundingInterval"] == 28800000  # a JSON integer stays an int
    marks = transport.get_json("/api/v1/markPrices")
    doge = next(row for row in marks if row["symbol"] == "DOGE_USDC_PERP")
    assert doge["markPrice"] == Decimal("0.40021") and isinstance(doge["markPrice"], Decimal)


def test_a_base_url_with_a_trailing_slash_or_a_path_never_makes_a_double_slash(backpack):
    with Transport(backpack.url + "/", sleep=lambda s: None) as transport:
        transport.get_json(STATUS)
    backpack.routes["/prefix/api/v1/status"] = {"status": "Ok"}
    with Transport(backpack.url + "/prefix/", sleep=lambda s: None) as transport:
        assert transport.get_json(STATUS) == {"status": "Ok"}
    assert [request.path for request in backpack.requests] == [STATUS, "/prefix/api/v1/status"]


@pytest.mark.parametrize(
    "url",
    ["https://api.backpack.exchange", "http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:9", "HTTPS://x.y/"],
)
def test_https_anywhere_and_plain_http_only_to_this_machine(url):
    assert check_base_url(url) == url.rstrip("/").replace("HTTPS", "https")


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("http://api.backpack.exchange", "plain http is allowed only for this machine"),
        ("http://10.0.0.1:8080", "plain http is allowed only for this machine"),
        ("ftp://127.0.0.1", "expected https://HOST"),
        ("api.backpack.exchange", "expected https://HOST"),
        ("https://api.backpack.exchange/?x=1", "no user, query or fragment"),
        ("https://user:secret@api.backpack.exchange", "no user, query or fragment"),
        ("https://api.backpack.exchange:99999", "bad port"),
    ],
)
def test_other_base_urls_are_refused_naming_why(url, named):
    with pytest.raises(BadBaseUrl, match=named):
        check_base_url(url)


def test_the_base_url_comes_from_the_argument_then_the_environment_then_backpack():
    environ = {"MARGIN_DESK_BACKPACK_URL": "http://127.0.0.1:5000"}
    assert resolve_base_url(None, {}) == DEFAULT_BASE_URL
    assert resolve_base_url(None, environ) == "http://127.0.0.1:5000"
    assert resolve_base_url("https://mirror.example", environ) == "https://mirror.example"
    with pytest.raises(BadBaseUrl):
        resolve_base_url(None, {"MARGIN_DESK_BACKPACK_URL": "http://example.com"})


def test_429_then_success_backs_off_and_answers(backpack, transport, waits):
    backpack.fail(STATUS, 429, {"code": "TOO_MANY_REQUESTS", "message": "Slow down"})
    assert transport.get_json(STATUS)["status"] == "Ok"
    assert len(backpack.seen(STATUS)) == 2 and waits == [0.5]


def test_a_retry_after_header_is_honoured_up_to_a_bound(backpack, transport, waits):
    backpack.fail(STATUS, 429, times=2, headers={"Retry-After": "2"})
    transport.get_json(STATUS)
    backpack.fail(STATUS, 503, headers={"Retry-After": "3600"})
    transport.get_json(STATUS)
    assert waits == [2.0, 2.0, 5.0]


def test_a_5xx_three_times_is_one_line_with_status_code_and_message(backpack, transport, waits):
    backpack.fail("/api/v1/collateral", 500, times=3)
    with pytest.raises(BackpackHttpError) as raised:
        transport.get_json("/api/v1/collateral")
    assert str(raised.value) == "GET /api/v1/collateral: HTTP 500 SERVER_ERROR: Stand-in fault (after 3 tries)"
    assert (raised.value.status, raised.value.code) == (500, "SERVER_ERROR")
    assert len(backpack.seen("/api/v1/collateral")) == 3 and waits == [0.5, 1.0]


def test_a_4xx_is_not_retried_and_names_the_query(backpack, transport):
    backpack.fail("/api/v1/markPrices?marketType=SPOT", 400, {"code": "INVALID_MARKET", "message": "Bad type"})
    with pytest.raises(BackpackHttpError) as raised:
        transport.get_json("/api/v1/markPrices", {"marketType": "SPOT"})
    assert str(raised.value) == "GET /api/v1/markPrices?marketType=SPOT: HTTP 400 INVALID_MARKET: Bad type"
    assert len(backpack.requests) == 1


def test_a_plain_text_error_body_is_kept_on_one_line(backpack, transport):
    backpack.fail(STATUS, 400, "Bad Request parse request payload error:\nfailed to parse")
    with pytest.raises(BackpackHttpError, match=r"HTTP 400 Bad Request parse request payload error: failed to parse$"):
        transport.get_json(STATUS)


def test_an_unknown_path_is_a_404_naming_backpacks_code(transport):
    with pytest.raises(BackpackHttpError, match="HTTP 404 RESOURCE_NOT_FOUND"):
        transport.get_json("/api/v1/nothing")


def test_a_slow_endpoint_times_out_on_every_try(backpack, waits):
    backpack.delay(MARKETS, 30)  # released when the test ends
    with (
        Transport(backpack.url, timeout=0.2, sleep=waits.append) as transport,
        pytest.raises(BackpackTimeout) as raised,
    ):
        transport.get_json(MARKETS)
    assert str(raised.value) == "GET /api/v1/markets: no answer within 0.2 s (after 3 tries)"
    assert len(backpack.seen(MARKETS)) == 3


def test_truncated_json_is_malformed_and_not_retried(backpack, transport):
    backpack.truncate(MARKETS)
    with pytest.raises(BackpackResponseError, match=r"^GET /api/v1/markets: malformed JSON \("):
        transport.get_json(MARKETS)
    assert len(backpack.seen(MARKETS)) == 1


@pytest.mark.parametrize("body", ["NaN", '{"markPrice": Infinity}', "", "<html>oops</html>"])
def test_non_json_answers_are_malformed(backpack, transport, body):
    backpack.routes[STATUS] = body
    with pytest.raises(BackpackResponseError, match="malformed JSON"):
        transport.get_json(STATUS)


def test_an_answer_cut_off_mid_body_is_retried(backpack, transport):
    backpack.break_off(MARKETS)
    assert isinstance(transport.get_json(MARKETS), list)
    assert len(backpack.seen(MARKETS)) == 2


def test_an_answer_cut_off_every_time_says_the_connection_broke_off(backpack, transport):
    backpack.break_off(MARKETS, times=3)
    with pytest.raises(
        BackpackUnavailable, match=r"GET /api/v1/markets: the connection broke off .*\(after 3 tries\)$"
    ):
        transport.get_json(MARKETS)


def test_a_server_gone_cannot_be_reached_and_back_again_answers(backpack, transport):
    assert transport.get_json(STATUS)["status"] == "Ok"  # leaves a kept-alive connection in the pool
    backpack.stop()
    with pytest.raises(
        BackpackUnavailable, match=rf"GET /api/v1/status: cannot reach {backpack.url} \(.+\) \(after 3 tries\)"
    ):
        transport.get_json(STATUS)
    backpack.start()
    assert transport.get_json(STATUS)["status"] == "Ok"


def test_a_signer_is_asked_for_fresh_headers_on_every_try(backpack, transport):
    """What a signed client (issue 16) relies on: a retry never reuses a stale timestamp."""
    calls = []

    def signer(method, path, params):
        calls.append((method, path, dict(params)))
        return {"X-Timestamp": str(len(calls))}

    backpack.fail("/api/v1/markPrices?marketType=SPOT", 429)
    transport.get_json("/api/v1/markPrices", {"marketType": "SPOT"}, signer=signer)
    assert calls == [("GET", "/api/v1/markPrices", {"marketType": "SPOT"})] * 2
    assert [request.headers["x-timestamp"] for request in backpack.requests] == ["1", "2"]


def test_one_try_means_no_retry(backpack, waits):
    backpack.fail(STATUS, 503)
    with Transport(backpack.url, tries=1, sleep=waits.append) as transport, pytest.raises(BackpackHttpError) as raised:
        transport.get_json(STATUS)
    assert "after" not in str(raised.value) and waits == []


@pytest.mark.parametrize(("keyword", "value"), [("timeout", 0), ("timeout", -1), ("tries", 0)])
def test_nonsense_settings_are_refused(keyword, value):
    with pytest.raises(ValueError, match=keyword):
        Transport("http://127.0.0.1:1", **{keyword: value})
