"""The vectors end to end over real HTTP.

A `ThreadingHTTPServer` on 127.0.0.1 (an ephemeral port) serves every
vector as a real response (status, headers, body bytes) and every retry
scenario's responses in order; `urllib.request` fetches them (a 4xx/5xx
arrives as `urllib.error.HTTPError`) and `from_response` turns them into the
package's error. The server is shut down after the module, and by a timer
should a run hang.
"""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from conftest import Spec
from vectors import (
    Scenario,
    body_bytes,
    check,
    check_scenario,
    headers_of,
    known,
    now_of,
    retry_ids,
    retry_params,
    vector_ids,
    vector_params,
)

# No test run takes this long; past it the server stops by itself.
SERVER_LIFETIME_S = 300.0
FETCH_TIMEOUT_S = 30.0


class Server(ThreadingHTTPServer):
    """Serves, for each registered path, its responses in turn."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.routes: dict[str, Scenario] = {}
        self.lock = threading.Lock()
        self.serial = 0

    def register(self, scenario: Scenario) -> str:
        """A fresh path that serves `scenario`'s responses in order."""
        with self.lock:
            self.serial += 1
            path = f"/r/{self.serial}"
            self.routes[path] = scenario
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


class Handler(BaseHTTPRequestHandler):
    server: Server
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        with self.server.lock:
            scenario = self.server.routes.get(self.path)
            response = None if scenario is None else scenario.next_response()
        if response is None:
            self.send_error(599, "no such route")
            return
        body = body_bytes(response)
        self.send_response(response["status"])
        for name, value in headers_of(response):
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    httpd = Server()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    watchdog = threading.Timer(SERVER_LIFETIME_S, httpd.shutdown)
    watchdog.daemon = True
    watchdog.start()
    try:
        yield httpd
    finally:
        watchdog.cancel()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


# Straight to 127.0.0.1: no proxy from the environment.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def fetch(spec: Spec, url: str, now: float | None = None) -> Any:
    """GETs `url`: the body of a 2xx, else the package's error for it."""
    clock = None if now is None else (lambda: now)
    try:
        with OPENER.open(url, timeout=FETCH_TIMEOUT_S) as response:
            if 200 <= response.status < 300:
                return response.read()
            return spec.pkg.from_response(response, now=clock)
    except urllib.error.HTTPError as http_error:
        with http_error:
            return spec.pkg.from_response(http_error, now=clock)


@pytest.mark.parametrize(("spec", "vector"), known(vector_params(), vector_ids()))
def test_vector_over_http(server: Server, spec: Spec, vector: dict[str, Any]) -> None:
    url = server.register(Scenario({"responses": [vector]}))
    err = fetch(spec, url, now_of(vector))
    if 200 <= vector["status"] < 300:
        # urllib hands a 2xx over as a response, not an error: the caller
        # decides; from_response still gives the error the vector expects.
        with OPENER.open(url, timeout=FETCH_TIMEOUT_S) as response:
            err = spec.pkg.from_response(response)
    check(spec, err, vector)
    assert err.body == body_bytes(vector)
    for name in ["authorization", "cookie", "set-cookie", "x-api-key"]:
        assert name not in err.headers


@pytest.mark.parametrize(("spec", "scenario"), known(retry_params(), retry_ids()))
def test_retry_scenario_over_http(
    server: Server, spec: Spec, scenario: dict[str, Any]
) -> None:
    state = Scenario(scenario)
    url = server.register(state)

    def request() -> bytes:
        result = fetch(spec, url)
        if isinstance(result, spec.pkg.APIError):
            raise result
        assert isinstance(result, bytes)
        return result

    outcome: Any
    try:
        outcome = spec.pkg.with_retries(request, sleep=state.sleep, random=lambda: 0.5)
    except spec.pkg.APIError as err:
        outcome = err
    check_scenario(spec, scenario, state, outcome)
