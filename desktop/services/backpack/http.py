"""The wire to Backpack: one sync httpx client, its base-URL rules, retries, and one-line errors.

Public and signed clients share it. A signed client passes a ``signer`` that returns the headers of
one try (``X-API-Key``, ``X-Timestamp``, ``X-Window``, ``X-Signature``): it is called again before
every retry, so a retried request never carries a stale timestamp (reference §4, §8.5).
"""

from __future__ import annotations

import ipaddress
import os
import ssl
import time
from collections.abc import Callable, Mapping
from typing import Any, Protocol
from urllib.parse import urlencode, urlsplit

import httpx

from ... import __version__
from ...engine.boundary.bounds import MAX_DOCUMENT_BYTES
from ...engine.boundary.json_text import loads as strict_json
from ...engine.boundary.text import printable
from ...engine.errors import InputError
from .errors import (
    BackpackError,
    BackpackHttpError,
    BackpackResponseError,
    BackpackTimeout,
    BackpackUnavailable,
    BadBaseUrl,
)

DEFAULT_BASE_URL = "https://api.backpack.exchange"
BASE_URL_VARIABLE = "MARGIN_DESK_BACKPACK_URL"
DEFAULT_TIMEOUT = 10.0
DEFAULT_TRIES = 3
BACKOFF_SECONDS = 0.5  # before the second try; doubled before each later one
LONGEST_RETRY_AFTER = 5.0  # a server's Retry-After is honoured up to this many seconds
USER_AGENT = f"margin-desk/{__version__}"
ERROR_TEXT_LIMIT = 200  # characters of a plain-text error body kept in the message
# An answer is outside data like any file: read up to the documents' bound, then refused (the
# largest real answer, /api/v1/markets, is about 300 KB).
MAX_ANSWER_BYTES = MAX_DOCUMENT_BYTES

Params = Mapping[str, str | int | list[str]]


class RequestSigner(Protocol):
    """Headers for one try of a request (a signed client's ED25519 signature, for one)."""

    def __call__(self, method: str, path: str, params: Params) -> Mapping[str, str]: ...


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_base_url(url: str) -> str:
    """``url`` without a trailing slash, or BadBaseUrl: https anywhere, plain http only to this machine."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in ("https", "http") or not parts.hostname:
        raise BadBaseUrl(f"base URL {url!r}: expected https://HOST (or http://127.0.0.1:PORT for a local server)")
    if scheme == "http" and not is_loopback(parts.hostname):
        raise BadBaseUrl(f"base URL {url!r}: plain http is allowed only for this machine (localhost, 127.0.0.1, ::1)")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise BadBaseUrl(f"base URL {url!r}: no user, query or fragment allowed")
    try:
        parts.port  # noqa: B018 (raises on a bad port)
    except ValueError:
        raise BadBaseUrl(f"base URL {url!r}: bad port") from None
    # A trailing slash would make '//' in every path, which Backpack answers with 404 (reference §1).
    return f"{scheme}://{parts.netloc}{parts.path}".rstrip("/")


def resolve_base_url(argument: str | None = None, environ: Mapping[str, str] = os.environ) -> str:
    """The base URL: the argument, else $MARGIN_DESK_BACKPACK_URL, else Backpack's own."""
    return check_base_url(argument or environ.get(BASE_URL_VARIABLE) or DEFAULT_BASE_URL)


def endpoint_label(method: str, path: str, params: Params | None) -> str:
    """How errors name a request: ``GET /api/v1/markPrices?marketType=SPOT``."""
    query = urlencode(params, doseq=True) if params else ""
    return f"{method} {path}" + (f"?{query}" if query else "")


def decode_json(text: str | bytes) -> Any:
    """JSON read by the engine's boundary: every number an exact Decimal (never float); NaN and
    Infinity, duplicate keys, nesting deeper than 64 and text beyond the size bound refused; bytes
    must be UTF-8. A refusal is a ValueError saying what is wrong."""
    try:
        return strict_json(text, "answer", MAX_ANSWER_BYTES)
    except InputError as error:
        raise ValueError(error.problem.removeprefix("unreadable JSON: ")) from None


def _seconds(value: float) -> str:
    return f"{value:g}"


