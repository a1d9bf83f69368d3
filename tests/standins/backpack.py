"""A loopback stand-in for Backpack's REST API: the standard library's http.server in a thread.

It serves ``backpack_bodies.documented_routes()`` on 127.0.0.1 (port 0, so the OS picks a free one)
and records every request. Faults on demand, per route: an error status (with Backpack's
``{code, message}`` body or plain text) a given number of times, a truncated JSON body, a body
cut off mid-answer, a delay that a test can release at once, and the whole server going away and
coming back on the same port. A route may also be a function of the request, which is how signed
endpoints (issue 16) can check headers and answer.

Routes are keyed by path, or by ``path?query`` for one query (``/api/v1/markPrices?marketType=SPOT``);
the more specific key wins.
"""

from __future__ import annotations

import json
import socket
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest

from tests.standins.backpack_bodies import documented_routes


@dataclass(frozen=True)
class SeenRequest:
    method: str
    path: str
    query: tuple[tuple[str, str], ...]
    headers: dict[str, str]
    body: bytes = b""

    @property
    def key(self) -> str:
        return f"{self.path}?{urlencode(sorted(self.query))}" if self.query else self.path


@dataclass
class Answer:
    status: int = 200
    body: Any = None  # JSON-able, or str for plain text, or bytes as they are
    headers: dict[str, str] = field(default_factory=dict)
    truncate: bool = False  # half the body, with a Content-Length that matches (malformed JSON)
    break_off: bool = False  # the full Content-Length announced, half the body sent, connection closed

    def payload(self) -> tuple[bytes, str]:
        if isinstance(self.body, bytes):
            return self.body, "application/octet-stream"
        if isinstance(self.body, str):
            return self.body.encode(), "text/plain; charset=utf-8"
        return json.dumps(self.body).encode(), "application/json; charset=utf-8"


Route = Any | Callable[[SeenRequest], Answer]


class BackpackStandIn:
    def __init__(self, routes: dict[str, Route] | None = None, *, tls: ssl.SSLContext | None = None) -> None:
        self.tls = tls  # a server-side context: serve https (with whatever certificate it holds)
        self.routes: dict[str, Route] = documented_routes() if routes is None else routes
        self.requests: list[SeenRequest] = []
        self._faults: dict[str, list[Answer]] = {}
        self._delays: dict[str, float] = {}
        self._released = threading.Event()
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._connections: set[socket.socket] = set()
        self.port = 0

    # --- life -------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def start(self) -> BackpackStandIn:
        """Listen (again on the same port after ``stop``) and serve in a daemon thread."""
        server = _Server(("127.0.0.1", self.port), _Handler)
        if self.tls is not None:
            server.socket = self.tls.wrap_socket(server.socket, server_side=True)
        server.standin = self  # type: ignore[attr-defined]
        self.port = server.server_address[1]
        self._released.clear()
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.02}, name="backpack-standin", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Go away: stop listening and drop every open connection (kept-alive ones too)."""
        self._released.set()
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        with self._lock:
            for connection in self._connections:
                try:
                    connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            self._connections.clear()
        self._thread.join()
        self._server = self._thread = None

    def __enter__(self) -> BackpackStandIn:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # --- faults -----------------------------------------------------------------------------

    def fail(self, key: str, status: int = 500, body: Any = None, *, times: int = 1, headers=None) -> None:
        """The next ``times`` requests to ``key`` get ``status``; body default: Backpack's error shape."""
        if body is None:
            body = {"code": "SERVER_ERROR" if status >= 500 else "INVALID_CLIENT_REQUEST", "message": "Stand-in fault"}
        self._queue(key, [Answer(status, body, dict(headers or {})) for _ in range(times)])

    def truncate(self, key: str, *, times: int = 1) -> None:
        self._queue(key, [Answer(body=self.routes[key], truncate=True) for _ in range(times)])

    def break_off(self, key: str, *, times: int = 1) -> None:
        self._queue(key, [Answer(body=self.routes[key], break_off=True) for _ in range(times)])

    def delay(self, key: str, seconds: float) -> None:
        """Every request to ``key`` waits ``seconds`` before answering (or until ``release``/``stop``)."""
        self._delays[key] = seconds

    def release(self) -> None:
        """End every delay now (waiting requests answer at once) and drop the delays."""
        self._delays.clear()
        self._released.set()

    def seen(self, key: str) -> list[SeenRequest]:
        return [request for request in self.requests if request.key == key or request.path == key]

    def _queue(self, key: str, answers: list[Answer]) -> None:
        with self._lock:
            self._faults.setdefault(key, []).extend(answers)

    # --- answering --------------------------------------------------------------------------

    def answer(self, request: SeenRequest) -> Answer:
        with self._lock:
            self.requests.append(request)
            key = request.key if request.key in self.routes or request.key in self._faults else request.path
            queued = self._faults.get(key)
            fault = queued.pop(0) if queued else None
        delay = self._delays.get(key)
        if delay:
            self._released.wait(delay)
        if fault is not None:
            return fault
        if key not in self.routes:
            return Answer(404, {"code": "RESOURCE_NOT_FOUND", "message": f"Not found: {request.path}"})
        route = self.routes[key]
        return route(request) if callable(route) else Answer(body=route)


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a delayed answer never holds up stop()

    def handle_error(self, request, client_address) -> None:
        pass  # a client that gave up mid-answer is a test's point, not a failure


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the real server; stop() drops kept connections

    def setup(self) -> None:
        super().setup()
        with self.server.standin._lock:
            self.server.standin._connections.add(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            with self.server.standin._lock:
                self.server.standin._connections.discard(self.connection)

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def _serve(self) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        request = SeenRequest(
            self.command,
            parts.path,
            tuple(parse_qsl(parts.query)),
            {k.lower(): v for k, v in self.headers.items()},
            body,
        )
        answer = self.server.standin.answer(request)
        payload, content_type = answer.payload()
        sent = payload[: len(payload) // 2] if answer.truncate or answer.break_off else payload
        try:
            self.send_response(answer.status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload) if answer.break_off else len(sent)))
            for name, value in answer.headers.items():
                self.send_header(name, value)
            if answer.break_off:
                self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(sent)
            self.wfile.flush()
        except OSError:  # the client gave up (a timeout test) or the server is stopping
            self.close_connection = True
            return
        if answer.break_off:
            self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base class's name)
        pass  # quiet: pytest shows what matters


@pytest.fixture
def backpack():
    """A running stand-in serving the documented bodies; stopped (delays released) after the test."""
    with BackpackStandIn() as standin:
        yield standin
