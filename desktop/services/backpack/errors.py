"""What can go wrong talking to Backpack, each phrased as one line naming the endpoint.

``str(error)`` is the whole message: ``GET /api/v1/collateral: HTTP 500 SERVER_ERROR: Internal error``.
"""

from __future__ import annotations

from ...engine.boundary.text import printable

ENDPOINT_LIMIT = 200  # characters of an endpoint label in a message
PROBLEM_LIMIT = 400  # characters of the problem


class BackpackError(Exception):
    """A request or its answer failed; ``endpoint`` is e.g. ``GET /api/v1/markPrices?marketType=SPOT``.

    Both parts may quote the server (its error message, a field's value), so both are made printable
    on one line (``engine.boundary.text``): an answer cannot split or forge a line on a terminal."""

    def __init__(self, endpoint: str, problem: str) -> None:
        endpoint, problem = printable(endpoint, ENDPOINT_LIMIT), printable(problem, PROBLEM_LIMIT)
        super().__init__(f"{endpoint}: {problem}")
        self.endpoint = endpoint
        self.problem = problem


class BackpackUnavailable(BackpackError):
    """No answer at all: cannot connect, connection dropped, or timed out. Worth trying again later."""


class BackpackTimeout(BackpackUnavailable):
    """No answer within the timeout."""


class BackpackHttpError(BackpackError):
    """An answer with an error status; ``code``/``message`` are Backpack's ``ApiErrorResponse`` when given."""

    def __init__(self, endpoint: str, status: int, code: str | None, message: str | None, problem: str) -> None:
        super().__init__(endpoint, problem)
        self.status = status
        self.code = code
        self.message = message

    @property
    def retryable(self) -> bool:
        return self.status == 429 or self.status >= 500


class BackpackResponseError(BackpackError):
    """An answer we cannot use: malformed JSON, a missing field, a value of the wrong kind."""

    def __init__(self, endpoint: str, problem: str, field: str | None = None) -> None:
        super().__init__(endpoint, f"{field}: {problem}" if field else problem)
        self.field = field


class BadBaseUrl(ValueError):
    """A base URL we refuse (not https, or plain http to a host that is not this machine)."""


class BackpackRefused(BackpackError):
    """Backpack refused a signed request: the signature, the API key, or its rights.

    ``str(error)`` is one line for a user, e.g. ``Backpack refused the signature (INVALID_CLIENT_REQUEST:
    Invalid signature) on GET /api/v1/capital``; ``cause`` is the HTTP error it came from.
    """

    def __init__(self, line: str, cause: BackpackHttpError) -> None:
        super().__init__(cause.endpoint, cause.problem)
        self.args = (printable(line, ENDPOINT_LIMIT + PROBLEM_LIMIT),)
        self.cause = cause

    def __str__(self) -> str:
        return str(self.args[0])


class ClockOff(BackpackRefused):
    """Backpack kept answering "Request has expired" after the clock was synced with ``/api/v1/time``."""

    def __init__(self, line: str, cause: BackpackHttpError, offset_ms: int) -> None:
        super().__init__(line, cause)
        self.offset_ms = offset_ms


EXPIRED = "request has expired"


def is_expired(error: BackpackHttpError) -> bool:
    return error.status == 401 and EXPIRED in (error.message or error.problem).lower()


def refusal(error: BackpackHttpError) -> BackpackError:
    """A refused signature or key as one line for the user; any other error as it is."""
    detail = ": ".join(part for part in (error.code, error.message) if part) or f"HTTP {error.status}"
    text = f"{error.code or ''} {error.message or ''}".lower()
    if error.status in (400, 401) and ("signature" in text or error.code == "INVALID_SIGNATURE"):
        return BackpackRefused(f"Backpack refused the signature ({detail}) on {error.endpoint}", error)
    if error.status in (401, 403) or error.code in ("UNAUTHORIZED", "FORBIDDEN"):
        return BackpackRefused(
            f"Backpack refused the API key ({detail}) on {error.endpoint}: is it a key of this subaccount, "
            "not revoked, and allowed to read?",
            error,
        )
    return error


def clock_line(offset_ms: int) -> str:
    """``the clock is 7 s off Backpack's``."""
    seconds = abs(offset_ms) / 1000
    amount = f"{seconds:.0f}" if seconds >= 1.5 else f"{seconds:.1f}"
    return f"the clock is {amount} s off Backpack's"
