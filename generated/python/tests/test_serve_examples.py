"""Runs the serving examples over loopback: serve_starlette.py under uvicorn
and serve_wsgi.py under wsgiref, each answered error parsed back by the
package's own client side."""

from __future__ import annotations

import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest
import uvicorn
from serve_starlette import app as starlette_app
from serve_wsgi import app as wsgi_app

import novita_errors


def fetch(url: str, method: str, headers: dict[str, str]) -> novita_errors.APIError:
    request = urllib.request.Request(url, method=method, headers=headers)
    try:
        urllib.request.urlopen(request, timeout=10).close()
    except urllib.error.HTTPError as http_error:
        return novita_errors.from_response(http_error)
    raise AssertionError(f"{url}: no error status")


@pytest.fixture(scope="module")
def starlette_url() -> Iterator[str]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(starlette_app, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]})
    thread.start()
    while not server.started:
        time.sleep(0.01)
    yield f"http://127.0.0.1:{port}/v3/async/txt2img"
    server.should_exit = True
    thread.join()
    sock.close()


def test_starlette_invalid_api_key(starlette_url: str) -> None:
    err = fetch(starlette_url, "POST", {"X-Request-Id": "req_7"})
    assert isinstance(err, novita_errors.AuthenticationError)
    assert err.code is novita_errors.Code.INVALID_API_KEY
    assert err.status == 403
    assert err.message == "API Key validation failed"  # the first definition
    assert err.request_id == "req_7"
    assert err.headers["content-type"] == "application/json"


def test_starlette_rate_limit(starlette_url: str) -> None:
    err = fetch(f"{starlette_url}?burst=1", "POST", {"Authorization": "Bearer k"})
    assert isinstance(err, novita_errors.RateLimitError)
    assert err.code is novita_errors.Code.RATE_LIMIT_EXCEEDED
    assert err.retryable and err.retry_after == 30.0


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def test_wsgi_model_not_found() -> None:
    with make_server("127.0.0.1", 0, wsgi_app, handler_class=QuietHandler) as httpd:
        thread = threading.Thread(target=httpd.serve_forever)
        thread.start()
        try:
            url = f"http://127.0.0.1:{httpd.server_port}/v3/openai/models/x"
            err = fetch(url, "GET", {"X-Request-Id": "req_8"})
        finally:
            httpd.shutdown()
            thread.join()
    assert isinstance(err, novita_errors.NotFoundError)
    assert err.code is novita_errors.Code.MODEL_NOT_FOUND
    assert (err.status, err.message, err.request_id) == (
        404,
        "Model not found",
        "req_8",
    )
