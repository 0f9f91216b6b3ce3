"""Runs usage_example.py (the README snippet: requests, and httpx's
AsyncClient) against a local HTTP server."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from usage_example import list_models, list_models_async

import novita_errors

# (status, headers, body) answered in turn, the last one repeated.
Answer = tuple[int, dict[str, str], bytes]


class Server:
    def __init__(self) -> None:
        self.answers: list[Answer] = []
        self.seen_auth: list[str | None] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.seen_auth.append(self.headers.get("Authorization"))
                status, headers, body = (
                    server.answers.pop(0)
                    if len(server.answers) > 1
                    else server.answers[0]
                )
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"


@pytest.fixture
def server() -> Iterator[Server]:
    s = Server()
    thread = threading.Thread(target=s.httpd.serve_forever, daemon=True)
    thread.start()
    yield s
    s.httpd.shutdown()
    s.httpd.server_close()


def body(code: int, reason: str, message: str) -> bytes:
    return json.dumps({"code": code, "reason": reason, "message": message}).encode()


def test_success(server: Server) -> None:
    server.answers = [(200, {}, b'{"data": []}')]
    assert list_models("sk_test", server.base) == {"data": []}
    assert server.seen_auth == ["Bearer sk_test"]


def test_rate_limit_is_retried_after_the_requested_delay(server: Server) -> None:
    limited = body(429, "RATE_LIMIT_EXCEEDED", "Too many requests")
    server.answers = [(429, {"Retry-After": "0"}, limited), (200, {}, b"[]")]
    assert list_models("sk_test", server.base) == []
    assert len(server.seen_auth) == 2


def test_bad_key_exits_with_the_message(server: Server) -> None:
    server.answers = [(403, {}, body(403, "INVALID_API_KEY", "invalid api-key"))]
    with pytest.raises(SystemExit, match="invalid api-key") as exit_info:
        list_models("sk_bad", server.base)
    cause = exit_info.value.__cause__
    assert isinstance(cause, novita_errors.AuthenticationError)
    assert "sk_bad" not in repr(cause.__dict__)


def test_other_errors_propagate(
    server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    server.answers = [
        (404, {"X-Request-Id": "req_9"}, body(404, "MODEL_NOT_FOUND", "no model"))
    ]
    with pytest.raises(novita_errors.NotFoundError) as info:
        list_models("sk_test", server.base)
    assert info.value.code == novita_errors.Code.MODEL_NOT_FOUND
    assert "MODEL_NOT_FOUND: no model (request id req_9)" in capsys.readouterr().out


def test_async_success_and_retry(server: Server) -> None:
    limited = body(429, "RATE_LIMIT_EXCEEDED", "Too many requests")
    server.answers = [(429, {"Retry-After": "0"}, limited), (200, {}, b"[]")]

    async def run() -> object:
        async with httpx.AsyncClient(trust_env=False) as client:
            return await list_models_async(client, "sk_test", server.base)

    assert asyncio.run(run()) == []
    assert server.seen_auth == ["Bearer sk_test"] * 2


def test_async_errors_are_typed(server: Server) -> None:
    server.answers = [
        (404, {"X-Request-Id": "req_9"}, body(404, "MODEL_NOT_FOUND", "no model"))
    ]

    async def run() -> object:
        async with httpx.AsyncClient(trust_env=False) as client:
            return await list_models_async(client, "sk_test", server.base)

    with pytest.raises(novita_errors.NotFoundError) as info:
        asyncio.run(run())
    assert (info.value.code, info.value.request_id) == (
        novita_errors.Code.MODEL_NOT_FOUND,
        "req_9",
    )