class Transport:
    """GET/POST JSON against one base URL, with up to ``tries`` tries on 429, 5xx, timeouts and drops."""

    def __init__(
        self,
        base_url: str | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        tries: int = DEFAULT_TRIES,
        backoff: float = BACKOFF_SECONDS,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not timeout > 0:
            raise ValueError(f"timeout must be greater than 0, got {timeout}")
        if tries < 1:
            raise ValueError(f"tries must be at least 1, got {tries}")
        self.base_url = resolve_base_url(base_url)
        self.timeout = timeout
        self.tries = tries
        self.backoff = backoff
        self._sleep = sleep
        host = urlsplit(self.base_url).hostname or ""
        self._client = httpx.Client(
            base_url=self.base_url,
            timeout=httpx.Timeout(timeout),
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            verify=True,
            follow_redirects=False,  # a redirect could lead off https; report it instead
            trust_env=not is_loopback(host),  # proxies and CA settings from the environment, never for loopback
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Transport:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def get_json(self, path: str, params: Params | None = None, *, signer: RequestSigner | None = None) -> Any:
        return self.request_json("GET", path, params=params, signer=signer)

    def request_json(
        self,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        body: Any = None,
        signer: RequestSigner | None = None,
    ) -> Any:
        """The decoded JSON answer, or a BackpackError naming the endpoint (after the last try)."""
        endpoint = endpoint_label(method, path, params)
        failure: BackpackError | None = None
        for attempt in range(1, self.tries + 1):
            headers = dict(signer(method, path, params or {})) if signer else None
            retry_after = None
            try:
                response, content = self._send(method, path, params, body, headers, endpoint)
            except httpx.TimeoutException:
                failure = BackpackTimeout(endpoint, f"no answer within {_seconds(self.timeout)} s")
            except httpx.RemoteProtocolError as error:
                failure = BackpackUnavailable(endpoint, f"the connection broke off ({error})")
            except httpx.TransportError as error:
                untrusted = _certificate_problem(error)
                if untrusted:  # another try would meet the same certificate
                    raise BackpackUnavailable(
                        endpoint, f"TLS certificate of {self.base_url} not trusted ({untrusted})"
                    ) from None
                failure = BackpackUnavailable(endpoint, f"cannot reach {self.base_url} ({_reason(error)})")
            except httpx.DecodingError as error:
                raise BackpackResponseError(endpoint, f"undecodable answer ({error})") from None
            else:
                if response.is_success:
                    return _decode(endpoint, content)
                failure = http_error(endpoint, response, content)
                if not failure.retryable:
                    raise failure
                retry_after = _retry_after(response)
            if attempt < self.tries:
                self._sleep(retry_after if retry_after is not None else self.backoff * 2 ** (attempt - 1))
        assert failure is not None
        raise _after_tries(failure, self.tries)

    def _send(
        self, method: str, path: str, params: Params | None, body: Any, headers: Any, endpoint: str
    ) -> tuple[httpx.Response, bytes]:
        """The response and its body, read up to ``MAX_ANSWER_BYTES`` (a longer one is refused unread)."""
        request = self._client.build_request(method, path, params=params, json=body, headers=headers)
        response = self._client.send(request, stream=True)
        try:
            announced = response.headers.get("Content-Length", "")
            if announced.isascii() and announced.isdigit() and int(announced) > MAX_ANSWER_BYTES:
                raise _too_large(endpoint)
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_ANSWER_BYTES:
                    raise _too_large(endpoint)
                chunks.append(chunk)
        finally:
            response.close()
        return response, b"".join(chunks)


def _too_large(endpoint: str) -> BackpackResponseError:
    return BackpackResponseError(endpoint, f"the answer is larger than {MAX_ANSWER_BYTES / (1024 * 1024):g} MiB")


def _reason(error: Exception) -> str:
    text = str(error).strip()
    # httpx passes the OS error through, e.g. "[Errno 111] Connection refused".
    return text.split("] ", 1)[-1] if text.startswith("[Errno") else text or type(error).__name__


def _certificate_problem(error: BaseException) -> str | None:
    """The verification failure behind an httpx error, if that is what it is."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return seen.verify_message or str(seen)
        seen = seen.__cause__ or seen.__context__
    return None


def _decode(endpoint: str, content: bytes) -> Any:
    try:
        return decode_json(content)
    except ValueError as error:
        raise BackpackResponseError(endpoint, f"malformed JSON ({error})") from None


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After", "")
    if not value.isascii():  # float() would read other scripts' digits
        return None
    try:
        seconds = float(value)
    except ValueError:
        return None
    return min(max(seconds, 0.0), LONGEST_RETRY_AFTER) if seconds == seconds else None


def http_error(endpoint: str, response: httpx.Response, content: bytes | None = None) -> BackpackHttpError:
    """``HTTP 400 INVALID_SYMBOL: Invalid symbol``: Backpack's ApiErrorResponse, else its plain text.
    The server's words are kept printable on one line and short (they reach a terminal)."""
    status = response.status_code
    code = message = None
    text = (content if content is not None else response.content).decode("utf-8", errors="replace")
    try:
        body = decode_json(text)
    except ValueError:
        body = None
    if isinstance(body, dict):
        code = printable(body["code"], ERROR_TEXT_LIMIT) if isinstance(body.get("code"), str) else None
        found = body.get("message", body.get("error"))  # some clients met an ``error`` key (reference §5)
        message = printable(found, ERROR_TEXT_LIMIT) if isinstance(found, str) else None
    elif text.strip():
        message = printable(" ".join(text.split()), ERROR_TEXT_LIMIT)
    detail = ": ".join(part for part in (code, message) if part) or response.reason_phrase
    problem = f"HTTP {status}" + (f" {detail}" if detail else "")
    if response.is_redirect:
        problem += f" (redirect to {printable(response.headers.get('Location', '?'), ERROR_TEXT_LIMIT)} not followed)"
    return BackpackHttpError(endpoint, status, code, message, problem)


def _after_tries(failure: BackpackError, tries: int) -> BackpackError:
    if tries > 1:
        failure.problem = f"{failure.problem} (after {tries} tries)"
        failure.args = (f"{failure.endpoint}: {failure.problem}",)
    return failure
