"""Backpack's request signature (reference/backpack-api.md §4): ED25519 over one canonical string.

    instruction=<instruction>[&k1=v1&k2=v2…]&timestamp=<ms>&window=<ms>

Keys sorted alphabetically (a stable sort, so a repeated key keeps its order), booleans lower-case,
absent values dropped (no bare keys, no empty ``&&`` segments), arrays as repeated keys, values signed
exactly as sent in the query (decoded, not percent-encoded). The headers are ``X-API-Key`` (the
public key, base64), ``X-Signature`` (base64 of the 64-byte signature), ``X-Timestamp``, ``X-Window``.

The secret (base64 of the 32-byte seed) lives in a ``SigningKey`` that never shows it: not in its
``repr``, not in any error message. Nothing here logs.
"""

from __future__ import annotations

import base64
import binascii
import time
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

DEFAULT_WINDOW = 5000  # ms; Backpack's default, which must be signed even when the header is left out
MAX_WINDOW = 60000
SEED_BYTES = 32

# GET path → instruction (reference §3's read-only table; the app never writes).
INSTRUCTIONS = {
    "/api/v1/account": "accountQuery",
    "/api/v1/account/limits/borrow": "maxBorrowQuantity",
    "/api/v1/account/limits/order": "maxOrderQuantity",
    "/api/v1/account/limits/withdrawal": "maxWithdrawalQuantity",
    "/api/v1/capital": "balanceQuery",
    "/api/v1/capital/collateral": "collateralQuery",
    "/api/v1/borrowLend/positions": "borrowLendPositionQuery",
    "/api/v1/position": "positionQuery",
    "/api/v1/order": "orderQuery",
    "/api/v1/orders": "orderQueryAll",
    "/wapi/v1/history/fills": "fillHistoryQueryAll",
    "/wapi/v1/history/orders": "orderHistoryQueryAll",
    "/wapi/v1/history/borrowLend": "borrowHistoryQueryAll",
    "/wapi/v1/history/interest": "interestHistoryQueryAll",
    "/wapi/v1/history/funding": "fundingHistoryQueryAll",
    "/wapi/v1/history/settlement": "settlementHistoryQueryAll",
    "/wapi/v1/history/position": "positionHistoryQueryAll",
}


class BadCredentials(ValueError):
    """An API key or secret we cannot use; the message never contains the secret."""


def value_text(value: Any) -> str:
    """One query value as it is sent and signed: ``true``/``false``, decimals in plain notation."""
    if isinstance(value, bool):  # before int: True is an int
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, int | str):
        return str(value)
    raise TypeError(f"a query value must be a string, number or boolean, got {type(value).__name__}")


def query_pairs(params: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """``params`` as (key, text) pairs in the order they are signed: sorted by key, repeats kept in order.

    ``None`` values and empty lists are dropped (a bare ``key`` or ``key=`` breaks the signature, §8.4).
    """
    pairs: list[tuple[str, str]] = []
    for key, value in (params or {}).items():
        values = value if isinstance(value, list | tuple) else [value]
        pairs += [(key, value_text(item)) for item in values if item is not None]
    return sorted(pairs, key=lambda pair: pair[0])  # stable: repeated keys keep their order


def normalized_params(params: Mapping[str, Any] | None) -> dict[str, str | list[str]]:
    """The params as the transport should send them: the same texts, in the same order, as signed."""
    sent: dict[str, str | list[str]] = {}
    for key, text in query_pairs(params):
        if key in sent:
            earlier = sent[key]
            sent[key] = [*earlier, text] if isinstance(earlier, list) else [earlier, text]
        else:
            sent[key] = text
    return sent


def signing_string(instruction: str, params: Mapping[str, Any] | None, timestamp: int, window: int) -> str:
    segments = [f"instruction={instruction}"]
    segments += [f"{key}={text}" for key, text in query_pairs(params)]
    segments += [f"timestamp={timestamp}", f"window={window}"]
    return "&".join(segments)


def _decode_base64(text: str, what: str) -> bytes:
    try:
        return base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise BadCredentials(f"the {what} is not valid base64") from None


def public_key_text(key: Ed25519PublicKey) -> str:
    return base64.b64encode(key.public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


class SigningKey:
    """An API key and its secret, checked to belong together; signs without ever showing the secret."""

    __slots__ = ("_private", "api_key")

    def __init__(self, api_key: str, secret: str) -> None:
        api_key = api_key.strip()
        if len(_decode_base64(api_key, "API key")) != SEED_BYTES:
            raise BadCredentials("the API key is not a 32-byte ED25519 public key in base64")
        raw = _decode_base64(secret, "secret")
        private = _private_key(raw)
        derived = public_key_text(private.public_key())
        if derived != api_key:
            raise BadCredentials(f"the secret does not belong to the API key {api_key} (its public key is {derived})")
        self._private = private
        self.api_key = api_key

    def __repr__(self) -> str:
        return f"SigningKey(api_key={self.api_key!r}, secret=<hidden>)"

    __str__ = __repr__

    def __reduce__(self) -> Any:  # never pickled into a worker queue, a cache or a crash dump
        raise TypeError("a SigningKey cannot be pickled")

    def sign(self, message: str) -> str:
        return base64.b64encode(self._private.sign(message.encode())).decode()


def _private_key(raw: bytes) -> Ed25519PrivateKey:
    """The 32-byte seed; a 64-byte secret (seed + public key, as libsodium keeps it) is taken if consistent."""
    if len(raw) == 2 * SEED_BYTES:
        private = Ed25519PrivateKey.from_private_bytes(raw[:SEED_BYTES])
        if private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw) != raw[SEED_BYTES:]:
            raise BadCredentials("the secret is 64 bytes but its second half is not the public key of its first")
        return private
    if len(raw) != SEED_BYTES:
        raise BadCredentials(f"the secret decodes to {len(raw)} bytes; Backpack's secrets are 32-byte seeds")
    return Ed25519PrivateKey.from_private_bytes(raw)


class RequestSigner:
    """The ``signer`` hook of ``Transport.request_json``: fresh headers for every try of a GET.

    ``offset_ms`` (Backpack's clock minus ours) is added to our clock; it is set after a
    "Request has expired" answer and a look at ``/api/v1/time``.
    """

    def __init__(
        self,
        key: SigningKey,
        *,
        window: int = DEFAULT_WINDOW,
        clock_ms: Callable[[], int] = lambda: time.time_ns() // 1_000_000,
    ) -> None:
        if not 0 < window <= MAX_WINDOW:
            raise ValueError(f"window must be 1 to {MAX_WINDOW} ms, got {window}")
        self.key = key
        self.window = window
        self.clock_ms = clock_ms
        self.offset_ms = 0

    def timestamp(self) -> int:
        return self.clock_ms() + self.offset_ms

    def __call__(self, method: str, path: str, params: Mapping[str, Any]) -> dict[str, str]:
        instruction = INSTRUCTIONS.get(path) if method == "GET" else None
        if instruction is None:
            raise ValueError(f"no read-only instruction for {method} {path}")
        return self.headers(instruction, params, self.timestamp())

    def headers(self, instruction: str, params: Mapping[str, Any] | None, timestamp: int) -> dict[str, str]:
        message = signing_string(instruction, params, timestamp, self.window)
        return {
            "X-API-Key": self.key.api_key,
            "X-Signature": self.key.sign(message),
            "X-Timestamp": str(timestamp),
            "X-Window": str(self.window),
        }
