"""What can go wrong talking to Backpack, each phrased as one line naming the endpoint.

``str(error)`` is the whole message: ``GET /api/v1/collateral: HTTP 500 SERVER_ERROR: Internal error``.
"""

from __future__ import annotations


class BackpackError(Exception):
    """A request or its answer failed; ``endpoint`` is e.g. ``GET /api/v1/markPrices?marketType=SPOT``."""

    def __init__(self, endpoint: str, problem: str) -> None:
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
