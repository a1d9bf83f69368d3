"""Signed routes for the Backpack stand-in: every request's signature is VERIFIED with the registered key.

Written from reference/backpack-api.md §3–§4, independently of the client's signing code: the
instruction table, the canonical string (sorted params, stable for repeated keys, then timestamp and
window, ``window`` 5000 when the header is absent), and the answers Backpack gives:

- a signature that does not verify (another key, a wrong instruction, a changed parameter):
  400 ``{"code": "INVALID_CLIENT_REQUEST", "message": "Invalid signature"}`` [FAQ; TSC];
- a timestamp outside its window of the stand-in's clock: 401 ``Request has expired`` [CAT #4] (the JSON
  ``code`` is not documented anywhere; ``UNAUTHORIZED`` is assumed, and a future timestamp is treated the same);
- a missing header: 401 ``UNAUTHORIZED`` [assumed].

``/api/v1/time`` answers the stand-in's clock as text; ``clock_offset_ms`` moves that clock.
"""

from __future__ import annotations

import base64
import time
from datetime import UTC, datetime
from typing import Any

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from tests.standins.backpack import Answer, BackpackStandIn, SeenRequest
from tests.standins.backpack_account_bodies import EXAMPLE_API_KEY, AccountBook, public_routes, trader_book

# reference §3, the read-only table
SIGNED_PATHS = {
    "/api/v1/account": "accountQuery",
    "/api/v1/capital": "balanceQuery",
    "/api/v1/capital/collateral": "collateralQuery",
    "/api/v1/borrowLend/positions": "borrowLendPositionQuery",
    "/api/v1/position": "positionQuery",
    "/api/v1/orders": "orderQueryAll",
    "/wapi/v1/history/fills": "fillHistoryQueryAll",
    "/wapi/v1/history/interest": "interestHistoryQueryAll",
    "/wapi/v1/history/funding": "fundingHistoryQueryAll",
    "/wapi/v1/history/settlement": "settlementHistoryQueryAll",
}
INVALID_SIGNATURE = {"code": "INVALID_CLIENT_REQUEST", "message": "Invalid signature"}
EXPIRED = {"code": "UNAUTHORIZED", "message": "Request has expired"}


class SignedBackpack(BackpackStandIn):
    """The stand-in with the public bodies and a signed account (``book``); verifies every signed request."""

    def __init__(self, book: AccountBook | None = None, public: dict[str, Any] | None = None, **kwargs: Any) -> None:
        self.public = public if public is not None else public_routes()
        super().__init__(routes=dict(self.public), **kwargs)
        self.api_key = EXAMPLE_API_KEY
        self.clock_offset_ms = 0
        self.time_offset_ms: int | None = None  # what /api/v1/time tells, if it should lie
        self.expire_everything = False
        self.bodies: dict[str, Any] = {}
        self.signed_strings: list[str] = []
        self.routes["/api/v1/time"] = lambda request: Answer(body=str(self.now_ms(self.time_offset_ms)))
        for path in SIGNED_PATHS:
            self.routes[path] = self._signed(path)
        self.serve(book if book is not None else trader_book())

    def serve(self, book: AccountBook) -> None:
        self.book = book
        self.bodies.update(book.bodies(self.public))

    def now_ms(self, offset: int | None = None) -> int:
        return time.time_ns() // 1_000_000 + (self.clock_offset_ms if offset is None else offset)

    def _signed(self, path: str):
        def route(request: SeenRequest) -> Answer:
            refusal = self.check(request, SIGNED_PATHS[path])
            if refusal is not None:
                return refusal
            body = self.bodies.get(path, [])
            if callable(body):
                return body(request)
            if path == "/api/v1/orders":
                wanted = dict(request.query).get("marketType")
                perp = wanted == "PERP"
                body = [o for o in body if wanted is None or _is_perp(o) in (perp, None)]
            return Answer(body=body)

        return route

    def check(self, request: SeenRequest, instruction: str) -> Answer | None:
        headers = request.headers
        if not all(name in headers for name in ("x-api-key", "x-signature", "x-timestamp")):
            return Answer(401, {"code": "UNAUTHORIZED", "message": "Missing authentication headers"})
        window = headers.get("x-window", "5000")
        pairs = sorted(request.query, key=lambda pair: pair[0])  # stable: repeated keys keep their order
        message = "&".join(
            [f"instruction={instruction}", *(f"{k}={v}" for k, v in pairs), f"timestamp={headers['x-timestamp']}"]
            + [f"window={window}"]
        )
        self.signed_strings.append(message)
        try:
            key = Ed25519PublicKey.from_public_bytes(base64.b64decode(self.api_key))
            key.verify(base64.b64decode(headers["x-signature"]), message.encode())
            if headers["x-api-key"] != self.api_key:
                raise InvalidSignature
        except (InvalidSignature, ValueError):
            return Answer(400, INVALID_SIGNATURE)
        stamp, span, now = int(headers["x-timestamp"]), int(window), self.now_ms()
        if self.expire_everything or stamp + span < now or stamp > now + span:
            return Answer(401, EXPIRED)
        return None


def _is_perp(order: Any) -> bool | None:
    """A perp order by its symbol; a hostile row without a usable symbol is served for both market types."""
    symbol = order.get("symbol") if isinstance(order, dict) else None
    return symbol.endswith("_PERP") if isinstance(symbol, str) else None


def paged(history: list[dict[str, Any]], time_key: str, *, ignore_offset: bool = False):
    """A history route: ``limit`` (≤ 1000), ``offset``, ``sortDirection`` and, for fills, ``from``/``to`` in ms."""

    def answer(request: SeenRequest) -> Answer:
        query = dict(request.query)
        limit, offset = int(query.get("limit", 100)), int(query.get("offset", 0))
        if limit > 1000:
            return Answer(400, {"code": "INVALID_CLIENT_REQUEST", "message": "Invalid limit"})
        found = sorted(history, key=lambda row: row[time_key], reverse=query.get("sortDirection") == "Desc")
        if "from" in query or "to" in query:
            low, high = int(query.get("from", 0)), int(query.get("to", 2**62))
            found = [row for row in found if low <= _ms(row[time_key]) <= high]
        start = 0 if ignore_offset else offset
        return Answer(body=found[start : start + limit])

    return answer


def _ms(naive: str) -> int:
    return int(datetime.fromisoformat(naive).replace(tzinfo=UTC).timestamp() * 1000)


@pytest.fixture
def signed_backpack():
    """A running signed stand-in serving ``trader_book()``; a test may ``serve`` another book."""
    with SignedBackpack() as standin:
        yield standin
